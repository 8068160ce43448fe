// config/error.hpp — the one exception type for bad input files (exit code 2 in the CLI).
#pragma once

#include <stdexcept>
#include <string>

namespace pantau::config {

// A bad configuration or registry file. what() reads "FILE:LINE: KEY: what is wrong".
class ConfigError : public std::runtime_error {
public:
    ConfigError(const std::string& file, int line, const std::string& key, const std::string& what);
    const std::string& file() const { return m_file; }
    int line() const { return m_line; }

private:
    std::string m_file;
    int m_line;
};

} // namespace pantau::config
