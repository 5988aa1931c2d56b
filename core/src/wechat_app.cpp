#include "loginscope/wechat_app.hpp"

#include <nlohmann/json.hpp>

#include "loginscope/catalog.hpp"

namespace ls {

using nlohmann::json;

namespace {
constexpr int64_t kCodeTtlMs = 5 * 60 * 1000;  // [V] five minutes

std::string query(const HttpRequest& req, const char* k) {
    auto it = req.query.find(k);
    return it == req.query.end() ? std::string() : it->second;
}
}  // namespace

DonutPlatform::DonutPlatform(VirtualClock& clock, IdGenerator& ids, Journal& journal, WeChatPlatform& wechat)
    : clock_(clock), ids_(ids), journal_(journal), wechat_(wechat) {}  // set_app() registers the app

void DonutPlatform::set_app(const DonutApp& app) {
    {
        std::lock_guard<std::mutex> lock(mu_);
        app_ = app;
    }
    // The multi-terminal app gets its access_token from /cgi-bin/token like any WeChat app.
    wechat_.register_app({app.appid, app.appsecret, "Demo multi-terminal app", true, "wechat-app"});
}

DonutApp DonutPlatform::app() const {
    std::lock_guard<std::mutex> lock(mu_);
    return app_;
}

// The order of the checks is ours [U]: WeChat must launch before any account check can answer.
std::string DonutPlatform::launch_error(bool wechat_installed) const {
    const DonutApp a = app();
    if (!wechat_installed || !a.opensdk) return "-700000";
    if (a.mobile_app == "none") return "10001007";
    if (a.mobile_app == "wrong") return "10001015";
    if (!a.identity_management) return "10001005";
    return "";
}

std::pair<std::string, int64_t> DonutPlatform::issue_code(const std::string& user, uint32_t flow) {
    const int64_t now = clock_.now_ms();
    const std::string code = ids_.wechat_code();
    {
        std::lock_guard<std::mutex> lock(mu_);
        codes_.sweep(now);
        codes_.put(code, user, add_ms(now, kCodeTtlMs));
    }
    journal_.record(code_issued_event(now, flow, Hop::Dialog, code, user, add_ms(now, kCodeTtlMs),
                                      "the WeChat app returned code " + code + " for the multi-terminal app (valid 5 min)"));
    return {code, add_ms(now, kCodeTtlMs)};
}

HttpReply DonutPlatform::error_reply(const std::string& code) {
    const CatalogEntry* e = find_catalog_entry("wechat-app", code, Hop::PlatformResponse);
    if (!e) return wechat_.error_reply(code);  // a WeChat-wide code (40001, 43001, -1)
    // Observed wire form (§2): {"errcode":10001003,"errmsg":"appsecret错误 rid: 6704f20a-…"} — no comma.
    return {200, json{{"errcode", errcode_number(code)}, {"errmsg", std::string(e->message) + " rid: " + ids_.rid()}}.dump()};
}

HttpReply DonutPlatform::code2verifyinfo(const HttpRequest& req, uint32_t flow, const std::string& forced) {
    const std::string code = query(req, "code");
    const int64_t now = clock_.now_ms();
    Event e = platform_event(now, flow, Hop::PlatformResponse);
    e.links = {{"code", code}};
    auto reject = [&](const std::string& err, const std::string& why) {
        e.kind = "exchange.error";
        e.text = "code2verifyinfo rejected: " + err + " (" + why + ")";
        e.links["errcode"] = err;
        journal_.record(std::move(e));
        return error_reply(err);
    };
    if (req.method != "GET") return reject("43001", "POST: 请使用 get 发起请求");
    const DonutApp a = app();
    if (!wechat_.access_token_valid_for(a.appid, query(req, "access_token"))) return reject("40001", "no valid access_token");
    if (query(req, "appid") != a.appid) return reject("10001002", "not the multi-terminal app's appid");
    if (query(req, "appsecret") != a.appsecret)
        return reject("10001003", req.query.count("secret") ? "the parameter is appsecret, not secret" : "wrong appsecret");
    if (query(req, "grant_type") != "authorization_code") return reject("10001004", "grant_type must be authorization_code");
    if (!a.identity_management) return reject("10001005", "identity management not enabled");
    if (!forced.empty()) return reject(forced, "injected fault");
    std::lock_guard<std::mutex> lock(mu_);
    std::string user;
    switch (codes_.take(code, now, &user)) {
        case CodeStore::Take::Unknown: return reject("10001001", "not a weixinAppLogin code (wx.login codes are not accepted)");
        case CodeStore::Take::Used: return reject("10001001", "code already exchanged (single use assumed)");
        case CodeStore::Take::Expired: return reject("10001000", "code expired");
        case CodeStore::Take::Ok: break;
    }
    auto id = [&](std::unordered_map<std::string, std::string>& m, auto make) -> const std::string& {
        std::string& v = m[user];
        if (v.empty()) v = make();
        return v;
    };
    const std::string user_id = id(user_ids_, [&] { return ids_.hex(32); });
    const std::string openid = id(openids_, [&] { return ids_.wechat_openid(); });
    const std::string unionid = id(unionids_, [&] { return ids_.wechat_unionid(); });
    e.kind = "exchange.ok";
    e.text = "code2verifyinfo ok: user_id " + user_id + " (code consumed)";
    e.links["openid"] = openid;
    e.links["unionid"] = unionid;
    e.ends = code;
    journal_.record(std::move(e));
    const json body{{"errcode", 0},
                    {"login_info", {{"type", "weixinApp"}, {"login_time", now / 1000}, {"appid", a.appid}}},
                    {"user_info",
                     {{"user_id", user_id},
                      {"openapp_info",
                       {{"appid", a.mobile_appid}, {"openid", openid}, {"unionid", unionid}, {"headimgurl", ""}, {"nickname", user}}}}}};
    return {200, body.dump()};
}

void DonutPlatform::sweep() {
    std::lock_guard<std::mutex> lock(mu_);
    codes_.sweep(clock_.now_ms());
}

std::optional<int64_t> DonutPlatform::next_expiry(int64_t after_ms) const {
    std::lock_guard<std::mutex> lock(mu_);
    return codes_.next_expiry(after_ms);
}

std::string DonutPlatform::openid_of(const std::string& user) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = openids_.find(user);
    return it == openids_.end() ? "" : it->second;
}

void DonutPlatform::reset() {
    std::lock_guard<std::mutex> lock(mu_);
    codes_.clear();
    user_ids_.clear();
    openids_.clear();
    unionids_.clear();
}

}  // namespace ls
