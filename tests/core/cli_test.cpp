// The `loginscope` executable's headless subcommands, run as a user runs them.
#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <httplib.h>
#include <nlohmann/json.hpp>

using nlohmann::json;
namespace fs = std::filesystem;

namespace {
const std::string kBin = LOGINSCOPE_BIN;

struct TempDir {
    fs::path path;
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "loginscope-cli-XXXXXX").string();
        REQUIRE(mkdtemp(tmpl.data()));
        path = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    std::string file(const std::string& name) const { return (path / name).string(); }
    std::string write(const std::string& name, const std::string& content) const {
        std::ofstream(path / name) << content;
        return file(name);
    }
};

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

struct Ran {
    int status = -1;
    std::string out, err;
};

// Runs the binary with `args` (already shell-quoted), capturing stdout and stderr.
Ran run(const TempDir& d, const std::string& args) {
    REQUIRE(fs::exists(kBin));
    const std::string out = d.file("stdout.txt"), err = d.file("stderr.txt");
    const std::string cmd = "timeout 60 '" + kBin + "' " + args + " >'" + out + "' 2>'" + err + "' </dev/null";
    const int rc = std::system(cmd.c_str());
    Ran r;
    r.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
}

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
    int out[2];
    REQUIRE(pipe(out) == 0);
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        dup2(out[1], 1);
        close(out[0]);
        close(out[1]);
        execl(kBin.c_str(), kBin.c_str(), "serve", "--port", "0", static_cast<char*>(nullptr));
        _exit(127);
    }
    close(out[1]);
    // Read the first line, waiting at most 10 s.
    std::string first;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (first.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
        pollfd p{out[0], POLLIN, 0};
        if (poll(&p, 1, 200) > 0) {
            char buf[256];
            const ssize_t n = read(out[0], buf, sizeof buf);
            if (n <= 0) break;
            first.append(buf, size_t(n));
        }
    }
    first = first.substr(0, first.find('\n'));
    INFO("first line: " << first);
    std::smatch m;
    const bool announced = std::regex_match(first, m, std::regex(R"(^listening on http://127\.0\.0\.1:(\d+)$)"));
    CHECK(announced);
    if (announced) {
        const int port = std::stoi(m[1]);
        CHECK(port > 0);
        httplib::Client c("127.0.0.1", port);
        c.set_read_timeout(3, 0);
        auto res = c.Get("/__admin/apps");
        REQUIRE(res);
        CHECK(res->status == 200);
        const json j = json::parse(res->body, nullptr, false);
        REQUIRE(j.is_object());
        CHECK(j["apps"].size() == 5);  // mini program, multi-terminal app, Open Platform app, Baidu, univerify
    }
    // Stop it: SIGTERM, bounded wait, SIGKILL as a last resort.
    kill(pid, SIGTERM);
    int status = 0;
    bool exited = false;
    for (int i = 0; i < 100 && !exited; ++i) {
        exited = waitpid(pid, &status, WNOHANG) == pid;
        if (!exited) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (!exited) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
    }
    close(out[0]);
    CHECK(exited);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("serve rejects a bad port with exit 2", "[cli][serve]") {
    TempDir d;
    CHECK(run(d, "serve --port 70000").status == 2);
    CHECK(run(d, "serve --port abc").status == 2);
    CHECK(run(d, "serve --frobnicate").status == 2);
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
}

TEST_CASE("run rejects a bad job count with exit 2", "[cli][run]") {
    TempDir d;
    auto r = run(d, "run -j 0 " + std::string(LOGINSCOPE_ASSETS) + "/scenarios/wechat-mp/success.json");
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::Contains("-j"));
}
