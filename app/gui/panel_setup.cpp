// Setup (left): flow picker, environment, app config and the assumptions LoginScope made. For
// univerify: the phone line, the DCloud app, the uni.* calls and the univerifyStyle editor.
#include <algorithm>
#include <cstdio>
#include <cstring>

#include "i18n.hpp"
#include "panels.hpp"
#include "probes.hpp"

#include "imgui_stdlib.h"
#include "loginscope/catalog.hpp"
#include "loginscope/flaws.hpp"

namespace ls::gui {

namespace {


// LoginScope's own dim text: the theme's, so it reads on light and dark.
void push_dim() { ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled)); }

// A label whose ImGui ID stays the English text whatever the language.
struct Label {
    std::string s;
    explicit Label(const char* en) : s(tr_id(en)) {}
    operator const char*() const { return s.c_str(); }
};

void section(const char* title) { setup_section(title); }

void switch_flow(const SetupView& v, Flow flow, Intents& out) {
    EngineConfig cfg = v.config;
    cfg.flow = flow;
    if (const char* os = flow_catalog()[size_t(flow)].default_os; *os) cfg.env.os = os;  // a flow starts where it works
    out.rebuild = cfg;
}

// A switch ends the session (a new world): with events in the journal, it asks first.
void confirm_switch(const SetupView& v, SetupDraft& draft, Intents& out) {
    if (draft.switch_to && !ImGui::IsPopupOpen("###switch_flow")) ImGui::OpenPopup("###switch_flow");
    const std::string title = std::string(tr("Switch flow?")) + "###switch_flow";
    if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    probe_rect("setup.switch_flow.dialog", ImGui::GetWindowPos(),
               ImVec2(ImGui::GetWindowPos().x + ImGui::GetWindowSize().x, ImGui::GetWindowPos().y + ImGui::GetWindowSize().y));
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 26);
    const Flow to = draft.switch_to.value_or(v.config.flow);
    ImGui::TextWrapped(tr("Switch to %s? This session's %zu events, its codes and sessions end with it (the Scenario tab "
                          "exports them first)."),
                       tr(flow_catalog()[size_t(to)].title), v.journal_events);
    ImGui::PopTextWrapPos();
    if (ImGui::Button(tr_id("Switch").c_str())) {
        switch_flow(v, to, out);
        draft.switch_to.reset();
        ImGui::CloseCurrentPopup();
    }
    probe_item("setup.switch_flow.confirm");
    ImGui::SameLine();
    if (ImGui::Button(tr_id("Cancel").c_str()) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
        draft.switch_to.reset();
        ImGui::CloseCurrentPopup();
    }
    probe_item("setup.switch_flow.cancel");
    ImGui::EndPopup();
}

void flow_picker(const SetupView& v, SetupDraft& draft, Intents& out) {
    section(tr("FLOW"));
    const std::string current = to_string(v.config.flow);
    for (const FlowInfo& f : flow_catalog()) {
        const std::string label = f.available ? std::string(tr(f.title)) : trf("%s  (coming)", tr(f.title));
        ImGui::BeginDisabled(!f.available || v.busy);
        const bool selected = current == f.id;
        if (ImGui::Selectable((label + "###flow." + f.id).c_str(), selected) && !selected) {
            if (auto flow = flow_from_string(f.id)) {
                if (v.journal_events > 0)
                    draft.switch_to = *flow;
                else
                    switch_flow(v, *flow, out);
            }
        }
        probe_item((std::string("setup.flow.") + f.id).c_str());
        ImGui::EndDisabled();
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", f.api);
    }
    confirm_switch(v, draft, out);
}

