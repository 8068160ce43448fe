#include "config/error.hpp"

#include <fmt/core.h>

namespace pantau::config {

namespace {
std::string compose(const std::string& file, int line, const std::string& key, const std::string& what) {
    std::string out = file;
    if (line > 0) {
        out += fmt::format(":{}", line);
    }
    out += ": ";
    if (!key.empty()) {
        out += key + ": ";
    }
    return out + what;
}
} // namespace

ConfigError::ConfigError(const std::string& file, int line, const std::string& key, const std::string& what)
    : std::runtime_error(compose(file, line, key, what)), m_file(file), m_line(line) {}

} // namespace pantau::config
