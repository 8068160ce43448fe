// The built-in catalogue: config/rules/kip.yaml compiled into the binary (see cmake/Embed.cmake).
#include "config/catalogue.hpp"

namespace pantau::config {

namespace embedded {
extern const char* const k_kip_yaml;
}

const std::string& default_catalogue_text() {
    static const std::string text = embedded::k_kip_yaml;
    return text;
}

const Catalogue& default_catalogue() {
    static const Catalogue cat =
        parse_catalogue(default_catalogue_text(), "config/rules/kip.yaml (built-in)");
    return cat;
}

Catalogue load_catalogue_or_default(const std::string& path) {
    return path.empty() ? default_catalogue() : load_catalogue(path);
}

} // namespace pantau::config
