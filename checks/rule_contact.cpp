// web.kontak: an address, a phone number and an e-mail address appear on the site (Kominfo website
// guide 2003); warn when no e-mail address is on go.id (a gmail address is not an official channel).
// The rule's words name an address ("alamat", "jl."), its abbreviations a phone ("telp", "WA").
#include "checks/engine.hpp"
#include "checks/locate.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace pantau::checks {

Finding rule_contact(const RuleContext& ctx) {
    const Matcher matcher(ctx.rule.match, ctx.site.phrases);
    std::optional<Evidence> address;
    std::optional<Evidence> phone;
    std::vector<Evidence> emails;
    bool go_id_email = false;
    for (const auto& p : ctx.site.pages) {
        if (!p.html || p.page.offsite || ctx.spam.pages.count(p.page.url) != 0) {
            continue;
        }
        if (!address) {
            if (const std::string* w = matcher.word_in(p.text_phrases)) {
                address = Evidence{p.page.url, *w, "", p.page.http_status};
            }
        }
        if (!phone) {
            if (!p.facts.phones.empty()) {
                phone = Evidence{p.page.url, p.facts.phones.front(), "", p.page.http_status};
            } else {
                const auto& abbreviations = ctx.rule.match.abbreviations;
                for (std::size_t i = 0; i < abbreviations.size(); ++i) {
                    if (!phone && matcher.has_abbreviation(i, p.text_phrases) && p.phone_number) {
                        phone = Evidence{p.page.url, abbreviations[i], "", p.page.http_status};
                    }
                }
            }
        }
        std::vector<std::string> found = p.facts.emails;
        for (const auto& l : p.links) {
            if (l.kind == LinkKind::mailto) {
                found.push_back(ctx.site.url_of(l).substr(7));
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
