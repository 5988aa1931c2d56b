#include "loginscope/recorder.hpp"
#include "world_fields.hpp"

#include <utility>

#include "loginscope/catalog.hpp"
#include "loginscope/faults.hpp"
#include "loginscope/flaws.hpp"
#include "loginscope/platform_pack.hpp"
#include "loginscope/univerify.hpp"

namespace ls {

using nlohmann::ordered_json;

namespace {

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

namespace {
// The fields of `now` whose values differ from `base`'s, in the fields' order.
ordered_json changed_fields(const ordered_json& base, const ordered_json& now) {
    ordered_json j = ordered_json::object();
    for (const auto& [name, value] : now.items())
        if (!base.contains(name) || base.at(name) != value) j[name] = value;
    return j;
}

template <class T, class Fields>
ordered_json all_fields(const T& t, Fields fields) {
    ordered_json j = ordered_json::object();
    fields(t, FieldWriter<ordered_json>{j});
    return j;
}
}  // namespace

ordered_json environment_json(const Environment& b, const Environment& n) {
    const auto fields = [](const Environment& e, FieldWriter<ordered_json> w) {
        environment_fields(e, w);
        for (const PlatformPack& p : platform_packs())
            for (const PackSetting& s : p.settings) w(s.id, pack_setting(e, s.id));
    };
    return changed_fields(all_fields(b, fields), all_fields(n, fields));
}

ordered_json config_json(const AppConfig& c, std::vector<std::string>* unsupported) {
    const AppConfig d;
    AppConfig base = d;
    base.unicloud.server_secret = c.unicloud.function_secret;  // an absent server secret reads as the function's
    const auto fields = [](const AppConfig& a, FieldWriter<ordered_json> w) { config_fields(a, w); };
    ordered_json j = changed_fields(all_fields(base, fields), all_fields(c, fields));
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
    ordered_json apps = ordered_json::object();  // a pack's app: the fields that are not the demo app's
    for (const PlatformPack& p : platform_packs()) {
        const PackApp given = pack_app(c, p), demo = pack_app(d, p);
        for (const PackAppField& f : p.app_fields)
            if (given.at(f.id) != demo.at(f.id)) apps[p.id][f.id] = given.at(f.id);
    }
    if (!apps.empty()) j["pack_apps"] = apps;
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
