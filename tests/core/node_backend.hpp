#pragma once
// The second backend the audit tests meet (issue 16): tests/backends/node/shop_backend.js, Node.js with
// the npm package node-easywechat for code2Session, a real process on loopback started with its flaws
// and stopped when the test ends. Its session is a cookie (sid), its whoami answers {"user": {"openid"}}.
// Its /profile checks WeChat open data with the session's session_key. Its packages are installed by
// third_party/install-deps.sh (npm ci in tests/backends/node).
#include <catch2/catch.hpp>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include "backend_process.hpp"

namespace ls::test {

inline const std::string kNodeBackendDir = std::string(LOGINSCOPE_ASSETS) + "/../tests/backends/node";
inline const std::string kNodeBackend = kNodeBackendDir + "/shop_backend.js";
// The Node backend's own test app, another than the Python one's.
inline const std::string kNodeAppid = "wx7d2e9a4c1b6f3085";
inline const std::string kNodeSecret = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b";

class NodeBackend {
public:
    // Starts the backend on `port`, exchanging codes at `api_base`, with `flaws` switched on; returns
    // once it listens.
    NodeBackend(int port, const std::string& api_base, const std::vector<std::string>& flaws = {}) : port_(port) {
        {
            INFO("the Node backend's packages are missing: run `bash third_party/install-deps.sh` (npm ci in " << kNodeBackendDir << ")");
            REQUIRE(std::filesystem::exists(kNodeBackendDir + "/node_modules/node-easywechat"));
        }
        std::vector<std::string> args = {"node", kNodeBackend, "--port", std::to_string(port), "--api-base", api_base,
                                         "--appid", kNodeAppid, "--secret", kNodeSecret};
        for (const std::string& f : flaws) args.insert(args.end(), {"--flaw", f});
        int out[2];
        REQUIRE(::pipe(out) == 0);
        pid_ = ::fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            ::dup2(out[1], 1);
            ::close(out[0]);
            ::close(out[1]);
            std::vector<char*> argv;
            for (std::string& a : args) argv.push_back(a.data());
            argv.push_back(nullptr);
            ::execvp("node", argv.data());
            ::_exit(127);
        }
        ::close(out[1]);
        FILE* f = ::fdopen(out[0], "r");
        char line[128] = {};
        const bool started = std::fgets(line, sizeof line, f) != nullptr;
        std::fclose(f);
        if (!started || std::string(line).rfind("listening on ", 0) != 0) stop();
        INFO("the Node backend's first line: " << line);
        REQUIRE(started);
        REQUIRE(std::string(line).rfind("listening on ", 0) == 0);
    }
    ~NodeBackend() { stop(); }
    NodeBackend(const NodeBackend&) = delete;
    NodeBackend& operator=(const NodeBackend&) = delete;
    std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }

private:
    void stop() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGTERM);
        ::waitpid(pid_, nullptr, 0);
        pid_ = -1;
    }
    int port_;
    pid_t pid_ = -1;
};

// A profile for the Node backend at `base`: the session in a cookie, whoami and the open data's profile
// request sent with the cookie jar.
inline std::string node_profile(const std::string& base) {
    return R"({
  "name": "node-shop",
  "apps": [{"platform": "wechat", "appid": ")" + kNodeAppid + R"(", "secret": ")" + kNodeSecret + R"("}],
  "flows": {
    "wechat-mp": {
      "login":  {"method": "POST", "url": ")" + base + R"(/login",
                 "json": {"code": "{{code}}", "openid": "{{claimed_openid}}"}},
      "session": {"cookie": "sid"},
      "whoami": {"method": "GET", "url": ")" + base + R"(/me"},
      "identity": "/user/openid",
      "profile": {"method": "POST", "url": ")" + base + R"(/profile",
                  "json": {"rawData": "{{rawData}}", "signature": "{{signature}}", "encryptedData": "{{encryptedData}}", "iv": "{{iv}}"}}
    }
  }
})";
}

}  // namespace ls::test
