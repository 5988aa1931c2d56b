#include "recorder.hpp"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "app_state.hpp"
#include "i18n.hpp"

#include "loginscope/catalog.hpp"
#include "loginscope/steps.hpp"

namespace ls::gui {

using nlohmann::ordered_json;

namespace {


constexpr std::pair<ClientAction, const char*> kSteps[] = {
    {ClientAction::Login, "login"},
    {ClientAction::WxLogin, "wx_login"},
    {ClientAction::SendCode, "resend_code"},
    {ClientAction::CheckSession, "check_session"},
    {ClientAction::CallApi, "call_api"},
    {ClientAction::PreLogin, "pre_login"},
    {ClientAction::UniLogin, "univerify_login"},
    {ClientAction::CloseAuthView, "close_auth_view"},
    {ClientAction::GetUniverifyManager, "get_univerify_manager"},
    {ClientAction::OnButtonsClick, "on_buttons_click"},
    {ClientAction::OffButtonsClick, "off_buttons_click"},
    {ClientAction::GetCheckBoxState, "get_checkbox_state"},
    {ClientAction::PageToggleCheckbox, "page_toggle_checkbox"},
    {ClientAction::PageTapLogin, "page_tap_login"},
    {ClientAction::PageTapOtherLogin, "page_tap_other_login"},
    {ClientAction::PageTapClose, "page_tap_close"},
    {ClientAction::PageTapCustomButton, "page_tap_custom_button"},
    {ClientAction::GetUserProfile, "get_user_profile"},
    {ClientAction::GetUserProfileOutsideTap, "get_user_profile"},
    {ClientAction::ProfileAllow, "profile_allow"},
    {ClientAction::ProfileDeny, "profile_deny"},
    {ClientAction::WeixinAppLogin, "weixin_app_login"},
    {ClientAction::UniLoginWeixin, "uni_login_weixin"},
    {ClientAction::UniLoginApple, "uni_login_apple"},
    {ClientAction::WechatAuthAllow, "wechat_auth_allow"},
    {ClientAction::WechatAuthDeny, "wechat_auth_deny"},
    {ClientAction::AppleContinue, "apple_continue"},
    {ClientAction::AppleCancel, "apple_cancel"},
    {ClientAction::SwanGetLoginCode, "swan_get_login_code"},
    {ClientAction::SwanCheckSession, "swan_check_session"},
    {ClientAction::SwanIsLoginSync, "swan_is_login_sync"},
    {ClientAction::UniLoginBaidu, "uni_login_baidu"},
    {ClientAction::BaiduLogIn, "baidu_dialog_log_in"},
    {ClientAction::BaiduClose, "baidu_dialog_close"},
};

template <class T>
void put_if_changed(ordered_json& j, const char* key, const T& base, const T& now) {
    if (!(base == now)) j[key] = now;
}

// fault_rule_to_json's fields in the order the scenario docs write them (where × when × what).
ordered_json rule_json(const FaultRule& r) {
    const nlohmann::json j = fault_rule_to_json(r);
    ordered_json out;
    for (const char* key : {"hop", "when", "n", "probability", "seed", "what", "code", "status", "ms", "bytes"})
        if (j.contains(key)) out[key] = ordered_json::parse(j[key].dump());
    for (auto& [key, value] : j.items())
        if (!out.contains(key)) out[key] = ordered_json::parse(value.dump());
    return out;
}

ordered_json enabled_rules(const std::vector<FaultRule>& rules) {
    ordered_json out = ordered_json::array();
    for (const FaultRule& r : rules)
        if (r.enabled) out.push_back(rule_json(r));
    return out;
}

}  // namespace

std::string scenario_action(ClientAction a, Flow flow) {
    if (a == ClientAction::Login && flow == Flow::Swan) return "swan_button_login";  // what Engine::login does there
    for (auto& [action, name] : kSteps)
        if (action == a) return name;
    return {};
}

ClientAction client_action_for(const std::string& step_action) {
    if (step_action == "swan_button_login") return ClientAction::Login;
    for (auto& [action, name] : kSteps)
        if (step_action == name) return action;
    return ClientAction::None;
}

ScenarioStep action_as_step(ClientAction a, const ActionParams& p, Flow flow) {
    ScenarioStep s;
    s.action = scenario_action(a, flow);
    if (a == ClientAction::PageTapCustomButton) s.index = p.arg;
    if (a == ClientAction::GetUserProfileOutsideTap) s.from_tap = false;
    if (a == ClientAction::UniLoginWeixin) s.only_authorize = p.only_authorize;
    if (a == ClientAction::UniLogin) s.style = p.style;
    return s;
}

ordered_json action_step(ClientAction a, const ActionParams& p, Flow flow) {
    ordered_json j = step_to_json(action_as_step(a, p, flow));
    j["note"] = std::string("GUI: ") + to_string(a);
    return j;
}

ordered_json expectation(const ActionResult& r, const UniverifyPageState& page, Flow flow) {
    ordered_json e{{"ok", r.ok}};
    if (!r.errMsg.empty()) e["errMsg"] = r.errMsg;
    if (r.errcode && find_catalog_entry_any(std::to_string(*r.errcode))) e["errcode"] = *r.errcode;
    if (r.http_status) e["http_status"] = r.http_status;
    if (flow == Flow::Univerify) {
        e["pending"] = r.pending;
        e["page_open"] = page.open;
        e["page_checked"] = page.checked;
        e["page_hint"] = page.hint_visible;
    } else if (r.pending) {
        e["pending"] = true;
    }
    return e;
}

ordered_json environment_json(const Environment& b, const Environment& n) {
    ordered_json j = ordered_json::object();
    put_if_changed(j, "os", b.os, n.os);
    put_if_changed(j, "online", b.online, n.online);
    put_if_changed(j, "latency_ms", b.latency_ms, n.latency_ms);
    put_if_changed(j, "user", b.user, n.user);
    put_if_changed(j, "high_risk_user", b.high_risk_user, n.high_risk_user);
    put_if_changed(j, "sim_present", b.line.sim_present, n.line.sim_present);
    put_if_changed(j, "cellular_data", b.line.cellular_data, n.line.cellular_data);
    if (b.line.carrier != n.line.carrier) j["carrier"] = carrier_info(n.line.carrier).id;
    put_if_changed(j, "number", b.line.number, n.line.number);
    put_if_changed(j, "gateway_ok", b.line.gateway_ok, n.line.gateway_ok);
    put_if_changed(j, "wechat_installed", b.wechat_installed, n.wechat_installed);
    put_if_changed(j, "baidu_logged_in", b.baidu_logged_in, n.baidu_logged_in);
    return j;
}

ordered_json config_json(const AppConfig& c, std::vector<std::string>* unsupported) {
    const AppConfig d;
    ordered_json j = ordered_json::object();
    put_if_changed(j, "appid", d.appid, c.appid);
    put_if_changed(j, "secret", d.secret, c.secret);
    put_if_changed(j, "unionid_bound", d.unionid_bound, c.unionid_bound);
    put_if_changed(j, "code_ttl_ms", d.policy.code_ttl_ms, c.policy.code_ttl_ms);
    put_if_changed(j, "session_key_idle_ttl_ms", d.policy.session_key_idle_ttl_ms, c.policy.session_key_idle_ttl_ms);
    put_if_changed(j, "quota_per_user_minute", d.policy.quota_per_user_minute, c.policy.quota_per_user_minute);
    put_if_changed(j, "token_ttl_ms", d.token_ttl_ms, c.token_ttl_ms);
    put_if_changed(j, "exchange_timeout_ms", d.exchange_timeout_ms, c.exchange_timeout_ms);
    put_if_changed(j, "uni_appid", d.univerify.uni_appid, c.univerify.uni_appid);
    put_if_changed(j, "service_enabled", d.univerify.service_enabled, c.univerify.service_enabled);
    put_if_changed(j, "approved", d.univerify.approved, c.univerify.approved);
    put_if_changed(j, "account", d.univerify.account, c.univerify.account);
    put_if_changed(j, "uni_runtime", d.uni_runtime, c.uni_runtime);
    put_if_changed(j, "app_closes_page", d.app_closes_page, c.app_closes_page);
    put_if_changed(j, "prelogin_ttl_ms", d.univerify_policy.prelogin_ttl_ms, c.univerify_policy.prelogin_ttl_ms);
    put_if_changed(j, "univerify_token_ttl_ms", d.univerify_policy.token_ttl_ms, c.univerify_policy.token_ttl_ms);
    put_if_changed(j, "donut_identity_management", d.donut.identity_management, c.donut.identity_management);
    put_if_changed(j, "donut_mobile_app", d.donut.mobile_app, c.donut.mobile_app);
    put_if_changed(j, "donut_opensdk", d.donut.opensdk, c.donut.opensdk);
    put_if_changed(j, "open_appsecret_in_app", d.open.appsecret_in_app, c.open.appsecret_in_app);
    if (!c.flaws.empty()) {
        ordered_json names = ordered_json::array();
        for (Flaw f : c.flaws) names.push_back(to_string(f));
        j["flaws"] = names;
    }
    if (unsupported) {
        if (c.apple_bundle_id != d.apple_bundle_id) unsupported->push_back("Bundle ID");
        if (c.baidu.app_key != d.baidu.app_key) unsupported->push_back("AppKey");
        if (c.baidu.app_secret != d.baidu.app_secret) unsupported->push_back("AppSecret");
    }
    return j;
}

// ---- Recorder ----------------------------------------------------------------------------

void Recorder::start(const EngineConfig& world, const std::vector<FaultRule>& faults) {
    recording_ = started_ = true;
    world_ = world;
    env_ = world.env;
    initial_faults_ = faults;
    steps_.clear();
    open_actions_.clear();
    warnings_.clear();
    std::vector<std::string> unsupported;
    config_json(world.app, &unsupported);
    for (const std::string& field : unsupported)
        warnings_.push_back(trf("%s is not in the scenario format: the replay uses the default", field.c_str()));
}

void Recorder::add_step(ordered_json step, bool busy, const char* what) {
    if (!recording_) return;
    if (busy)
        warnings_.push_back(trf("%s during a running action (step %zu) is replayed after it", tr(what), size_t(steps_.size())));
    steps_.push_back(std::move(step));
}

void Recorder::action_started(uint64_t id, ordered_json step, bool busy) {
    if (!recording_) return;
    add_step(std::move(step), busy, "an action");
    open_actions_.emplace_back(id, steps_.size() - 1);
}

void Recorder::action_finished(uint64_t id, const ActionResult& r, const UniverifyPageState& page) {
    for (auto it = open_actions_.begin(); it != open_actions_.end(); ++it)
        if (it->first == id) {
            ordered_json& step = steps_[it->second];
            ordered_json note = step.contains("note") ? step["note"] : ordered_json();
            step.erase("note");  // keep "expect" before "note"
            step["expect"] = expectation(r, page, world_.flow);
            if (!note.is_null()) step["note"] = note;
            open_actions_.erase(it);
            return;
        }
}

void Recorder::environment_changed(const Environment& after, bool busy) {
    if (!recording_) return;
    add_step({{"action", "environment"}, {"environment", environment_json(env_, after)}}, busy, "a phone change");
    env_ = after;
}

void Recorder::clock_advanced(int64_t ms, bool busy) {
    add_step({{"action", "advance"}, {"ms", ms}}, busy, "a clock move");
}

void Recorder::jumped_to_next_expiry(bool ok, bool busy) {
    add_step({{"action", "jump_to_next_expiry"}, {"expect", {{"ok", ok}}}}, busy, "a clock move");
}

void Recorder::fault_added(const FaultRule& r, const std::vector<FaultRule>& now, bool busy) {
    if (!recording_) return;
    if (steps_.empty())
        initial_faults_ = now;
    else
        add_step({{"action", "add_fault"}, {"fault", rule_json(r)}}, busy, "a fault");
}

void Recorder::faults_replaced(const std::vector<FaultRule>& now, bool busy) {
    if (!recording_) return;
    if (steps_.empty()) {
        initial_faults_ = now;
        return;
    }
    add_step({{"action", "clear_faults"}}, busy, "a fault change");
    for (const FaultRule& r : now)
        if (r.enabled) steps_.push_back({{"action", "add_fault"}, {"fault", rule_json(r)}});
}

void Recorder::fault_removed(size_t index, bool busy) {
    add_step({{"action", "remove_fault"}, {"index", index}}, busy, "a fault change");
}

void Recorder::fault_switched(size_t index, bool on, bool busy) {
    add_step({{"action", "set_fault_enabled"}, {"index", index}, {"enabled", on}}, busy, "a fault change");
}

void Recorder::flaws_changed(const FlawSet& flaws, bool busy) {
    ordered_json names = ordered_json::array();
    for (Flaw f : flaws) names.push_back(to_string(f));
    add_step({{"action", "set_flaws"}, {"flaws", names}}, busy, "a flaw switch");
}

ordered_json Recorder::scenario(const std::string& name) const {
    ordered_json j;
    j["name"] = name.empty() ? std::string("Recorded ") + to_string(world_.flow) + " session" : name;
    j["description"] = "Recorded in the LoginScope GUI: every step's expectations are what happened then.";
    j["flow"] = to_string(world_.flow);
    j["seed"] = world_.seed;
    j["transport"] = world_.transport == TransportMode::Http ? "http" : "in_process";
    if (ordered_json env = environment_json(Environment{}, world_.env); !env.empty()) j["environment"] = env;
    if (ordered_json cfg = config_json(world_.app); !cfg.empty()) j["config"] = cfg;
    if (ordered_json faults = enabled_rules(initial_faults_); !faults.empty()) j["faults"] = faults;
    j["steps"] = steps_;
    return j;
}

}  // namespace ls::gui
