#include "loginscope/scenario.hpp"

#include <atomic>
#include <chrono>
#include <ctime>
#include <thread>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "loginscope/baidu.hpp"
#include "loginscope/catalog.hpp"
#include "loginscope/invariants.hpp"

namespace ls {

using nlohmann::json;

namespace {

// Reads typed fields from one JSON object and names the field in every complaint.
class Fields {
public:
    Fields(const json& j, std::string where, std::set<std::string> allowed) : j_(j), where_(std::move(where)) {
        if (!j_.is_object()) fail("", "must be an object");
        for (auto& [k, v] : j_.items())
            if (!allowed.count(k)) fail(k, "unknown field");
    }
    [[noreturn]] void fail(const std::string& field, const std::string& why) const {
        std::string where = field.empty() ? where_ : at(field);
        if (!where.empty() && where.back() == ':') where.pop_back();
        throw ScenarioError(where + ": " + why);
    }
    // "file.json: steps[1].action": the file is followed by ": ", nested fields by ".".
    std::string at(const std::string& f) const {
        if (where_.empty()) return f;
        return where_.back() == ':' ? where_ + " " + f : where_ + "." + f;
    }
    bool has(const std::string& f) const { return j_.contains(f); }
    const json& raw(const std::string& f) const { return j_.at(f); }

