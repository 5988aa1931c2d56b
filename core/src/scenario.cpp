#include "loginscope/scenario.hpp"
#include "loginscope/steps.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <set>

#include "loginscope/baidu.hpp"
#include "loginscope/platform_pack.hpp"
#include "loginscope/catalog.hpp"
#include "world_fields.hpp"

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
            return read_integer(f, out);
        }
        out = v.get<T>();
    }
    // An integer within lo..hi (by default 0 up to what the field's type holds); anything else is
    // refused with its value, never truncated or wrapped into the field.
    template <class T>
    void read_integer(const std::string& f, T& out, T lo = 0, T hi = std::numeric_limits<T>::max()) const {
        if (!j_.contains(f)) return;
        const json& v = j_.at(f);
        if (!json_integer_within(v, int64_t(lo), uint64_t(hi))) {
            fail(f, "must be an integer " + std::to_string(lo) + ".." + std::to_string(hi) + ", not " + v.dump());
        }
        out = v.get<T>();
    }

    // A time field: milliseconds 0..kEndOfTime. Virtual time stops at the end (clock.hpp), so every
    // such value means something; a larger one has no int64 and would wrap, so it is refused whole.
    void read_ms(const std::string& f, int64_t& out) const {
        if (!j_.contains(f)) return;
        const json& v = j_.at(f);
        const bool fits = v.is_number_unsigned() ? v.get<uint64_t>() <= uint64_t(kEndOfTime)
                                                 : v.is_number_integer() && v.get<int64_t>() >= 0;
        if (!fits)
            fail(f, (v.is_number() ? v.dump() + " is not" : std::string("must be")) + " a whole number of milliseconds 0.." +
                        std::to_string(kEndOfTime));
        out = v.get<int64_t>();
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

// Reads each field it visits (world_fields.hpp) from `f`, refusing what the field may not hold.
struct FieldReader {
    const Fields& f;
    template <class T>
    void operator()(const char* name, T& out) const { f.read(name, out); }
    void operator()(const char* name, std::string& out, const Choices& choices) const {
        f.read(name, out);
        if (!choices.has(out)) f.fail(name, choices.why());
    }
    void operator()(const char* name, std::string& out, bool (*valid)(const std::string&), const char* why) const {
        f.read(name, out);
        if (!valid(out)) f.fail(name, why);
    }
    void ms(const char* name, int64_t& out) const { f.read_ms(name, out); }
    void carrier(const char* name, Carrier& out) const {
        if (!f.has(name)) return;
        std::string id;
        f.read(name, id);
        const std::optional<Carrier> c = carrier_from_string(id);
        if (!c) {
            Choices ids;  // the carrier table's ids, as carrier_from_string reads them
            for (const CarrierInfo& i : carriers()) ids.names.push_back(i.id);
            f.fail(name, ids.why());
        }
        out = *c;
    }
    void follows(const char* name, std::string& out, const std::string& leader) const {
        out = leader;
        f.read(name, out);
    }
};

// The names of the fields it visits.
struct FieldNames {
    std::set<std::string>& names;
    template <class... Any>
    void operator()(const char* name, Any&&...) const { names.insert(name); }
    template <class... Any>
    void ms(const char* name, Any&&...) const { names.insert(name); }
    template <class... Any>
    void carrier(const char* name, Any&&...) const { names.insert(name); }
    template <class... Any>
    void follows(const char* name, Any&&...) const { names.insert(name); }
};

}  // namespace

// The built-in fields and every platform pack's settings.
std::set<std::string> scenario_environment_fields() {
    std::set<std::string> fields;
    Environment e;
    environment_fields(e, FieldNames{fields});
    for (const PlatformPack& p : platform_packs())
        for (const PackSetting& s : p.settings) fields.insert(s.id);
    return fields;
}

std::set<std::string> scenario_config_fields() {
    std::set<std::string> names = {"flaws", "pack_apps"};
    AppConfig c;
    config_fields(c, FieldNames{names});
    return names;
}

