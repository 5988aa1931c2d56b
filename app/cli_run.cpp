#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>

#include "cli.hpp"
#include "cli_backend.hpp"
#include "cli_options.hpp"
#include "gui/gui.hpp"
#include "loginscope/scenario.hpp"

namespace ls::cli {

namespace {
struct RunOptions {
    std::vector<std::string> files;
    std::string junit, json, har, markdown;
    FlawSet flaws;
    std::optional<TransportMode> transport;  // instead of each scenario's own
    int jobs = 1;
    BackendOptions backend;
};

// The same command line, for running again under xvfb-run.
Args run_args(const RunOptions& o) {
    Args args = {"run"};
    args.insert(args.end(), o.files.begin(), o.files.end());
    for (auto [name, value] : {std::pair{"--junit", &o.junit}, {"--json", &o.json}, {"--har", &o.har}, {"--markdown", &o.markdown}})
        if (!value->empty()) args.insert(args.end(), {name, *value});
    for (Flaw f : o.flaws) args.insert(args.end(), {"--flaw", to_string(f)});
    if (o.transport) args.insert(args.end(), {"--transport", *o.transport == TransportMode::Http ? "http" : "in_process"});
    if (!o.backend.profile_file.empty())
        args.insert(args.end(), {"--backend", o.backend.profile_file, "--platform-port", std::to_string(o.backend.platform_port),
                                 "--hang-ms", std::to_string(o.backend.hang_ms)});
    args.insert(args.end(), {"-j", std::to_string(o.jobs)});
    return args;
}

void print_result(const ScenarioResult& r) {
    std::cout << (r.passed ? "PASS " : "FAIL ") << r.file << " — " << r.name << "\n";
    for (auto& f : r.failures) std::cout << "     " << f << "\n";
    for (auto& s : r.skipped) std::cout << "     skipped: " << s << "\n";
}

// `\r[ 37/119] passed 36 failed 1  file…` on a terminal while a batch runs; never in a pipe or a
// CI log. Redrawn at most every 50 ms (and when the last one ends); clear() wipes it.
class ProgressLine {
public:
    ProgressLine(size_t total, bool on) : total_(total), on_(on) {}
    void done(const ScenarioResult& r) {
        if (!on_) return;
        std::lock_guard<std::mutex> lock(mu_);
        ++finished_;
        failed_ += !r.passed;
        const auto now = std::chrono::steady_clock::now();
        if (finished_ < total_ && now - last_ < std::chrono::milliseconds(50)) return;
        last_ = now;
        draw(r.file);
    }
    void clear() {
        if (!on_ || !drawn_) return;
        std::printf("\r%*s\r", int(width()), "");
        std::fflush(stdout);
    }

private:
    static size_t width() {
        winsize ws{};
        return ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20 ? ws.ws_col - 1 : 79;
    }
    void draw(const std::string& file) {
        char head[96];
        const int digits = int(std::to_string(total_).size());
        std::snprintf(head, sizeof head, "[%*zu/%zu] passed %zu failed %zu  ", digits, finished_, total_, finished_ - failed_, failed_);
        const size_t room = width() > std::strlen(head) ? width() - std::strlen(head) : 0;
        std::string name = file;
        if (name.size() > room) name = room > 1 ? "…" + name.substr(name.size() - (room - 1)) : "";
        const std::string line = head + name;
        std::printf("\r%s%*s", line.c_str(), int(width() > line.size() ? width() - line.size() : 0), "");
        std::fflush(stdout);
        drawn_ = true;
    }
    std::mutex mu_;
    size_t total_, finished_ = 0, failed_ = 0;
    bool on_, drawn_ = false;
    std::chrono::steady_clock::time_point last_{};
};

// run_scenarios with a progress line on a terminal.
std::vector<ScenarioResult> run_all(const std::vector<Scenario>& scenarios, int jobs) {
    ProgressLine progress(scenarios.size(), isatty(STDOUT_FILENO) == 1);
    std::vector<ScenarioResult> results = run_scenarios(scenarios, jobs, [&](const ScenarioResult& r) { progress.done(r); });
    progress.clear();
    return results;
}

std::string slug(size_t index, const std::string& file) {
    char num[32];
    std::snprintf(num, sizeof num, "%03zu-", index + 1);
    return num + std::filesystem::path(file).stem().string();
}

// DIR/NNN-<file>/walkthrough.md for every scenario and DIR/index.md.
int write_markdown(const std::vector<Scenario>& scenarios, const std::string& dir) {
    std::vector<std::string> dirs;
    for (size_t i = 0; i < scenarios.size(); ++i) dirs.push_back(dir + "/" + slug(i, scenarios[i].file));
    std::vector<gui::WalkthroughSummary> summaries;
    std::filesystem::create_directories(dir);
    const int status = gui::write_walkthroughs(scenarios, dirs, &summaries);
    write_file_atomically(dir + "/index.md", gui::walkthrough_index(summaries, dir));
    std::cout << "walkthroughs: " << dir << "/index.md\n";
    return status;
}

int write_reports(const RunOptions& o, const std::vector<Scenario>& scenarios, const std::vector<ScenarioResult>& results) {
    try {
        if (!o.junit.empty()) write_file_atomically(o.junit, junit_report(results));
        if (!o.json.empty()) write_file_atomically(o.json, json_report(results));
        if (!o.har.empty()) write_file_atomically(o.har, har_report(results));
        if (!o.markdown.empty() && write_markdown(scenarios, o.markdown) != 0) return 2;
    } catch (const std::exception& e) {
        std::cerr << "loginscope run: " << e.what() << "\n";
        return 2;
    }
    return 0;
}

// SIGINT/SIGTERM: a report being written leaves no REPORT.tmp; then the signal ends the run as it
// would have (the exit status still says which signal).
extern "C" void on_interrupt(int sig) {
    remove_unfinished_temp_files();
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

void remove_temp_files_on_interrupt() {
    struct sigaction sa {};
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
}

// --backend: every scenario's app talks to the team's backend, its platform on the one port.
bool against_backend(const RunOptions& o, std::vector<Scenario>& scenarios) {
    if (o.jobs > 1 || !o.flaws.empty() || (o.transport && *o.transport == TransportMode::InProcess)) {
        std::cerr << "loginscope run: --backend runs one scenario at a time over HTTP, without --flaw (the backend has its own): "
                     "drop -j, --flaw and --transport in_process\n";
        return false;
    }
    std::vector<Flow> flows;
    for (const Scenario& s : scenarios)
        if (std::find(flows.begin(), flows.end(), s.config.flow) == flows.end()) flows.push_back(s.config.flow);
    const std::optional<BackendTarget> target = open_backend(o.backend, flows, "run");
    if (!target) return false;
    for (Scenario& s : scenarios) s.config = target->config_for(s.config);
    return true;
}

// A scenario recorded against a team's backend names its profile: replayed elsewhere, run says where
// it came from (its expectations are what that backend answered).
void note_recorded_backend(const RunOptions& o, const std::vector<Scenario>& scenarios) {
    std::string profile;
    if (!o.backend.profile_file.empty()) profile = load_backend_profile(o.backend.profile_file).name;
    for (const Scenario& s : scenarios) {
        if (s.backend.empty() || s.backend == profile) continue;
        std::cout << "note: " << s.file << " was recorded against the backend \"" << s.backend << "\""
                  << (profile.empty() ? "; this run asks the built-in developer server (replay it there with --backend PROFILE)"
                                      : "; this run asks \"" + profile + "\"")
                  << "\n";
    }
}

int run(const RunOptions& o) {
    remove_temp_files_on_interrupt();
    // The walkthrough pictures need a display: like `screenshot`, the whole run goes under xvfb-run.
    if (!o.markdown.empty() && !gui::has_display())
        return gui::rerun_under_xvfb(run_args(o), gui::kWalkthroughWidth, gui::kWalkthroughHeight);
    std::vector<Scenario> scenarios;
    try {
        for (auto& f : o.files) scenarios.push_back(load_scenario(f));
    } catch (const ScenarioError& e) {
        std::cerr << "loginscope run: " << e.what() << "\n";
        return 2;
    }
    for (Scenario& s : scenarios) {
        s.config.app.flaws.insert(o.flaws.begin(), o.flaws.end());
        if (o.transport) s.config.transport = *o.transport;
    }
    if (!o.backend.profile_file.empty() && !against_backend(o, scenarios)) return 2;
    note_recorded_backend(o, scenarios);
    const std::vector<ScenarioResult> results = run_all(scenarios, o.jobs);
    size_t failed = 0;
    for (auto& r : results) {
        print_result(r);
        failed += !r.passed;
    }
    std::cout << (results.size() - failed) << " passed, " << failed << " failed\n";
    if (const int status = write_reports(o, scenarios, results)) return status;
    return failed ? 1 : 0;
}
}  // namespace

Action add_run(CLI::App& app) {
    auto o = std::make_shared<RunOptions>();
    CLI::App* cmd = app.add_subcommand("run", "replay scenario files headless, every step's expectations checked");
    cmd->footer("Exit 0: all passed, 1: any failed, 2: unusable input (the message names file and field).");
    cmd->add_option("FILE", o->files, "scenario files (JSON, see assets/scenarios/README.md)")->required()->type_name("");
    cmd->add_option("--junit", o->junit, "write a JUnit XML report")->type_name("FILE");
    cmd->add_option("--json", o->json, "write a JSON report")->type_name("FILE");
    cmd->add_option("--har", o->har, "write every HTTP exchange as HAR 1.2")->type_name("FILE");
    cmd->add_option("--markdown", o->markdown,
                    "write DIR/index.md and a walkthrough with pictures per scenario (needs a display or xvfb-run)")
        ->type_name("DIR");
    add_flaw_option(*cmd, o->flaws);
    add_backend_options(*cmd, o->backend);
    cmd->add_option("--transport", "every scenario on http (loopback sockets, whose URLs the HAR shows) or in_process")
        ->type_name("http|in_process")
        ->check(rule([](const std::string& v) -> std::string {
            return v == "http" || v == "in_process" ? "" : "must be http or in_process, not \"" + v + "\"";
        }))
        ->each([o](const std::string& v) { o->transport = v == "http" ? TransportMode::Http : TransportMode::InProcess; });
    cmd->add_option("-j", o->jobs, "scenarios on N threads, 1..64 (results identical to a serial run)")
        ->type_name("N")
        ->check(whole_number(1, 64))
        ->capture_default_str();
    return [o] { return run(*o); };
}

}  // namespace ls::cli