    template <class T>
    void read(const std::string& f, T& out) const {
        if (!j_.contains(f)) return;
        const json& v = j_.at(f);
        if constexpr (std::is_same_v<T, bool>) {
            if (!v.is_boolean()) fail(f, "must be true or false");
        } else if constexpr (std::is_same_v<T, std::string>) {
            if (!v.is_string()) fail(f, "must be a string");
        } else {
            if (!v.is_number_integer()) fail(f, "must be an integer");
            if (v.get<int64_t>() < 0) fail(f, "must be >= 0");
        }
        out = v.get<T>();
    }

private:
    const json& j_;
    std::string where_;
};

FlawSet parse_flaws(const json& j, const std::string& where) {
    if (!j.is_array()) throw ScenarioError(where + ": must be an array of flaw names");
    FlawSet out;
    for (size_t i = 0; i < j.size(); ++i) {
        const auto f = j[i].is_string() ? flaw_from_string(j[i].get<std::string>()) : std::nullopt;
        if (!f) {
            std::string names;
            for (auto& info : flaw_catalog()) names += (names.empty() ? "" : ", ") + std::string(info.id);
            throw ScenarioError(where + "[" + std::to_string(i) + "]: must be one of " + names);
        }
        out.insert(*f);
    }
    return out;
}

Environment parse_environment(const json& j, const std::string& where, Environment env) {
    Fields f(j, where, {"os", "online", "latency_ms", "user", "high_risk_user", "sim_present", "cellular_data",
                        "carrier", "number", "gateway_ok", "wechat_installed", "baidu_logged_in"});
    f.read("os", env.os);
    if (env.os != "android" && env.os != "ios") f.fail("os", "must be \"android\" or \"ios\"");
    f.read("online", env.online);
    f.read("latency_ms", env.latency_ms);
    f.read("user", env.user);
    f.read("high_risk_user", env.high_risk_user);
    f.read("sim_present", env.line.sim_present);
    f.read("cellular_data", env.line.cellular_data);
    f.read("gateway_ok", env.line.gateway_ok);
    f.read("wechat_installed", env.wechat_installed);
    f.read("baidu_logged_in", env.baidu_logged_in);
    f.read("number", env.line.number);
    if (f.has("carrier")) {
        std::string c;
        f.read("carrier", c);
        auto carrier = carrier_from_string(c);
        if (!carrier) f.fail("carrier", "must be \"china_mobile\", \"china_unicom\" or \"china_telecom\"");
        env.line.carrier = *carrier;
    }
    return env;
}

AppConfig parse_config(const json& j, const std::string& where) {
    AppConfig c;
    Fields f(j, where, {"appid", "secret", "unionid_bound", "code_ttl_ms", "session_key_idle_ttl_ms",
                        "quota_per_user_minute", "token_ttl_ms", "exchange_timeout_ms", "uni_appid", "service_enabled",
                        "approved", "account", "uni_runtime", "app_closes_page", "prelogin_ttl_ms",
                        "univerify_token_ttl_ms", "donut_identity_management",
                        "donut_mobile_app", "donut_opensdk", "open_appsecret_in_app", "flaws"});
    f.read("appid", c.appid);
    f.read("secret", c.secret);
    f.read("unionid_bound", c.unionid_bound);
    f.read("code_ttl_ms", c.policy.code_ttl_ms);
    f.read("session_key_idle_ttl_ms", c.policy.session_key_idle_ttl_ms);
    f.read("quota_per_user_minute", c.policy.quota_per_user_minute);
    f.read("token_ttl_ms", c.token_ttl_ms);
    f.read("exchange_timeout_ms", c.exchange_timeout_ms);
    f.read("uni_appid", c.univerify.uni_appid);
    f.read("service_enabled", c.univerify.service_enabled);
    f.read("approved", c.univerify.approved);
    f.read("account", c.univerify.account);
    if (c.univerify.account != "ok" && c.univerify.account != "abnormal" && c.univerify.account != "no_balance")
        f.fail("account", "must be \"ok\", \"abnormal\" or \"no_balance\"");
    f.read("uni_runtime", c.uni_runtime);
    if (c.uni_runtime != "vue2" && c.uni_runtime != "vue3") f.fail("uni_runtime", "must be \"vue2\" or \"vue3\"");
    f.read("app_closes_page", c.app_closes_page);
    if (f.has("flaws")) c.flaws = parse_flaws(f.raw("flaws"), f.at("flaws"));
    f.read("donut_identity_management", c.donut.identity_management);
    f.read("donut_mobile_app", c.donut.mobile_app);
    if (c.donut.mobile_app != "ok" && c.donut.mobile_app != "none" && c.donut.mobile_app != "wrong")
        f.fail("donut_mobile_app", "must be \"ok\", \"none\" or \"wrong\"");
    f.read("donut_opensdk", c.donut.opensdk);
    f.read("open_appsecret_in_app", c.open.appsecret_in_app);
    f.read("prelogin_ttl_ms", c.univerify_policy.prelogin_ttl_ms);
    f.read("univerify_token_ttl_ms", c.univerify_policy.token_ttl_ms);
    if (c.appid.empty()) f.fail("appid", "must not be empty");
    return c;
}

StepExpectation parse_expectation(const json& j, const std::string& where) {
    StepExpectation e;
    Fields f(j, where, {"ok", "errMsg", "errcode", "http_status", "detail_contains", "pending", "page_open",
                        "page_checked", "page_hint"});
    if (f.has("ok")) { bool v = false; f.read("ok", v); e.ok = v; }
    if (f.has("errMsg")) { std::string v; f.read("errMsg", v); e.errMsg = v; }
    if (f.has("errcode")) {
        if (!j["errcode"].is_number_integer()) f.fail("errcode", "must be an integer");
        e.errcode = j["errcode"].get<int>();
        if (!find_catalog_entry_any(std::to_string(*e.errcode)))
            f.fail("errcode", std::to_string(*e.errcode) + " is not in any platform's catalog");
    }
    if (f.has("http_status")) { int64_t v = 0; f.read("http_status", v); e.http_status = int(v); }
    if (f.has("detail_contains")) { std::string v; f.read("detail_contains", v); e.detail_contains = v; }
    for (auto [key, slot] : {std::pair{"pending", &e.pending}, std::pair{"page_open", &e.page_open},
                             std::pair{"page_checked", &e.page_checked}, std::pair{"page_hint", &e.page_hint}})
        if (f.has(key)) { bool v = false; f.read(key, v); *slot = v; }
    return e;
}

using StepFn = ActionResult (*)(Engine&, const ScenarioStep&);

// The code the phone got `back` codes before its latest one ("" when it got fewer).
std::string recent_code(Engine& engine, int back) {
    std::vector<std::string> codes;
    for (const Event& e : engine.journal().all())
        if (e.kind == "code.issued" && e.links.count("code")) codes.push_back(e.links.at("code"));
    return int(codes.size()) > back ? codes[codes.size() - 1 - back] : "";
}

ActionResult state_change(const ScenarioStep& step, bool ok = true) {
    ActionResult r;
    r.action = step.action;
    r.ok = ok;
    return r;
}

// remove_fault / set_fault_enabled: rule `s.index` of the list as it is now; a step that fails (and
// says why) when there is no such rule.
ActionResult fault_rule_step(Engine& e, const ScenarioStep& s) {
    const size_t count = e.faults().size();
    if (s.index < 0 || size_t(s.index) >= count) {
        ActionResult r = state_change(s, false);
        r.detail = "no fault rule #" + std::to_string(s.index) + " (there are " + std::to_string(count) + ")";
        return r;
    }
    if (s.action == "remove_fault")
        e.remove_fault(size_t(s.index));
    else
        e.set_fault_enabled(size_t(s.index), s.enabled);
    return state_change(s);
}

// Every step action and what it does to the engine: the parser, the schema test, `explore` and the
// GUI recorder all use these names.
const std::map<std::string, StepFn> kSteps = {
    {"login", [](Engine& e, const ScenarioStep& s) { return e.login(s.login); }},
    {"wx_login", [](Engine& e, const ScenarioStep& s) { return e.wx_login(s.login); }},
    {"send_code", [](Engine& e, const ScenarioStep& s) {
         const std::string claim = s.claim_openid_of.empty() ? "" : e.openid_of(s.claim_openid_of);
         const std::string older = s.code_back > 0 ? recent_code(e, s.code_back) : "";
         if (s.code_back > 0 && older.empty()) {  // nothing to replay: say so rather than send the latest code
             ActionResult r = state_change(s, false);
             r.detail = "the phone has had fewer than " + std::to_string(s.code_back + 1) + " codes: nothing to replay";
             return r;
         }
         return e.send_code(s.code_back > 0 ? older : s.code, claim);
     }},
    {"resend_code", [](Engine& e, const ScenarioStep& s) { return e.send_code(); }},
    {"check_session", [](Engine& e, const ScenarioStep&) { return e.check_session(); }},
    {"call_api", [](Engine& e, const ScenarioStep&) { return e.call_api(); }},
    {"server_check_session", [](Engine& e, const ScenarioStep&) { return e.server_check_session(); }},
    {"server_reset_session_key", [](Engine& e, const ScenarioStep&) { return e.server_reset_session_key(); }},
    {"swan_button_login", [](Engine& e, const ScenarioStep&) { return e.swan_button_login(); }},
    {"baidu_dialog_log_in", [](Engine& e, const ScenarioStep&) { return e.baidu_dialog(true); }},
    {"baidu_dialog_close", [](Engine& e, const ScenarioStep&) { return e.baidu_dialog(false); }},
    {"swan_login", [](Engine& e, const ScenarioStep& s) { return e.swan_login(s.login); }},
    {"swan_get_login_code", [](Engine& e, const ScenarioStep&) { return e.swan_get_login_code(); }},
    {"swan_check_session", [](Engine& e, const ScenarioStep&) { return e.swan_check_session(); }},
    {"swan_is_login_sync", [](Engine& e, const ScenarioStep&) { return e.swan_is_login_sync(); }},
    {"uni_login_baidu", [](Engine& e, const ScenarioStep&) { return e.uni_login_baidu(); }},
    {"uni_get_login_code", [](Engine& e, const ScenarioStep&) { return e.uni_get_login_code(); }},
    {"pre_login", [](Engine& e, const ScenarioStep&) { return e.pre_login(); }},
    {"univerify_login", [](Engine& e, const ScenarioStep& s) { return e.univerify_login(s.style); }},
    {"page_toggle_checkbox", [](Engine& e, const ScenarioStep&) { return e.page_toggle_checkbox(); }},
    {"page_tap_login", [](Engine& e, const ScenarioStep&) { return e.page_tap_login(); }},
    {"page_tap_other_login", [](Engine& e, const ScenarioStep&) { return e.page_tap_other_login(); }},
    {"page_tap_close", [](Engine& e, const ScenarioStep&) { return e.page_tap_close(); }},
    {"page_tap_custom_button", [](Engine& e, const ScenarioStep& s) { return e.page_tap_custom_button(s.index); }},
    {"close_auth_view", [](Engine& e, const ScenarioStep&) { return e.close_auth_view(); }},
    {"get_univerify_manager", [](Engine& e, const ScenarioStep&) { return e.get_univerify_manager(); }},
    {"on_buttons_click", [](Engine& e, const ScenarioStep&) { return e.on_buttons_click(true); }},
    {"off_buttons_click", [](Engine& e, const ScenarioStep&) { return e.on_buttons_click(false); }},
    {"get_checkbox_state", [](Engine& e, const ScenarioStep&) { return e.get_checkbox_state(); }},
    {"get_user_profile", [](Engine& e, const ScenarioStep& s) { return e.get_user_profile(s.from_tap); }},
    {"profile_allow", [](Engine& e, const ScenarioStep& s) { return e.profile_sheet(true, s.watermark_appid); }},
    {"profile_deny", [](Engine& e, const ScenarioStep&) { return e.profile_sheet(false); }},
    {"weixin_app_login", [](Engine& e, const ScenarioStep&) { return e.weixin_app_login(); }},
    {"wechat_auth_allow", [](Engine& e, const ScenarioStep&) { return e.wechat_auth(true); }},
    {"wechat_auth_deny", [](Engine& e, const ScenarioStep&) { return e.wechat_auth(false); }},
    {"uni_login_weixin", [](Engine& e, const ScenarioStep& s) { return e.uni_login_weixin(s.only_authorize); }},
    {"uni_login_apple", [](Engine& e, const ScenarioStep&) { return e.uni_login_apple(); }},
    {"apple_continue", [](Engine& e, const ScenarioStep&) { return e.apple_sheet(true); }},
    {"apple_cancel", [](Engine& e, const ScenarioStep&) { return e.apple_sheet(false); }},
    {"advance", [](Engine& e, const ScenarioStep& s) { e.advance(s.ms); return state_change(s); }},
    {"jump_to_next_expiry", [](Engine& e, const ScenarioStep& s) { return state_change(s, e.jump_to_next_expiry()); }},
    {"environment", [](Engine& e, const ScenarioStep& s) { e.set_environment(*s.env); return state_change(s); }},
    {"add_fault", [](Engine& e, const ScenarioStep& s) { e.add_fault(*s.fault); return state_change(s); }},
    {"clear_faults", [](Engine& e, const ScenarioStep& s) { e.clear_faults(); return state_change(s); }},
    {"remove_fault", fault_rule_step},
    {"set_fault_enabled", fault_rule_step},
    {"set_flaws", [](Engine& e, const ScenarioStep& s) { e.set_flaws(s.flaws); return state_change(s); }},
};

std::set<std::string> step_names() {
    std::set<std::string> out;
    for (auto& [name, fn] : kSteps) out.insert(name);
    return out;
}
const std::set<std::string> kActions = step_names();


}  // namespace

const std::set<std::string>& scenario_actions() { return kActions; }

ActionResult perform_step(Engine& engine, const ScenarioStep& step) { return kSteps.at(step.action)(engine, step); }

namespace {

ScenarioStep parse_step(const json& j, const std::string& where, const Environment& env) {
    ScenarioStep s;
    s.source = j;
    Fields f(j, where, {"action", "timeout_ms", "ms", "code", "index", "enabled", "style", "from_tap", "only_authorize",
                        "environment", "claim_openid_of", "code_back", "watermark_appid", "fault", "flaws", "expect", "note"});
    f.read("from_tap", s.from_tap);
    f.read("only_authorize", s.only_authorize);
    if (!f.has("action")) f.fail("action", "required");
    f.read("action", s.action);
    if (!kActions.count(s.action)) f.fail("action", "unknown action \"" + s.action + "\"");
    if (f.has("timeout_ms")) { int64_t t = 0; f.read("timeout_ms", t); s.login.timeout_ms = t; }
    f.read("ms", s.ms);
    f.read("code", s.code);
    if (!s.code.empty() && s.action != "send_code") f.fail("code", "only send_code takes a code");
    if (f.has("code_back")) {
        if (s.action != "send_code") f.fail("code_back", "only send_code takes code_back");
        if (!s.code.empty()) f.fail("code_back", "give either code or code_back");
        int64_t back = 0;
        f.read("code_back", back);
        s.code_back = int(back);
    }
    f.read("claim_openid_of", s.claim_openid_of);
    if (!s.claim_openid_of.empty() && s.action != "send_code") f.fail("claim_openid_of", "only send_code takes claim_openid_of");
    f.read("watermark_appid", s.watermark_appid);
    if (!s.watermark_appid.empty() && s.action != "profile_allow") f.fail("watermark_appid", "only profile_allow takes watermark_appid");
    if (s.action == "add_fault") {
        if (!f.has("fault")) f.fail("fault", "required for add_fault");
        try {
            s.fault = fault_rule_from_json(j["fault"], f.at("fault"));
        } catch (const std::invalid_argument& e) {
            throw ScenarioError(e.what());
        }
    } else if (f.has("fault")) {
        f.fail("fault", "only add_fault takes a fault");
    }
    if (s.action == "set_flaws") {
        if (!f.has("flaws")) f.fail("flaws", "required for set_flaws");
        s.flaws = parse_flaws(j["flaws"], f.at("flaws"));
    } else if (f.has("flaws")) {
        f.fail("flaws", "only set_flaws takes flaws");
    }
    if (f.has("index")) {
        int64_t i = 0;
        f.read("index", i);
        if (i < 0 || i > 100000) f.fail("index", "must be 0 or more");
        s.index = int(i);
    }
    const bool rule_step = s.action == "remove_fault" || s.action == "set_fault_enabled";
    if (rule_step && !f.has("index")) f.fail("index", "required for " + s.action + " (the rule's position, from 0)");
    if (s.action == "set_fault_enabled") {
        if (!f.has("enabled")) f.fail("enabled", "required for set_fault_enabled");
        f.read("enabled", s.enabled);
    } else if (f.has("enabled")) {
        f.fail("enabled", "only set_fault_enabled takes enabled");
    }
    if (f.has("style")) {
        if (s.action != "univerify_login") f.fail("style", "only univerify_login takes a style");
        try {
            s.style = univerify_style_from_json(j["style"]);
        } catch (const std::invalid_argument& e) {
            f.fail("style", e.what());
        }
    }
    if (s.action == "advance" && s.ms <= 0) f.fail("ms", "required and > 0 for advance");
    if (s.action == "environment") {
        if (!f.has("environment")) f.fail("environment", "required for the environment action");
        s.env = parse_environment(j["environment"], f.at("environment"), env);
    }
    if (f.has("expect")) s.expect = parse_expectation(j["expect"], f.at("expect"));
    return s;
}

// A platform_error fault must name a code the flow's own catalogs have at that hop.
void check_fault_code(const FaultRule& r, Flow flow, const std::string& where) {
    if (r.kind != FaultKind::PlatformError) return;
    std::string codes;
    for (const CatalogEntry* e : fault_codes(flow, r.hop)) {
        if (r.code == e->code) return;
        codes += (codes.empty() ? "" : ", ") + std::string(e->code);
    }
    throw ScenarioError(where + ": \"" + r.code + "\" is not a " + to_string(flow) + " code at " + to_string(r.hop) +
                        (codes.empty() ? " (that hop has no platform codes in this flow)" : " (one of: " + codes + ")"));
}

std::vector<std::string> string_list(const json& j, const std::string& where) {
    if (!j.is_array()) throw ScenarioError(where + ": must be an array of strings");
    std::vector<std::string> out;
    for (size_t i = 0; i < j.size(); ++i) {
        if (!j[i].is_string()) throw ScenarioError(where + "[" + std::to_string(i) + "]: must be a string");
        out.push_back(j[i]);
    }
    return out;
}

}  // namespace

Scenario parse_scenario(const json& j, const std::string& file) {
    Scenario s;
    s.file = file;
    Fields f(j, file + ":", {"name", "description", "flow", "seed", "transport", "environment", "config", "faults", "steps", "expect",
                             "check_invariants"});
    f.read("check_invariants", s.check_invariants);
    auto where = [&](const std::string& field) { return file + ": " + field; };
    if (!j.is_object()) throw ScenarioError(file + ": the scenario must be a JSON object");
    if (!j.contains("name") || !j["name"].is_string()) throw ScenarioError(where("name") + ": required string");
    s.name = j["name"];
    f.read("description", s.description);
    if (!j.contains("flow") || !j["flow"].is_string()) throw ScenarioError(where("flow") + ": required string");
    auto flow = flow_from_string(j["flow"]);
    if (!flow) throw ScenarioError(where("flow") + ": unknown or unavailable flow \"" + j["flow"].get<std::string>() + "\"");
    s.config.flow = *flow;
    if (j.contains("seed")) {
        if (!j["seed"].is_number_unsigned()) throw ScenarioError(where("seed") + ": must be a non-negative integer");
        s.config.seed = j["seed"];
    }
    std::string transport = "http";
    f.read("transport", transport);
    if (transport != "http" && transport != "in_process") throw ScenarioError(where("transport") + ": must be \"http\" or \"in_process\"");
    s.config.transport = transport == "http" ? TransportMode::Http : TransportMode::InProcess;
    if (j.contains("environment")) s.config.env = parse_environment(j["environment"], where("environment"), {});
    if (j.contains("config")) s.config.app = parse_config(j["config"], where("config"));
    if (j.contains("faults")) {
        if (!j["faults"].is_array()) throw ScenarioError(where("faults") + ": must be an array");
        for (size_t i = 0; i < j["faults"].size(); ++i) {
            try {
                s.faults.push_back(fault_rule_from_json(j["faults"][i], "faults[" + std::to_string(i) + "]"));
            } catch (const std::invalid_argument& e) {
                throw ScenarioError(file + ": " + e.what());
            }
        }
    }
    for (size_t i = 0; i < s.faults.size(); ++i)
        check_fault_code(s.faults[i], s.config.flow, where("faults[" + std::to_string(i) + "].code"));
    if (!j.contains("steps") || !j["steps"].is_array() || j["steps"].empty())
        throw ScenarioError(where("steps") + ": required, a non-empty array");
    Environment env = s.config.env;
    for (size_t i = 0; i < j["steps"].size(); ++i) {
        s.steps.push_back(parse_step(j["steps"][i], where("steps[" + std::to_string(i) + "]"), env));
        if (s.steps.back().fault) check_fault_code(*s.steps.back().fault, s.config.flow, where("steps[" + std::to_string(i) + "].fault.code"));
        if (s.steps.back().env) env = *s.steps.back().env;
    }
    if (j.contains("expect")) {
        const json& e = j["expect"];
        if (!e.is_object()) throw ScenarioError(where("expect") + ": must be an object");
        for (auto& [k, v] : e.items())
            if (k != "events" && k != "console") throw ScenarioError(where("expect." + k) + ": unknown field");
        if (e.contains("events")) s.expect_events = string_list(e["events"], where("expect.events"));
        if (e.contains("console")) s.expect_console = string_list(e["console"], where("expect.console"));
    }
    return s;
}

Scenario load_scenario(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ScenarioError(path + ": cannot be read");
    std::stringstream ss;
    ss << in.rdbuf();
    json j;
    try {
        j = json::parse(ss.str());
    } catch (const json::parse_error& e) {
        throw ScenarioError(path + ": not valid JSON (" + std::string(e.what()) + ")");
    }
    return parse_scenario(j, path);
}

namespace {


std::vector<std::string> check_step(const ActionResult& r, const StepExpectation& e) {
    std::vector<std::string> out;
    auto want = [&](bool good, const std::string& what) {
        if (!good) out.push_back(what);
    };
    if (e.ok) want(r.ok == *e.ok, std::string("expected ") + (*e.ok ? "success" : "failure") + ", got " +
                                       (r.ok ? "success" : "failure (" + r.detail + ")"));
    if (e.errMsg) want(r.errMsg == *e.errMsg, "expected errMsg \"" + *e.errMsg + "\", got \"" + r.errMsg + "\"");
    if (e.errcode)
        want(r.errcode == e.errcode, "expected errcode " + std::to_string(*e.errcode) + ", got " +
                                         (r.errcode ? std::to_string(*r.errcode) : std::string("none")));
    if (e.http_status)
        want(r.http_status == *e.http_status,
             "expected HTTP " + std::to_string(*e.http_status) + ", got " + std::to_string(r.http_status));
    if (e.detail_contains)
        want(r.detail.find(*e.detail_contains) != std::string::npos,
             "expected detail containing \"" + *e.detail_contains + "\", got \"" + r.detail + "\"");
    if (e.pending) want(r.pending == *e.pending, std::string("expected uni.login ") + (*e.pending ? "still waiting" : "settled"));
    return out;
}

std::vector<std::string> check_page(const UniverifyPageState& p, const StepExpectation& e) {
    std::vector<std::string> out;
    auto want = [&](const std::optional<bool>& expected, bool actual, const char* what) {
        if (expected && *expected != actual)
            out.push_back(std::string("expected the page's ") + what + " to be " + (*expected ? "true" : "false"));
    };
    want(e.page_open, p.open, "open");
    want(e.page_checked, p.checked, "checkbox");
    want(e.page_hint, p.hint_visible, "hint");
    return out;
}

// `wanted` must appear in `seen` in order, not necessarily adjacent; returns the first missing one.
template <class Seen, class Match>
std::optional<std::string> first_missing(const std::vector<std::string>& wanted, const Seen& seen, Match match) {
    size_t i = 0;
    for (auto& s : seen)
        if (i < wanted.size() && match(s, wanted[i])) ++i;
    if (i < wanted.size()) return wanted[i];
    return std::nullopt;
}

}  // namespace

ScenarioResult play_scenario(Engine& engine, const Scenario& s) {
    const auto start = std::chrono::steady_clock::now();
    ScenarioResult out;
    out.file = s.file;
    out.name = s.name;
    for (auto& f : s.faults) engine.add_fault(f);
    InvariantChecker invariants;
    for (size_t i = 0; i < s.steps.size(); ++i) {
        StepOutcome o;
        o.result = perform_step(engine, s.steps[i]);
        o.failures = check_step(o.result, s.steps[i].expect);
        for (auto& f : check_page(engine.univerify_page(), s.steps[i].expect)) o.failures.push_back(f);
        if (s.check_invariants)
            for (auto& v : invariants.check(engine, o.result)) o.failures.push_back("invariant " + v.invariant + ": " + v.detail);
        for (auto& f : o.failures) out.failures.push_back("steps[" + std::to_string(i) + "] " + s.steps[i].action + ": " + f);
        out.steps.push_back(o);
    }
    out.events = engine.journal().all();
    if (auto miss = first_missing(s.expect_events, out.events, [](const Event& e, const std::string& k) { return e.kind == k; }))
        out.failures.push_back("expected event \"" + *miss + "\" (in order) was not recorded");
    const auto lines = console_lines(out.events);
    if (auto miss = first_missing(s.expect_console, lines, [](const std::string& line, const std::string& w) {
            const size_t p = line.find("] ");
            return line.compare(p == std::string::npos ? 0 : p + 2, w.size(), w) == 0;
        }))
        out.failures.push_back("expected console line \"" + *miss + "\" (in order) was not printed");
    out.passed = out.failures.empty();
    out.real_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return out;
}

ScenarioResult run_scenario(const Scenario& s, std::optional<TransportMode> transport) {
    EngineConfig cfg = s.config;
    if (transport) cfg.transport = *transport;
    Engine engine(cfg);
    return play_scenario(engine, s);
}

namespace {
std::string xml_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') out += ' ';
                else out += c;
        }
    }
    return out;
}
}  // namespace