namespace {

Environment parse_environment(const json& j, const std::string& where, Environment env) {
    Fields f(j, where, scenario_environment_fields());
    for (const PlatformPack& p : platform_packs())
        for (const PackSetting& s : p.settings)
            if (f.has(s.id)) f.read(s.id, env.pack_settings[s.id]);
    environment_fields(env, FieldReader{f});
    return env;
}

// "pack_apps": {"alipay": {"appid": "…"}, …}: a platform pack's app, field by field (PackAppField);
// a field not given is the demo app's.
void parse_pack_apps(const json& j, const std::string& where, AppConfig& c) {
    std::set<std::string> packs;
    for (const PlatformPack& p : platform_packs()) packs.insert(p.id);
    Fields all(j, where, packs);
    for (const PlatformPack& p : platform_packs()) {
        if (!all.has(p.id)) continue;
        std::set<std::string> names;
        for (const PackAppField& field : p.app_fields) names.insert(field.id);
        Fields f(all.raw(p.id), all.at(p.id), names);
        for (const PackAppField& field : p.app_fields) {
            if (!f.has(field.id)) continue;
            std::string value;
            if (field.choices.empty()) f.read(field.id, value);
            else FieldReader{f}(field.id, value, Choices{field.choices});
            c.pack_apps[p.id][field.id] = value;
        }
    }
}

AppConfig parse_config(const json& j, const std::string& where) {
    AppConfig c;
    Fields f(j, where, scenario_config_fields());
    config_fields(c, FieldReader{f});
    if (f.has("flaws")) c.flaws = parse_flaws(f.raw("flaws"), f.at("flaws"));
    if (f.has("pack_apps")) parse_pack_apps(f.raw("pack_apps"), f.at("pack_apps"), c);
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
        int code = 0;
        f.read_integer("errcode", code, std::numeric_limits<int>::min());
        if (!find_catalog_entry_any(std::to_string(code))) f.fail("errcode", std::to_string(code) + " is not in any platform's catalog");
        e.errcode = code;
    }
    if (f.has("http_status")) { int v = 0; f.read_integer("http_status", v, 100, 599); e.http_status = v; }
    if (f.has("detail_contains")) { std::string v; f.read("detail_contains", v); e.detail_contains = v; }
    for (auto [key, slot] : {std::pair{"pending", &e.pending}, std::pair{"page_open", &e.page_open},
                             std::pair{"page_checked", &e.page_checked}, std::pair{"page_hint", &e.page_hint}})
        if (f.has(key)) { bool v = false; f.read(key, v); *slot = v; }
    return e;
}



}  // namespace

const std::set<std::string>& scenario_actions() {
    static const std::set<std::string> names = [] {
        std::set<std::string> out;
        for (const StepKind& k : step_kinds()) out.insert(k.id);
        return out;
    }();
    return names;
}


