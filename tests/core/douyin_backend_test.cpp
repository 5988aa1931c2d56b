// A team's own Douyin backend (a platform pack through the backend profile and the audit): the
// Python backend exchanges its codes at jscode2session v2 on LoginScope's platform port; the audit
// passes a correct one and names each planted flaw, and the profile takes the douyin flow and app.
#include <catch2/catch.hpp>

#include <set>

#include "backend_process.hpp"
#include "loginscope/audit.hpp"
#include "loginscope/platform_pack.hpp"

using namespace ls;
using namespace ls::test;
using nlohmann::json;

namespace {

struct DouyinAudited : AuditedBackend {
    explicit DouyinAudited(const std::vector<std::string>& flaws, int backend_port = free_port())
        : AuditedBackend(parse_backend_profile(json::parse(shop_profile("http://127.0.0.1:" + std::to_string(backend_port), "douyin", "douyin"))),
                         [&](const std::string& api_base) { return std::make_unique<ShopBackend>(backend_port, api_base, flaws, "douyin"); }) {}
};

}  // namespace

TEST_CASE("audit: a correct Douyin backend passes, its jscode2session errors included", "[audit][douyin]") {
    const DouyinAudited clean({});
    INFO(audit_table(clean.report));
    CHECK(clean.report.passed());
    const auto passed = clean.with(CheckStatus::Pass);
    for (const char* id : {"douyin/login-works", "douyin/single-use-code", "douyin/expired-code", "douyin/no-session-on-platform-error/40018",
                           "douyin/no-session-on-platform-error/40015", "douyin/no-session-on-platform-error/timeout",
                           "douyin/identity-from-platform", "douyin/session-key-stays-server-side", "douyin/secret-stays-server-side"})
        CHECK(passed.count(id));
}

TEST_CASE("audit: each flaw of a Douyin backend is named by the check that catches it", "[audit][douyin]") {
    CHECK(DouyinAudited({"leak-session-key"}).with(CheckStatus::Fail) == std::set<std::string>{"douyin/session-key-stays-server-side"});
    CHECK(DouyinAudited({"cache-code"}).with(CheckStatus::Fail) == std::set<std::string>{"douyin/single-use-code"});
    CHECK(DouyinAudited({"trust-client-openid"}).with(CheckStatus::Fail) == std::set<std::string>{"douyin/identity-from-platform"});
}

TEST_CASE("a backend profile takes the douyin flow and app, and backend_engine_config registers its app", "[audit][douyin]") {
    const BackendProfile p = parse_backend_profile(json::parse(shop_profile("http://127.0.0.1:1", "douyin", "douyin")));
    REQUIRE(p.app_for("douyin"));
    EngineConfig cfg;
    cfg.flow = *flow_from_string("douyin");
    const EngineConfig attached = backend_engine_config(cfg, p, 0, 250);
    const PackApp app = pack_app(attached.app, *find_pack("douyin"));
    CHECK(app.at("appid") == p.app_for("douyin")->appid);
    CHECK(app.at("secret") == p.app_for("douyin")->secret);
    const PackApp back = pack_app(builtin_engine_config(attached, p).app, *find_pack("douyin"));
    CHECK(back == pack_app(AppConfig{}, *find_pack("douyin")));
    json bad = json::parse(shop_profile("http://127.0.0.1:1", "douyin", "wechat"));
    CHECK_THROWS_WITH(parse_backend_profile(bad), Catch::Contains("flows.douyin: needs an app with platform \"douyin\""));
}