// Edits take effect when the field loses focus, so typing does not journal every keystroke.
bool phone_line_editor(PhoneLine& line) {
    bool changed = ImGui::Checkbox(Label("SIM present"), &line.sim_present);
    probe_item("setup.sim_present");
    changed |= ImGui::Checkbox(Label("Cellular data on"), &line.cellular_data);
    probe_item("setup.cellular_data");
    const auto& all = carriers();
    int current = 0;
    for (size_t i = 0; i < all.size(); ++i)
        if (all[i].carrier == line.carrier) current = int(i);
    ImGui::SetNextItemWidth(-90);
    if (ImGui::BeginCombo(Label("Carrier"), all[size_t(current)].slogan)) {
        for (size_t i = 0; i < all.size(); ++i)
            if (ImGui::Selectable(all[i].slogan, int(i) == current)) {
                line.carrier = all[i].carrier;
                changed = true;
            }
        ImGui::EndCombo();
    }
    ImGui::SetNextItemWidth(-90);
    ImGui::InputText(Label("Number"), &line.number, ImGuiInputTextFlags_CharsDecimal);
    changed |= ImGui::IsItemDeactivatedAfterEdit();
    changed |= ImGui::Checkbox(Label("Gateway source-IP ok"), &line.gateway_ok);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("off: the carrier's source-IP check fails (40101 / 40201 / 40301)"));
    return changed;
}

// A setting chosen from a few values, each shown with what it means: probes "setup.<key>" (the value)
// and "setup.<key>.<value>"; `shown` says how a value reads (the value itself, or translated).
struct Choice {
    const char* value;
    const char* meaning;
};
template <size_t N>
bool choice_combo(const char* label, const std::string& key, std::string& value, const Choice (&choices)[N], bool translate_value,
                  const char* tooltip) {
    const auto shown = [&](const char* v) { return translate_value ? std::string(tr(v)) : std::string(v); };
    bool changed = false;
    ImGui::SetNextItemWidth(-90);
    if (ImGui::BeginCombo(Label(label), shown(value.c_str()).c_str())) {
        for (const Choice& c : choices) {
            const std::string item = shown(c.value) + "   " + tr(c.meaning);
            if (ImGui::Selectable(item.c_str(), value == c.value)) {
                value = c.value;
                changed = true;
            }
            probe_item(("setup." + key + "." + c.value).c_str(), item);
        }
        ImGui::EndCombo();
    }
    probe_item(("setup." + key).c_str(), value);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(tooltip));
    return changed;
}

// What WeChat's content check (2.24.4+) says of a picked picture or a filled-in nickname (§6.6).
bool content_check_combo(std::string& verdict) {
    static const Choice kVerdicts[] = {{"pass", "passes"},
                                       {"reject", "rejects: no picture, the nickname cleared"},
                                       {"timeout", "times out: the nickname stays"}};
    return choice_combo("Content check", "content_check", verdict, kVerdicts, true,
                        "what WeChat's check says of an avatar picked from the album or camera and of a nickname (base library 2.24.4+)");
}

// The mini program's base library decides what wx.getUserProfile answers (§6.3) and whether avatar and
// nickname filling exists and is checked (§6.6); a scenario may hold any version, shown as it is.
bool base_library_combo(std::string& version) {
    static const Choice kVersions[] = {{"2.10.3", "no wx.getUserProfile yet"},
                                       {"2.21.1", "no avatar and nickname filling yet"},
                                       {"2.24.3", "filling without WeChat's content check"},
                                       {"2.27.0", "the last with the user's profile"},
                                       {"2.27.1", "anonymous profile, no sheet"},
                                       {"3.8.0", "current"}};
    return choice_combo("Base library", "base_library", version, kVersions, false,
                        "from 2.27.1 wx.getUserProfile answers 微信用户 and the grey avatar, without a sheet");
}