namespace {

// get_user_profile's desc (a string, or null for an app that left it out) and lang.
void read_profile_request(Fields& f, const json& j, Step& s) {
    for (const char* key : {"desc", "lang"})
        if (f.has(key) && s.action != "get_user_profile") f.fail(key, "only get_user_profile takes " + std::string(key));
    if (f.has("desc")) {
        if (j["desc"].is_null()) s.profile.desc.reset();
        else { std::string desc; f.read("desc", desc); s.profile.desc = desc; }
    }
    f.read("lang", s.profile.lang);
    if (s.profile.lang != "en" && s.profile.lang != "zh_CN" && s.profile.lang != "zh_TW")
        f.fail("lang", "must be \"en\", \"zh_CN\" or \"zh_TW\"");
}

Step parse_step(const json& j, const std::string& where, const Environment& env) {
    Step s;
    s.source = j;
    Fields f(j, where, {"action", "timeout_ms", "ms", "code", "index", "enabled", "style", "from_tap", "only_authorize",
                        "environment", "claim_openid_of", "code_back", "watermark_appid", "fault", "flaws", "expect", "note",
                        "desc", "lang", "provider", "text"});
    f.read("from_tap", s.from_tap);
    f.read("only_authorize", s.only_authorize);
    if (!f.has("action")) f.fail("action", "required");
    f.read("action", s.action);
    if (!scenario_actions().count(s.action)) f.fail("action", "unknown action \"" + s.action + "\"");
    if (f.has("timeout_ms")) { int64_t t = 0; f.read_ms("timeout_ms", t); s.login.timeout_ms = t; }
    f.read_ms("ms", s.ms);
    f.read("code", s.code);
    if (!s.code.empty() && s.action != "send_code") f.fail("code", "only send_code takes a code");
    if (f.has("code_back")) {
        if (s.action != "send_code") f.fail("code_back", "only send_code takes code_back");
        if (!s.code.empty()) f.fail("code_back", "give either code or code_back");
        f.read_integer("code_back", s.code_back, 0, kMaxStepIndex);
    }
    f.read("claim_openid_of", s.claim_openid_of);
    if (!s.claim_openid_of.empty() && s.action != "send_code") f.fail("claim_openid_of", "only send_code takes claim_openid_of");
    read_profile_request(f, j, s);
    if (f.has("provider")) {
        if (s.action != "pre_login") f.fail("provider", "only pre_login takes a provider");
        f.read("provider", s.provider);
    }
    if (f.has("text")) {
        if (s.action != "nickname_type") f.fail("text", "only nickname_type takes a text");
        f.read("text", s.text);
    }
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
    f.read_integer("index", s.index, 0, kMaxStepIndex);
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

// A fault must name a hop the flow has (dev_to_cloud_function: univerify only), and a platform_error
// fault a code the flow's own catalogs have at that hop. `where` names the rule.
void check_fault_for_flow(const FaultRule& r, Flow flow, const std::string& rule) {
    const std::vector<Hop> hops = fault_hops(flow);
    if (std::find(hops.begin(), hops.end(), r.hop) == hops.end())
        throw ScenarioError(rule + ".hop: " + to_string(flow) + " has no hop \"" + to_string(r.hop) + "\"");
    if (r.kind != FaultKind::PlatformError) return;
    const std::string where = rule + ".code";
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
                             "check_invariants", "backend"});
    f.read("check_invariants", s.check_invariants);
    f.read("backend", s.backend);
    auto where = [&](const std::string& field) { return file + ": " + field; };
    if (!j.is_object()) throw ScenarioError(file + ": the scenario must be a JSON object");
    if (!j.contains("name") || !j["name"].is_string()) throw ScenarioError(where("name") + ": required string");
    s.name = j["name"];
    f.read("description", s.description);
    if (!j.contains("flow") || !j["flow"].is_string()) throw ScenarioError(where("flow") + ": required string");
    auto flow = flow_from_string(j["flow"]);
    if (!flow) throw ScenarioError(where("flow") + ": unknown or unavailable flow \"" + j["flow"].get<std::string>() + "\"");
    s.config.flow = *flow;
    f.read("seed", s.config.seed);
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
        check_fault_for_flow(s.faults[i], s.config.flow, where("faults[" + std::to_string(i) + "]"));
    if (!j.contains("steps") || !j["steps"].is_array() || j["steps"].empty())
        throw ScenarioError(where("steps") + ": required, a non-empty array");
    if (j["steps"].size() > kMaxScenarioSteps)
        throw ScenarioError(where("steps") + ": " + std::to_string(j["steps"].size()) + " steps, more than a scenario may have (" +
                            std::to_string(kMaxScenarioSteps) + ")");
    Environment env = s.config.env;
    for (size_t i = 0; i < j["steps"].size(); ++i) {
        s.steps.push_back(parse_step(j["steps"][i], where("steps[" + std::to_string(i) + "]"), env));
        if (s.steps.back().fault) check_fault_for_flow(*s.steps.back().fault, s.config.flow, where("steps[" + std::to_string(i) + "].fault"));
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

namespace {
// The file's bytes, at most kMaxScenarioFileBytes: a regular file over it is refused by its size
// before a byte is read; a pipe or a device, which has no size, is read no further than one byte past.
std::string read_scenario_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ScenarioError(path + ": cannot be read");
    const std::string limit = std::to_string(kMaxScenarioFileBytes) + " bytes, " + std::to_string(kMaxScenarioFileBytes >> 20) + " MiB";
    std::error_code ec;
    const uintmax_t size = std::filesystem::file_size(path, ec);
    if (!ec && size > kMaxScenarioFileBytes)
        throw ScenarioError(path + ": " + std::to_string(size) + " bytes, more than a scenario file may have (" + limit + ")");
    std::string text;
    char chunk[64 * 1024];
    while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
        text.append(chunk, size_t(in.gcount()));
        if (text.size() > kMaxScenarioFileBytes)
            throw ScenarioError(path + ": more than " + limit + ", the most a scenario file may have");
    }
    return text;
}
}  // namespace

Scenario load_scenario(const std::string& path) {
    const std::string text = read_scenario_file(path);
    json j;
    try {
        j = json::parse(text);
    } catch (const json::parse_error& e) {
        throw ScenarioError(path + ": not valid JSON (" + std::string(e.what()) + ")");
    }
    return parse_scenario(j, path);
}

}  // namespace ls
