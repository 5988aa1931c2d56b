// LoginScope benchmarks: figures, each with a reference measured in the same run.
//   flows/s in-process       vs  wx.login + code2Session on the bare platform (no client, dev server, faults)
//   flows/s over loopback    vs  a trivial cpp-httplib JSON round trip pair (2 requests per flow)
//   GUI frame build p50/p99 with 100,000 journal events   vs  an empty ImGui frame
//   time to first frame      vs  a bare GLFW + OpenGL 3 window's first frame
//   scenario runs/s (`loginscope run`'s work on the shipped library, in-process)  vs  parsing them only
//   GUI idle CPU in a real window, and after a click  vs  a bare GLFW window with the same wait loop
//   serve's RSS a day after 2,000,000 codes expired  vs  the same with 100,000 codes (bench_memory.cpp)
// Targets (2-core machine): ≥100,000 in-process flows/s, ≥3,000 HTTP flows/s, frame p99 ≤ 4 ms, first frame ≤ 500 ms,
// ≥1,000 scenario runs/s, idle ≤ 1 % of a core, dead codes leave ≤ 32 MB behind.
//
// loginscope_bench [seconds-per-figure] [--idle-seconds S] [--idle-only] [--memory-only] [--memory-codes N]
//                  [--loginscope PATH]
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>
#include <algorithm>
#include <cstdlib>

#include <unistd.h>

#include <httplib.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "bench_gui.hpp"
#include "bench_idle.hpp"
#include "bench_audit.hpp"
#include "bench_memory.hpp"
#include "loginscope/engine.hpp"
#include "loginscope/scenario.hpp"

using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Runs `body` repeatedly for about `budget` seconds; returns calls per second.
template <class F>
double rate(double budget, F body) {
    const auto start = Clock::now();
    long n = 0;
    while (seconds_since(start) < budget) {
        for (int i = 0; i < 64; ++i) body();
        n += 64;
    }
    return n / seconds_since(start);
}

double flows_per_second(ls::TransportMode mode, double budget) {
    ls::EngineConfig cfg;
    cfg.transport = mode;
    cfg.app.policy.quota_per_user_minute = 1 << 30;
    ls::Engine engine(cfg);
    engine.journal().set_capacity(20000);
    long failures = 0;
    const double r = rate(budget, [&] { failures += !engine.login().ok; });
    if (failures) std::printf("  !! %ld flows failed\n", failures);
    return r;
}

// One engine per core, each on its own thread: the engine is single-flow by design (a phone runs one
// login at a time), so throughput scales by running worlds side by side.
double flows_per_second_parallel(ls::TransportMode mode, double budget, int engines) {
    std::vector<double> rates(size_t(engines), 0.0);
    std::vector<std::thread> threads;
    for (int i = 0; i < engines; ++i)
        threads.emplace_back([&, i] { rates[size_t(i)] = flows_per_second(mode, budget); });
    for (auto& t : threads) t.join();
    double sum = 0;
    for (double r : rates) sum += r;
    return sum;
}

double platform_calls_per_second(double budget) {
    ls::VirtualClock clock;
    ls::IdGenerator ids(1);
    ls::Journal journal;
    journal.set_capacity(20000);
    ls::WeChatPolicy policy;
    policy.quota_per_user_minute = 1 << 30;
    ls::WeChatPlatform wx(clock, ids, journal, policy);
    const ls::AppConfig app;
    wx.register_app({app.appid, app.secret});
    ls::HttpRequest req;
    req.query = {{"appid", app.appid}, {"secret", app.secret}, {"grant_type", "authorization_code"}};
    return rate(budget, [&] {
        req.query["js_code"] = wx.issue_code(app.appid, "alice", 1)->code;
        wx.jscode2session(req, 1);
    });
}

// Every shipped scenario, switched to the in-process transport (what `loginscope run` does for a
// file that asks for it). Empty when the assets are not found.
std::vector<ls::Scenario> shipped_scenarios() {
    std::vector<ls::Scenario> out;
    const std::filesystem::path dir = std::filesystem::path(LOGINSCOPE_ASSETS) / "scenarios";
    if (!std::filesystem::is_directory(dir)) return out;
    for (const auto& f : std::filesystem::recursive_directory_iterator(dir))
        if (f.path().extension() == ".json") {
            ls::Scenario s = ls::load_scenario(f.path().string());
            s.config.transport = ls::TransportMode::InProcess;
            out.push_back(std::move(s));
        }
    return out;
}

// `run`'s work on the whole library, `jobs` at a time: scenario runs per second; failures are printed
// (the library must pass in-process as over HTTP).
double scenario_runs_per_second(const std::vector<ls::Scenario>& all, int jobs, double budget) {
    const auto start = Clock::now();
    long runs = 0, failed = 0;
    while (seconds_since(start) < budget) {
        for (const ls::ScenarioResult& r : ls::run_scenarios(all, jobs)) failed += !r.passed;
        runs += long(all.size());
    }
    if (failed) std::printf("  !! %ld scenario runs failed\n", failed);
    return runs / seconds_since(start);
}

double scenario_parses_per_second(const std::vector<ls::Scenario>& all, double budget) {
    std::vector<nlohmann::json> sources;
    for (const ls::Scenario& s : all) sources.push_back(nlohmann::json::parse(std::ifstream(s.file)));
    size_t i = 0;
    return rate(budget, [&] { (void)ls::parse_scenario(sources[i++ % sources.size()], "bench.json"); });
}