// A platform pack's phone settings (PackSetting): a checkbox each, in the interface's language.
bool pack_settings(const PlatformPack& pack, Environment& env) {
    bool changed = false;
    for (const PackSetting& s : pack.settings) {
        bool on = pack_setting(env, s.id);
        if (ImGui::Checkbox((std::string(in_language(s.label_en, s.label_zh)) + "##" + s.id).c_str(), &on)) {
            env.pack_settings[s.id] = on;
            changed = true;
        }
        probe_item((std::string("setup.") + s.id).c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", in_language(s.tip_en, s.tip_zh));
    }
    return changed;
}

void environment_editor(SetupDraft& d, Flow flow, Intents& out) {
    section(tr("ENVIRONMENT"));
    bool changed = false;
    int os = d.env.os == "ios" ? 1 : 0;
    const char* oses[] = {"Android", "iOS"};
    ImGui::SetNextItemWidth(-90);
    if (ImGui::Combo(Label("OS"), &os, oses, 2)) {
        d.env.os = os == 1 ? "ios" : "android";
        changed = true;
    }
    probe_item("setup.os", d.env.os);
    changed |= ImGui::Checkbox(Label("Network online"), &d.env.online);
    probe_item("setup.online");
    int latency = int(d.env.latency_ms);
    ImGui::SetNextItemWidth(-90);
    if (ImGui::InputInt(Label("Latency ms"), &latency, 10, 100)) d.env.latency_ms = std::max(0, latency);
    changed |= ImGui::IsItemDeactivatedAfterEdit();
    if (offers_phone_setting(flow, "line")) {
        section(tr("PHONE LINE"));
        changed |= phone_line_editor(d.env.line);
    } else {
        ImGui::SetNextItemWidth(-90);
        ImGui::InputText(Label("User"), &d.env.user);
        changed |= ImGui::IsItemDeactivatedAfterEdit();
        if (offers_phone_setting(flow, "high_risk_user"))
            changed |= ImGui::Checkbox(Label("High-risk user (40226)"), &d.env.high_risk_user);
    }
    if (offers_phone_setting(flow, "base_library")) changed |= base_library_combo(d.env.base_library);
    if (offers_phone_setting(flow, "content_check")) changed |= content_check_combo(d.env.content_check);
    if (offers_phone_setting(flow, "baidu_logged_in")) {
        changed |= ImGui::Checkbox(Label("Logged in to Baidu"), &d.env.baidu_logged_in);
        probe_item("setup.baidu_logged_in");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", tr("off: the login button opens the Baidu app's account dialog; the OS picks the error table"));
    }
    if (const PlatformPack* pack = pack_of(flow)) changed |= pack_settings(*pack, d.env);
    if (offers_phone_setting(flow, "wechat_installed")) {
        changed |= ImGui::Checkbox(Label("WeChat installed"), &d.env.wechat_installed);
        probe_item("setup.wechat_installed");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", flow == Flow::WeChatApp ? tr("off: -700000 sendOpenReq:fail launch wechat fail") : tr("off: -8 客户端未安装"));
    }
    if (flow == Flow::UniApple && d.env.os != "ios") {
        ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(palette::fault));
        ImGui::TextWrapped("%s", tr("Sign in with Apple needs iOS: uni.login answers -3 on Android"));
        ImGui::PopStyleColor();
    }
    if (changed) out.environment = d.env;
}

// Every platform pack's app the same, field by field as registered (an unset field is the demo's).
bool same_pack_apps(const AppConfig& a, const AppConfig& b) {
    for (const PlatformPack& p : platform_packs())
        if (pack_app(a, p) != pack_app(b, p)) return false;
    return true;
}

bool same_app(const AppConfig& a, const AppConfig& b) {
    const UniverifyApp &u = a.univerify, &w = b.univerify;
    return a.appid == b.appid && a.secret == b.secret && a.unionid_bound == b.unionid_bound &&
           a.policy.code_ttl_ms == b.policy.code_ttl_ms && a.token_ttl_ms == b.token_ttl_ms && u.uni_appid == w.uni_appid &&
           u.service_enabled == w.service_enabled && u.approved == w.approved && u.account == w.account &&
           a.uni_runtime == b.uni_runtime && a.app_closes_page == b.app_closes_page &&
           a.donut.identity_management == b.donut.identity_management && a.donut.mobile_app == b.donut.mobile_app &&
           a.donut.opensdk == b.donut.opensdk && a.open.appsecret_in_app == b.open.appsecret_in_app &&
           a.apple_bundle_id == b.apple_bundle_id && a.baidu.app_key == b.baidu.app_key &&
           a.baidu.app_secret == b.baidu.app_secret && a.unicloud.function_secret == b.unicloud.function_secret &&
           a.unicloud.server_secret == b.unicloud.server_secret && same_pack_apps(a, b);
}

void apply_button(const SetupView& v, SetupDraft& d, Intents& out) {
    const bool dirty = !same_app(d.app, v.config.app);
    ImGui::BeginDisabled(!dirty || v.busy);
    if (ImGui::Button(Label("Apply (new world)"))) {
        EngineConfig cfg = v.config;
        cfg.app = d.app;
        cfg.app.flaws = v.flaws;  // switched live since the draft was read
        cfg.env = d.env;
        out.rebuild = cfg;
    }
    probe_item("setup.apply");
    ImGui::EndDisabled();
    if (dirty) {
        ImGui::SameLine();
        ImGui::TextColored(to_vec4(palette::fault), "%s", tr("unsaved"));
    }
}

