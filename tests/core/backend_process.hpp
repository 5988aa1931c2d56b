#pragma once
// A team's backend as the audit tests meet it: a real process (tests/backends/shop_backend.py, Python's
// standard library) on loopback, started with its flaws and stopped when the test ends.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cstdlib>

#include <csignal>
#include <functional>
#include <memory>
#include <set>
#include <cstdio>
#include <string>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../common/free_port.hpp"
#include "loginscope/audit.hpp"

namespace ls::test {

inline const std::string kShopBackend = std::string(LOGINSCOPE_ASSETS) + "/../tests/backends/shop_backend.py";
inline const std::string kShopAppid = "wx0123456789abcdef";
inline const std::string kShopSecret = "0123456789abcdef0123456789abcdef";

// A backend as a child process on loopback: `args` run (args[0] found on PATH); it must print
// "listening on PORT" first. SIGTERM when the test is done with it.
class BackendProcess {
public:
    BackendProcess(int port, std::vector<std::string> args) : port_(port) {
        int out[2];
        REQUIRE(::pipe(out) == 0);
        // Everything the child needs is made before fork(): this process has threads, and a child
        // that allocates can wait forever on a lock another thread held at the fork (seen under ASan).
        const std::string program = on_path(args[0]);
        std::vector<char*> argv;
        for (std::string& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        pid_ = ::fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {  // only async-signal-safe calls from here
            ::dup2(out[1], 1);
            ::close(out[0]);
            ::close(out[1]);
            ::execv(program.c_str(), argv.data());
            ::_exit(127);
        }
        ::close(out[1]);
        FILE* f = ::fdopen(out[0], "r");
        char line[128] = {};
        const bool started = std::fgets(line, sizeof line, f) != nullptr;
        std::fclose(f);
        const bool listening = started && std::string(line).rfind("listening on ", 0) == 0;
        if (!listening) stop();
        INFO(args[1] << ": its first line: " << line);
        REQUIRE(listening);
    }
    ~BackendProcess() { stop(); }
    BackendProcess(const BackendProcess&) = delete;
    BackendProcess& operator=(const BackendProcess&) = delete;
    std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }

private:
    // `name` as execvp would find it on PATH (a name with a slash as it is).
    static std::string on_path(const std::string& name) {
        if (name.find('/') != std::string::npos) return name;
        const char* path = std::getenv("PATH");
        std::string dirs = path ? path : "/usr/bin:/bin";
        for (size_t start = 0; start <= dirs.size();) {
            const size_t end = std::min(dirs.find(':', start), dirs.size());
            const std::string candidate = (end > start ? dirs.substr(start, end - start) : ".") + "/" + name;
            if (::access(candidate.c_str(), X_OK) == 0) return candidate;
            start = end + 1;
        }
        return name;
    }
    void stop() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGTERM);
        ::waitpid(pid_, nullptr, 0);
        pid_ = -1;
    }
    int port_;
    pid_t pid_ = -1;
};

// The Python backend on `port`, exchanging codes at `api_base` the way `platform` (wechat, swan,
// uni-weixin) wants, with `flaws` switched on; constructed once it listens.
class ShopBackend : public BackendProcess {
public:
    ShopBackend(int port, const std::string& api_base, const std::vector<std::string>& flaws = {}, const std::string& platform = "wechat")
        : BackendProcess(port, args(port, api_base, flaws, platform)) {}

private:
    static std::vector<std::string> args(int port, const std::string& api_base, const std::vector<std::string>& flaws,
                                         const std::string& platform) {
        std::vector<std::string> a = {"python3", kShopBackend, "--port", std::to_string(port), "--api-base", api_base,
                                      "--appid", kShopAppid, "--secret", kShopSecret, "--platform", platform};
        for (const std::string& f : flaws) a.insert(a.end(), {"--flaw", f});
        return a;
    }
};

// The classic login flaws both test backends can plant, each with the one check that must name it.
using FlawCases = std::vector<std::pair<std::string, std::set<std::string>>>;
inline const FlawCases kLoginFlaws = {
    {"cache-code", {"wechat-mp/single-use-code"}},
    {"leak-session-key", {"wechat-mp/session-key-stays-server-side"}},
    {"leak-secret", {"wechat-mp/secret-stays-server-side"}},
    {"trust-client-openid", {"wechat-mp/identity-from-platform"}},
    {"no-timeout", {"wechat-mp/no-session-on-platform-error/timeout"}},
};

// The audit of a backend process that `start(platform_base)` starts once the platform listens, the
// profile pointing at it. Hangs kept short: the platform holds 3 s, a backend must answer within 2 s
// (the test backends' own timeout is 1.5 s).
struct AuditedBackend {
    std::unique_ptr<BackendProcess> backend;
    AuditReport report;
    AuditedBackend(BackendProfile profile, const std::function<std::unique_ptr<BackendProcess>(const std::string&)>& start) {
        AuditOptions o;
        o.profile = std::move(profile);
        o.hang_ms = 3000;
        o.answer_within_ms = 2000;
        o.on_listening = [&](int port) { backend = start("http://127.0.0.1:" + std::to_string(port)); };
        report = run_audit(o);
    }
    std::set<std::string> with(CheckStatus s) const {
        std::set<std::string> ids;
        for (const AuditCheck& c : report.checks)
            if (c.status == s) ids.insert(c.id);
        return ids;
    }
};

// The phone-number checks of a WeChat flow, which a backend without a phone template skips.
inline std::set<std::string> phone_checks(const std::string& flow) {
    std::set<std::string> ids;
    for (const char* id : {"phone-number-works", "phone-code-single-use", "phone-code-expired", "phone-number-stays-server-side"})
        ids.insert(flow + "/" + id);
    return ids;
}

// The README's example profile (and a phone template), pointed at `base`; for `flow`, whose app is of kind `app_platform`
// (univerify's client sends the one-click page's access_token and openid, and its claim apart).
inline std::string shop_profile(const std::string& base, const std::string& flow = "wechat-mp", const std::string& app_platform = "wechat") {
    const std::string body = flow == "univerify"
                                 ? R"({"access_token": "{{access_token}}", "openid": "{{openid}}", "claimed_openid": "{{claimed_openid}}"})"
                                 : R"({"code": "{{code}}", "openid": "{{claimed_openid}}"})";
    return R"({
  "name": "shop-api",
  "apps": [{"platform": ")" + app_platform + R"(", "appid": ")" + kShopAppid + R"(", "secret": ")" + kShopSecret + R"("}],
  "flows": {
    ")" + flow + R"(": {
      "login":  {"method": "POST", "url": ")" + base + R"(/login", "headers": {"X-App": "shop"},
                 "json": )" + body + R"(},
      "session": "/data/token",
      "whoami": {"method": "GET", "url": ")" + base + R"(/me", "headers": {"X-Session": "{{session}}"}},
      "identity": "/openid",
      "phone": {"method": "POST", "url": ")" + base + R"(/phone", "headers": {"X-Session": "{{session}}"},
                "json": {"code": "{{phone_code}}"}}
    }
  }
})";
}

}  // namespace ls::test
