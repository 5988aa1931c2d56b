// wx.weixinAppLogin in a multi-terminal app (PLATFORM-FACTS §2): launch WeChat, its authorization
// page, the code, then the app's own server exchanges it at /donut/code2verifyinfo.
#include <nlohmann/json.hpp>

#include "engine_internal.hpp"
#include "engine_hops.hpp"
#include "loginscope/catalog.hpp"
#include "loginscope/engine.hpp"

namespace ls {

// §2: fail {errCode, errMsg}; -700000 carries the front end's own message as errMsg.
// "deny" is the user's 拒绝 on WeChat's page: undocumented, so it comes from the assumptions table.
ActionResult Engine::donut_fail(uint32_t flow, ActionResult r, const std::string& code) {
    const bool deny = code == "deny";
    const CatalogEntry* e = deny ? nullptr : find_catalog_entry("wechat-app", code, Hop::ClientCall);
    const std::string message = e ? e->message : find_assumption("wechat-app.deny_errmsg")->value;
    r.ok = false;
    r.pending = false;
    r.errcode = deny ? -1 : code_number(code);
    r.errMsg = code == "-700000" ? message : "weixinAppLogin:fail " + message;
    r.detail = code + " " + message;
    EngineHops::callbacks(*this, flow, "wx.weixinAppLogin", "fail", res_json{{"errCode", *r.errcode}, {"errMsg", r.errMsg}}.dump());
    return r;
}

bool Engine::wechat_auth_open() const {
    std::lock_guard lock(mu_);
    return wechat_auth_;
}

ActionResult Engine::weixin_app_login() {
    auto [flow, r] = EngineHops::start(*this, "weixin_app_login");
    std::string code = EngineHops::call_client_api(*this, flow, "wx.weixinAppLogin()");
    if (code.empty()) code = donut_.launch_error(environment().wechat_installed);
    if (!code.empty()) return finish(flow, donut_fail(flow, r, code));
    EngineHops::show(*this, wechat_auth_);
    note(flow, Actor::Client, Hop::Dialog, "wechat.handoff", "the app opens WeChat (sendOpenReq); WeChat shows its authorization page",
         {}, Actor::Platform);
    return EngineHops::waits_for_user(*this, flow, r, "WeChat's authorization page is showing");
}

ActionResult Engine::wechat_auth(bool allow) {
    auto [flow, r] = EngineHops::start(*this, allow ? "wechat_auth_allow" : "wechat_auth_deny");
    if (!close_dialog(wechat_auth_)) return EngineHops::finish_with(*this, flow, r, "WeChat's authorization page is not showing");
    note(flow, Actor::Client, Hop::Dialog, "wechat.auth", allow ? "the user tapped 允许 in WeChat" : "the user tapped 拒绝 in WeChat");
    gate(Hop::Dialog);
    if (cfg_.flow == Flow::UniWeixin)  // the same WeChat page, asked for by uni.login({provider:'weixin'})
        return finish(flow, allow ? uni_weixin_allowed(flow, r) : uni_fail(flow, "login", "-2", r, std::nullopt, "uni-weixin"));
    if (!allow) return finish(flow, donut_fail(flow, r, "deny"));
    const auto [code, expires] = donut_.issue_code(environment().user, flow);
    EngineHops::start_identity(*this, code, expires);
    r.ok = true;
    r.code = code;
    deliver_callbacks(flow, "wx.weixinAppLogin", r, res_json{{"errMsg", "weixinAppLogin:ok"}, {"code", code}});
    // The app's success callback: POST /api/app/login — the same exchange path as the mini program's.
    ActionResult x = exchange_at(flow, "/api/app/login", code);
    x.action = r.action;
    return finish(flow, x);
}

}  // namespace ls