// Picks one of `values` (shown as `labels`, translated unless `literal`) for a string setting.
bool string_combo(const char* label, std::string& v, const char* const* values, const char* const* labels, int n,
                  bool literal = false) {
    int current = 0;
    for (int i = 0; i < n; ++i)
        if (v == values[i]) current = i;
    std::vector<const char*> shown(labels, labels + n);
    if (!literal)
        for (const char*& s : shown) s = tr(s);
    ImGui::SetNextItemWidth(-90);
    if (!ImGui::Combo(Label(label), &current, shown.data(), n)) return false;
    v = values[current];
    return true;
}

// The uniCloud cloud function's sign secret (unicloud.hpp), the function's copy and the server's:
// secrets, masked like the AppSecret; two different copies make the function refuse every call.
void sign_secret_editor(SetupDraft& d) {
    section(tr("UNICLOUD SIGN SECRET"));
    const ImGuiInputTextFlags masked = d.show_secret ? 0 : ImGuiInputTextFlags_Password;
    ImGui::SetNextItemWidth(-90);
    ImGui::InputText(Label("Function"), &d.app.unicloud.function_secret, masked);
    probe_item("setup.unicloud_secret");
    ImGui::SetNextItemWidth(-90);
    ImGui::InputText(Label("Server"), &d.app.unicloud.server_secret, masked);
    probe_item("setup.unicloud_server_secret");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("the server signs each call with it; another than the function's: 非法访问"));
    ImGui::Checkbox(Label("Show secret"), &d.show_secret);
}

void dcloud_app_editor(const SetupView& v, SetupDraft& d, Intents& out) {
    section(tr("DCLOUD APP"));
    UniverifyApp& u = d.app.univerify;
    ImGui::SetNextItemWidth(-90);
    ImGui::InputText("uniAppid", &u.uni_appid);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("empty: -7 uniAppid 缺失"));
    ImGui::Checkbox(Label("Service enabled (1000)"), &u.service_enabled);
    ImGui::Checkbox(Label("App approved (40004)"), &u.approved);
    static const char* kAccounts[] = {"ok", "abnormal", "no_balance"};
    static const char* kAccountLabels[] = {"ok", "abnormal (1001)", "no balance (1002)"};
    string_combo("Account", u.account, kAccounts, kAccountLabels, 3);
    static const char* kRuntimes[] = {"vue2", "vue3"};
    static const char* kRuntimeLabels[] = {"vue2 (errCode + code)", "vue3 (code)"};
    string_combo("uni runtime", d.app.uni_runtime, kRuntimes, kRuntimeLabels, 2, true);
    ImGui::Checkbox(Label("App calls closeAuthView"), &d.app.app_closes_page);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("as the demo: after success and on 30002 (the page never closes by itself)"));
    sign_secret_editor(d);
    apply_button(v, d, out);
}

bool api_button(const char* label, const char* key, const char* step, Intents& out) {
    const bool pressed = ImGui::Button(label, ImVec2(-1, 0));
    probe_item(key);
    if (pressed) out.step = make_step(step);
    return pressed;
}

void univerify_calls(const SetupView& v, Intents& out) {
    section(tr("UNI API"));
    ImGui::BeginDisabled(v.busy);
    api_button("uni.preLogin", "setup.pre_login", "pre_login", out);
    api_button("uni.getCheckBoxState", "setup.get_checkbox_state", "get_checkbox_state", out);
    api_button("uni.closeAuthView", "setup.close_auth_view", "close_auth_view", out);
    api_button("uni.getUniverifyManager", "setup.get_manager", "get_univerify_manager", out);
    api_button("manager.onButtonsClick", "setup.on_buttons_click", "on_buttons_click", out);
    api_button("manager.offButtonsClick", "setup.off_buttons_click", "off_buttons_click", out);
    ImGui::EndDisabled();
    const UniverifyPageState& p = v.page;
    push_dim();
    ImGui::TextWrapped(tr("page %s%s · box %s · manager %s · %d subscriber(s)"), p.open ? tr("open") : tr("closed"),
                       p.login_pending ? tr(" (uni.login waits)") : "", p.checked ? tr("checked") : tr("unchecked"),
                       p.manager ? tr("created") : tr("none"), p.button_subscribers);
    ImGui::PopStyleColor();
}

