#include "loginscope/wechat_app.hpp"

#include <nlohmann/json.hpp>

#include "loginscope/catalog.hpp"

namespace ls {

using nlohmann::json;

namespace {
constexpr int64_t kCodeTtlMs = 5 * 60 * 1000;  // [V] five minutes
}  // namespace

DonutPlatform::DonutPlatform(VirtualClock& clock, IdGenerator& ids, Journal& journal, WeChatPlatform& wechat)
    : CodePlatform(clock, ids, journal), wechat_(wechat) {}  // set_app() registers the app

void DonutPlatform::set_app(const DonutApp& app) {
    CodePlatform::set_app(app);
    // The multi-terminal app gets its access_token from /cgi-bin/token like any WeChat app.
    wechat_.register_app({app.appid, app.appsecret, "Demo multi-terminal app", true, "wechat-app"});
}

// The order of the checks is ours [U]: WeChat must launch before any account check can answer.
std::string DonutPlatform::launch_error(bool wechat_installed) const {
    const DonutApp a = app();
    // No bound mobile app: OpenSDK has no WeChat appid to launch with (seed 002's worked example).
    if (!wechat_installed || !a.opensdk || a.mobile_app == "none") return "-700000";
    if (a.mobile_app == "wrong") return "10001015";
    if (!a.identity_management) return "10001005";
    return "";
}

std::pair<std::string, int64_t> DonutPlatform::issue_code(const std::string& user, uint32_t flow) {
    const std::string code = ids_.wechat_code();
    return issue(code, user, flow, Hop::Dialog, kCodeTtlMs,
                 "the WeChat app returned code " + code + " for the multi-terminal app (valid 5 min)");
}

HttpReply DonutPlatform::error_reply(const std::string& code) {
    const CatalogEntry* e = find_catalog_entry("wechat-app", code, Hop::PlatformResponse);
    if (!e) return wechat_.error_reply(code);  // a WeChat-wide code (40001, 43001, -1)
    // Observed wire form (§2): {"errcode":10001003,"errmsg":"appsecret错误 rid: 6704f20a-…"} — no comma.
    return {200, json{{"errcode", errcode_number(code)}, {"errmsg", std::string(e->message) + " rid: " + ids_.rid()}}.dump()};
}

HttpReply DonutPlatform::code2verifyinfo(const HttpRequest& req, uint32_t flow, const std::string& forced) {
    const std::string code = query_param(req, "code");
    const int64_t now = clock_.now_ms();
    Event e = platform_event(now, flow, Hop::PlatformResponse);
    e.links = {{"code", code}};
    auto reject = [&](const std::string& err, const std::string& why) {
        journal_rejection(journal_, e, "code2verifyinfo", err, why);
        return error_reply(err);
    };
    if (req.method != "GET") return reject("43001", "POST: 请使用 get 发起请求");
    const DonutApp a = app();
    if (!wechat_.access_token_valid_for(a.appid, query_param(req, "access_token"))) return reject("40001", "no valid access_token");
    if (query_param(req, "appid") != a.appid) return reject("10001002", "not the multi-terminal app's appid");
    if (query_param(req, "appsecret") != a.appsecret)
        return reject("10001003", req.query.count("secret") ? "the parameter is appsecret, not secret" : "wrong appsecret");
    if (query_param(req, "grant_type") != "authorization_code") return reject("10001004", "grant_type must be authorization_code");
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
    const std::string user_id = stable_id(user_ids_, user, [&] { return ids_.hex(32); });
    // openapp_info is the bound mobile app's identity: what sns/oauth2/access_token gives that app (§2).
    const WeChatPlatform::Identity id = wechat_.identity(a.mobile_appid, user);
    const std::string& openid = openids_[user] = id.openid;
    const std::string& unionid = id.unionid;
    journal_acceptance(journal_, e, "code2verifyinfo ok: user_id " + user_id + " (code consumed)",
                       {{"openid", openid}, {"unionid", unionid}}, code);
    const json body{{"errcode", 0},
                    {"login_info", {{"type", "weixinApp"}, {"login_time", now / 1000}, {"appid", a.appid}}},
                    {"user_info",
                     {{"user_id", user_id},
                      {"openapp_info",
                       {{"appid", a.mobile_appid}, {"openid", openid}, {"unionid", unionid}, {"headimgurl", ""}, {"nickname", user}}}}}};
    return {200, body.dump()};
}

void DonutPlatform::reset() {
    CodePlatform::reset();
    std::lock_guard<std::mutex> lock(mu_);
    user_ids_.clear();
}

}  // namespace ls
