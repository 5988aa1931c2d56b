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

// The Node backend on `port`, exchanging codes at `api_base`, with `flaws` switched on; constructed once
// it listens.
class NodeBackend : public BackendProcess {
public:
    NodeBackend(int port, const std::string& api_base, const std::vector<std::string>& flaws = {})
        : BackendProcess(port, args(port, api_base, flaws)) {}

private:
    static std::vector<std::string> args(int port, const std::string& api_base, const std::vector<std::string>& flaws) {
        INFO("the Node backend's packages are missing: run `bash third_party/install-deps.sh` (npm ci in " << kNodeBackendDir << ")");
        REQUIRE(std::filesystem::exists(kNodeBackendDir + "/node_modules/node-easywechat"));
        std::vector<std::string> a = {"node", kNodeBackend, "--port", std::to_string(port), "--api-base", api_base,
                                      "--appid", kNodeAppid, "--secret", kNodeSecret};
        for (const std::string& f : flaws) a.insert(a.end(), {"--flaw", f});
        return a;
    }
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
