#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli.hpp"
#include "loginscope/explore.hpp"
#include "loginscope/scenario.hpp"

namespace ls::cli {

namespace {

std::string flaw_names() {
    std::string names;
    for (auto& f : flaw_catalog()) names += (names.empty() ? "" : ", ") + std::string(f.id);
    return names;
}

bool parse_count(const std::string& v, int64_t max, int64_t& out) {
    try {
        size_t used = 0;
        out = std::stoll(v, &used);
        return used == v.size() && out >= 1 && out <= max;
    } catch (...) {
        return false;
    }
}

// Exit 2 with the reason when the command line itself is unusable.
bool parse(const Args& args, ExploreOptions& o, std::string& out_dir) {
    bool have_flow = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (i + 1 >= args.size()) {
            std::cerr << "loginscope explore: " << a << " needs a value\n";
            return false;
        }
        const std::string v = args[++i];
        int64_t n = 0;
        if (a == "--flow") {
            auto f = flow_from_string(v);
            if (!f) {
                std::cerr << "loginscope explore: unknown flow \"" << v << "\"\n";
                return false;
            }
            o.flow = *f;
            have_flow = true;
        } else if (a == "--runs" && parse_count(v, 1000000, n)) {
            o.runs = int(n);
        } else if (a == "--steps" && parse_count(v, 200, n)) {
            o.max_steps = int(n);
        } else if (a == "--seed" && parse_count(v, INT64_MAX, n)) {
            o.seed = uint64_t(n);
        } else if (a == "--flaw") {
            auto f = flaw_from_string(v);
            if (!f) {
                std::cerr << "loginscope explore: unknown flaw \"" << v << "\" (one of " << flaw_names() << ")\n";
                return false;
            }
            o.flaws.insert(*f);
        } else if (a == "--out") {
            out_dir = v;
        } else {
            std::cerr << "loginscope explore: bad option " << a << " " << v
                      << " (--runs 1..1000000, --steps 1..200, --seed >= 1)\n";
            return false;
        }
    }
    if (!have_flow) std::cerr << "loginscope explore: --flow is required\n";
    return have_flow;
}

void print_finding(const ExploreFinding& f, const std::string& file) {
    std::cout << "VIOLATION " << f.violation.invariant << ": " << f.violation.detail << "\n"
              << "     run " << f.run << ", shrunk from " << f.steps_before_shrink << " to "
              << f.scenario["steps"].size() << " steps\n";
    if (!file.empty()) std::cout << "     reproduce: loginscope run " << file << "\n";
    else std::cout << f.scenario.dump(2) << "\n";
}

}  // namespace

int explore(const Args& args) {
    ExploreOptions o;
    std::string out_dir;
    if (!parse(args, o, out_dir)) return 2;
    const bool tty = isatty(STDOUT_FILENO);
    auto progress = [&](int done) {
        if (tty && (done % 10 == 0 || done == o.runs)) std::cout << "\r[" << done << "/" << o.runs << "] runs" << std::flush;
    };
    const ExploreReport report = ls::explore(o, progress);
    if (tty) std::cout << "\r\033[K";
    std::cout << "explored " << report.runs << " runs, " << report.steps << " steps of " << to_string(o.flow)
              << (o.flaws.empty() ? "" : " with flaws") << "\n";
    for (const ExploreFinding& f : report.findings) {
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
        print_finding(f, file);
    }
    if (report.findings.empty()) std::cout << "no invariant was broken\n";
    return report.findings.empty() ? 0 : 1;
}

}  // namespace ls::cli
