// `loginscope run` options that live beside the GUI: --markdown (walkthroughs rendered by the GUI's
// renderer, so under Xvfb), the progress line on a terminal, and --flaw.
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "session_helpers.hpp"

using namespace ls::gui::test;

namespace {

std::string asset(const std::string& rel) { return std::string(LOGINSCOPE_ASSETS) + "/scenarios/" + rel; }

struct Output {
    int status = -1;
    std::string text;  // stdout and stderr
};

// Runs loginscope with `args` through a shell pipe (stdout is not a terminal).
Output run_piped(const std::string& args) {
    Output out;
    const std::string cmd = std::string("\"") + LOGINSCOPE_BIN + "\" " + args + " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    char buf[4096];
    for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.text.append(buf, n);
    const int st = pclose(p);
    out.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return out;
}

// Runs loginscope with `args` on a pseudo-terminal (stdout is a TTY).
Output run_on_tty(const std::vector<std::string>& args) {
    std::vector<std::string> all = {LOGINSCOPE_BIN};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    int master = -1;
    const pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
    REQUIRE(pid >= 0);
    if (pid == 0) {
        execv(argv[0], argv.data());
        _exit(127);
    }
    Output out;
    char buf[4096];
    for (ssize_t n; (n = read(master, buf, sizeof buf)) > 0;) out.text.append(buf, size_t(n));
    close(master);
    int st = 0;
    waitpid(pid, &st, 0);
    out.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return out;
}

std::vector<std::string> all_scenarios() {
    std::vector<std::string> files;
    for (auto& e : std::filesystem::recursive_directory_iterator(std::string(LOGINSCOPE_ASSETS) + "/scenarios"))
        if (e.path().extension() == ".json") files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

TEST_CASE("run on a terminal shows a progress line and clears it, in a pipe it never writes a carriage return") {
    const std::vector<std::string> files = all_scenarios();
    REQUIRE(files.size() > 100);
    std::string joined;
    for (auto& f : files) joined += " " + f;

    const Output piped = run_piped("run -j 2" + joined);
    CHECK(piped.status == 0);
    CHECK(piped.text.find('\r') == std::string::npos);
    CHECK(piped.text.find(" passed, 0 failed") != std::string::npos);

    std::vector<std::string> args = {"run", "-j", "2"};
    args.insert(args.end(), files.begin(), files.end());
    const Output tty = run_on_tty(args);
    CHECK(tty.status == 0);
    const std::string total = std::to_string(files.size());
    CHECK(tty.text.find("\r[  1/" + total + "] passed 1 failed 0  ") != std::string::npos);
    CHECK(tty.text.find("\r[" + total + "/" + total + "] passed " + total + " failed 0  ") != std::string::npos);
    // Cleared before the report: the last progress line is blanked out and the cursor returned.
    const size_t report = tty.text.find("PASS ");
    REQUIRE(report != std::string::npos);
    const size_t clear = tty.text.rfind('\r', report - 1);
    REQUIRE(clear != std::string::npos);
    CHECK(tty.text.substr(clear - 10, 10) == std::string(10, ' '));
}

TEST_CASE("run --markdown writes a walkthrough per scenario and an index") {
    if (no_display()) return;
    TempDir dir("run-markdown");
    const std::string bad = write_scenario("markdown-fail", R"({"name": "expects a failure that does not come", "flow": "wechat-mp",
        "steps": [{"action": "login", "expect": {"ok": false}}]})");
    const Output out = run_piped("run --markdown " + dir.path + " " + asset("wechat-mp/code-reused.json") + " " +
                                 asset("univerify/close-30003.json") + " " + bad);
    INFO(out.text);
    CHECK(out.status == 1);  // the third fails; its walkthrough is written all the same
    const std::string index = read_file(dir / "index.md");
    CHECK(index.find("2 passed, 1 failed") != std::string::npos);
    CHECK(index.find("(001-code-reused/walkthrough.md) | PASS | 2 |") != std::string::npos);
    CHECK(index.find("(002-close-30003/walkthrough.md) | PASS |") != std::string::npos);
    CHECK(index.find("/walkthrough.md) | FAIL | 1 |") != std::string::npos);
    const std::string md = read_file(dir / "001-code-reused/walkthrough.md");
    CHECK(md.find("## Step 2 — `resend_code`") != std::string::npos);
    for (const char* png : {"001-code-reused/step-01-phone.png", "001-code-reused/step-02-sequence.png",
                            "002-close-30003/step-01-phone.png"}) {
        Png p(dir / png);
        INFO(png);
        CHECK(p.w > 200);
        CHECK(p.h > 50);
    }
    const std::string failed = read_file(dir / ("003-" + std::filesystem::path(bad).stem().string() + "/walkthrough.md"));
    CHECK(failed.find("**Expectations not met:**") != std::string::npos);
    std::remove(bad.c_str());
}

TEST_CASE("run --markdown with no display and no xvfb-run says so and exits 2") {
    TempDir dir("run-markdown-nodisplay");
    const std::string cmd = "env -u DISPLAY PATH=/nonexistent \"" + std::string(LOGINSCOPE_BIN) + "\" run --markdown " + dir.path +
                            " " + asset("wechat-mp/code-reused.json") + " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    std::string text;
    char buf[1024];
    for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) text.append(buf, n);
    const int st = pclose(p);
    CHECK(WEXITSTATUS(st) == 2);
    CHECK(text.find("no display") != std::string::npos);
}

TEST_CASE("run --flaw switches a developer-server flaw on in every scenario, an unknown name lists the valid ones") {
    const Output unknown = run_piped("run --flaw leak-everything " + asset("wechat-mp/code-reused.json"));
    CHECK(unknown.status == 2);
    CHECK(unknown.text.find("unknown flaw \"leak-everything\"") != std::string::npos);
    for (const ls::FlawInfo& f : ls::flaw_catalog()) CHECK(unknown.text.find(f.id) != std::string::npos);

    TempDir dir("run-flaw");
    const Output with = run_piped("run --flaw leak-session-key --json " + (dir / "with.json") + " " + asset("wechat-mp/code-reused.json"));
    const Output without = run_piped("run --json " + (dir / "without.json") + " " + asset("wechat-mp/code-reused.json"));
    CHECK(with.status == 0);
    CHECK(without.status == 0);
    CHECK(read_file(dir / "with.json").find("flaw.session_key_leaked") != std::string::npos);
    CHECK(read_file(dir / "without.json").find("flaw.session_key_leaked") == std::string::npos);
}
