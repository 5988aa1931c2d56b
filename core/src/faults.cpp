#include "loginscope/faults.hpp"

#include <algorithm>
#include <limits>
#include <set>
#include <stdexcept>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "loginscope/catalog.hpp"
#include "loginscope/enum_names.hpp"

namespace ls {

namespace {
constexpr EnumName<FaultKind> kKinds[] = {
    {FaultKind::PlatformError, "platform_error"}, {FaultKind::HttpStatus, "http_status"},
    {FaultKind::Delay, "delay"},                   {FaultKind::Hang, "hang"},
    {FaultKind::ConnectionReset, "connection_reset"}, {FaultKind::EmptyReply, "empty_reply"},
    {FaultKind::MalformedJson, "malformed_json"}, {FaultKind::CutBody, "cut_body"},
    {FaultKind::DuplicateDelivery, "duplicate_delivery"}, {FaultKind::ClockJump, "clock_jump"},
};
constexpr EnumName<WhenMode> kWhens[] = {
    {WhenMode::Next, "next"}, {WhenMode::Nth, "nth"}, {WhenMode::FirstN, "first_n"},
    {WhenMode::Every, "every"}, {WhenMode::Probability, "probability"},
};

bool is_http_hop(Hop h) {
    return h == Hop::ClientToDev || h == Hop::DevToPlatform || h == Hop::PlatformResponse || h == Hop::DevToCloudFunction;
}

uint64_t splitmix(uint64_t& s) {
    uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
}  // namespace

bool json_integer_within(const nlohmann::json& v, int64_t lo, uint64_t hi) {
    if (v.is_number_unsigned()) return v.get<uint64_t>() <= hi && (lo <= 0 || v.get<uint64_t>() >= uint64_t(lo));
    if (!v.is_number_integer()) return false;
    const int64_t i = v.get<int64_t>();
    return i >= lo && (i < 0 || uint64_t(i) <= hi);
}

const char* to_string(FaultKind k) { return enum_name(kKinds, k); }
const char* to_string(WhenMode m) { return enum_name(kWhens, m); }
std::optional<FaultKind> fault_kind_from_string(const std::string& s) { return enum_from_name(kKinds, s); }
std::optional<WhenMode> when_mode_from_string(const std::string& s) { return enum_from_name(kWhens, s); }
const std::vector<FaultKind>& all_fault_kinds() {
    static const std::vector<FaultKind> v = [] {
        std::vector<FaultKind> out;
        for (auto& n : kKinds) out.push_back(n.value);
        return out;
    }();
    return v;
}

bool fault_applies(FaultKind kind, Hop hop) {
    switch (kind) {
        case FaultKind::PlatformError:
            return hop == Hop::PlatformResponse || hop == Hop::ClientCall || hop == Hop::SessionCheck || hop == Hop::Dialog;
        case FaultKind::Delay:
        case FaultKind::ClockJump: return hop != Hop::None;
        case FaultKind::Hang: return hop == Hop::ClientCall || is_http_hop(hop);
        default: return is_http_hop(hop);
    }
}

std::string FaultRule::describe() const {
    std::string when_s;
    switch (when) {
        case WhenMode::Next: when_s = "next call"; break;
        case WhenMode::Nth: when_s = "call #" + std::to_string(n); break;
        case WhenMode::FirstN: when_s = "first " + std::to_string(n) + " calls"; break;
        case WhenMode::Every: when_s = "every call"; break;
        case WhenMode::Probability: when_s = "p=" + std::to_string(probability).substr(0, 4); break;
    }
    std::string what = to_string(kind);
    switch (kind) {
        case FaultKind::PlatformError: {
            auto* e = find_catalog_entry_at(code, hop);
            what = code + (e && code != e->message ? std::string(" ") + e->message : "");
            break;
        }
        case FaultKind::HttpStatus: what = "HTTP " + std::to_string(status); break;
        case FaultKind::Delay: what = "delay " + std::to_string(ms) + " ms"; break;
        case FaultKind::ClockJump: what = "clock +" + std::to_string(ms) + " ms"; break;
        case FaultKind::CutBody: what = "body cut after " + std::to_string(bytes) + " bytes"; break;
        default: break;
    }
    return std::string(to_string(hop)) + (path.empty() ? "" : " " + path) + " × " + when_s + " × " + what;
}

FaultRule fault_rule_from_json(const nlohmann::json& j, const std::string& where) {
    auto fail = [&](const std::string& field, const std::string& why) {
        throw std::invalid_argument(where + "." + field + ": " + why);
    };
    if (!j.is_object()) fail("", "must be an object");
    static const std::set<std::string> kFields = {"hop", "path", "when", "what", "n", "probability", "seed", "code", "status", "ms", "bytes"};
    for (auto& [key, value] : j.items())
        if (!kFields.count(key)) fail(key, "unknown field");
    FaultRule r;
    if (!j.contains("hop") || !j["hop"].is_string()) fail("hop", "required string");
    auto hop = hop_from_string(j["hop"].get<std::string>());
    if (!hop || *hop == Hop::None) fail("hop", "unknown hop \"" + j["hop"].get<std::string>() + "\"");
    r.hop = *hop;
    if (j.contains("path")) {
        const nlohmann::json& p = j["path"];
        if (!p.is_string() || p.get<std::string>().empty() || p.get<std::string>()[0] != '/' || p.get<std::string>().size() > 256)
            fail("path", "must be a path such as \"/sns/jscode2session\" (at most 256 characters), not " + p.dump());
        if (!is_http_hop(r.hop)) fail("path", std::string("only an HTTP hop's rule holds to a path, not \"") + to_string(r.hop) + "\"'s");
        r.path = p.get<std::string>();
    }
    if (!j.contains("what") || !j["what"].is_string()) fail("what", "required string");
    auto kind = fault_kind_from_string(j["what"].get<std::string>());
    if (!kind) fail("what", "unknown fault \"" + j["what"].get<std::string>() + "\"");
    r.kind = *kind;
    if (!fault_applies(r.kind, r.hop))
        fail("what", std::string("\"") + to_string(r.kind) + "\" cannot happen at hop \"" + to_string(r.hop) + "\"");
    if (j.contains("when") && !j["when"].is_string()) fail("when", "must be a string");
    const std::string when = j.value("when", "next");
    auto mode = when_mode_from_string(when);
    if (!mode) fail("when", "unknown mode \"" + when + "\"");
    r.when = *mode;
    // An integer field: a whole number within lo..hi, never a fraction cut to one or a value wrapped
    // into the field's type (converting 3e100 into an int would even be undefined behaviour).
    auto integer = [&](const char* key, auto fallback, decltype(fallback) lo, decltype(fallback) hi) {
        if (!j.contains(key)) return fallback;
        const nlohmann::json& v = j[key];
        if (!json_integer_within(v, int64_t(lo), uint64_t(hi)))
            fail(key, "must be an integer " + std::to_string(lo) + ".." + std::to_string(hi) + ", not " + v.dump());
        return v.template get<decltype(fallback)>();
    };
    constexpr int kIntMax = std::numeric_limits<int>::max();
    r.n = integer("n", 1, 1, kIntMax);
    r.seed = integer("seed", uint64_t(1), uint64_t(0), std::numeric_limits<uint64_t>::max());
    r.status = integer("status", 502, 100, 599);
    r.ms = integer("ms", int64_t(0), std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max());
    r.bytes = integer("bytes", 10, 0, kIntMax);
    if (j.contains("probability")) {
        const nlohmann::json& p = j["probability"];
        if (!p.is_number() || p.get<double>() < 0 || p.get<double>() > 1) fail("probability", "must be a number 0..1, not " + p.dump());
        r.probability = p.get<double>();
    }
    if (r.kind == FaultKind::PlatformError) {
        if (!j.contains("code")) fail("code", "required for platform_error");
        r.code = j["code"].is_string() ? j["code"].get<std::string>() : j["code"].dump();
        if (!find_catalog_entry_at(r.code, r.hop)) {
            auto* e = find_catalog_entry_any(r.code);
            if (!e) fail("code", "\"" + r.code + "\" is not in any platform's catalog");
            fail("code", "\"" + r.code + "\" is a " + to_string(e->hop) + " error");
        }
    }
    if ((r.kind == FaultKind::Delay || r.kind == FaultKind::ClockJump) && r.ms <= 0) fail("ms", "must be > 0");
    return r;
}

nlohmann::json fault_rule_to_json(const FaultRule& r) {
    nlohmann::json j{{"hop", to_string(r.hop)}, {"when", to_string(r.when)}, {"what", to_string(r.kind)}};
    if (!r.path.empty()) j["path"] = r.path;
    if (r.when == WhenMode::Nth || r.when == WhenMode::FirstN) j["n"] = r.n;
    if (r.when == WhenMode::Probability) { j["probability"] = r.probability; j["seed"] = r.seed; }
    switch (r.kind) {
        case FaultKind::PlatformError: j["code"] = r.code; break;
        case FaultKind::HttpStatus: j["status"] = r.status; break;
        case FaultKind::Delay:
        case FaultKind::ClockJump: j["ms"] = r.ms; break;
        case FaultKind::CutBody: j["bytes"] = r.bytes; break;
        default: break;
    }
    return j;
}

bool FaultRule::spent() const {
    switch (when) {
        case WhenMode::Next: return fired > 0 && !enabled;
        case WhenMode::Nth:
        case WhenMode::FirstN: return calls >= uint64_t(std::max(1, n));
        default: return false;
    }
}

size_t FaultBook::add(FaultRule r) {
    r.calls = r.fired = 0;
    rules_.push_back(r);
    state_.push_back({});
    counted();
    return rules_.size() - 1;
}

void FaultBook::remove(size_t index) {
    if (index >= rules_.size()) return;
    rules_.erase(rules_.begin() + long(index));
    state_.erase(state_.begin() + long(index));
    counted();
}

void FaultBook::clear() {
    rules_.clear();
    state_.clear();
    counted();
    reset_counts();
}

void FaultBook::reset_counts() {
    for (auto& s : state_) s = {};
    for (auto& r : rules_) r.calls = r.fired = 0;
}

std::optional<FaultRule> FaultBook::take(Hop hop, const std::string& path) {
    if (state_.size() != rules_.size()) state_.resize(rules_.size());
    std::optional<FaultRule> fired;
    for (size_t i = 0; i < rules_.size(); ++i) {
        FaultRule& r = rules_[i];
        if (!r.enabled || r.hop != hop || (!r.path.empty() && r.path != path)) continue;
        State& s = state_[i];
        const uint64_t call = ++r.calls;  // calls at this hop since the rule was added
        bool fires = false;
        switch (r.when) {
            case WhenMode::Next: fires = true; break;
            case WhenMode::Nth: fires = call == uint64_t(r.n); break;
            case WhenMode::FirstN: fires = call <= uint64_t(r.n); break;
            case WhenMode::Every: fires = true; break;
            case WhenMode::Probability: {
                if (!s.seeded) { s.rng = r.seed; s.seeded = true; }
                fires = double(splitmix(s.rng) >> 11) / double(1ULL << 53) < r.probability;
                break;
            }
        }
        if (fires && !fired) {
            fired = r;
            ++r.fired;
            if (r.when == WhenMode::Next) r.enabled = false;
        }
    }
    return fired;
}

}  // namespace ls