void wechat_app_editor(const SetupView& v, SetupDraft& d, Intents& out) {
    section(tr("APP CONFIG"));
    ImGui::SetNextItemWidth(-90);
    ImGui::InputText("appid", &d.app.appid);
    ImGui::SetNextItemWidth(-90);
    ImGui::InputText("secret", &d.app.secret, d.show_secret ? 0 : ImGuiInputTextFlags_Password);
    ImGui::Checkbox(Label("Show secret"), &d.show_secret);
    int ttl_s = int(d.app.policy.code_ttl_ms / 1000);
    ImGui::SetNextItemWidth(-90);
    if (ImGui::InputInt(Label("Code TTL s"), &ttl_s, 10, 60)) d.app.policy.code_ttl_ms = int64_t(std::max(1, ttl_s)) * 1000;
    int token_min = int(d.app.token_ttl_ms / 60000);
    ImGui::SetNextItemWidth(-90);
    if (ImGui::InputInt(Label("Token TTL min"), &token_min, 1, 10)) d.app.token_ttl_ms = int64_t(std::max(1, token_min)) * 60000;
    ImGui::Checkbox(Label("UnionID bound"), &d.app.unionid_bound);
    apply_button(v, d, out);
}

// wx.weixinAppLogin (§2): the multi-terminal app's console settings and project.miniapp.json.
void donut_app_editor(const SetupView& v, SetupDraft& d, Intents& out) {
    section(tr("MULTI-TERMINAL APP"));
    DonutApp& a = d.app.donut;
    ImGui::Checkbox(Label("Identity management (10001005)"), &a.identity_management);
    probe_item("setup.identity_management");
    static const char* kMobile[] = {"ok", "none", "wrong"};
    static const char* kMobileLabels[] = {"bound", "none (10001007)", "wrong (10001015)"};
    string_combo("Mobile app", a.mobile_app, kMobile, kMobileLabels, 3);
    probe_item("setup.mobile_app");
    ImGui::Checkbox(Label("OpenSDK ticked (-700000)"), &a.opensdk);
    probe_item("setup.opensdk");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("project.miniapp.json: OpenSDK; off: WeChat cannot be launched"));
    apply_button(v, d, out);
}

// uni.login({provider:'weixin'}) (§6.1): the manifest's appsecret and the onlyAuthorize option.
void uni_weixin_editor(const SetupView& v, SetupDraft& d, Intents& out) {
    section(tr("UNI.LOGIN WEIXIN"));
    bool only = v.only_authorize;
    if (ImGui::Checkbox("onlyAuthorize", &only)) out.only_authorize = only;
    probe_item("setup.only_authorize");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("uni.login({provider:'weixin', onlyAuthorize: true}): {code, authResult: ''}");
    push_dim();
    ImGui::TextWrapped("%s", only ? tr("the App gets a code; its server exchanges it")
                                  : tr("the App exchanges the code itself, with the appsecret it ships"));
    ImGui::PopStyleColor();
    section(tr("OPEN PLATFORM APP"));
    ImGui::Checkbox(Label("appsecret in manifest (-7)"), &d.app.open.appsecret_in_app);
    probe_item("setup.appsecret_in_app");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("off: -7 业务参数配置缺失 (unless onlyAuthorize)"));
    apply_button(v, d, out);
}

void apple_editor(const SetupView& v, SetupDraft& d, Intents& out) {
    section(tr("SIGN IN WITH APPLE"));
    ImGui::SetNextItemWidth(-90);
    ImGui::InputText("Bundle ID", &d.app.apple_bundle_id);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("identityToken's aud"));
    apply_button(v, d, out);
}

