#include "loginscope/baidu.hpp"

#include <cctype>

#include <nlohmann/json.hpp>

#include "loginscope/catalog.hpp"

namespace ls {

using nlohmann::json;

namespace {
constexpr int64_t kCodeTtlMs = 10 * 60 * 1000;  // [V] 有效期十分钟

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string percent_decode(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') out += ' ';
        else if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
            out += char(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
            i += 2;
        } else out += s[i];
    }
    return out;
}
}  // namespace

std::map<std::string, std::string> parse_form(const std::string& body) {
    std::map<std::string, std::string> out;
    size_t start = 0;
    while (start <= body.size()) {
        const size_t end = std::min(body.find('&', start), body.size());
        const std::string pair = body.substr(start, end - start);
        const size_t eq = pair.find('=');
        if (!pair.empty()) out[percent_decode(pair.substr(0, eq))] = eq == std::string::npos ? "" : percent_decode(pair.substr(eq + 1));
        start = end + 1;
    }
    return out;
}

BaiduPlatform::BaiduPlatform(VirtualClock& clock, IdGenerator& ids, Journal& journal) : CodePlatform(clock, ids, journal) {}

std::pair<std::string, int64_t> BaiduPlatform::issue_code(const std::string& user, uint32_t flow) {
    const int64_t now = clock_.now_ms();
    const std::string code = ids_.hex(32) + char('A' + ids_.next() % 26) + char('A' + ids_.next() % 26);  // e4a1…bc76NW
    std::string key;
    {
        std::lock_guard<std::mutex> lock(mu_);
        Session& s = sessions_[user];
        stable_id(openids_, user, [&] { return ids_.alnum(24); });
        s.session_key = ids_.hex(32);  // "calling login refreshes the login state" (§4.1)
        s.last_used_ms = now;
        key = s.session_key;
    }
    return issue(code, user, flow, Hop::ClientCall, kCodeTtlMs, "Baidu issued code " + code + " (valid 10 min, single use)",
                 {{"session_key", key}});
}

bool BaiduPlatform::session_alive(const std::string& user) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = sessions_.find(user);
    return it != sessions_.end() && clock_.now_ms() - it->second.last_used_ms < assumed_int("baidu.session_key.idle_ttl_ms");
}

HttpReply BaiduPlatform::oauth_error(const std::string& error, const std::string& description) {
    // The description may quote the request's code, which need not be UTF-8: U+FFFD stands in.
    return {400, json{{"error", error}, {"error_description", description}}.dump(-1, ' ', false, json::error_handler_t::replace)};
}

HttpReply BaiduPlatform::jscode2sessionkey(const HttpRequest& req, uint32_t flow, const std::string& forced) {
    // The doc's sample posts a form; many implementations put the fields in the query (§4.3 [O]).
    auto fields = parse_form(req.body);
    for (auto& [k, v] : req.query) fields.emplace(k, v);
    const std::string code = fields["code"];
    const int64_t now = clock_.now_ms();
    Event e = platform_event(now, flow, Hop::PlatformResponse);
    e.links = {{"code", code}};
    auto reject = [&](const std::string& error, const std::string& description, const std::string& why) {
        journal_rejection(journal_, e, "jscode2sessionkey", error, why, "error");
        return oauth_error(error, description);
    };
    auto catalog_text = [](const char* error) {
        const CatalogEntry* c = find_catalog_entry("swan", error, Hop::PlatformResponse);
        return std::string(c ? c->message : "");
    };
    if (code.empty() || fields["client_id"].empty() || fields["sk"].empty())
        return reject("invalid_request", catalog_text("invalid_request"), "code, client_id and sk are required");
    std::lock_guard<std::mutex> lock(mu_);
    if (fields["client_id"] != app_.app_key || fields["sk"] != app_.app_secret)
        return reject("invalid_client", catalog_text("invalid_client"), "unknown client_id or wrong sk");
    if (!forced.empty()) {
        if (forced == "invalid_grant") codes_.use_up(code, now);
        return reject(forced, catalog_text(forced.c_str()), "injected fault");
    }
    std::string user;
    const auto taken = codes_.take(code, now, &user);
    if (taken != CodeStore::Take::Ok)
        return reject("invalid_grant", "Invalid authorization code: " + code,
                      taken == CodeStore::Take::Used ? "code already used" : taken == CodeStore::Take::Expired ? "code expired" : "no such code");
    const std::string& openid = openids_[user];
    const std::string& session_key = sessions_[user].session_key;
    journal_acceptance(journal_, e, "jscode2sessionkey ok: openid " + openid + " (code consumed)",
                       {{"openid", openid}, {"session_key", session_key}}, code);
    return {200, json{{"openid", openid}, {"session_key", session_key}}.dump()};
}

std::string BaiduPlatform::session_key_of(const std::string& user) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = sessions_.find(user);
    return it == sessions_.end() ? "" : it->second.session_key;
}

void BaiduPlatform::reset() {
    CodePlatform::reset();
    std::lock_guard<std::mutex> lock(mu_);
    sessions_.clear();
}

}  // namespace ls