std::string junit_report(const std::vector<ScenarioResult>& results) {
    size_t failures = 0;
    double total = 0;
    for (auto& r : results) {
        failures += r.passed ? 0 : 1;
        total += r.real_seconds;
    }
    std::ostringstream x;
    x << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    x << "<testsuites name=\"loginscope\" tests=\"" << results.size() << "\" failures=\"" << failures << "\" time=\"" << total << "\">\n";
    x << "  <testsuite name=\"scenarios\" tests=\"" << results.size() << "\" failures=\"" << failures << "\" errors=\"0\" time=\"" << total << "\">\n";
    for (auto& r : results) {
        x << "    <testcase classname=\"" << xml_escape(r.file) << "\" name=\"" << xml_escape(r.name) << "\" time=\"" << r.real_seconds << "\"";
        if (r.passed) {
            x << "/>\n";
            continue;
        }
        x << ">\n      <failure message=\"" << xml_escape(r.failures.front()) << "\">";
        for (auto& f : r.failures) x << xml_escape(f) << "\n";
        x << "</failure>\n    </testcase>\n";
    }
    x << "  </testsuite>\n</testsuites>\n";
    return x.str();
}

std::string json_report(const std::vector<ScenarioResult>& results) {
    json out = json::array();
    for (auto& r : results) {
        json steps = json::array();
        for (auto& s : r.steps) {
            json st{{"action", s.result.action}, {"ok", s.result.ok}, {"errMsg", s.result.errMsg},
                    {"http_status", s.result.http_status}, {"detail", s.result.detail}, {"failures", s.failures}};
            if (s.result.errcode) st["errcode"] = *s.result.errcode;
            steps.push_back(st);
        }
        out.push_back({{"file", r.file}, {"name", r.name}, {"passed", r.passed}, {"failures", r.failures},
                       {"steps", steps}, {"events", r.events}});
    }
    size_t passed = 0;
    for (auto& r : results) passed += r.passed;
    // Steps and events carry bytes from the wire (a reply cut inside a character): U+FFFD stands in.
    return json{{"passed", passed}, {"failed", results.size() - passed}, {"scenarios", out}}.dump(
        2, ' ', false, json::error_handler_t::replace);
}

