#include "loginscope/open_platform.hpp"

#include <nlohmann/json.hpp>

namespace ls {

using nlohmann::json;

namespace {
constexpr int64_t kCodeTtlMs = 10 * 60 * 1000;  // [V] 10 minutes, exchangeable once

std::string query(const HttpRequest& req, const char* k) {
    auto it = req.query.find(k);
    return it == req.query.end() ? std::string() : it->second;
}
}  // namespace

OpenPlatform::OpenPlatform(VirtualClock& clock, IdGenerator& ids, Journal& journal, WeChatPlatform& wechat)
    : clock_(clock), ids_(ids), journal_(journal), wechat_(wechat) {}

void OpenPlatform::set_app(const OpenApp& app) {
    std::lock_guard<std::mutex> lock(mu_);
    app_ = app;
}

OpenApp OpenPlatform::app() const {
    std::lock_guard<std::mutex> lock(mu_);
    return app_;
}

std::pair<std::string, int64_t> OpenPlatform::issue_code(const std::string& user, uint32_t flow) {
    const int64_t now = clock_.now_ms();
    const std::string code = ids_.wechat_code();
    {
        std::lock_guard<std::mutex> lock(mu_);
        codes_.sweep(now);
        codes_.put(code, user, add_ms(now, kCodeTtlMs));
    }
    journal_.record(code_issued_event(now, flow, Hop::Dialog, code, user, add_ms(now, kCodeTtlMs),
                                      "WeChat authorized the app: code " + code + " (valid 10 min, once)"));
    return {code, add_ms(now, kCodeTtlMs)};
}

HttpReply OpenPlatform::access_token(const HttpRequest& req, uint32_t flow, const std::string& forced) {
    const std::string code = query(req, "code");
    const int64_t now = clock_.now_ms();
    Event e = platform_event(now, flow, Hop::PlatformResponse);
    e.links = {{"code", code}};
    auto reject = [&](const std::string& err, const std::string& why) {
        e.kind = "exchange.error";
        e.text = "sns/oauth2/access_token rejected: " + err + " (" + why + ")";
        e.links["errcode"] = err;
        journal_.record(std::move(e));
        return wechat_.error_reply(err);
    };
    const OpenApp a = app();
    if (query(req, "appid") != a.appid) return reject("40013", "not the mobile app's appid");
    if (query(req, "secret") != a.secret) return reject("40125", "wrong secret");
    if (query(req, "grant_type") != "authorization_code") return reject("40002", "grant_type must be authorization_code");
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
    std::string& openid = openids_[user];
    if (openid.empty()) openid = ids_.wechat_openid();
    std::string& unionid = unionids_[user];
    if (unionid.empty()) unionid = ids_.wechat_unionid();
    const std::string token = std::to_string(50 + ids_.next() % 20) + "_" + ids_.alnum(86);
    e.kind = "exchange.ok";
    e.text = "sns/oauth2/access_token ok: openid " + openid + " (code consumed)";
    e.links["openid"] = openid;
    e.links["unionid"] = unionid;
    e.ends = code;
    journal_.record(std::move(e));
    // §6.1: the token response's fields, in WeChat's order.
    return {200, nlohmann::ordered_json{{"access_token", token}, {"expires_in", 7200},
                                        {"refresh_token", std::to_string(50 + ids_.next() % 20) + "_" + ids_.alnum(86)},
                                        {"openid", openid}, {"scope", "snsapi_userinfo"}, {"unionid", unionid}}
                     .dump()};
}

void OpenPlatform::sweep() {
    std::lock_guard<std::mutex> lock(mu_);
    codes_.sweep(clock_.now_ms());
}

std::optional<int64_t> OpenPlatform::next_expiry(int64_t after_ms) const {
    std::lock_guard<std::mutex> lock(mu_);
    return codes_.next_expiry(after_ms);
}

std::string OpenPlatform::openid_of(const std::string& user) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = openids_.find(user);
    return it == openids_.end() ? "" : it->second;
}

void OpenPlatform::reset() {
    std::lock_guard<std::mutex> lock(mu_);
    codes_.clear();
    openids_.clear();
    unionids_.clear();
}

}  // namespace ls
