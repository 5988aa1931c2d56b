// The `loginscope` executable's headless subcommands, run as a user runs them.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <regex>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "cli_run.hpp"
#include "serve_process.hpp"
#include "loginscope/platform_pack.hpp"

using nlohmann::json;
namespace fs = std::filesystem;

namespace {
using namespace ls::test;

std::string q(const std::string& s) { return "'" + s + "'"; }

const char* kGood = R"({
  "name": "cli good",
  "flow": "wechat-mp",
  "steps": [{"action": "login", "expect": {"ok": true}}]
})";
const char* kFailing = R"({
  "name": "cli failing",
  "flow": "wechat-mp",
  "transport": "in_process",
  "steps": [{"action": "login", "expect": {"ok": false}}]
})";
const char* kMalformed = R"({
  "name": "cli malformed",
  "flow": "wechat-mp",
  "steps": [{"action": "login"}, {"action": "fly"}]
})";
}  // namespace

TEST_CASE("catalog --json prints valid JSON with 40163 code been used", "[cli]") {
    TempDir d;
    const Ran r = run(d, "catalog --json");
    CHECK(r.status == 0);
    const json j = json::parse(r.out, nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    bool found = false;
    for (auto& e : j["entries"])
        if (e["code"] == "40163") {
            found = true;
            CHECK(e["message"] == "code been used");
            CHECK(e["platform"] == "wechat");
        }
    CHECK(found);
    CHECK(j["assumptions"].size() > 0);
}

TEST_CASE("catalog without --json is rejected with exit 2", "[cli]") {
    TempDir d;
    CHECK(run(d, "catalog").status == 2);
}

TEST_CASE("an unknown command is rejected with exit 2", "[cli]") {
    TempDir d;
    const Ran r = run(d, "frobnicate");
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::Contains("frobnicate"));
}

TEST_CASE("run exits 0 when every scenario passes", "[cli]") {
    TempDir d;
    const std::string f = d.write("good.json", kGood);
    const Ran r = run(d, "run " + q(f));
    INFO(r.out << r.err);
    CHECK(r.status == 0);
    CHECK_THAT(r.out, Catch::Contains("PASS"));
    CHECK_THAT(r.out, Catch::Contains("1 passed, 0 failed"));
}

TEST_CASE("run exits 1 when a scenario fails", "[cli]") {
    TempDir d;
    const std::string good = d.write("good.json", kGood), bad = d.write("failing.json", kFailing);
    const Ran r = run(d, "run " + q(good) + " " + q(bad));
    INFO(r.out << r.err);
    CHECK(r.status == 1);
    CHECK_THAT(r.out, Catch::Contains("FAIL"));
    CHECK_THAT(r.out, Catch::Contains("1 passed, 1 failed"));
}

TEST_CASE("run rejects a malformed scenario with exit 2 naming the file and field", "[cli]") {
    TempDir d;
    const std::string good = d.write("good.json", kGood), bad = d.write("malformed.json", kMalformed);
    const Ran r = run(d, "run " + q(good) + " " + q(bad));
    INFO(r.out << r.err);
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::Contains(bad));
    CHECK_THAT(r.err, Catch::Contains("steps[1].action"));
}

TEST_CASE("run rejects invalid JSON with exit 2 naming the file", "[cli]") {
    TempDir d;
    const std::string bad = d.write("broken.json", "{\"name\":");
    const Ran r = run(d, "run " + q(bad));
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::Contains(bad));
}

TEST_CASE("run refuses with exit 2 a scenario file over the size limit and one with too many steps", "[cli][limits]") {
    TempDir d;
    const std::string huge = d.file("huge.json");
    std::ofstream(huge).close();
    fs::resize_file(huge, 8 * 1024 * 1024 + 1);  // sparse: nothing is written, nothing should be read
    Ran r = run(d, "run " + q(huge));
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::Contains(huge + ": 8388609 bytes, more than a scenario file may have"));
    json many = json::parse(kGood);
    many["steps"] = json::array();
    for (int i = 0; i < 10001; ++i) many["steps"].push_back({{"action", "jump_to_next_expiry"}});
    const std::string long_file = d.write("long.json", many.dump());
    r = run(d, "run " + q(long_file));
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::Contains(long_file + ": steps: 10001 steps, more than a scenario may have (10000)"));
    CHECK(r.out.empty());
}