// wx.getUserProfile must be called directly in the tap handler (§6.3): this makes the page's
// 获取头像昵称 handler (and the toolbar's getUserProfile) await something first.
// swan: the smart program's AppKey (client_id) and AppSecret (sk) for jscode2sessionkey (§4.3).
void swan_app_editor(const SetupView& v, SetupDraft& d, Intents& out) {
    section(tr("SMART PROGRAM"));
    ImGui::SetNextItemWidth(-90);
    ImGui::InputText("AppKey", &d.app.baidu.app_key);
    ImGui::SetNextItemWidth(-90);
    ImGui::InputText("AppSecret", &d.app.baidu.app_secret, d.show_secret ? 0 : ImGuiInputTextFlags_Password);
    ImGui::Checkbox(Label("Show secret"), &d.show_secret);
    int token_min = int(d.app.token_ttl_ms / 60000);
    ImGui::SetNextItemWidth(-90);
    if (ImGui::InputInt(Label("Token TTL min"), &token_min, 1, 10)) d.app.token_ttl_ms = int64_t(std::max(1, token_min)) * 60000;
    apply_button(v, d, out);
}

// A platform pack's app as its platform registers it (PackAppField): one input per field, secrets hidden.
void pack_app_editor(const SetupView& v, SetupDraft& d, Intents& out, const PlatformPack& pack) {
    section(tr("MINI PROGRAM"));
    const PackApp current = pack_app(d.app, pack);
    bool secrets = false;
    for (const PackAppField& f : pack.app_fields) {
        std::string value = current.at(f.id);
        ImGui::SetNextItemWidth(-90);
        const int flags = f.secret && !d.show_secret ? ImGuiInputTextFlags_Password : 0;
        const std::string label = std::string(f.label) + "##pack." + f.id, key = std::string("setup.") + pack.id + "." + f.id;
        if (!f.choices.empty()) {  // one of a few values (Alipay's user_id / open_id): a combo
            if (ImGui::BeginCombo(label.c_str(), value.c_str())) {
                for (const char* choice : f.choices) {
                    if (ImGui::Selectable(choice, value == choice)) d.app.pack_apps[pack.id][f.id] = choice;
                    probe_item((key + "." + choice).c_str(), choice);
                }
                ImGui::EndCombo();
            }
        } else if (ImGui::InputTextWithHint(label.c_str(), *f.fallback ? "" : tr("the demo app's"), &value, flags)) {
            // An empty field is the demo app's (its generated key pair): the hint says so.
            d.app.pack_apps[pack.id][f.id] = value;
        }
        probe_item(key.c_str(), value);
        secrets |= f.secret;
    }
    if (secrets) ImGui::Checkbox(Label("Show secret"), &d.show_secret);
    int token_min = int(d.app.token_ttl_ms / 60000);
    ImGui::SetNextItemWidth(-90);
    if (ImGui::InputInt(Label("Token TTL min"), &token_min, 1, 10)) d.app.token_ttl_ms = int64_t(std::max(1, token_min)) * 60000;
    apply_button(v, d, out);
}

void user_profile_options(const SetupView& v, Intents& out) {
    section("GETUSERPROFILE");
    bool outside = v.profile_outside_tap;
    if (ImGui::Checkbox(Label("not from a tap"), &outside)) out.profile_outside_tap = outside;
    probe_item("setup.outside_tap");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("The handler awaits before it calls wx.getUserProfile:\n"
                                   "getUserProfile:fail can only be invoked by user TAP gesture."));
    push_dim();
    ImGui::TextWrapped("%s", outside ? tr("the handler awaits first: WeChat refuses the call")
                                     : tr("called in the tap handler: WeChat shows its sheet"));
    ImGui::PopStyleColor();
}

void flaw_tooltip(const FlawInfo& f) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
    ImGui::TextColored(to_vec4(palette::fault), "%s", f.id);
    ImGui::TextUnformatted(flaw_attack(f.flaw, language()));  // the core has both languages
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

