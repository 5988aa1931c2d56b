// Playing a scenario on an engine: its steps through apply_step, each step's expectations, the
// file's expected events and console lines, the invariants when asked, and what a run against a
// team's backend cannot check (the built-in server's own replies).
#include "loginscope/scenario.hpp"
#include "loginscope/steps.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "loginscope/invariants.hpp"

namespace ls {

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

// Against a team's backend (EngineConfig::backend): did the step send the app's server a request?
bool asked_the_server(const std::vector<Event>& events) {
    return std::any_of(events.begin(), events.end(), [](const Event& e) {
        return e.kind == "http.request" && e.actor == Actor::Client && e.to == Actor::DevServer;
    });
}

// A scenario about the built-in server's own cloud function (univerify: its faults, its sign secret):
// a team's backend calls whatever it calls, so none of it applies. The reason, or "" when it does.
std::string about_builtin_server(const Scenario& s) {
    auto cloud = [](const FaultRule& r) { return r.hop == Hop::DevToCloudFunction; };
    const bool faulted = std::any_of(s.faults.begin(), s.faults.end(), cloud) ||
                         std::any_of(s.steps.begin(), s.steps.end(), [&](const Step& st) { return st.fault && cloud(*st.fault); });
    if (faulted) return "its faults act at dev_to_cloud_function, the built-in server's call to its own cloud function";
    const UniCloudSecrets& sign = s.config.app.unicloud;
    if (sign.server_secret != sign.function_secret) return "it sets the built-in server's cloud-function sign secret apart from the function's";
    return "";
}

// A step that asked a team's backend: what it answered is its own, so the expectations written for
// the built-in server's exact reply are dropped; returns which.
std::vector<const char*> skip_builtin_replies(StepExpectation& e) {
    std::vector<const char*> dropped;
    if (e.errcode) dropped.push_back("errcode"), e.errcode.reset();
    if (e.http_status) dropped.push_back("http_status"), e.http_status.reset();
    if (e.detail_contains) dropped.push_back("detail_contains"), e.detail_contains.reset();
    return dropped;
}

// The scenario's expected events only the built-in server journals, and console lines that print
// what the app's request got back (its server's own reply): dropped, and named in `skipped`.
void skip_builtin_events(Flow flow, std::vector<std::string>& events, std::vector<std::string>& console,
                         std::vector<std::string>& skipped) {
    for (auto it = events.begin(); it != events.end();)
        if (builtin_server_event(*it)) skipped.push_back("expect.events: " + *it + " (the built-in server's own event)"), it = events.erase(it);
        else ++it;
    const std::string request = std::string(flow_catalog()[size_t(flow)].request_api) + " ";
    for (auto it = console.begin(); it != console.end();)
        if (it->rfind(request, 0) == 0) skipped.push_back("expect.console: " + *it + " (prints the built-in server's reply)"), it = console.erase(it);
        else ++it;
}
}  // namespace

ScenarioResult play_scenario(Engine& engine, const Scenario& s) {
    const auto start = std::chrono::steady_clock::now();
    ScenarioResult out;
    out.file = s.file;
    out.name = s.name;
    for (auto& f : s.faults) engine.add_fault(f);
    InvariantChecker invariants;
    const bool foreign = bool(engine.config().backend);
    const std::string moot = foreign ? about_builtin_server(s) : "";
    if (!moot.empty()) out.skipped.push_back("every expectation: " + moot);
    for (size_t i = 0; i < s.steps.size(); ++i) {
        StepOutcome o;
        const uint64_t before = engine.journal().size();
        o.result = apply_step(engine, s.steps[i]);
        StepExpectation expect = s.steps[i].expect;
        const std::string at = "steps[" + std::to_string(i) + "] " + s.steps[i].action + ": ";
        if (!moot.empty()) {
            expect = StepExpectation{};
        } else if (!o.result.unsent.empty()) {  // what the profile cannot say is skipped, never passed
            out.skipped.push_back(at + "not sent: " + o.result.unsent);
            expect = StepExpectation{};
        } else if (foreign && asked_the_server(engine.journal().since(before)))
            for (const char* what : skip_builtin_replies(expect))
                out.skipped.push_back(at + what + " (the built-in server's own reply)");
        o.failures = check_step(o.result, expect);
        for (auto& f : check_page(engine.univerify_page(), s.steps[i].expect)) o.failures.push_back(f);
        if (s.check_invariants)
            for (auto& v : invariants.check(engine, o.result)) o.failures.push_back("invariant " + v.invariant + ": " + v.detail);
        for (auto& f : o.failures) out.failures.push_back("steps[" + std::to_string(i) + "] " + s.steps[i].action + ": " + f);
        out.steps.push_back(o);
    }
    out.events = engine.journal().all();
    std::vector<std::string> expect_events = moot.empty() ? s.expect_events : std::vector<std::string>{},
                             expect_console = moot.empty() ? s.expect_console : std::vector<std::string>{};
    if (foreign) skip_builtin_events(engine.config().flow, expect_events, expect_console, out.skipped);
    if (auto miss = first_missing(expect_events, out.events, [](const Event& e, const std::string& k) { return e.kind == k; }))
        out.failures.push_back("expected event \"" + *miss + "\" (in order) was not recorded");
    const auto lines = console_lines(out.events);
    if (auto miss = first_missing(expect_console, lines, [](const std::string& line, const std::string& w) {
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

}  // namespace ls
