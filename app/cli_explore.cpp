#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli.hpp"
#include "cli_backend.hpp"
#include "cli_options.hpp"
#include "loginscope/explore.hpp"
#include "loginscope/scenario.hpp"

namespace ls::cli {

namespace {

struct ExploreCommand {
    ExploreOptions options;
    std::string out_dir;  // where the shrunk reproducers go ("" = printed)
    BackendOptions backend;
};

void print_finding(const ExploreFinding& f, const std::string& file, const std::string& run_options) {
    std::cout << "VIOLATION " << f.violation.invariant << ": " << f.violation.detail << "\n"
              << "     run " << f.run << ", shrunk from " << f.steps_before_shrink << " to "
              << f.scenario["steps"].size() << " steps\n";
    if (!file.empty()) std::cout << "     reproduce: loginscope run " << run_options << file << "\n";
    else std::cout << f.scenario.dump(2) << "\n";
}

int explore(const ExploreCommand& command) {
    ExploreOptions o = command.options;
    std::string run_options;  // what `loginscope run` needs besides the file to replay a finding
    if (!command.backend.profile_file.empty()) {
        if (!o.flaws.empty()) {
            std::cerr << "loginscope explore: --flaw switches the built-in server's flaws; with --backend the backend has its own\n";
            return 2;
        }
        const std::optional<BackendTarget> target = open_backend(command.backend, {o.flow}, "explore");
        if (!target) return 2;
        o.configure = [t = *target](const EngineConfig& cfg) { return t.config_for(cfg); };
        run_options = "--backend " + command.backend.profile_file + " --platform-port " + std::to_string(target->platform_port) + " ";
    }
    const std::string& out_dir = command.out_dir;
    const bool tty = isatty(STDOUT_FILENO);
    auto progress = [&](int done) {
        if (tty && (done % 10 == 0 || done == o.runs)) std::cout << "\r[" << done << "/" << o.runs << "] runs" << std::flush;
    };
    const ExploreReport report = ls::explore(o, progress);
    if (tty) std::cout << "\r\033[K";
    std::cout << "explored " << report.runs << " runs, " << report.steps << " steps of " << to_string(o.flow)
              << (o.flaws.empty() ? "" : " with flaws") << "\n";
    for (ExploreFinding f : report.findings) {
        if (!run_options.empty())  // the file says whom it was found on, as the reproduce line does
            f.scenario["description"] = f.scenario.value("description", "") + ", against the backend of " + command.backend.profile_file;
        std::string file;
        if (!out_dir.empty()) {
            std::error_code ec;
            std::filesystem::create_directories(out_dir, ec);
            file = (std::filesystem::path(out_dir) / ("explore-" + f.violation.invariant + ".json")).string();
            try {
                write_file_atomically(file, f.scenario.dump(2) + "\n");
            } catch (const std::exception& e) {
                std::cerr << "loginscope explore: " << e.what() << "\n";
                return 2;
            }
        }
        print_finding(f, file, run_options);
    }
    if (report.findings.empty()) std::cout << "no invariant was broken\n";
    return report.findings.empty() ? 0 : 1;
}

}  // namespace

Action add_explore(CLI::App& app) {
    auto c = std::make_shared<ExploreCommand>();
    ExploreOptions& o = c->options;
    CLI::App* cmd = app.add_subcommand("explore", "random actions, clock moves and faults, invariants checked, violations shrunk");
    cmd->footer("Exit 0: no invariant broken, 1: one was (each shrunk to the shortest scenario), 2: bad arguments.");
    cmd->add_option("--flow", "the flow to explore")
        ->required()
        ->type_name("F")
        ->check(flow_name())
        ->each([&o](const std::string& v) { o.flow = *flow_from_string(v); });
    cmd->add_option("--runs", o.runs, "random runs, 1..1000000")->type_name("N")->check(whole_number(1, 1000000))->capture_default_str();
    cmd->add_option("--seed", o.seed, "the first run's seed, >= 1 (same seed, same runs)")
        ->type_name("S")
        ->check(whole_number(1, INT64_MAX))
        ->capture_default_str();
    cmd->add_option("--steps", o.max_steps, "steps per run at most, 1..200")->type_name("M")->check(whole_number(1, 200))->capture_default_str();
    add_flaw_option(*cmd, o.flaws);
    add_backend_options(*cmd, c->backend);
    cmd->add_option("--out", c->out_dir, "write each shrunk violation to DIR/explore-<invariant>.json (loginscope run replays it)")
        ->type_name("DIR");
    return [c] { return explore(*c); };
}

}  // namespace ls::cli