namespace {
std::string iso_time(int64_t virtual_ms) {
    const int64_t epoch_ms = assumed_int("wechat.profile.watermark_epoch") * 1000 + virtual_ms;
    const std::time_t secs = std::time_t(epoch_ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, int(epoch_ms % 1000));
    return buf;
}

// HAR name/value pairs.
json har_pairs(const std::map<std::string, std::string>& pairs) {
    json out = json::array();
    for (auto& [name, value] : pairs) out.push_back({{"name", name}, {"value", value}});
    return out;
}

// A body's size on the wire: the journal keeps at most kJournalTextLimit bytes of it, and its whole
// size when it cut it; the HAR's text is then the cut text with its marker.
int64_t body_size(const std::string& kept, size_t whole) { return int64_t(whole ? whole : kept.size()); }
std::string cut_note(size_t whole) {
    return "cut: the journal keeps at most the first " + std::to_string(kJournalTextLimit) + " bytes of a body; " +
           std::to_string(whole) + " bytes in all";
}

json har_entry(const Event& e, const std::string& page) {
    const HttpRecord& h = *e.http;
    // Where it went on the wire (loopback, on the HTTP transport); in process no socket carried it,
    // and the journal's logical URL stands.
    const std::string& url = h.url.empty() ? h.target : h.url;
    const size_t query = url.find('?');
    json req{{"method", h.method}, {"url", url}, {"httpVersion", "HTTP/1.1"}, {"cookies", json::array()},
             {"headers", har_pairs(h.request_headers)},
             {"queryString", har_pairs(query == std::string::npos ? std::map<std::string, std::string>{} : parse_form(url.substr(query + 1)))},
             {"headersSize", -1}, {"bodySize", body_size(h.request_body, h.request_body_size)}};
    if (!h.request_body.empty()) {
        const auto type = h.request_headers.find("Content-Type");
        req["postData"] = {{"mimeType", type == h.request_headers.end() ? "application/json" : type->second}, {"text", h.request_body}};
        if (h.request_body_size) req["postData"]["comment"] = cut_note(h.request_body_size);
    }
    json content{{"size", body_size(h.response_body, h.response_body_size)}, {"mimeType", "application/json"}, {"text", h.response_body}};
    if (h.response_body_size) content["comment"] = cut_note(h.response_body_size);
    json res{{"status", h.status}, {"statusText", h.transport_error},
             {"httpVersion", "HTTP/1.1"}, {"cookies", json::array()}, {"headers", json::array()},
             {"content", content}, {"redirectURL", ""}, {"headersSize", -1},
             {"bodySize", body_size(h.response_body, h.response_body_size)}};
    return {{"pageref", page}, {"startedDateTime", iso_time(e.t_ms)}, {"time", 0}, {"request", req}, {"response", res},
            {"cache", json::object()}, {"timings", {{"send", 0}, {"wait", 0}, {"receive", 0}}},
            {"comment", std::string(to_string(*e.to)) + " <- " + to_string(e.actor)}};
}
}  // namespace

