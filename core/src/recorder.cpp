#include "loginscope/recorder.hpp"

#include <utility>

#include "loginscope/catalog.hpp"
#include "loginscope/faults.hpp"
#include "loginscope/flaws.hpp"
#include "loginscope/platform_pack.hpp"
#include "loginscope/univerify.hpp"

namespace ls {

using nlohmann::ordered_json;

namespace {

template <class T>
void put_if_changed(ordered_json& j, const char* key, const T& base, const T& now) {
    if (!(base == now)) j[key] = now;
}

ordered_json enabled_rules(const std::vector<FaultRule>& rules) {
    ordered_json out = ordered_json::array();
    for (const FaultRule& r : rules)
        if (r.enabled) out.push_back(fault_rule_json(r));
    return out;
}

// What a step changes, as a warning names it ("a clock move during a running action …").
const char* change_name(const Step& step) {
    const StepKind* kind = find_step_kind(step.action);
    if (!kind || kind->by != StepBy::Tester) return "an action";
    if (step.action == "environment") return "a phone change";
    if (step.action == "advance" || step.action == "jump_to_next_expiry") return "a clock move";
    if (step.action == "add_fault") return "a fault";
    if (step.action == "set_flaws") return "a flaw switch";
    return "a fault change";
}

}  // namespace

StepExpectation expectation_of(const ActionResult& r, const UniverifyPageState& page, Flow flow) {
    StepExpectation e;
    e.ok = r.ok;
    if (!r.errMsg.empty()) e.errMsg = r.errMsg;
    if (r.errcode && find_catalog_entry_any(std::to_string(*r.errcode))) e.errcode = *r.errcode;
    if (r.http_status) e.http_status = r.http_status;
    if (flow == Flow::Univerify) {
        e.pending = r.pending;
        e.page_open = page.open;
        e.page_checked = page.checked;
        e.page_hint = page.hint_visible;
    } else if (r.pending) {
        e.pending = true;
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
    put_if_changed(j, "base_library", b.base_library, n.base_library);
    put_if_changed(j, "content_check", b.content_check, n.content_check);
    for (const PlatformPack& p : platform_packs())
        for (const PackSetting& s : p.settings) put_if_changed(j, s.id, pack_setting(b, s.id), pack_setting(n, s.id));
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
    put_if_changed(j, "unicloud_secret", d.unicloud.function_secret, c.unicloud.function_secret);
    put_if_changed(j, "unicloud_server_secret", c.unicloud.function_secret, c.unicloud.server_secret);  // read after both
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
        for (const PlatformPack& p : platform_packs()) {  // a scenario's config has no field for a pack's app yet
            const PackApp given = pack_app(c, p), demo = pack_app(d, p);
            for (const PackAppField& f : p.app_fields)
                if (given.at(f.id) != demo.at(f.id)) unsupported->push_back(std::string(p.name) + " " + f.label);
        }
    }
    return j;
}

// ---- Recorder ----------------------------------------------------------------------------

void Recorder::start(const EngineConfig& world, const std::vector<FaultRule>& faults, std::string origin, std::string backend) {
    recording_ = started_ = true;
    origin_ = std::move(origin);
    backend_ = std::move(backend);
    world_ = world;
    env_ = world.env;
    initial_faults_ = faults;
    steps_.clear();
    warnings_.clear();
    std::vector<std::string> unsupported;
    config_json(world.app, &unsupported);
    for (std::string& field : unsupported) warnings_.push_back({RecordingWarning::Kind::NotInFormat, std::move(field)});
}

size_t Recorder::add_step(ordered_json step, bool busy, const char* what) {
    if (busy) warnings_.push_back({RecordingWarning::Kind::WhileBusy, what, steps_.size()});
    steps_.push_back(std::move(step));
    return steps_.size() - 1;
}

std::optional<size_t> Recorder::started(const Step& step, bool busy) {
    if (!recording_) return std::nullopt;
    if (step.action == "add_fault" && steps_.empty() && step.fault) {
        initial_faults_.push_back(*step.fault);
        return std::nullopt;
    }
    ordered_json j = step_to_json(step);
    j.erase("expect");  // what happens now is the expectation (finished)
    if (step.action == "environment" && step.env) {  // only what changed, in the scenario's names
        j["environment"] = environment_json(env_, *step.env);
        env_ = *step.env;
    }
    const StepKind* kind = find_step_kind(step.action);
    if (kind && kind->by != StepBy::Tester) j["note"] = origin_ + ": " + step_label(step);
    return add_step(std::move(j), busy, change_name(step));
}

void Recorder::finished(size_t place, const ActionResult& r, const UniverifyPageState& page) {
    if (place >= steps_.size()) return;
    ordered_json& step = steps_[place];
    const StepKind* kind = find_step_kind(step["action"].get<std::string>());
    StepExpectation e;
    if (kind && kind->by == StepBy::Tester) {
        // A tester's step expects only its success, where that depends on the state: a jump with
        // nothing left to expire, a rule that is not there.
        if (!r.ok || kind->id == std::string("jump_to_next_expiry")) e.ok = r.ok;
    } else {
        e = expectation_of(r, page, world_.flow);
    }
    ordered_json expect = expectation_json(e);
    if (expect.empty()) return;
    ordered_json note = step.contains("note") ? step["note"] : ordered_json();
    step.erase("note");  // keep "expect" before "note"
    step["expect"] = std::move(expect);
    if (!note.is_null()) step["note"] = note;
}

ActionResult Recorder::apply(Engine& engine, const Step& step) {
    const std::optional<size_t> place = started(step, false);
    const ActionResult r = apply_step(engine, step);
    if (place) finished(*place, r, engine.univerify_page());
    return r;
}

void Recorder::faults_replaced(const std::vector<FaultRule>& now, bool busy) {
    if (!recording_) return;
    if (steps_.empty()) {
        initial_faults_ = now;
        return;
    }
    add_step({{"action", "clear_faults"}}, busy, "a fault change");
    for (const FaultRule& r : now)
        if (r.enabled) steps_.push_back({{"action", "add_fault"}, {"fault", fault_rule_json(r)}});
}

ordered_json Recorder::scenario(const std::string& name) const {
    ordered_json j;
    j["name"] = name.empty() ? std::string("Recorded ") + to_string(world_.flow) + " session" : name;
    j["description"] = "Recorded in the LoginScope " + origin_ + ": every step's expectations are what happened then.";
    j["flow"] = to_string(world_.flow);
    j["seed"] = world_.seed;
    j["transport"] = world_.transport == TransportMode::Http ? "http" : "in_process";
    if (!backend_.empty()) j["backend"] = backend_;
    if (ordered_json env = environment_json(Environment{}, world_.env); !env.empty()) j["environment"] = env;
    if (ordered_json cfg = config_json(world_.app); !cfg.empty()) j["config"] = cfg;
    if (ordered_json faults = enabled_rules(initial_faults_); !faults.empty()) j["faults"] = faults;
    j["steps"] = steps_;
    return j;
}

}  // namespace ls
