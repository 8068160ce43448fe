// extract/url.hpp — resolving the references found in a page against its base URL, with libcurl's
// URL API (CURLU), and classifying the results (web page or downloadable document).
//
// This is not the crawler's URL normalisation (dedup keys, parameter stripping): it only turns an
// href into the absolute URL a browser would request, without its fragment.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace pantau::extract {

class UrlResolver {
public:
    // `base` is an absolute URL; an invalid one leaves only absolute references resolvable.
    explicit UrlResolver(std::string_view base);
    ~UrlResolver();
    UrlResolver(UrlResolver&&) noexcept;
    UrlResolver& operator=(UrlResolver&&) noexcept;
    UrlResolver(const UrlResolver&) = delete;
    UrlResolver& operator=(const UrlResolver&) = delete;

    // Returns the absolute URL of `ref` without fragment, or nullopt when it cannot be resolved.
    // Leading/trailing whitespace and embedded tabs/newlines are ignored, as browsers do.
    std::optional<std::string> resolve(std::string_view ref) const;

    struct Classified {
        std::string url;
        bool is_web = false;      // http, https or ftp
        bool is_document = false; // see is_document_url
    };
    // resolve() plus the classification of the result, from one parse (the link hot path).
    std::optional<Classified> resolve_classified(std::string_view ref) const;

private:
    // `r` is a cleaned reference (clean_reference) and `absolute` its absolute_form(), worked out once
    // by the caller, which also keys the cache with them.
    std::optional<Classified> resolve_classified_uncached(const std::string& r,
                                                          const std::string& absolute) const;
    std::optional<std::string> resolve_into(const std::string& r, const std::string& absolute,
                                            void* handle) const;
    std::string absolute_form(const std::string& ref) const;
    struct Handle;
    std::unique_ptr<Handle> m_base;
};

// True for http:, https: and ftp: URLs (what a crawler can follow).
bool is_web_url(std::string_view absolute_url);

// True when the URL's path (or a file name in its query, "download.php?file=x.pdf") ends in a
// document extension: pdf, doc(x), xls(x), ppt(x), odt/ods/odp, rtf, csv, zip, rar, 7z, or an image
// format used for scans (jpg, jpeg, png, tif, tiff).
bool is_document_url(std::string_view absolute_url);

// Returns the path of an absolute URL ("/a/b.html"), or "" when it does not parse.
std::string url_path(std::string_view absolute_url);

// Returns the lower-cased extension of the URL's last path segment ("pdf"), or "".
std::string url_extension(std::string_view absolute_url);

} // namespace pantau::extract