std::string har_report(const std::vector<ScenarioResult>& results) {
    json pages = json::array(), entries = json::array();
    for (size_t i = 0; i < results.size(); ++i) {
        const std::string id = "scenario_" + std::to_string(i);
        pages.push_back({{"startedDateTime", iso_time(0)}, {"id", id}, {"title", results[i].name}, {"pageTimings", json::object()}});
        for (const Event& e : results[i].events)
            if (e.kind == "http.response" && e.http && e.to) entries.push_back(har_entry(e, id));
    }
    return json{{"log", {{"version", "1.2"}, {"creator", {{"name", "LoginScope"}, {"version", "0.1.0"}}},
                          {"pages", pages}, {"entries", entries}}}}
        .dump(2, ' ', false, json::error_handler_t::replace);
}

std::vector<ScenarioResult> run_scenarios(const std::vector<Scenario>& scenarios, int jobs,
                                          const std::function<void(const ScenarioResult&)>& done) {
    std::vector<ScenarioResult> results(scenarios.size());
    std::atomic<size_t> next{0};
    auto worker = [&] {
        for (size_t i; (i = next++) < scenarios.size();) {
            results[i] = run_scenario(scenarios[i]);
            if (done) done(results[i]);
        }
    };
    std::vector<std::thread> pool;
    for (int j = 1; j < std::max(1, jobs); ++j) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();
    return results;
}

void write_file_atomically(const std::string& path, const std::string& content) {
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw std::runtime_error(path + ": cannot be written");
        out << content;
        out.flush();
        if (!out) throw std::runtime_error(path + ": write failed");
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        throw std::runtime_error(path + ": cannot be replaced");
    }
}

}  // namespace ls
