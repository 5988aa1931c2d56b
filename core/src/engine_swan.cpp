// Baidu smart programs (PLATFORM-FACTS §4): the login button and the Baidu account dialog,
// swan.getLoginCode / swan.login / swan.checkSession / swan.isLoginSync, and uni-app on Baidu.
#include <nlohmann/json.hpp>

#include "engine_internal.hpp"
#include "engine_hops.hpp"
#include "loginscope/catalog.hpp"
#include "loginscope/engine.hpp"

namespace ls {

namespace {
// The OS selects the error table (§4.1); what a condition maps to is our choice (assumptions()).
std::string not_logged_in(const std::string& os) { return os == "ios" ? "10004" : "1001"; }
std::string offline(const std::string& os) { return os == "ios" ? "10002" : "1001"; }
std::string timed_out(const std::string& os, bool login) { return os == "ios" ? (login ? "10007" : "10002") : "1001"; }
}  // namespace

ActionResult Engine::swan_fail(uint32_t flow, const std::string& api, const std::string& code, ActionResult r) {
    const CatalogEntry* e = find_catalog_entry_at(code, Hop::ClientCall);
    r.ok = false;
    r.pending = false;
    r.errcode = code_number(code);
    r.errMsg = api + ":fail " + (e ? e->message : "执行失败");
    r.detail = code + " " + (e ? e->message : "");
    EngineHops::callbacks(*this, flow, "swan." + api, "fail", res_json{{"errCode", *r.errcode}, {"errMsg", r.errMsg}}.dump());
    return r;
}

// swan.getLoginCode / swan.login reaching Baidu: faults, the Baidu login, the network, then a code.
ActionResult Engine::swan_code(uint32_t flow, const std::string& api, ActionResult r, bool login, const LoginOptions& opt) {
    note(flow, Actor::Client, Hop::ClientCall, "api.call", "swan." + api + "()", {}, Actor::Platform);
    gate(Hop::ClientCall);
    const Environment env = environment();
    std::string code = client_call_fault(flow, Hop::ClientCall, timed_out(env.os, login),
                                         opt.timeout_ms.value_or(assumed_int("wechat.login.default_timeout_ms")));
    if (code.empty() && !env.baidu_logged_in) code = not_logged_in(env.os);
    if (code.empty() && !env.online) code = offline(env.os);
    if (!code.empty()) return swan_fail(flow, api, code, r);
    clock_.advance(add_ms(env.latency_ms, env.latency_ms));  // there and back
    const auto [c, expires] = baidu_.issue_code(env.user, flow);
    EngineHops::start_identity(*this, c, expires);
    r.ok = true;
    r.code = c;
    r.errMsg = api + ":ok";
    EngineHops::callbacks(*this, flow, "swan." + api, "success", res_json{{"errMsg", r.errMsg}, {"code", c}}.dump());
    return r;
}

ActionResult Engine::swan_button_login() {
    auto [flow, r] = EngineHops::start(*this, "swan_button_login");
    note(flow, Actor::Client, Hop::Dialog, "api.call", "<button open-type=\"login\" bindlogin=\"login\"> tapped", {}, Actor::Platform);
    if (!environment().baidu_logged_in) {  // the Baidu app shows its own account login first
        EngineHops::show(*this, baidu_dialog_);
        note(flow, Actor::Platform, Hop::Dialog, "baidu.dialog_opened", "the Baidu app shows its account login dialog (layout: assumption)",
             {}, Actor::Client);
        return EngineHops::waits_for_user(*this, flow, r, "Baidu account dialog is showing");
    }
    return finish(flow, swan_button_ok(flow, r));
}

bool Engine::baidu_dialog_open() const {
    std::lock_guard lock(mu_);
    return baidu_dialog_;
}

ActionResult Engine::baidu_dialog(bool log_in) {
    auto [flow, r] = EngineHops::start(*this, log_in ? "baidu_dialog_log_in" : "baidu_dialog_close");
    if (!close_dialog(baidu_dialog_)) return EngineHops::finish_with(*this, flow, r, "the Baidu account dialog is not showing");
    gate(Hop::Dialog);
    if (!log_in) {  // bindlogin still fires, with errCode '10004' (assumptions(): baidu.button_close)
        r.errcode = 10004;
        r.errMsg = "login:fail 用户拒绝(user not login)";
        r.detail = "the user closed the Baidu account dialog";
        console(flow, "bindlogin " + res_json{{"errCode", "10004"}, {"errMsg", r.errMsg}}.dump());
        return finish(flow, r);
    }
    Environment env = environment();
    env.baidu_logged_in = true;
    set_environment(env);
    return finish(flow, swan_button_ok(flow, r));
}

// bindlogin with login:ok; the handler then gets a code and sends it to the app's server.
ActionResult Engine::swan_button_ok(uint32_t flow, ActionResult r) {
    {
        std::lock_guard lock(mu_);
        baidu_button_ok_ = true;
    }
    console(flow, "bindlogin " + res_json{{"errMsg", "login:ok"}}.dump());
    ActionResult c = swan_code(flow, "getLoginCode", r, false);
    if (!c.ok) return c;
    ActionResult x = exchange_at(flow, "/api/baidu/login", c.code);
    x.action = r.action;
    return x;
}

ActionResult Engine::swan_login(const LoginOptions& opt) {
    auto [flow, r] = EngineHops::start(*this, "swan_login");
    return finish(flow, swan_code(flow, "login", r, true, opt));
}

ActionResult Engine::swan_get_login_code() {
    auto [flow, r] = EngineHops::start(*this, "swan_get_login_code");
    return finish(flow, swan_code(flow, "getLoginCode", r, false));
}

ActionResult Engine::swan_check_session() {
    auto [flow, r] = EngineHops::start(*this, "swan_check_session");
    note(flow, Actor::Client, Hop::SessionCheck, "api.call", "swan.checkSession()", {}, Actor::Platform);
    gate(Hop::SessionCheck);
    const Environment env = environment();
    // §4.2: an expired key or a logged-out Baidu app goes straight to fail.
    if (!env.baidu_logged_in) return finish(flow, swan_fail(flow, "checkSession", not_logged_in(env.os), r));
    if (!baidu_.session_alive(env.user)) return finish(flow, swan_fail(flow, "checkSession", env.os == "ios" ? "10001" : "1001", r));
    r.ok = true;
    r.errMsg = "checkSession:ok";
    console(flow, "swan.checkSession success " + res_json{{"errMsg", r.errMsg}}.dump());
    console(flow, "swan.checkSession complete " + res_json{{"errMsg", r.errMsg}}.dump());
    return finish(flow, r);
}

ActionResult Engine::swan_is_login_sync() {
    auto [flow, r] = EngineHops::start(*this, "swan_is_login_sync");
    const bool in = environment().baidu_logged_in;
    console(flow, "swan.isLoginSync() " + res_json{{"isLogin", in}}.dump());
    r.ok = true;
    r.detail = in ? "true" : "false";
    return finish(flow, r);
}

ActionResult Engine::uni_login_baidu() {
    auto [flow, r] = EngineHops::start(*this, "uni_login_baidu");
    bool after_button;
    {
        std::lock_guard lock(mu_);
        after_button = baidu_button_ok_;
    }
    if (!after_button) {  // §4.1 / seed 004: before the button's login event uni.login answers "请登录"
        r.errMsg = "login:fail 请登录";
        r.detail = "uni.login on Baidu before the login button's @login event";
        const res_json res{{"errMsg", r.errMsg}};
        console(flow, "uni.login fail " + res.dump());
        console(flow, "uni.login complete " + res.dump());
        return finish(flow, r);
    }
    ActionResult c = swan_code(flow, "getLoginCode", r, false);  // uni.login maps to getLoginCode on Baidu
    // uni-app renames the result for its own API: getLoginCode:… → login:…
    res_json res{{"errMsg", "login:" + c.errMsg.substr(c.errMsg.find(':') + 1)}};
    if (c.ok) res["code"] = c.code;
    if (!c.ok && c.errcode) res["errCode"] = *c.errcode;
    console(flow, std::string("uni.login ") + (c.ok ? "success " : "fail ") + res.dump());
    console(flow, "uni.login complete " + res.dump());
    c.action = r.action;
    return finish(flow, c);
}

ActionResult Engine::uni_get_login_code() {
    auto [flow, r] = EngineHops::start(*this, "uni_get_login_code");
    return finish(flow, swan_code(flow, "getLoginCode", r, false));
}

}  // namespace ls
