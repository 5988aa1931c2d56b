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

BaiduPlatform::BaiduPlatform(VirtualClock& clock, IdGenerator& ids, Journal& journal) : clock_(clock), ids_(ids), journal_(journal) {}

void BaiduPlatform::set_app(const BaiduApp& app) {
    std::lock_guard<std::mutex> lock(mu_);
    app_ = app;
}

BaiduApp BaiduPlatform::app() const {
    std::lock_guard<std::mutex> lock(mu_);
    return app_;
}

std::pair<std::string, int64_t> BaiduPlatform::issue_code(const std::string& user, uint32_t flow) {
    const int64_t now = clock_.now_ms();
    const std::string code = ids_.hex(32) + char('A' + ids_.next() % 26) + char('A' + ids_.next() % 26);  // e4a1…bc76NW
    std::string key;
    {
        std::lock_guard<std::mutex> lock(mu_);
        codes_.sweep(now);
        codes_.put(code, user, add_ms(now, kCodeTtlMs));
        Session& s = sessions_[user];
        if (s.openid.empty()) s.openid = ids_.alnum(24);
        s.session_key = ids_.hex(32);  // "calling login refreshes the login state" (§4.1)
        s.last_used_ms = now;
        key = s.session_key;
    }
    Event e = code_issued_event(now, flow, Hop::ClientCall, code, user, add_ms(now, kCodeTtlMs),
                                "Baidu issued code " + code + " (valid 10 min, single use)");
    e.links["session_key"] = key;
    journal_.record(std::move(e));
    return {code, add_ms(now, kCodeTtlMs)};
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
        e.kind = "exchange.error";
        e.text = "jscode2sessionkey rejected: " + error + " (" + why + ")";
        e.links["error"] = error;
        journal_.record(std::move(e));
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
    const Session& s = sessions_[user];
    e.kind = "exchange.ok";
    e.text = "jscode2sessionkey ok: openid " + s.openid + " (code consumed)";
    e.links["openid"] = s.openid;
    e.links["session_key"] = s.session_key;
    e.ends = code;
    journal_.record(std::move(e));
    return {200, json{{"openid", s.openid}, {"session_key", s.session_key}}.dump()};
}

void BaiduPlatform::sweep() {
    std::lock_guard<std::mutex> lock(mu_);
    codes_.sweep(clock_.now_ms());
}

std::optional<int64_t> BaiduPlatform::next_expiry(int64_t after_ms) const {
    std::lock_guard<std::mutex> lock(mu_);
    return codes_.next_expiry(after_ms);
}

std::string BaiduPlatform::openid_of(const std::string& user) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = sessions_.find(user);
    return it == sessions_.end() ? "" : it->second.openid;
}

std::string BaiduPlatform::session_key_of(const std::string& user) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = sessions_.find(user);
    return it == sessions_.end() ? "" : it->second.session_key;
}

void BaiduPlatform::reset() {
    std::lock_guard<std::mutex> lock(mu_);
    codes_.clear();
    sessions_.clear();
}

}  // namespace ls