double raw_http_pairs_per_second(double budget) {
    httplib::Server svr;
    svr.set_tcp_nodelay(true);
    svr.set_keep_alive_max_count(1000000);
    svr.Get("/j", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(R"({"openid":"o","session_key":"k"})", "application/json");
    });
    const int port = svr.bind_to_any_port("127.0.0.1");
    std::thread t([&] { svr.listen_after_bind(); });
    while (!svr.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    httplib::Client cli("127.0.0.1", port);
    cli.set_tcp_nodelay(true);
    cli.set_keep_alive(true);
    const double r = rate(budget, [&] {
        cli.Get("/j");
        cli.Get("/j");
    });
    svr.stop();
    t.join();
    return r;
}

void line(const char* what, double value, const char* unit, double reference, const char* ref_what, double target, bool higher_is_better) {
    const bool met = higher_is_better ? value >= target : value <= target;
    std::printf("%-34s %12.1f %-8s | reference %-34s %12.1f | ratio %6.2f | target %s %.0f %s\n", what, value, unit,
                ref_what, reference, reference > 0 ? value / reference : 0.0, higher_is_better ? ">=" : "<=", target,
                met ? "MET" : "MISSED");
}

struct Options {
    double budget = 2.0;  // seconds per figure
    bool idle_only = false;
    bool memory_only = false;
    bool audit_only = false;
    ls::bench::IdleOptions idle;
    ls::bench::MemoryOptions memory;
};

// Exit 2 with the reason when the command line is not usable.
[[noreturn]] void usage(const std::string& why) {
    std::fprintf(stderr, "loginscope_bench: %s\nusage: loginscope_bench [seconds-per-figure] [--idle-seconds S] [--idle-only] "
                 "[--memory-only] [--audit-only] [--memory-codes N] [--loginscope PATH]\n", why.c_str());
    std::exit(2);
}

double positive_seconds(const std::string& what, const char* text) {
    char* end = nullptr;
    const double v = std::strtod(text, &end);
    if (end == text || *end || !(v > 0)) usage(what + " needs a number of seconds > 0, not \"" + text + "\"");
    return v;
}

long code_count(const std::string& what, const char* text) {
    char* end = nullptr;
    const long n = std::strtol(text, &end, 10);
    if (end == text || *end || n < 200000 || n > 20000000) usage(what + " needs a count of codes 200000..20000000, not \"" + text + "\"");
    return n;
}

Options parse(int argc, char** argv) {
    Options o;
    o.idle.loginscope = LOGINSCOPE_BIN;
    char self[4096] = {};
    if (readlink("/proc/self/exe", self, sizeof self - 1) > 0) o.idle.self = self;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const auto value = [&]() -> const char* {
            if (i + 1 >= argc) usage(a + " needs a value");
            return argv[++i];
        };
        if (a == "--idle-seconds") o.idle.seconds = positive_seconds(a, value());
        else if (a == "--idle-only") o.idle_only = true;
        else if (a == "--memory-only") o.memory_only = true;
        else if (a == "--audit-only") o.audit_only = true;
        else if (a == "--memory-codes") o.memory.codes = code_count(a, value());
        else if (a == "--loginscope") o.idle.loginscope = value();
        else if (!a.empty() && a[0] != '-' && i == 1) o.budget = positive_seconds("seconds-per-figure", argv[i]);
        else usage("unknown argument \"" + a + "\"");
    }
    o.memory.loginscope = o.idle.loginscope;
    o.idle.backend_script = std::string(LOGINSCOPE_ASSETS) + "/../tests/backends/shop_backend.py";
    return o;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 2 && std::string(argv[1]) == ls::bench::kIdleReferenceFlag) return ls::bench::run_idle_reference_window();
    const Options opt = parse(argc, argv);
    if (opt.idle_only) {
        ls::bench::idle_figures(opt.idle, line);
        return 0;
    }
    if (opt.memory_only) {
        ls::bench::memory_figures(opt.memory, line);
        return 0;
    }
    const ls::bench::AuditBenchOptions audit{std::string(LOGINSCOPE_ASSETS) + "/../tests/backends/shop_backend.py"};
    if (opt.audit_only) {
        ls::bench::audit_figures(audit, line);
        return 0;
    }
    const double budget = opt.budget;
    std::printf("LoginScope benchmarks (%.1f s per figure)\n", budget);
    const double bare = platform_calls_per_second(budget);
    line("in-process login flows/s, 1 engine", flows_per_second(ls::TransportMode::InProcess, budget), "flows/s", bare,
         "bare issue+exchange/s", 100000, true);
    const int cores = int(std::max(1u, std::thread::hardware_concurrency()));
    line("in-process login flows/s, 1/core", flows_per_second_parallel(ls::TransportMode::InProcess, budget, cores),
         "flows/s", bare, "bare issue+exchange/s (1 core)", 100000, true);
    line("loopback HTTP login flows/s", flows_per_second(ls::TransportMode::Http, budget), "flows/s",
         raw_http_pairs_per_second(budget), "raw httplib request pairs/s", 3000, true);
    ls::bench::gui_figures(budget, line);
    const std::vector<ls::Scenario> library = shipped_scenarios();
    if (library.empty()) {
        std::printf("scenario runs/s: the scenario library (%s/scenarios) is missing\n", LOGINSCOPE_ASSETS);
    } else {
        std::printf("scenario library: %zu files, in-process\n", library.size());
        const double parses = scenario_parses_per_second(library, budget);
        line("scenario runs/s, 1 job", scenario_runs_per_second(library, 1, budget), "runs/s", parses, "scenario parses/s", 1000,
             true);
        line("scenario runs/s, -j per core", scenario_runs_per_second(library, cores, budget), "runs/s", parses,
             "scenario parses/s", 1000, true);
    }
    ls::bench::memory_figures(opt.memory, line);
    ls::bench::idle_figures(opt.idle, line);
    ls::bench::audit_figures(audit, line);
    return 0;
}
