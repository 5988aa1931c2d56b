#include "loginscope/open_platform.hpp"

#include <nlohmann/json.hpp>

namespace ls {

using nlohmann::json;

namespace {
constexpr int64_t kCodeTtlMs = 10 * 60 * 1000;  // [V] 10 minutes, exchangeable once
}  // namespace

OpenPlatform::OpenPlatform(VirtualClock& clock, IdGenerator& ids, Journal& journal, WeChatPlatform& wechat)
    : CodePlatform(clock, ids, journal), wechat_(wechat) {}

std::pair<std::string, int64_t> OpenPlatform::issue_code(const std::string& user, uint32_t flow) {
    const std::string code = ids_.wechat_code();
    return issue(code, user, flow, Hop::Dialog, kCodeTtlMs, "WeChat authorized the app: code " + code + " (valid 10 min, once)");
}

HttpReply OpenPlatform::access_token(const HttpRequest& req, uint32_t flow, const std::string& forced) {
    const std::string code = query_param(req, "code");
    const int64_t now = clock_.now_ms();
    Event e = platform_event(now, flow, Hop::PlatformResponse);
    e.links = {{"code", code}};
    auto reject = [&](const std::string& err, const std::string& why) {
        journal_rejection(journal_, e, "sns/oauth2/access_token", err, why);
        return wechat_.error_reply(err);
    };
    const OpenApp a = app();
    if (query_param(req, "appid") != a.appid) return reject("40013", "not the mobile app's appid");
    if (query_param(req, "secret") != a.secret) return reject("40125", "wrong secret");
    if (query_param(req, "grant_type") != "authorization_code") return reject("40002", "grant_type must be authorization_code");
    std::lock_guard<std::mutex> lock(mu_);
    if (!forced.empty()) {
        if (forced == "40163") codes_.use_up(code, now);
        return reject(forced, "injected fault");
    }
    std::string user;
    switch (codes_.take(code, now, &user)) {
        case CodeStore::Take::Unknown: return reject("40029", "no such code");
        case CodeStore::Take::Used: return reject("40163", "code already exchanged");
        case CodeStore::Take::Expired: return reject("40029", "code expired");
        case CodeStore::Take::Ok: break;
    }
    const WeChatPlatform::Identity id = wechat_.identity(a.appid, user);  // the multi-terminal app's openapp_info agrees
    const std::string& openid = openids_[user] = id.openid;
    const std::string& unionid = id.unionid;
    const std::string token = std::to_string(50 + ids_.next() % 20) + "_" + ids_.alnum(86);
    journal_acceptance(journal_, e, "sns/oauth2/access_token ok: openid " + openid + " (code consumed)",
                       {{"openid", openid}, {"unionid", unionid}}, code);
    // §6.1: the token response's fields, in WeChat's order.
    return {200, nlohmann::ordered_json{{"access_token", token}, {"expires_in", 7200},
                                        {"refresh_token", std::to_string(50 + ids_.next() % 20) + "_" + ids_.alnum(86)},
                                        {"openid", openid}, {"scope", "snsapi_userinfo"}, {"unionid", unionid}}
                     .dump()};
}

void OpenPlatform::reset() { CodePlatform::reset(); }

}  // namespace ls
