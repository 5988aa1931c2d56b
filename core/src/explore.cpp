#include "loginscope/explore.hpp"

#include "loginscope/catalog.hpp"
#include "loginscope/faults.hpp"
#include "loginscope/platform_pack.hpp"
#include "loginscope/scenario.hpp"
#include "loginscope/steps.hpp"

namespace ls {

namespace {

using ojson = nlohmann::ordered_json;

// splitmix64: the same seed gives the same runs on every machine.
struct Rng {
    uint64_t state;
    uint64_t next() {
        uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    int below(int n) { return int(next() % uint64_t(n)); }
    bool chance(int percent) { return below(100) < percent; }
    template <class T>
    const T& pick(const std::vector<T>& v) { return v[size_t(below(int(v.size())))]; }
};

ojson random_environment(Rng& rng, Flow flow) {
    switch (rng.below(4)) {
        case 0: return {{"online", rng.chance(60)}};
        case 1: return {{"user", rng.chance(50) ? "alice" : "bob"}};
        case 2: return {{"os", rng.chance(50) ? "android" : "ios"}};
    }
    if (flow == Flow::Swan) return {{"baidu_logged_in", rng.chance(60)}};
    if (const PlatformPack* pack = pack_of(flow); pack && !pack->settings.empty())
        return {{rng.pick(pack->settings).id, rng.chance(60)}};
    if (flow == Flow::Univerify) return {{rng.chance(50) ? "cellular_data" : "sim_present", rng.chance(60)}};
    if (flow == Flow::WeChatApp || flow == Flow::UniWeixin) return {{"wechat_installed", rng.chance(70)}};
    return {{"high_risk_user", rng.chance(20)}};
}

// Faults that once broke a rule the uniform draw below rarely reaches, drawn on purpose (issue 13):
// a garbled platform reply the developer server quoted to the client, secrets and all, and a clock
// jump to the end of virtual time that wrapped it and revived expired codes.
FaultRule pointed_fault(Rng& rng, Flow flow) {
    FaultRule r;
    r.when = WhenMode::Next;
    switch (rng.below(4)) {
        case 0: r.hop = Hop::PlatformResponse, r.kind = FaultKind::MalformedJson; break;
        case 1: r.hop = Hop::DevToPlatform, r.kind = FaultKind::MalformedJson; break;
        case 2: r.hop = Hop::PlatformResponse, r.kind = FaultKind::CutBody, r.bytes = rng.pick(std::vector<int>{40, 64, 100}); break;
        default: r.hop = rng.pick(fault_hops(flow)), r.kind = FaultKind::ClockJump, r.ms = kEndOfTime; break;
    }
    if (rng.chance(30)) r.when = WhenMode::Every;
    return r;
}

ojson random_fault(Rng& rng, Flow flow) {
    if (rng.chance(25)) return ojson::parse(fault_rule_to_json(pointed_fault(rng, flow)).dump());
    FaultRule r;
    const std::vector<Hop> hops = fault_hops(flow);  // a flow without a cloud function draws as before it had one
    for (int attempt = 0; attempt < 20; ++attempt) {
        r.hop = rng.pick(hops);
        r.kind = rng.pick(all_fault_kinds());
        if (!fault_applies(r.kind, r.hop)) continue;
        if (r.kind != FaultKind::PlatformError) break;
        const std::vector<const CatalogEntry*> codes = fault_codes(flow, r.hop);
        if (codes.empty()) continue;
        r.code = rng.pick(codes)->code;
        break;
    }
    if (!fault_applies(r.kind, r.hop) || (r.kind == FaultKind::PlatformError && r.code.empty()))
        r = FaultRule{Hop::ClientToDev, WhenMode::Next, 1, 1.0, 1, FaultKind::ConnectionReset};
    r.ms = rng.pick(std::vector<int64_t>{500, 5000, 61000, 300000});
    r.status = rng.pick(std::vector<int>{500, 502, 503});
    if (rng.chance(20)) r.when = WhenMode::Every;
    return ojson::parse(fault_rule_to_json(r).dump());
}

// One step of `move`, its parameters drawn from `rng`; `user` is who is logged in on the phone then.
ojson make_step(const StepKind& move, Rng& rng, Flow flow, const std::string& user) {
    ojson s{{"action", move.id}};
    const std::string a = move.id;
    if (a == "advance") s["ms"] = rng.pick(std::vector<int64_t>{1000, 30000, 61000, 299000, 300000, 600000, 3600000});
    if (a == "environment") s["environment"] = random_environment(rng, flow);
    if (a == "add_fault") s["fault"] = random_fault(rng, flow);
    if (a == "send_code" && rng.chance(50)) s["code_back"] = 1 + rng.below(2);
    if (a == "send_code" && rng.chance(40)) s["claim_openid_of"] = user == "alice" ? "bob" : "alice";  // someone else
    if (a == "get_user_profile" && rng.chance(15)) s["from_tap"] = false;
    if (a == "profile_allow" && rng.chance(30)) s["watermark_appid"] = "wx0000000000000bad";
    if (a == "uni_login_weixin") s["only_authorize"] = rng.chance(60);
    return s;
}

std::vector<ojson> random_steps(Rng& rng, Flow flow, int count) {
    // What a user, the clock, the network and an attacker can do in the flow, with how often (step_kinds()).
    std::vector<const StepKind*> moves;
    int total = 0;
    for (const StepKind& m : step_kinds())
        if (m.explore_weight > 0 && (m.explore_flows & flow_bit(flow))) moves.push_back(&m), total += m.explore_weight;
    std::vector<ojson> steps;
    std::string user = "alice";
    // Half the runs of a mini program start on the last base library with WeChat's profile sheet
    // (open data a user allows, or another app's replayed); the others on a current one (anonymous).
    if (offers_phone_setting(flow, "base_library") && count > 0 && rng.chance(50))
        steps.push_back({{"action", "environment"}, {"environment", {{"base_library", "2.27.0"}}}});
    while (int(steps.size()) < count) {
        int roll = rng.below(total);
        for (const StepKind* m : moves)
            if ((roll -= m->explore_weight) < 0) {
                steps.push_back(make_step(*m, rng, flow, user));
                if (steps.back().contains("environment")) user = steps.back()["environment"].value("user", user);
                break;
            }
    }
    return steps;
}

ojson scenario_json(const ExploreOptions& o, uint64_t seed, const std::vector<ojson>& steps, const std::string& name = "explore",
                    const std::string& description = "") {
    ojson flaws = ojson::array();
    for (Flaw f : o.flaws) flaws.push_back(to_string(f));
    return {{"name", name}, {"description", description}, {"flow", to_string(o.flow)}, {"seed", seed}, {"transport", "in_process"},
            {"config", {{"flaws", flaws}}}, {"check_invariants", true}, {"steps", steps}};
}

// Run `run`'s seed and its random steps: explore and explore_run_scenario draw them alike.
std::pair<uint64_t, std::vector<ojson>> run_steps(const ExploreOptions& o, int run) {
    Rng rng{o.seed * 0x100000001b3ULL + uint64_t(run)};
    return {o.seed + uint64_t(run), random_steps(rng, o.flow, o.max_steps)};
}

struct Played {
    std::optional<InvariantViolation> violation;
    size_t steps = 0;  // played, the violating one included
};

// Plays the steps on a fresh engine and stops at the first violation (of `only`, when given).
Played play(const ExploreOptions& o, uint64_t seed, const std::vector<ojson>& steps, const std::string& only = "") {
    const Scenario sc = parse_scenario(nlohmann::json::parse(scenario_json(o, seed, steps).dump()), "explore");
    Engine engine(o.configure ? o.configure(sc.config) : sc.config);
    InvariantChecker checker;
    Played out;
    for (const Step& step : sc.steps) {
        const ActionResult r = apply_step(engine, step);
        ++out.steps;
        for (auto& v : checker.check(engine, r))
            if (only.empty() || v.invariant == only) {
                out.violation = v;
                return out;
            }
    }
    return out;
}

// Delta debugging: drop chunks of steps, halving the chunk, while the same invariant still breaks.
std::vector<ojson> shrink(const ExploreOptions& o, uint64_t seed, std::vector<ojson> steps, const std::string& invariant) {
    for (size_t chunk = std::max<size_t>(1, steps.size() / 2); chunk >= 1;) {
        bool removed = false;
        for (size_t i = 0; i < steps.size() && steps.size() > 1;) {
            std::vector<ojson> candidate(steps.begin(), steps.begin() + long(i));
            candidate.insert(candidate.end(), steps.begin() + long(std::min(steps.size(), i + chunk)), steps.end());
            const Played p = candidate.empty() ? Played{} : play(o, seed, candidate, invariant);
            if (p.violation) {
                steps.assign(candidate.begin(), candidate.begin() + long(p.steps));
                removed = true;
            } else {
                i += chunk;
            }
        }
        if (!removed) {
            if (chunk == 1) break;
            chunk /= 2;
        }
    }
    return steps;
}

}  // namespace

ExploreReport explore(const ExploreOptions& o, const std::function<void(int)>& progress) {
    ExploreReport report;
    std::set<std::string> found;
    for (int run = 0; run < o.runs; ++run) {
        const auto [seed, steps] = run_steps(o, run);
        const Played p = play(o, seed, steps);
        report.runs = run + 1;
        report.steps += p.steps;
        if (p.violation && !found.count(p.violation->invariant)) {
            found.insert(p.violation->invariant);
            const std::vector<ojson> played(steps.begin(), steps.begin() + long(p.steps));
            std::vector<ojson> small = shrink(o, seed, played, p.violation->invariant);
            ExploreFinding f;
            std::optional<InvariantViolation> again = play(o, seed, small, p.violation->invariant).violation;
            if (!again) small = played, again = p.violation;  // a team's backend has state of its own: the run as it was
            f.violation = *again;
            f.run = run;
            f.steps_before_shrink = p.steps;
            f.scenario = scenario_json(o, seed, small, "explore: " + f.violation.invariant,
                                       f.violation.detail + " — found by loginscope explore --flow " + to_string(o.flow) +
                                           " --seed " + std::to_string(o.seed) + " (run " + std::to_string(run) +
                                           "), shrunk from " + std::to_string(p.steps) + " to " + std::to_string(small.size()) + " steps");
            report.findings.push_back(std::move(f));
        }
        if (progress) progress(run + 1);
    }
    return report;
}

ojson explore_run_scenario(const ExploreOptions& o, int run) {
    const auto [seed, steps] = run_steps(o, run);
    return scenario_json(o, seed, steps, "explore run " + std::to_string(run));
}

}  // namespace ls
