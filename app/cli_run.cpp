#include <sys/ioctl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <mutex>

#include "cli.hpp"
#include "gui/gui.hpp"
#include "loginscope/scenario.hpp"

namespace ls::cli {

namespace {
struct RunOptions {
    std::vector<std::string> files;
    std::string junit, json, har, markdown;
    FlawSet flaws;
    int jobs = 1;
};

std::string flaw_names() {
    std::string names;
    for (const FlawInfo& f : flaw_catalog()) names += (names.empty() ? "" : ", ") + std::string(f.id);
    return names;
}

// One option that takes a value; false (and the reason on stderr) when the value is unusable.
bool take_value(const std::string& a, const std::string& v, RunOptions& o) {
    if (a == "-j") {
        o.jobs = std::atoi(v.c_str());
        if (o.jobs >= 1 && o.jobs <= 64) return true;
        std::cerr << "loginscope run: -j needs a number of jobs 1..64\n";
        return false;
    }
    if (a == "--flaw") {
        const auto f = flaw_from_string(v);
        if (!f) std::cerr << "loginscope run: unknown flaw \"" << v << "\"; the flaws are: " << flaw_names() << "\n";
        if (f) o.flaws.insert(*f);
        return f.has_value();
    }
    (a == "--junit" ? o.junit : a == "--json" ? o.json : a == "--har" ? o.har : o.markdown) = v;
    return true;
}

// Exit 2 with the reason when the command line itself is unusable.
bool parse(const Args& args, RunOptions& o) {
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--junit" || a == "--json" || a == "--har" || a == "--markdown" || a == "--flaw" || a == "-j") {
            if (i + 1 >= args.size()) {
                std::cerr << "loginscope run: " << a << " needs a value\n";
                return false;
            }
            if (!take_value(a, args[++i], o)) return false;
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
}  // namespace

int run(const Args& args) {
    RunOptions o;
    if (!parse(args, o)) return 2;
    // The walkthrough pictures need a display: like `screenshot`, the whole run goes under xvfb-run.
    if (!o.markdown.empty() && !gui::has_display()) {
        Args again = {"run"};
        again.insert(again.end(), args.begin(), args.end());
        return gui::rerun_under_xvfb(again, gui::kWalkthroughWidth, gui::kWalkthroughHeight);
    }
    std::vector<Scenario> scenarios;
    try {
        for (auto& f : o.files) scenarios.push_back(load_scenario(f));
    } catch (const ScenarioError& e) {
        std::cerr << "loginscope run: " << e.what() << "\n";
        return 2;
    }
    for (Scenario& s : scenarios) s.config.app.flaws.insert(o.flaws.begin(), o.flaws.end());
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

}  // namespace ls::cli
