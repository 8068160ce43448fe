// web.https and web.sertifikat (best practice, no KIP article).
//
// web.https: the home page ends on https:// (curl verified the certificate, or the fetch failed as
// "tls"), and http:// leads there: judged from the registry URL and the final URL, or from the redirect
// chain the crawler stores in Page.fetch_json ("redirects") when present; for a site registered as
// https://, from the crawler's probe of its http:// home ("http_redirects_to_https", "http_probe").
// web.sertifikat: days until the certificate expires, from Page.fetch_json ("cert_expiry" or
// "certificate": {"expiry"|"not_after"}) — n-a, saying so, when the crawler did not record it.
#include "checks/calendar.hpp"
#include "checks/engine.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

namespace pantau::checks {

namespace {

const PageView* home(const SiteFacts& site) {
    return site.pages.empty() ? nullptr : &site.pages.front();
}

nlohmann::json fetch_facts(const PageView* p) {
    if (p == nullptr || p->page.fetch_json.empty()) {
        return nlohmann::json::object();
    }
    auto j = nlohmann::json::parse(p->page.fetch_json, nullptr, false);
    return j.is_object() ? j : nlohmann::json::object();
}

std::string expiry_of(const nlohmann::json& j) {
    for (const char* key : {"cert_expiry", "cert_not_after", "certificate_expiry"}) {
        if (j.contains(key) && j[key].is_string()) {
            return j[key].get<std::string>();
        }
    }
    for (const char* obj : {"certificate", "tls", "cert"}) {
        if (j.contains(obj) && j[obj].is_object()) {
            for (const char* key : {"expiry", "not_after", "expires", "cert_expiry"}) {
                if (j[obj].contains(key) && j[obj][key].is_string()) {
                    return j[obj][key].get<std::string>();
                }
            }
        }
    }
    return {};
}

} // namespace

Finding rule_https(const RuleContext& ctx) {
    Finding f;
    const PageView* h = home(ctx.site);
    const std::string requested = ctx.site.site.url;
    const std::string final_url =
        h != nullptr && !h->page.final_url.empty() ? h->page.final_url : ctx.site.crawl.final_url;
    if (ctx.site.crawl.status == "down" &&
        (h == nullptr || (h->page.http_status == 0 && h->page.failure != "tls"))) {
        // No answer at all: whether the site serves HTTPS cannot be seen (a TLS failure still can).
        f.status = Status::na;
        f.message = ctx.tr("Tidak dapat dinilai: situs tidak menjawab (" + ctx.site.crawl.reason + ").",
                           "Cannot be assessed: the site did not answer (" + ctx.site.crawl.reason + ").");
        return f;
    }
    if (h != nullptr && h->page.failure == "tls") {
        f.status = Status::fail;
        f.message = ctx.tr(
            "Sertifikat TLS tidak sah atau jabat tangan TLS gagal (" + ctx.site.crawl.reason + ").",
            "The TLS certificate is invalid or the TLS handshake failed (" + ctx.site.crawl.reason + ").");
        f.evidence.push_back({h->page.url, h->page.failure, "", h->page.http_status});
        return f;
    }
    if (final_url.empty()) {
        f.status = Status::na;
        f.message = ctx.tr("Halaman utama tidak diambil.", "The home page was not fetched.");
        return f;
    }
    f.evidence.push_back({final_url, requested, "", h != nullptr ? h->page.http_status : 0});
    if (!final_url.starts_with("https://")) {
        f.status = Status::fail;
        f.message = ctx.tr("Situs dilayani tanpa HTTPS (" + final_url + ").",
                           "The site is served without HTTPS (" + final_url + ").");
        return f;
    }
    f.status = Status::pass;
    if (requested.starts_with("http://")) {
        f.message = ctx.tr("HTTPS dengan sertifikat sah; http:// dialihkan ke https://.",
                           "HTTPS with a valid certificate; http:// redirects to https://.");
        return f;
    }
    const auto facts = fetch_facts(h);
    if (facts.contains("http_redirects_to_https") && facts["http_redirects_to_https"].is_boolean()) {
        if (!facts["http_redirects_to_https"].get<bool>()) {
            f.status = Status::warn;
            f.message = ctx.tr("HTTPS dengan sertifikat sah, tetapi http:// tidak dialihkan ke https://.",
                               "HTTPS with a valid certificate, but http:// does not redirect to https://.");
            return f;
        }
        f.message = ctx.tr("HTTPS dengan sertifikat sah; http:// dialihkan ke https://.",
                           "HTTPS with a valid certificate; http:// redirects to https://.");
        return f;
    }
    if (facts.contains("http_probe") && facts["http_probe"].is_object()) {
        // The crawler asked http:// and got no answer at all (nothing listens on port 80): visitors who
        // type the bare name get nothing, but nothing is served insecurely either.
        f.message = ctx.tr("HTTPS dengan sertifikat sah; http:// tidak menjawab sama sekali.",
                           "HTTPS with a valid certificate; http:// does not answer at all.");
        return f;
    }
    f.message =
        ctx.tr("HTTPS dengan sertifikat sah (pengalihan dari http:// belum diperiksa perayap).",
               "HTTPS with a valid certificate (the redirect from http:// was not checked by the crawler).");
    return f;
}

Finding rule_certificate(const RuleContext& ctx) {
    Finding f;
    const PageView* h = home(ctx.site);
    if (h != nullptr && h->page.failure == "tls") {
        f.status = Status::fail;
        f.message = ctx.tr("Sertifikat TLS tidak sah atau kedaluwarsa (" + ctx.site.crawl.reason + ").",
                           "The TLS certificate is invalid or expired (" + ctx.site.crawl.reason + ").");
        f.evidence.push_back({h->page.url, h->page.failure, "", 0});
        return f;
    }
    const std::string final_url = h != nullptr ? h->page.final_url : "";
    if (!final_url.starts_with("https://")) {
        f.status = Status::na;
        f.message = ctx.tr("Tidak dapat dinilai: situs tidak dilayani lewat HTTPS.",
                           "Cannot be assessed: the site is not served over HTTPS.");
        return f;
    }
    const std::string expiry = expiry_of(fetch_facts(h));
    // curl's certinfo writes "Jan 20 23:59:59 2026 GMT"; ISO is accepted too.
    auto day = days_from_iso(expiry);
    if (!day) {
        day = days_from_http_date(expiry);
    }
    if (!day) {
        f.status = Status::na;
        f.message = ctx.tr("Tidak dapat dinilai: masa berlaku sertifikat belum dicatat oleh perayap.",
                           "Cannot be assessed: the crawler does not record the certificate expiry yet.");
        return f;
    }
    const int left = *day - ctx.today;
    f.evidence.push_back({final_url,
                          ctx.tr("sertifikat berlaku sampai ", "certificate valid until ") + expiry,
                          iso_from_days(*day), h->page.http_status});
    if (left < 0) {
        f.status = Status::fail;
        f.message = ctx.tr(fmt::format("Sertifikat kedaluwarsa {} hari lalu.", -left),
                           fmt::format("The certificate expired {} days ago.", -left));
    } else if (left < ctx.rule.limits.pass) {
        f.status = Status::warn;
        f.message = ctx.tr(fmt::format("Sertifikat habis dalam {} hari.", left),
                           fmt::format("The certificate expires in {} days.", left));
    } else {
        f.status = Status::pass;
        f.message = ctx.tr(fmt::format("Sertifikat berlaku {} hari lagi.", left),
                           fmt::format("The certificate is valid for {} more days.", left));
    }
    return f;
}

} // namespace pantau::checks
