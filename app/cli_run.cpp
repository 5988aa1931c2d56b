#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "cli.hpp"
#include "loginscope/scenario.hpp"

namespace ls::cli {

namespace {
struct RunOptions {
    std::vector<std::string> files;
    std::string junit, json, har;
    int jobs = 1;
};

// Exit 2 with the reason when the command line itself is unusable.
bool parse(const Args& args, RunOptions& o) {
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--junit" || a == "--json" || a == "--har" || a == "-j") {
            if (i + 1 >= args.size()) {
                std::cerr << "loginscope run: " << a << " needs a value\n";
                return false;
            }
            const std::string v = args[++i];
            if (a == "-j") {
                o.jobs = std::atoi(v.c_str());
                if (o.jobs < 1 || o.jobs > 64) {
                    std::cerr << "loginscope run: -j needs a number of jobs 1..64\n";
                    return false;
                }
            } else {
                (a == "--junit" ? o.junit : a == "--json" ? o.json : o.har) = v;
            }
        } else if (a.rfind("--", 0) == 0) {
            std::cerr << "loginscope run: unknown option " << a << "\n";
            return false;
        } else {
            o.files.push_back(a);
        }
    }
    if (o.files.empty()) std::cerr << "loginscope run: no scenario files given\n";
    return !o.files.empty();
}

void print_result(const ScenarioResult& r) {
    std::cout << (r.passed ? "PASS " : "FAIL ") << r.file << " — " << r.name << "\n";
    for (auto& f : r.failures) std::cout << "     " << f << "\n";
}
}  // namespace

int run(const Args& args) {
    RunOptions o;
    if (!parse(args, o)) return 2;
    std::vector<Scenario> scenarios;
    try {
        for (auto& f : o.files) scenarios.push_back(load_scenario(f));
    } catch (const ScenarioError& e) {
        std::cerr << "loginscope run: " << e.what() << "\n";
        return 2;
    }
    const std::vector<ScenarioResult> results = run_scenarios(scenarios, o.jobs);
    size_t failed = 0;
    for (auto& r : results) {
        print_result(r);
        failed += !r.passed;
    }
    std::cout << (results.size() - failed) << " passed, " << failed << " failed\n";
    try {
        if (!o.junit.empty()) write_file_atomically(o.junit, junit_report(results));
        if (!o.json.empty()) write_file_atomically(o.json, json_report(results));
        if (!o.har.empty()) write_file_atomically(o.har, har_report(results));
    } catch (const std::exception& e) {
        std::cerr << "loginscope run: " << e.what() << "\n";
        return 2;
    }
    return failed ? 1 : 0;
}

}  // namespace ls::cli