// The developer server's known-bad behaviours (flaws.hpp), switched live for teaching and testing.
// The titles wrap beside their boxes (the column is narrow); a click on a title switches it too.
void flaw_switches(const SetupView& v, Intents& out) {
    section(tr("DEVELOPER SERVER FLAWS"));
    const FlawSet applies = flaws_for(v.config.flow);
    if (applies.empty()) ImGui::TextDisabled("%s", tr("none acts in this flow"));
    for (const FlawInfo& f : flaw_catalog()) {
        if (!applies.count(f.flaw)) continue;
        bool on = v.flaws.count(f.flaw) > 0;
        bool toggled = ImGui::Checkbox((std::string("##flaw.") + f.id).c_str(), &on);
        probe_item((std::string("setup.flaw.") + f.id).c_str());
        bool hovered = ImGui::IsItemHovered();
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, on ? to_vec4(palette::fault) : ImGui::GetStyleColorVec4(ImGuiCol_Text));
        ImGui::TextWrapped("%s", flaw_title(f.flaw, language()));
        ImGui::PopStyleColor();
        hovered |= ImGui::IsItemHovered();
        if (ImGui::IsItemClicked()) {
            on = !on;
            toggled = true;
        }
        if (toggled) {
            FlawSet next = v.flaws;
            if (on) next.insert(f.flaw);
            else next.erase(f.flaw);
            out.flaws = next;
        }
        if (hovered) flaw_tooltip(f);
    }
}

// An assumed value in LoginScope's words is translated; a wire value (errMsg, a code, a number) is not.
const char* assumption_value(const Assumption& a) {
    static const char* const kProse[] = {
        "wechat.code2session.injected_state", "wechat.code2session.quota", "wechat.session_key.rotation",
        "univerify.check_order", "univerify.code_type", "univerify.app_closes_page", "wechat-app.launch_order",
        "wechat-app.code_single_use", "uni-apple.identity_token", "baidu.dialog_layout", "wechat.profile.no_sheet", "univerify.android_ios_only", "wechat.phone.sheet_layout",
        "wechat-app.code2verifyinfo_token", "wechat.avatar.cancel", "wechat.avatar.own_unchecked", "wechat.avatar.check_timeout",
        "wechat.nickname.review_timeout", "wechat.fill.old_base_library", "unicloud.result_passed_through",
    };
    for (const char* key : kProse)
        if (std::strcmp(key, a.key) == 0) return tr(a.value);
    return a.value;
}

void assumption_list() {
    section(tr("ASSUMPTIONS"));
    push_dim();
    ImGui::TextWrapped("%s", tr("Values the platform does not document; LoginScope chose them."));
    ImGui::PopStyleColor();
    if (!ImGui::BeginTable("assumptions", 2, ImGuiTableFlags_SizingFixedFit)) return;
    ImGui::TableSetupColumn("badge", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("fact", ImGuiTableColumnFlags_WidthStretch);
    for (const Assumption& a : assumptions()) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        badge(tr("assumption"), palette::assumption);
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", a.key);
        push_dim();
        ImGui::TextWrapped("= %s", assumption_value(a));
        ImGui::PopStyleColor();
        if (ImGui::IsItemHovered()) {
            ImGui::BeginTooltip();
            ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
            ImGui::TextUnformatted(tr(a.why));
            ImGui::PopTextWrapPos();
            ImGui::EndTooltip();
        }
    }
    ImGui::EndTable();
}

}  // namespace

Intents draw_setup(const SetupView& v, SetupDraft& draft) {
    if (!draft.loaded) {
        draft.env = v.env;
        draft.app = v.config.app;
        draft.loaded = true;
    }
    Intents out;
    const bool uni = v.config.flow == Flow::Univerify;
    flow_picker(v, draft, out);
    merge(out, draw_dev_server(v.dev_server, draft));
    environment_editor(draft, v.config.flow, out);
    if (v.config.flow == Flow::WeChatApp) {
        donut_app_editor(v, draft, out);
    } else if (v.config.flow == Flow::UniWeixin) {
        uni_weixin_editor(v, draft, out);
    } else if (v.config.flow == Flow::UniApple) {
        apple_editor(v, draft, out);
    } else if (v.config.flow == Flow::Swan) {
        swan_app_editor(v, draft, out);
    } else if (const PlatformPack* pack = pack_of(v.config.flow)) {
        pack_app_editor(v, draft, out, *pack);
    } else if (uni) {
        dcloud_app_editor(v, draft, out);
        univerify_calls(v, out);
        section("UNIVERIFYSTYLE");
        merge(out, draw_univerify_style(draft.univerify_style));
    } else {
        user_profile_options(v, out);
        wechat_app_editor(v, draft, out);
    }
    if (!v.config.backend) flaw_switches(v, out);  // the built-in server's mistakes: a team's backend has its own
    assumption_list();
    return out;
}

}  // namespace ls::gui
