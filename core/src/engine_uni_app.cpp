// uni.login in an App with provider 'weixin' and 'apple' (PLATFORM-FACTS §6.1, §6.2).
// weixin: WeChat's authorization page; with onlyAuthorize the app gets {code, authResult: ''} and its
// server exchanges the code; without, the app itself calls /sns/oauth2/access_token with the
// appsecret it ships (§6.1: "存在参数泄露的风险") and authResult is WeChat's token response.
// apple: the Sign in with Apple sheet; name and email only on the first authorization.
#include <nlohmann/json.hpp>

#include "engine_internal.hpp"
#include "engine_hops.hpp"
#include "loginscope/catalog.hpp"
#include "loginscope/crypto.hpp"
#include "loginscope/engine.hpp"

namespace ls {

namespace {
std::string base64url(const std::string& bytes) {
    std::string s = base64_encode(bytes);
    for (auto& c : s) c = c == '+' ? '-' : c == '/' ? '_' : c;
    while (!s.empty() && s.back() == '=') s.pop_back();
    return s;
}
}  // namespace

ActionResult Engine::uni_login_weixin(bool only_authorize) {
    auto [flow, r] = EngineHops::start(*this, "uni_login_weixin");
    std::string code = EngineHops::call_client_api(
        *this, flow, std::string("uni.login({provider: 'weixin'") + (only_authorize ? ", onlyAuthorize: true" : "") + "})");
    // §6.1: the SDK needs the appsecret unless onlyAuthorize, and the WeChat app to hand off to.
    if (code.empty() && !only_authorize && !cfg_.app.open.appsecret_in_app) code = "-7";
    if (code.empty() && !environment().wechat_installed) code = "-8";
    if (!code.empty()) return finish(flow, uni_fail(flow, "login", code, r, std::nullopt, "uni-weixin"));
    {
        std::lock_guard lock(mu_);
        wechat_auth_ = true;
        only_authorize_ = only_authorize;
    }
    note(flow, Actor::Client, Hop::Dialog, "wechat.handoff", "uni-app logs out, then opens WeChat's authorization page (SendAuth)", {},
         Actor::Platform);
    return EngineHops::waits_for_user(*this, flow, r, "WeChat's authorization page is showing");
}

// After 允许: a code from WeChat, then either the server (onlyAuthorize) or the app exchanges it.
ActionResult Engine::uni_weixin_allowed(uint32_t flow, ActionResult r) {
    bool only_authorize;
    {
        std::lock_guard lock(mu_);
        only_authorize = only_authorize_;
    }
    const auto [code, expires] = open_.issue_code(environment().user, flow);
    EngineHops::start_identity(*this, code, expires);
    if (only_authorize) {
        uni_ok(flow, "login", r, res_json{{"code", code}, {"authResult", ""}});
        ActionResult x = exchange_at(flow, "/api/open/login", code);
        x.action = r.action;
        return x;
    }
    HttpRequest req;  // the app itself, with the appsecret it ships
    req.path = "/sns/oauth2/access_token";
    const OpenApp app = open_.app();
    req.query = {{"appid", app.appid}, {"secret", app.secret}, {"code", code}, {"grant_type", "authorization_code"}};
    note(flow, Actor::Client, Hop::DevToPlatform, "flaw.secret_in_app",
         "the app calls sns/oauth2/access_token itself: its appsecret ships inside the apk/ipa (§6.1)");
    const TransportResult t = send_to_platform(req, flow, Actor::Client);
    const nlohmann::json body = t.ok() ? nlohmann::json::parse(t.reply->body, nullptr, false) : nlohmann::json();
    if (!body.is_object() || !body.contains("openid")) {
        // §6.1: a WeChat errcode becomes {code:-100, message:<errmsg>, innerCode:<errcode>}.
        const int inner = body.is_object() ? body.value("errcode", -1) : -1;
        const std::string msg = body.is_object() ? body.value("errmsg", "") : t.error;
        res_json res = uni_error("login", "-100", msg, cfg_.app.uni_runtime == "vue2");
        res["innerCode"] = inner;
        r.errMsg = res["errMsg"];
        r.errcode = -100;
        r.detail = "-100 innerCode " + std::to_string(inner) + " " + msg;
        EngineHops::callbacks(*this, flow, "uni.login", "fail", res.dump());
        return r;
    }
    r.ok = true;
    r.detail = "authResult received in the app (openid " + body.value("openid", "") + ")";
    uni_ok(flow, "login", r, res_json{{"authResult", res_json::parse(t.reply->body)}});
    std::lock_guard lock(mu_);
    identity_.openid = body.value("openid", "");
    identity_.unionid = body.value("unionid", "");
    identity_.code_used_at_ms = clock_.now_ms();
    return r;
}

ActionResult Engine::uni_login_apple() {
    auto [flow, r] = EngineHops::start(*this, "uni_login_apple");
    std::string code = EngineHops::call_client_api(*this, flow, "uni.login({provider: 'apple'})");
    if (code.empty() && environment().os != "ios") code = "-3";  // Sign in with Apple: iOS only [U]
    if (!code.empty()) return finish(flow, uni_fail(flow, "login", code, r, std::nullopt, "uni-apple"));
    EngineHops::show(*this, apple_sheet_);
    note(flow, Actor::Platform, Hop::Dialog, "apple.sheet_opened", "the Sign in with Apple sheet", {}, Actor::Client);
    return EngineHops::waits_for_user(*this, flow, r, "Sign in with Apple sheet is showing");
}

bool Engine::apple_sheet_open() const {
    std::lock_guard lock(mu_);
    return apple_sheet_;
}

ActionResult Engine::apple_sheet(bool proceed) {
    auto [flow, r] = EngineHops::start(*this, proceed ? "apple_continue" : "apple_cancel");
    const std::string user = environment().user;
    if (!close_dialog(apple_sheet_)) return EngineHops::finish_with(*this, flow, r, "the Sign in with Apple sheet is not showing");
    bool first;
    {
        std::lock_guard lock(mu_);
        first = proceed && apple_authorized_.insert(user).second;
    }
    note(flow, Actor::Client, Hop::Dialog, "apple.sheet_closed", proceed ? "the user continued" : "the user cancelled");
    gate(Hop::Dialog);
    std::string code = proceed ? "" : "1001";
    if (const ClientFault f = take_client_fault(flow, Hop::Dialog); !f.code.empty()) code = f.code;  // a delay moves the clock
    if (!code.empty()) return finish(flow, uni_fail(flow, "login", code, r, std::nullopt, "uni-apple"));
    std::string sub;  // the user's identifier for this developer's apps: the same at every login (§6.2)
    {
        std::lock_guard lock(mu_);
        sub = apple_user_ids_[user];
        if (sub.empty()) sub = apple_user_ids_[user] = ids_.hex(6) + "." + ids_.hex(32) + "." + ids_.hex(4);  // Apple's shape
    }
    const std::string email = first ? user + "@privaterelay.example" : "";
    const nlohmann::json claims{{"iss", "https://appleid.apple.com"}, {"aud", cfg_.app.apple_bundle_id}, {"sub", sub},
                                {"iat", assumed_int("wechat.profile.watermark_epoch") + clock_.now_ms() / 1000}};
    const std::string jwt = base64url(R"({"kid":"YuyXoY","alg":"RS256"})") + "." + base64url(claims.dump()) + "." +
                            base64url(ids_.alnum(64));  // not a real signature: LoginScope has no Apple key
    res_json full_name{{"namePrefix", ""}, {"givenName", first ? user : ""}, {"middleName", ""}, {"familyName", ""},
                       {"nameSuffix", ""}, {"nickName", ""}};
    const res_json apple_info{{"user", sub}, {"state", ""}, {"email", email}, {"fullName", full_name},
                              {"authorizationCode", "c" + ids_.hex(32) + ".0.r" + ids_.alnum(20)},
                              {"identityToken", jwt}, {"realUserStatus", 2}, {"scope", "email"}};
    note(flow, Actor::Platform, Hop::Dialog, "apple.authorized",
         first ? "first authorization: name and email shared" : "later authorization: name and email are not sent again",
         {{"user", sub}}, Actor::Client);
    r.ok = true;
    r.detail = first ? "appleInfo with name and email" : "appleInfo without name and email (not the first authorization)";
    uni_ok(flow, "login", r, res_json{{"appleInfo", apple_info}});
    return finish(flow, r);
}

}  // namespace ls
