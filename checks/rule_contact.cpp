// web.kontak: an address, a phone number and an e-mail address appear on the site (Kominfo website
// guide 2003); warn when no e-mail address is on go.id (a gmail address is not an official channel).
// The rule's words name an address ("alamat", "jl."), its abbreviations a phone ("telp", "WA").
#include "checks/engine.hpp"
#include "checks/locate.hpp"

#include "extract/text.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace pantau::checks {

namespace {

// True when `text` holds a run of at least 7 digits, allowing the separators phone numbers are
// printed with: "(0274) 123-456", "0812 3456 7890", "+62 274 123456".
bool has_phone_number(const std::string& text) {
    int digits = 0;
    for (char c : text) {
        if (c >= '0' && c <= '9') {
            if (++digits >= 7) {
                return true;
            }
        } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')' && c != '+') {
            digits = 0;
        }
    }
    return false;
}

} // namespace

Finding rule_contact(const RuleContext& ctx) {
    const Matcher matcher(ctx.rule.match);
    std::optional<Evidence> address;
    std::optional<Evidence> phone;
    std::vector<Evidence> emails;
    bool go_id_email = false;
    for (const auto& p : ctx.site.pages) {
        if (!p.html || p.page.offsite || ctx.spam.pages.count(p.page.url) != 0) {
            continue;
        }
        const std::string folded = extract::fold(p.facts.text);
        if (!address) {
            if (auto w = matcher.in_folded(folded); !w.empty()) {
                address = Evidence{p.page.url, w, "", p.page.http_status};
            }
        }
        if (!phone) {
            if (!p.facts.phones.empty()) {
                phone = Evidence{p.page.url, p.facts.phones.front(), "", p.page.http_status};
            } else {
                for (const auto& a : ctx.rule.match.abbreviations) {
                    if (!phone && extract::contains_word(p.facts.text, a) && has_phone_number(p.facts.text)) {
                        phone = Evidence{p.page.url, a, "", p.page.http_status};
                    }
                }
            }
        }
        std::vector<std::string> found = p.facts.emails;
        for (const auto& l : p.links) {
            if (l.kind == "mailto") {
                found.push_back(l.to_url.substr(7));
            }
        }
        for (auto& e : found) {
            std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::tolower(c); });
            if (auto q = e.find('?'); q != std::string::npos) {
                e.erase(q);
            }
            if (std::none_of(emails.begin(), emails.end(),
                             [&](const Evidence& ev) { return ev.text == e; })) {
                emails.push_back({p.page.url, e, "", p.page.http_status});
                go_id_email = go_id_email || e.ends_with(".go.id");
            }
        }
    }
    Finding f;
    std::vector<std::string> missing;
    if (!address) {
        missing.push_back(ctx.tr("alamat", "address"));
    } else {
        f.evidence.push_back(*address);
    }
    if (!phone) {
        missing.push_back(ctx.tr("telepon", "phone"));
    } else {
        f.evidence.push_back(*phone);
    }
    if (emails.empty()) {
        missing.push_back("e-mail");
    }
    for (std::size_t i = 0; i < emails.size() && i < 3; ++i) {
        f.evidence.push_back(emails[i]);
    }
    if (!missing.empty()) {
        std::string list;
        for (const auto& m : missing) {
            list += (list.empty() ? "" : ", ") + m;
        }
        f.status = Status::fail;
        f.message = ctx.tr("Kontak tidak lengkap; tidak ditemukan: " + list + ".",
                           "Contact details incomplete; not found: " + list + ".");
    } else if (!go_id_email) {
        f.status = Status::warn;
        f.message = ctx.tr("Alamat, telepon dan e-mail ada, tetapi tidak ada e-mail ber-domain go.id (" +
                               emails.front().text + ").",
                           "Address, phone and e-mail are there, but no e-mail is on go.id (" +
                               emails.front().text + ").");
    } else {
        f.status = Status::pass;
        f.message = ctx.tr("Alamat, telepon dan e-mail resmi tercantum.",
                           "Address, phone and an official e-mail are shown.");
    }
    return f;
}

} // namespace pantau::checks