TEST_CASE("run without files or with an unknown option exits 2", "[cli]") {
    TempDir d;
    CHECK(run(d, "run").status == 2);
    const std::string f = d.write("good.json", kGood);
    CHECK(run(d, "run --colour " + q(f)).status == 2);
    CHECK(run(d, "run " + q(f) + " --junit").status == 2);
}

TEST_CASE("run --junit and --json write the reports", "[cli]") {
    TempDir d;
    const std::string good = d.write("good.json", kGood), bad = d.write("failing.json", kFailing);
    const std::string junit = d.file("out.xml"), js = d.file("out.json");
    const Ran r = run(d, "run " + q(good) + " " + q(bad) + " --junit " + q(junit) + " --json " + q(js));
    INFO(r.out << r.err);
    CHECK(r.status == 1);
    REQUIRE(fs::exists(junit));
    REQUIRE(fs::exists(js));
    const std::string x = slurp(junit);
    CHECK_THAT(x, Catch::StartsWith("<?xml"));
    CHECK_THAT(x, Catch::Contains("<testcase "));
    CHECK_THAT(x, Catch::Contains("<failure "));
    const json j = json::parse(slurp(js), nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    CHECK(j["passed"] == 1);
    CHECK(j["failed"] == 1);
    CHECK_FALSE(fs::exists(junit + ".tmp"));
    CHECK_FALSE(fs::exists(js + ".tmp"));
}

TEST_CASE("serve --port 0 announces its port and answers the admin API", "[cli][serve]") {
    REQUIRE(fs::exists(kBin));
    Served s({"--port", "0"});
    const std::string first = s.banner.substr(0, s.banner.find('\n'));
    INFO("first line: " << first);
    CHECK(std::regex_match(first, std::regex(R"(^listening on http://127\.0\.0\.1:(\d+)$)")));
    const int port = s.port("listening on");
    CHECK(port > 0);
    if (port > 0) {
        httplib::Client c("127.0.0.1", port);
        c.set_read_timeout(3, 0);
        auto res = c.Get("/__admin/apps");
        REQUIRE(res);
        CHECK(res->status == 200);
        const json j = json::parse(res->body, nullptr, false);
        REQUIRE(j.is_object());
        // mini program, multi-terminal app, Open Platform app, Baidu, univerify, then each platform pack's app
        CHECK(j["apps"].size() == 5 + ls::platform_packs().size());
    }
    CHECK(s.stop() == 0);
}

// A code from the admin API, posted to serve's developer server; the reply it sends the client.
json serve_login(const Served& s) {
    httplib::Client admin("127.0.0.1", s.port("listening on")), dev("127.0.0.1", s.port("developer server on"));
    auto code = admin.Post("/__admin/codes", R"({"appid":"wx5f0d3c8a9b1e2d47","user":"alice"})", "application/json");
    REQUIRE(code);
    REQUIRE(code->status == 200);
    auto login = dev.Post("/api/login", json{{"code", json::parse(code->body)["code"]}}.dump(), "application/json");
    REQUIRE(login);
    CHECK(login->status == 200);
    return json::parse(login->body, nullptr, false);
}

TEST_CASE("serve --flaw leak-session-key makes its developer server return session_key, and without it never", "[cli][serve][flaws]") {
    REQUIRE(fs::exists(kBin));
    Served flawed({"--port", "0", "--flaw", "leak-session-key"});
    INFO(flawed.banner);
    CHECK_THAT(flawed.banner, Catch::Contains("FLAW leak-session-key"));
    const json leaked = serve_login(flawed);
    CHECK(leaked.contains("token"));
    CHECK(leaked.contains("session_key"));
    CHECK(flawed.stop() == 0);

    Served sound({"--port", "0"});
    const json kept = serve_login(sound);
    CHECK(kept.contains("token"));
    CHECK_FALSE(kept.contains("session_key"));
    CHECK(sound.stop() == 0);
}

TEST_CASE("serve --journal-limit keeps only the newest events in GET /__admin/events", "[cli][serve]") {
    REQUIRE(fs::exists(kBin));
    Served s({"--port", "0", "--journal-limit", "5"});
    INFO(s.banner);
    CHECK_THAT(s.banner, Catch::Contains("journal: the newest 5 events"));
    httplib::Client admin("127.0.0.1", s.port("listening on"));
    for (int i = 0; i < 12; ++i) {
        auto r = admin.Post("/__admin/codes", R"({"appid":"wx5f0d3c8a9b1e2d47","user":"alice"})", "application/json");
        REQUIRE(r);
        REQUIRE(r->status == 200);
    }
    auto r = admin.Get("/__admin/events");
    REQUIRE(r);
    const json events = json::parse(r->body, nullptr, false);
    REQUIRE(events.is_array());
    REQUIRE(events.size() == 5);
    // The newest five, in order, numbered as they were recorded (not renumbered from 0).
    const uint64_t first = events[0]["seq"].get<uint64_t>();
    CHECK(first >= 7);
    for (size_t i = 0; i < events.size(); ++i) CHECK(events[i]["seq"].get<uint64_t>() == first + i);
    CHECK(s.stop() == 0);
}

// GET /__admin/apps on serve's platform port with `headers`; the HTTP status (0: no answer).
int admin_apps_status(const Served& s, const httplib::Headers& headers = {}) {
    httplib::Client c("127.0.0.1", s.port("listening on"));
    c.set_read_timeout(3, 0);
    auto res = c.Get("/__admin/apps", headers);
    return res ? res->status : 0;
}

TEST_CASE("serve bound beyond loopback warns and locks the admin API with a printed token", "[cli][serve][admin]") {
    Served s({"--port", "0", "--bind", "0.0.0.0"});
    INFO(s.banner);
    REQUIRE(s.port("listening on") > 0);
    CHECK(s.banner.find("WARNING") != std::string::npos);
    std::smatch m;
    REQUIRE(std::regex_search(s.banner, m, std::regex(R"(Bearer TOKEN\): ([0-9a-f]{32}))")));
    const std::string token = m[1];
    CHECK(admin_apps_status(s) == 401);
    CHECK(admin_apps_status(s, {{"Authorization", "Bearer " + std::string(32, '0')}}) == 401);
    CHECK(admin_apps_status(s, {{"Authorization", "Bearer " + token}}) == 200);
    CHECK(admin_apps_status(s, {{"x-admin-token", token}}) == 200);
    // The platform endpoints stay open, and a refusal tells nothing of the apps.
    httplib::Client c("127.0.0.1", s.port("listening on"));
    auto refused = c.Get("/__admin/apps");
    REQUIRE(refused);
    CHECK(refused->body.find("secret") == std::string::npos);
    auto platform = c.Get("/sns/jscode2session?appid=x&secret=y&js_code=z&grant_type=authorization_code");
    REQUIRE(platform);
    CHECK(platform->status == 200);
    CHECK(s.stop() == 0);
}

TEST_CASE("serve on loopback keeps the admin API open, and --admin-token locks it there too", "[cli][serve][admin]") {
    Served open({"--port", "0"});
    CHECK(open.banner.find("WARNING") == std::string::npos);
    CHECK(admin_apps_status(open) == 200);
    CHECK(open.stop() == 0);
    const std::string token = "a-token-of-my-own-choosing";
    Served locked({"--port", "0", "--admin-token", token});
    CHECK(admin_apps_status(locked) == 401);
    CHECK(admin_apps_status(locked, {{"Authorization", "Bearer " + token}}) == 200);
    CHECK(locked.stop() == 0);
}

TEST_CASE("serve --bind :: announces a valid URL", "[cli][serve][admin]") {
    Served s({"--port", "0", "--bind", "::"});
    INFO(s.banner);
    const std::string first = s.banner.substr(0, s.banner.find('\n'));
    if (first.find("cannot listen") != std::string::npos) {
        WARN("skipped: no IPv6 on this machine");
        s.stop();
        return;
    }
    CHECK(std::regex_search(s.banner, std::regex(R"(listening on http://\[::\]:\d+)")));
    s.stop();
}

TEST_CASE("serve rejects a bad port with exit 2", "[cli][serve]") {
    TempDir d;
    CHECK(run(d, "serve --port 70000").status == 2);
    CHECK(run(d, "serve --port abc").status == 2);
    CHECK(run(d, "serve --frobnicate").status == 2);
    CHECK(run(d, "serve --journal-limit lots").status == 2);
    const Ran flaw = run(d, "serve --flaw nope");
    CHECK(flaw.status == 2);
    CHECK_THAT(flaw.err, Catch::Contains("leak-session-key"));
}

TEST_CASE("crypto commands sign hmac encrypt and decrypt like the openssl vectors", "[cli][crypto]") {
    TempDir d;
    const std::string key = "ABEiM0RVZneImaq7zN3u/w==", iv = "Dw4NDAsKCQgHBgUEAwIBAA==";
    const std::string plain = R"({"nickName":"Band","watermark":{"appid":"wx1","timestamp":1}})";
    auto sign = run(d, "crypto sign --raw-data '{\"nickName\":\"Band\"}' --session-key HyVFkGl5F5OQWJZZaNzBBg==");
    CHECK(sign.status == 0);
    CHECK(sign.out == "19036804514e3177482cf7382c6a337cf79b246d\n");
    auto hmac = run(d, "crypto hmac --session-key HyVFkGl5F5OQWJZZaNzBBg==");
    CHECK(hmac.out == "252b75c92698025afe925b29cca5517fdf9ee67aae072cf3225ebf3a53783058\n");
    auto enc = run(d, "crypto encrypt --session-key " + key + " --iv " + iv + " --json '" + plain + "'");
    REQUIRE(enc.status == 0);
    const std::string data = enc.out.substr(0, enc.out.find('\n'));
    auto dec = run(d, "crypto decrypt --session-key " + key + " --iv " + iv + " --data " + data + " --appid wx1");
    CHECK(dec.status == 0);
    CHECK(dec.out == plain + "\n");
    auto wrong_app = run(d, "crypto decrypt --session-key " + key + " --iv " + iv + " --data " + data + " --appid wx2");
    CHECK(wrong_app.status == 1);
    CHECK_THAT(wrong_app.err, Catch::Contains("watermark.appid is \"wx1\""));
}

TEST_CASE("crypto commands reject bad base64 wrong key lengths and bad padding with exit 2", "[cli][crypto]") {
    TempDir d;
    const std::string iv = "Dw4NDAsKCQgHBgUEAwIBAA==";
    auto bad_key = run(d, "crypto decrypt --session-key abc --iv " + iv + " --data AAAAAAAAAAAAAAAAAAAAAA==");
    CHECK(bad_key.status == 2);
    CHECK_THAT(bad_key.err, Catch::Contains("session_key: not base64"));
    auto short_key = run(d, "crypto encrypt --session-key AAAA --iv " + iv + " --json x");
    CHECK(short_key.status == 2);
    CHECK_THAT(short_key.err, Catch::Contains("session_key: must decode to 16 bytes, got 3"));
    auto padding = run(d, "crypto decrypt --session-key ABEiM0RVZneImaq7zN3u/w== --iv " + iv + " --data AAAAAAAAAAAAAAAAAAAAAA==");
    CHECK(padding.status == 2);
    CHECK_THAT(padding.err, Catch::Contains("bad padding"));
    auto missing = run(d, "crypto sign --raw-data x");
    CHECK(missing.status == 2);
    CHECK_THAT(missing.err, Catch::Contains("--session-key is required"));
}

TEST_CASE("run -j 2 gives the same results as a serial run and --har writes HAR 1.2", "[cli][run]") {
    TempDir d;
    const std::string files = std::string(LOGINSCOPE_ASSETS) + "/scenarios/wechat-mp/*.json";
    auto serial = run(d, "run " + files + " --json " + q(d.file("serial.json")));
    auto parallel = run(d, "run " + files + " -j 2 --json " + q(d.file("parallel.json")) + " --har " + q(d.file("t.har")));
    INFO(serial.err << parallel.err);
    CHECK(serial.status == 0);
    CHECK(parallel.status == 0);
    CHECK(serial.out == parallel.out);  // same PASS lines in the same order
    CHECK(json::parse(slurp(d.file("serial.json"))) == json::parse(slurp(d.file("parallel.json"))));
    const json har = json::parse(slurp(d.file("t.har")));
    CHECK(har["log"]["version"] == "1.2");
    REQUIRE(har["log"]["entries"].size() > 10);
    const json& first = har["log"]["entries"][0];
    CHECK(first["request"]["method"].is_string());
    CHECK(first["response"]["status"].is_number());
    CHECK(first["startedDateTime"].get<std::string>().back() == 'Z');
    // Replies that came over a loopback socket carry the header fields they came with; the body's type
    // is their Content-Type.
    size_t with_fields = 0;
    for (const json& e : har["log"]["entries"])
        for (const json& h : e["response"]["headers"])
            if (h["name"] == "Content-Type") {
                ++with_fields;
                CHECK(h["value"] == e["response"]["content"]["mimeType"]);
            }
    CHECK(with_fields > 0);
}

// Found by a probe of `serve`'s tools: an interrupt while a report was being written left REPORT.tmp
// behind. Here the temp file is a FIFO whose reader never reads, so the report (bigger than a pipe
// holds) stops half-written exactly as on a stalled disk, and the signal lands mid-write every time.
TEST_CASE("run interrupted while it writes --junit, --json or --har leaves no .tmp behind", "[cli][run][signal]") {
    // Every login misses a long expected errMsg: each report is several times what a pipe holds.
    json many = json::parse(kFailing);
    many["steps"] = json::array();
    for (int i = 0; i < 300; ++i) many["steps"].push_back({{"action", "login"}, {"expect", {{"errMsg", std::string(300, 'x')}}}});
    for (const auto& [option, sig] : {std::pair{"--junit", SIGINT}, {"--json", SIGTERM}, {"--har", SIGINT}}) {
        INFO(option << " and signal " << sig);
        TempDir d;
        const std::string scenario = d.write("many.json", many.dump()), report = d.file("report");
        REQUIRE(mkfifo((report + ".tmp").c_str(), 0600) == 0);
        const int reader = open((report + ".tmp").c_str(), O_RDONLY | O_NONBLOCK);  // lets the writer open it
        REQUIRE(reader >= 0);
        const pid_t pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            const int null = open("/dev/null", O_WRONLY);
            dup2(null, 1);
            execl(kBin.c_str(), kBin.c_str(), "run", scenario.c_str(), option, report.c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
        // The run has opened the temp file and written what the pipe holds once bytes wait in it.
        int waiting = 0, status = 0;
        bool exited = false;
        for (int i = 0; i < 400 && waiting == 0 && !exited; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            REQUIRE(ioctl(reader, FIONREAD, &waiting) == 0);
            exited = waitpid(pid, &status, WNOHANG) == pid;
        }
        CHECK(waiting > 0);
        if (!exited) exited = signal_and_reap(pid, sig, status);
        close(reader);
        CHECK(exited);
        CHECK(WIFSIGNALED(status));  // the signal still ends the run, as it did
        CHECK((WIFSIGNALED(status) ? WTERMSIG(status) : 0) == sig);
        std::vector<std::string> names;
        for (auto& e : fs::directory_iterator(d.path)) names.push_back(e.path().filename().string());
        std::sort(names.begin(), names.end());
        CHECK(names == std::vector<std::string>{"many.json"});  // no report.tmp, and no half a report
    }
}

TEST_CASE("run rejects a bad job count with exit 2", "[cli][run]") {
    TempDir d;
    auto r = run(d, "run -j 0 " + std::string(LOGINSCOPE_ASSETS) + "/scenarios/wechat-mp/success.json");
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::Contains("-j"));
}

namespace {
// Every command and the options its --help must name.
const std::vector<std::pair<std::string, std::vector<std::string>>> kCommands = {
    {"run", {"FILE", "--junit", "--json", "--har", "--markdown", "--flaw", "--transport", "-j"}},
    {"explore", {"--flow", "--runs", "--seed", "--steps", "--flaw", "--out"}},
    {"serve", {"--port", "--bind", "--flaw", "--journal-limit"}},
    {"catalog", {"--json"}},
    {"crypto", {"sign", "hmac", "encrypt", "decrypt"}},
    {"crypto sign", {"--raw-data", "--session-key"}},
    {"crypto hmac", {"--session-key", "--body"}},
    {"crypto encrypt", {"--session-key", "--iv", "--json"}},
    {"crypto decrypt", {"--session-key", "--iv", "--data", "--appid"}},
    {"screenshot", {"--out", "--scenario", "--walkthrough", "--size", "--tab", "--record", "--replay", "--replay-steps",
                    "--lang", "--theme", "--scale", "--phone-gloss", "--presenter", "--beats"}},
};

// A usable command line for each command, to which one bad word is added (a screenshot, should one
// be taken after all, goes to `d`).
std::map<std::string, std::string> usable(const TempDir& d) {
    return {
        {"run", "run " + std::string(LOGINSCOPE_ASSETS) + "/scenarios/wechat-mp/success.json"},
        {"explore", "explore --flow wechat-mp --runs 1"},
        {"serve", "serve --port 0"},
        {"catalog", "catalog --json"},
        {"crypto sign", "crypto sign --raw-data x --session-key HyVFkGl5F5OQWJZZaNzBBg=="},
        {"screenshot", "screenshot --out " + q(d.file("x.png"))},
    };
}

size_t lines(const std::string& s) { return size_t(std::count(s.begin(), s.end(), '\n')); }

// The one line an unusable command line gets: it names `what`, points to the command's --help, exit 2.
void check_rejected(const Ran& r, const std::string& command, const std::string& what) {
    INFO(r.out << r.err);
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(lines(r.err) == 1);
    CHECK_THAT(r.err, Catch::StartsWith("loginscope " + command + ": "));
    CHECK_THAT(r.err, Catch::Contains(what));
    CHECK_THAT(r.err, Catch::Contains("loginscope " + command + " --help"));
}
}  // namespace

TEST_CASE("loginscope --help, -h and help list every command on stdout and exit 0", "[cli][help]") {
    TempDir d;
    for (const char* ask : {"--help", "-h", "help"}) {
        INFO(ask);
        const Ran r = run(d, ask);
        CHECK(r.status == 0);
        CHECK(r.err.empty());
        for (const char* command : {"run", "explore", "serve", "catalog", "crypto", "screenshot"})
            CHECK_THAT(r.out, Catch::Contains(std::string("\n  ") + command + " "));
        CHECK_THAT(r.out, Catch::Contains("Every command answers --help"));
    }
}

TEST_CASE("every command answers --help, -h and help COMMAND with its options on stdout, exit 0, and does nothing else", "[cli][help]") {
    TempDir d;
    for (const auto& [command, options] : kCommands)
        for (const std::string& ask : {command + " --help", command + " -h", "help " + command}) {
            INFO(ask);
            const Ran r = run(d, ask);
            CHECK(r.status == 0);
            CHECK(r.err.empty());
            CHECK_THAT(r.out, Catch::Contains("Usage: loginscope " + command + " "));
            for (const std::string& o : options) CHECK_THAT(r.out, Catch::Contains("  " + o + " "));
            CHECK_THAT(r.out, !Catch::Contains("listening on http://127") && !Catch::Contains("explored "));  // help only
        }
}

TEST_CASE("help wins over the options that are missing, and shows the defaults", "[cli][help]") {
    TempDir d;
    const Ran explore = run(d, "explore --help");  // --flow is required, yet help is help
    CHECK(explore.status == 0);
    CHECK_THAT(explore.out, Catch::Contains("--runs N=200") && Catch::Contains("--steps M=16"));
    const Ran serve = run(d, "serve --help");
    CHECK_THAT(serve.out, Catch::Contains("--journal-limit N=100000") && Catch::Contains("--bind ADDR=127.0.0.1"));
    // Issue 13: what a hostile client meets is documented where the operator looks.
    CHECK_THAT(serve.out, Catch::Contains("Limits") && Catch::Contains("head 64 KiB (431)") &&
                              Catch::Contains("64 KiB to a platform endpoint") && Catch::Contains("Deadlines") &&
                              Catch::Contains("within 10 s of its first byte") && Catch::Contains("admin token") &&
                              Catch::Contains("beyond loopback") && Catch::Contains("?since=SEQ&limit=N"));
    const Ran screenshot = run(d, "screenshot -h");
    CHECK_THAT(screenshot.out, Catch::Contains("--size WxH=1280x720"));
}

TEST_CASE("every command rejects an unknown option with one line naming it, exit 2", "[cli]") {
    TempDir d;
    for (const auto& [command, line] : usable(d)) {
        INFO(line);
        check_rejected(run(d, line + " --frobnicate"), command, "unknown option --frobnicate");
        check_rejected(run(d, line + " --frobnicate 1"), command, "unknown option --frobnicate");
    }
    // A misspelt required option is named as unknown, not as the missing one.
    check_rejected(run(d, "explore --flo wechat-mp"), "explore", "unknown option --flo");
    check_rejected(run(d, "catalog --json extra"), "catalog", "unexpected argument \"extra\"");
}

TEST_CASE("every value option without its value is rejected naming it, exit 2", "[cli]") {
    TempDir d;
    const std::vector<std::pair<std::string, std::vector<std::string>>> value_options = {
        {"run", {"--junit", "--json", "--har", "--markdown", "--flaw", "--transport", "-j"}},
        {"explore", {"--flow", "--runs", "--seed", "--steps", "--flaw", "--out"}},
        {"serve", {"--port", "--bind", "--flaw", "--journal-limit"}},
        {"crypto sign", {"--raw-data", "--session-key"}},
        {"screenshot", {"--out", "--scenario", "--walkthrough", "--size", "--tab", "--replay", "--replay-steps", "--lang",
                        "--theme", "--scale", "--beats"}},
    };
    for (const auto& [command, options] : value_options) {
        const std::string line = usable(d).at(command);
        for (const std::string& o : options) {
            INFO(line << " " << o);
            check_rejected(run(d, line + " " + o), command, o + " needs a value");
        }
    }
}

TEST_CASE("a bad number or value is rejected naming the option and what it accepts, exit 2", "[cli]") {
    TempDir d;
    const std::string scenario = std::string(LOGINSCOPE_ASSETS) + "/scenarios/wechat-mp/success.json";
    const std::string shot = usable(d).at("screenshot");
    check_rejected(run(d, "run -j many " + scenario), "run", "-j: must be a whole number 1..64, not \"many\"");
    check_rejected(run(d, "run -j 65 " + scenario), "run", "-j: must be a whole number 1..64");
    check_rejected(run(d, "explore --flow wechat-mp --runs 1.5"), "explore", "--runs: must be a whole number 1..1000000");
    check_rejected(run(d, "explore --flow wechat-mp --seed -1"), "explore", "--seed: must be a whole number >= 1");
    check_rejected(run(d, "explore --flow nope"), "explore", "--flow: unknown flow \"nope\" (one of wechat-mp, taro");
    check_rejected(run(d, "serve --port 70000"), "serve", "--port: must be a whole number 0..65535, not \"70000\"");
    check_rejected(run(d, "serve --journal-limit lots"), "serve", "--journal-limit: must be a whole number");
    check_rejected(run(d, shot + " --beats few"), "screenshot", "--beats: must be a whole number -1..");
    check_rejected(run(d, shot + " --replay-steps -2"), "screenshot", "--replay-steps: must be a whole number 0..");
    check_rejected(run(d, shot + " --scale 4"), "screenshot", "--scale: must be a number 0.75..3, not \"4\"");
    check_rejected(run(d, shot + " --size 1280"), "screenshot", "--size: must be WxH");
    check_rejected(run(d, shot + " --size 1280x720x3"), "screenshot", "--size: must be WxH");
    check_rejected(run(d, shot + " --tab phone"), "screenshot", "--tab: must be timeline, sequence");
    check_rejected(run(d, shot + " --lang fr"), "screenshot", "--lang: must be en or zh");
    check_rejected(run(d, shot + " --theme blue"), "screenshot", "--theme: must be light or dark");
}

TEST_CASE("a missing required option or command is rejected naming it, exit 2", "[cli]") {
    TempDir d;
    check_rejected(run(d, "run"), "run", "FILE is required");
    check_rejected(run(d, "explore --runs 3"), "explore", "--flow is required");
    check_rejected(run(d, "catalog"), "catalog", "--json is required");
    check_rejected(run(d, "crypto"), "crypto", "a command is needed (one of sign, hmac, encrypt, decrypt)");
    check_rejected(run(d, "crypto verify --session-key x"), "crypto", "unknown command \"verify\"");
    check_rejected(run(d, "crypto encrypt --session-key k --iv v"), "crypto encrypt", "--json is required");
    check_rejected(run(d, "screenshot"), "screenshot", "--out FILE.png (or --walkthrough DIR --scenario FILE) is required");
    check_rejected(run(d, "screenshot --walkthrough w"), "screenshot", "--walkthrough DIR needs --scenario FILE");
    const Ran unknown = run(d, "help frobnicate");
    CHECK(unknown.status == 2);
    CHECK_THAT(unknown.err, Catch::Contains("unknown command \"frobnicate\" (one of run, explore, serve"));
}

TEST_CASE("run and serve take one name per --flaw: the word after it is a scenario file again, and every --flaw counts", "[cli][flaws]") {
    TempDir d;
    const std::string good = d.write("good.json", kGood);
    const Ran r = run(d, "run --flaw leak-session-key " + q(good) + " --flaw log-secret");
    INFO(r.out << r.err);
    CHECK(r.status == 0);
    CHECK_THAT(r.out, Catch::Contains("1 passed, 0 failed"));
    // …and every --flaw counts, where a twice-given single-value option takes the last.
    Served s({"--port", "1", "--port", "0", "--flaw", "log-secret", "--flaw", "leak-session-key"});
    INFO(s.banner);
    CHECK(s.port("listening on") > 1);
    CHECK_THAT(s.banner, Catch::Contains("FLAW leak-session-key") && Catch::Contains("FLAW log-secret"));
    CHECK(s.stop() == 0);
}

TEST_CASE("explore honours --runs, --steps and --seed", "[cli][explore]") {
    TempDir d;
    const Ran a = run(d, "explore --flow wechat-mp --runs 7 --steps 1 --seed 5");
    INFO(a.out << a.err);
    CHECK(a.status == 0);
    std::smatch m;
    REQUIRE(std::regex_search(a.out, m, std::regex(R"(explored (\d+) runs, (\d+) steps of wechat-mp)")));
    CHECK(m[1] == "7");
    CHECK(std::stoi(m[2]) <= 7);  // one step per run at most
    CHECK(run(d, "explore --flow wechat-mp --runs 7 --steps 1 --seed 5").out == a.out);  // same seed, same runs
}

namespace {
// The request URLs of a HAR file, without their query.
std::set<std::string> har_urls(const std::string& file) {
    std::set<std::string> urls;
    const json har = json::parse(slurp(file));
    for (const json& e : har["log"]["entries"]) {
        const std::string url = e["request"]["url"];
        urls.insert(url.substr(0, url.find('?')));
    }
    return urls;
}
}  // namespace

TEST_CASE("run --har writes where each request went: loopback on the HTTP transport, logical in process, --transport chooses",
          "[cli][run][har]") {
    TempDir d;
    const std::string good = d.write("good.json", kGood);  // on the default transport, http
    REQUIRE(run(d, "run " + q(good) + " --har " + q(d.file("http.har"))).status == 0);
    const std::set<std::string> http = har_urls(d.file("http.har"));
    REQUIRE(http.size() == 2);
    const std::regex loopback(R"(^http://127\.0\.0\.1:([1-9]\d*)/(sns/jscode2session|api/login)$)");
    std::set<std::string> ports;
    for (const std::string& url : http) {
        std::smatch m;
        CHECK(std::regex_match(url, m, loopback));
        ports.insert(m[1]);
    }
    CHECK(ports.size() == 2);  // the platform's and the developer server's

    REQUIRE(run(d, "run --transport in_process " + q(good) + " --har " + q(d.file("in-process.har"))).status == 0);
    CHECK(har_urls(d.file("in-process.har")) ==
          std::set<std::string>{"https://api.weixin.qq.com/sns/jscode2session", "https://dev.example.test/api/login"});

    const std::string in_process = d.write("failing.json", kFailing);  // "transport": "in_process"
    run(d, "run --transport http " + q(in_process) + " --har " + q(d.file("forced.har")));
    for (const std::string& url : har_urls(d.file("forced.har"))) CHECK_THAT(url, Catch::StartsWith("http://127.0.0.1:"));
    check_rejected(run(d, "run --transport tcp " + q(good)), "run", "--transport: must be http or in_process, not \"tcp\"");
}

TEST_CASE("serve --backend registers the profile's app: a team's backend exchanges its codes with its own appid and secret", "[cli][serve][audit]") {
    REQUIRE(fs::exists(kBin));
    const std::string appid = "wx0123456789abcdef", secret = "0123456789abcdef0123456789abcdef";
    const json profile = {{"name", "shop-api"},
                          {"apps", {{{"platform", "wechat"}, {"appid", appid}, {"secret", secret}}}},
                          {"flows", {{"wechat-mp", {{"login", {{"method", "POST"}, {"url", "http://127.0.0.1:3000/login"}}}, {"session", "/token"}}}}}};
    const std::string path = (fs::temp_directory_path() / ("loginscope-profile-" + std::to_string(getpid()) + ".json")).string();
    std::ofstream(path) << profile.dump();
    auto code_for = [&](const Served& s) {
        httplib::Client admin("127.0.0.1", s.port("listening on"));
        return admin.Post("/__admin/codes", json{{"appid", appid}, {"user", "alice"}}.dump(), "application/json");
    };
    Served plain({"--port", "0"});
    auto refused = code_for(plain);
    REQUIRE(refused);
    CHECK(refused->status != 200);  // no such app without the profile
    CHECK(plain.stop() == 0);

    Served with({"--port", "0", "--backend", path});
    auto issued = code_for(with);
    REQUIRE(issued);
    REQUIRE(issued->status == 200);
    httplib::Client platform("127.0.0.1", with.port("listening on"));
    const std::string code = json::parse(issued->body)["code"];
    auto exchanged = platform.Get(("/sns/jscode2session?appid=" + appid + "&secret=" + secret + "&js_code=" + code +
                                   "&grant_type=authorization_code").c_str());
    REQUIRE(exchanged);
    CHECK(json::parse(exchanged->body).contains("openid"));
    CHECK(with.stop() == 0);
    fs::remove(path);

    const Ran bad = run(TempDir(), "serve --backend /nonexistent/profile.json");
    CHECK(bad.status == 2);
    CHECK(bad.err.find("/nonexistent/profile.json: cannot be read") != std::string::npos);
}
