// The univerify client of the engine (PLATFORM-FACTS §5): uni.preLogin, uni.login opening the
// one-click page, the page's taps, the univerifyManager, and the app's exchange with its server.
#include <nlohmann/json.hpp>

#include "engine_internal.hpp"
#include "engine_hops.hpp"
#include "loginscope/catalog.hpp"
#include "loginscope/engine.hpp"

namespace ls {

res_json uni_error(const std::string& api, const std::string& code, const std::string& message, bool vue2) {
    const bool text = code.size() == 5 && code.rfind("30", 0) == 0;
    const res_json value = text ? res_json(code) : res_json(code_number(code));
    res_json e{{"errMsg", api + ":fail " + message}};
    if (vue2) e["errCode"] = value;
    e["code"] = value;
    return e;
}

namespace {
const char* uni_api(const std::string& api) { return api == "preLogin" ? "uni.preLogin" : "uni.login"; }
}  // namespace

void Engine::page_event(uint32_t flow, const std::string& kind, const std::string& text) {
    note(flow, Actor::Client, Hop::Dialog, kind, text);
}

void Engine::close_page(uint32_t flow, const std::string& why) {
    {
        std::lock_guard lock(mu_);
        if (!page_.open) return;
        page_.open = false;
        page_.hint_visible = false;
    }
    page_event(flow, "univerify.page_closed", "one-click page closed: " + why);
}

ActionResult Engine::uni_fail(uint32_t flow, const std::string& api, const std::string& code, ActionResult r,
                              std::optional<std::pair<int, std::string>> button, const std::string& platform,
                              const res_json* extra) {
    const Hop hops[] = {Hop::Dialog, Hop::ClientCall, Hop::PlatformResponse};
    const CatalogEntry* e = nullptr;
    for (Hop h : hops)
        if (!e) e = find_catalog_entry(platform, code, h);
    const std::string message = e ? e->message : "其他错误";
    res_json res = uni_error(api, code, message, cfg_.app.uni_runtime == "vue2");
    if (button) {  // §5.6: the custom button's index and provider travel with 30008
        res["index"] = button->first;
        res["provider"] = button->second;
    }
    if (extra)
        for (auto& [k, v] : extra->items()) res[k] = v;
    r.ok = false;
    r.pending = false;
    r.errMsg = res["errMsg"];
    r.errcode = code_number(code);
    r.detail = code + " " + message;
    if (api == "login") {
        std::lock_guard lock(mu_);
        page_.login_pending = false;
    }
    EngineHops::callbacks(*this, flow, uni_api(api), "fail", res.dump());
    return r;
}

ActionResult Engine::uni_ok(uint32_t flow, const std::string& api, ActionResult r, res_json extra) {
    res_json res{{"errMsg", api + ":ok"}};
    for (auto& [k, v] : extra.items()) res[k] = v;
    r.ok = true;
    r.errMsg = api + ":ok";
    EngineHops::callbacks(*this, flow, uni_api(api), "success", res.dump());
    return r;
}

ActionResult Engine::pre_login(const std::string& provider) {
    auto [flow, r] = EngineHops::start(*this, "pre_login");
    if (provider != "univerify") {  // uni-app's own parameter check, before the native side is asked
        note(flow, Actor::Client, Hop::None, "api.call", "uni.preLogin({provider: '" + provider + "'})");
        r.errMsg = "preLogin:fail provider error";
        r.detail = r.errMsg;
        EngineHops::callbacks(*this, flow, "uni.preLogin", "fail", res_json{{"errMsg", r.errMsg}}.dump());
        return finish(flow, r);
    }
    std::string code = EngineHops::call_client_api(*this, flow, "uni.preLogin({provider: 'univerify'})",
                                                   find_assumption("univerify.hang")->value);
    const Environment env = environment();
    if (code.empty()) code = univerify_.unsuitable(env.line, env.online);
    clock_.advance(add_ms(env.latency_ms, env.latency_ms));  // there and back
    if (!code.empty()) return finish(flow, uni_fail(flow, "preLogin", code, r));
    univerify_.remember_prelogin(env.line, flow);
    return finish(flow, uni_ok(flow, "preLogin", r, res_json::object()));
}

ActionResult Engine::univerify_login(const UniverifyStyle& style) {
    auto [flow, r] = EngineHops::start(*this, "univerify_login");
    std::string code = EngineHops::call_client_api(
        *this, flow,
        std::string("uni.login({provider: 'univerify', univerifyStyle: {fullScreen: ") + (style.fullScreen ? "true" : "false") + ", …}})",
        find_assumption("univerify.hang")->value);
    if (!style.ignored.empty()) {  // the SDK reads only the options it knows; the rest change nothing
        std::string keys;
        for (const auto& i : style.ignored) keys += (keys.empty() ? "" : ", ") + style_key(i.pointer);
        note(flow, Actor::Client, Hop::None, "univerify.style_ignored", "univerifyStyle options the docs do not list, ignored: " + keys);
    }
    const Environment env = environment();
    std::vector<std::string> ios_only;
    const UniverifyStyle drawn = honoured_style(style, env.os, &ios_only);
    if (!ios_only.empty()) {
        std::string keys;
        for (const auto& k : ios_only) keys += (keys.empty() ? "" : ", ") + k;
        note(flow, Actor::Client, Hop::None, "univerify.style_ignored", "iOS only, not drawn on Android: " + keys);
    }
    if (code.empty()) code = univerify_.unsuitable(env.line, env.online);
    if (!code.empty()) return finish(flow, uni_fail(flow, "login", code, r));
    // §5.2: with a live preLogin the page shows at once, without it after ~1–2 s.
    const bool warm = univerify_.take_prelogin(env.line, flow);
    clock_.advance(warm ? cfg_.app.univerify_policy.page_delay_ms : cfg_.app.univerify_policy.page_delay_cold_ms);
    {
        std::lock_guard lock(mu_);
        const bool manager = page_.manager;
        const int subscribers = page_.button_subscribers;
        page_ = UniverifyPageState{true, drawn, style.privacyTerms.defaultCheckBoxState, false, true,
                                   mask_phone(env.line.number), env.line.carrier, manager, subscribers};
    }
    page_event(flow, "univerify.page_opened",
               std::string(style.fullScreen ? "full-screen" : "half-screen") + " one-click page: " + mask_phone(env.line.number) +
                   " · " + carrier_info(env.line.carrier).slogan + (warm ? " (preLogin used)" : " (no live preLogin: slower)"));
    return EngineHops::waits_for_user(*this, flow, r, "one-click page open");
}

ActionResult Engine::page_toggle_checkbox() {
    auto [flow, r] = EngineHops::start(*this, "page_toggle_checkbox");
    bool open, checked = false;
    {
        std::lock_guard lock(mu_);
        open = page_.open;
        if (open) {
            page_.checked = !page_.checked;
            page_.hint_visible = false;
            checked = page_.checked;
        }
    }
    if (!open) return EngineHops::finish_with(*this, flow, r, "no one-click page is open");
    page_event(flow, "univerify.checkbox", checked ? "privacy box ticked" : "privacy box unticked");
    r.ok = true;
    r.detail = checked ? "checked" : "unchecked";
    return finish(flow, r);
}

ActionResult Engine::page_tap_login() {
    auto [flow, r] = EngineHops::start(*this, "page_tap_login");
    UniverifyPageState page = univerify_page();
    if (!page.open || !page.login_pending) return EngineHops::finish_with(*this, flow, r, "no one-click page is waiting for a tap");
    if (!page.checked) {  // §5.5: a hint, and no callback at all
        {
            std::lock_guard lock(mu_);
            page_.hint_visible = true;
        }
        page_event(flow, "univerify.hint", std::string("hint: ") + find_assumption("univerify.unchecked_hint")->value +
                                               " (assumption: the real text is undocumented)");
        return EngineHops::waits_for_user(*this, flow, r, "privacy box unchecked: hint shown, uni.login still waits");
    }
    gate(Hop::Dialog);
    const std::string hang = find_assumption("univerify.hang")->value;
    std::string code = client_call_fault(flow, Hop::Dialog, hang);
    const std::string sdk = client_call_fault(flow, Hop::ClientCall, hang);  // the token request behind the tap
    if (code.empty()) code = sdk;
    const Environment env = environment();
    if (code.empty()) code = univerify_.unsuitable(env.line, env.online);
    clock_.advance(add_ms(env.latency_ms, env.latency_ms));  // there and back
    if (!code.empty()) {
        r = uni_fail(flow, "login", code, r);
        if (code == "30002" && cfg_.app.app_closes_page) close_page(flow, "the app called uni.closeAuthView() on 30002");
        if (code == "30003") close_page(flow, "closed by the user");
        return finish(flow, r);
    }
    const UniverifyToken t = univerify_.issue_token(env.line, flow);
    {
        std::lock_guard lock(mu_);
        page_.login_pending = false;
        identity_ = IdentityChain{};
        identity_.code = t.access_token;
        identity_.code_expires_at_ms = t.expires_at_ms;
        identity_.openid = t.openid;
    }
    uni_ok(flow, "login", r, res_json{{"authResult", {{"openid", t.openid}, {"access_token", t.access_token}}}});
    r = univerify_exchange(flow, t);
    if (cfg_.app.app_closes_page) close_page(flow, "the app called uni.closeAuthView() after login");
    return finish(flow, r);
}

// The app's success callback sends access_token + openid to its server (which asks getPhoneNumber).
ActionResult Engine::univerify_exchange(uint32_t flow, const UniverifyToken& t) {
    ActionResult r;
    r.action = "page_tap_login";
    r.code = t.access_token;
    gate(Hop::ClientToDev);
    const ServerAnswer a = ask_server(flow, ServerCall::Login, app_post("/api/univerify/login", {{"access_token", t.access_token}, {"openid", t.openid}}),
                                      {{"access_token", t.access_token}, {"openid", t.openid}});
    const TransportResult& tr = a.t;
    r.errMsg = tr.ok() ? "request:ok" : "request:fail " + tr.error;
    r.http_status = tr.ok() ? tr.reply->status : 0;
    if (cfg_.backend && tr.ok()) return backend_session(flow, r, t.access_token, a.session, request_res(tr));
    const nlohmann::json body = tr.ok() ? nlohmann::json::parse(tr.reply->body, nullptr, false) : nlohmann::json();
    if (tr.ok() && tr.reply->status == 200 && body.is_object() && body.contains("token")) {
        r.ok = true;
        r.token = body["token"];
        r.detail = "logged in as " + body.value("phone", "");
        std::lock_guard lock(mu_);
        identity_.token = r.token;
        identity_.token_expires_at_ms = add_ms(clock_.now_ms(), seconds_to_ms(body.value("expires_in", int64_t(0))));
        identity_.code_used_at_ms = clock_.now_ms();  // getPhoneNumber consumed the access_token
    } else if (body.is_object() && body.contains("errcode")) {
        r.errcode = body["errcode"].get<int>();
        r.detail = "developer server: " + body.value("error", "") + " " + std::to_string(*r.errcode) + " " + body.value("errmsg", "");
    } else {
        r.detail = tr.ok() ? "developer server: HTTP " + std::to_string(tr.reply->status) : r.errMsg;
    }
    return deliver_callbacks(flow, "wx.request", r, request_res(tr));  // uni.request's {data, statusCode, errMsg}
}

ActionResult Engine::page_tap_other_login() {
    auto [flow, r] = EngineHops::start(*this, "page_tap_other_login");
    const UniverifyPageState page = univerify_page();
    if (!page.open || !page.otherLoginVisible()) return EngineHops::finish_with(*this, flow, r, "no other-login button on screen");
    page_event(flow, "univerify.tap", "other-login button");
    if (page.login_pending) r = uni_fail(flow, "login", "30002", r);
    if (cfg_.app.app_closes_page) close_page(flow, "the app called uni.closeAuthView() on 30002");
    return finish(flow, r);
}

ActionResult Engine::page_tap_close() {
    auto [flow, r] = EngineHops::start(*this, "page_tap_close");
    const UniverifyPageState page = univerify_page();
    if (!page.open) return EngineHops::finish_with(*this, flow, r, "no one-click page is open");
    close_page(flow, "closed by the user (a new uni.preLogin is needed)");
    if (page.login_pending) r = uni_fail(flow, "login", "30003", r);
    return finish(flow, r);
}

ActionResult Engine::page_tap_custom_button(int index) {
    auto [flow, r] = EngineHops::start(*this, "page_tap_custom_button");
    const UniverifyPageState page = univerify_page();
    const auto& list = page.style.buttons.list;
    if (!page.open || !page.style.fullScreen || index < 0 || size_t(index) >= list.size())
        return EngineHops::finish_with(*this, flow, r,
                                       "no custom button " + std::to_string(index) + " on screen (custom buttons show in full screen only)");
    const std::string provider = list[size_t(index)].provider;
    page_event(flow, "univerify.tap", "custom button " + std::to_string(index) + " (" + provider + ")");
    if (page.manager) {  // §5.6: to the subscribers; the page stays, uni.login does not fail
        const res_json res{{"code", "30008"}, {"message", "用户点击了自定义按钮"}, {"index", index}, {"provider", provider}};
        for (int i = 0; i < page.button_subscribers; ++i) console(flow, "univerifyManager.onButtonsClick " + res.dump());
        r.ok = true;
        r.pending = page.login_pending;
        r.detail = "delivered to " + std::to_string(page.button_subscribers) + " onButtonsClick subscriber(s)";
        return finish(flow, r);
    }
    close_page(flow, "uni-app closes the page for a custom button without a univerifyManager");
    if (page.login_pending) r = uni_fail(flow, "login", "30008", r, std::make_pair(index, provider));
    return finish(flow, r);
}

ActionResult Engine::close_auth_view() {
    auto [flow, r] = EngineHops::start(*this, "close_auth_view");
    note(flow, Actor::Client, Hop::Dialog, "api.call", "uni.closeAuthView()");
    const UniverifyPageState page = univerify_page();
    close_page(flow, "uni.closeAuthView()");
    if (page.open && page.login_pending) {  // assumptions(): univerify.close_pending_code
        const ActionResult settled = uni_fail(flow, "login", find_assumption("univerify.close_pending_code")->value, r);
        r.detail = "the waiting uni.login failed: " + settled.detail;
    }
    r.ok = true;
    return finish(flow, r);
}

ActionResult Engine::get_univerify_manager() {
    auto [flow, r] = EngineHops::start(*this, "get_univerify_manager");
    {
        std::lock_guard lock(mu_);
        page_.manager = true;
    }
    note(flow, Actor::Client, Hop::None, "api.call", "uni.getUniverifyManager()");
    r.ok = true;
    return finish(flow, r);
}

ActionResult Engine::on_buttons_click(bool subscribe) {
    auto [flow, r] = EngineHops::start(*this, subscribe ? "on_buttons_click" : "off_buttons_click");
    int n;
    {
        std::lock_guard lock(mu_);
        page_.manager = true;  // these are methods of the manager
        page_.button_subscribers = std::max(0, page_.button_subscribers + (subscribe ? 1 : -1));
        n = page_.button_subscribers;
    }
    note(flow, Actor::Client, Hop::None, "api.call",
         std::string(subscribe ? "univerifyManager.onButtonsClick(cb)" : "univerifyManager.offButtonsClick(cb)") + ": " +
             std::to_string(n) + " subscriber(s)");
    r.ok = true;
    return finish(flow, r);
}

ActionResult Engine::get_checkbox_state() {
    auto [flow, r] = EngineHops::start(*this, "get_checkbox_state");
    const UniverifyPageState page = univerify_page();
    res_json res;
    if (page.open) {
        res = res_json{{"state", page.checked}, {"errMsg", "getCheckBoxState:ok"}};
        r.ok = true;
        r.errMsg = "getCheckBoxState:ok";
        r.detail = page.checked ? "true" : "false";
    } else {
        r.errMsg = find_assumption("univerify.checkbox_state_closed")->value;
        r.detail = r.errMsg;
        res = res_json{{"errMsg", r.errMsg}};
    }
    EngineHops::callbacks(*this, flow, "uni.getCheckBoxState", r.ok ? "success" : "fail", res.dump());
    return finish(flow, r);
}

void Engine::report_missing_asset(const std::string& what) {
    {
        std::lock_guard lock(mu_);
        if (!missing_assets_.insert(what).second) return;
    }
    note(active_flow_, Actor::Client, Hop::Dialog, "asset.missing", "page image not shown, placeholder drawn: " + what);
}

UniverifyPageState Engine::univerify_page() const {
    std::lock_guard lock(mu_);
    return page_;
}

}  // namespace ls
