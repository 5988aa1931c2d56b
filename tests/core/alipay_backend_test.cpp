// A team's own Alipay backend through the backend profile and the audit: the Python backend signs
// alipay.system.oauth.token with its app private key (RSA2, by the openssl command) against
// LoginScope's gateway, which verifies it with the app public key the profile registers as its
// "secret". The audit passes a correct backend and names each planted flaw.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>

#include "backend_process.hpp"
#include "loginscope/audit.hpp"
#include "loginscope/rsa.hpp"

using namespace ls;
using namespace ls::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr const char* kAppId = "2021001234567890";

// The backend's key pair: the private half in a file the backend reads, the public half in the profile.
struct Keys {
    RsaKeyPair pair = rsa_generate();
    fs::path file = fs::temp_directory_path() / ("loginscope-alipay-backend-" + std::to_string(::getpid()) + ".pem");
    Keys() { std::ofstream(file) << pair.private_pem; }
    ~Keys() {
        std::error_code ec;
        fs::remove(file, ec);
    }
};

struct AlipayAudited : AuditedBackend {
    AlipayAudited(const Keys& keys, const std::vector<std::string>& flaws, int backend_port = free_port())
        : AuditedBackend(profile(keys, backend_port), [&](const std::string& api_base) {
              std::vector<std::string> args = {"python3",  kShopBackend, "--port",   std::to_string(backend_port), "--api-base", api_base,
                                               "--appid",  kAppId,       "--secret", "unused",                    "--platform", "alipay",
                                               "--private-key", keys.file.string()};
              for (const std::string& f : flaws) args.insert(args.end(), {"--flaw", f});
              return std::make_unique<BackendProcess>(backend_port, args);
          }) {}

    static BackendProfile profile(const Keys& keys, int port) {
        json j = json::parse(shop_profile("http://127.0.0.1:" + std::to_string(port), "alipay", "alipay"));
        j["apps"][0]["appid"] = kAppId;
        j["apps"][0]["secret"] = keys.pair.public_pem;  // Alipay's "secret": the app public key it verifies with
        return parse_backend_profile(j);
    }
};

}  // namespace

TEST_CASE("audit: a correct Alipay backend signing RSA2 passes, and each flaw is named", "[audit][alipay]") {
    const Keys keys;
    const AlipayAudited clean(keys, {});
    INFO(audit_table(clean.report));
    CHECK(clean.report.passed());
    const auto passed = clean.with(CheckStatus::Pass);
    for (const char* id : {"alipay/login-works", "alipay/single-use-code", "alipay/expired-code",
                           "alipay/no-session-on-platform-error/isv.code-invalid", "alipay/no-session-on-platform-error/isv.invalid-signature",
                           "alipay/identity-from-platform", "alipay/secret-stays-server-side"})
        CHECK(passed.count(id));
    CHECK(clean.with(CheckStatus::Skipped).count("alipay/session-key-stays-server-side"));  // Alipay issues none

    CHECK(AlipayAudited(keys, {"cache-code"}).with(CheckStatus::Fail) == std::set<std::string>{"alipay/single-use-code"});
    CHECK(AlipayAudited(keys, {"trust-client-openid"}).with(CheckStatus::Fail) == std::set<std::string>{"alipay/identity-from-platform"});
}
