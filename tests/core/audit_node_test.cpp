// loginscope audit against the second real backend (issue 16): Node.js with node-easywechat's
// code2Session, its session in a cookie, its /profile checking WeChat open data. The correct backend
// passes every check, and each planted flaw is named by the same check as in the Python backend's audit
// (audit_test.cpp); the open data's flaws each by their own open-data-verified/ check.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "cli_run.hpp"
#include "loginscope/audit.hpp"
#include "node_backend.hpp"

using namespace ls;
using namespace ls::test;
using nlohmann::json;

namespace {

// The audit of the Node backend with `flaws`, its profile read from a file as `loginscope audit` reads it.
struct AuditedNode : AuditedBackend {
    explicit AuditedNode(const std::vector<std::string>& flaws = {}, int backend_port = free_port(),
                         const TempDir& d = TempDir("loginscope-audit-node"))
        : AuditedBackend(load_backend_profile(d.write("node-shop.json", node_profile("http://127.0.0.1:" + std::to_string(backend_port)))),
                         [&](const std::string& api_base) { return std::make_unique<NodeBackend>(backend_port, api_base, flaws); }) {}
};

}  // namespace

TEST_CASE("audit, Node backend: the correct one passes every check, open data included", "[audit][node]") {
    const AuditedNode a;
    INFO(audit_table(a.report));
    CHECK(a.report.passed());
    CHECK(a.with(CheckStatus::Fail).empty());
    CHECK(a.with(CheckStatus::Skipped) == phone_checks("wechat-mp"));  // it has no phone endpoint
    const std::set<std::string> passed = a.with(CheckStatus::Pass);
    for (const char* id : {"wechat-mp/login-works", "wechat-mp/single-use-code", "wechat-mp/no-session-on-platform-error/45011",
                           "wechat-mp/no-session-on-platform-error/timeout", "wechat-mp/identity-from-platform",
                           "wechat-mp/open-data-accepted", "wechat-mp/open-data-verified/wrong-signature",
                           "wechat-mp/open-data-verified/stale-session-key", "wechat-mp/open-data-verified/other-app-watermark",
                           "wechat-mp/session-key-stays-server-side", "wechat-mp/secret-stays-server-side"})
        CHECK(passed.count(id));
    CHECK(a.report.checks.size() == 23);
}

TEST_CASE("audit, Node backend: each planted flaw is named by the check that catches it", "[audit][node]") {
    FlawCases cases = kLoginFlaws;
    cases.insert(cases.end(), {
        {"skip-signature-check", {"wechat-mp/open-data-verified/wrong-signature"}},
        {"skip-watermark-check", {"wechat-mp/open-data-verified/other-app-watermark"}},
        {"keep-old-session-keys", {"wechat-mp/open-data-verified/stale-session-key"}},
    });
    for (const auto& [flaw, caught] : cases) {
        const AuditedNode a({flaw});
        INFO(flaw << "\n" << audit_table(a.report));
        CHECK(a.with(CheckStatus::Fail) == caught);
        CHECK(a.with(CheckStatus::Skipped) == phone_checks("wechat-mp"));
        // The evidence shows the exchange with the AppSecret masked, even where the backend leaked it.
        for (const AuditCheck& c : a.report.checks)
            for (const std::string& e : c.evidence) CHECK(e.find(kNodeSecret) == std::string::npos);
    }
    // A backend that issues sessions on any failure fails every platform-error case, the replay and the expired code.
    // Its open data is judged right all the same: the open-data checks log in with fresh codes the
    // platform answers, so those sessions hold the real session_key.
    const AuditedNode a({"session-on-error"});
    INFO(audit_table(a.report));
    std::set<std::string> expected = {"wechat-mp/single-use-code", "wechat-mp/expired-code"};
    for (const char* e : {"-1", "40029", "40163", "45011", "40226", "timeout", "reset", "empty", "malformed"})
        expected.insert(std::string("wechat-mp/no-session-on-platform-error/") + e);
    CHECK(a.with(CheckStatus::Fail) == expected);
    for (const char* id : {"wechat-mp/open-data-accepted", "wechat-mp/open-data-verified/wrong-signature",
                           "wechat-mp/open-data-verified/stale-session-key", "wechat-mp/open-data-verified/other-app-watermark"})
        CHECK(a.with(CheckStatus::Pass).count(id));
}

TEST_CASE("run --backend, Node backend: open data goes through the cookie session, and accepting another app's watermark breaks the invariant", "[audit][node][backend][cli]") {
    TempDir d("loginscope-node-run");
    const std::string scenario = d.write("replayed.json", R"({"name": "another app's open data", "flow": "wechat-mp",
        "environment": {"base_library": "2.27.0"}, "check_invariants": true,
        "steps": [{"action": "login", "expect": {"ok": true}}, {"action": "get_user_profile"},
                  {"action": "profile_allow", "watermark_appid": "wx0000000000000bad", "expect": {"ok": false}}]})");
    for (const auto& [flaws, status] : {std::pair{std::vector<std::string>{}, 0}, {{"skip-watermark-check"}, 1}}) {
        const int platform = free_port(), port = free_port();
        NodeBackend backend(port, "http://127.0.0.1:" + std::to_string(platform), flaws);
        const std::string profile = d.write("node.json", node_profile(backend.base()));
        const Ran r = run(d, "run --backend '" + profile + "' --platform-port " + std::to_string(platform) + " '" + scenario + "'");
        INFO(r.out << r.err);
        CHECK(r.status == status);
        CHECK_THAT(r.out, !Catch::Contains("not sent"));
        if (status == 1) CHECK_THAT(r.out, Catch::Contains("invariant watermark-checked: the developer server accepted open data watermarked for another app"));
    }
}

// A QA engineer opens the HAR of a run against the team's backend to see what it answered: its header
// fields as they came (the session cookie among them) and the Content-Type as the body's type.
TEST_CASE("run --backend --har, Node backend: the HAR has the backend's response header fields, its Set-Cookie among them", "[node][backend][cli]") {
    TempDir d("loginscope-node-har");
    const std::string scenario = d.write("login.json", R"({"name": "login", "flow": "wechat-mp",
        "steps": [{"action": "login", "expect": {"ok": true}}]})");
    const int platform = free_port(), port = free_port();
    NodeBackend backend(port, "http://127.0.0.1:" + std::to_string(platform));
    const std::string profile = d.write("node.json", node_profile(backend.base()));
    const Ran r = run(d, "run --backend '" + profile + "' --platform-port " + std::to_string(platform) + " '" + scenario + "' --har '" +
                             d.file("run.har") + "'");
    INFO(r.out << r.err);
    REQUIRE(r.status == 0);
    const json entries = json::parse(slurp(d.file("run.har")))["log"]["entries"];
    const auto login = std::find_if(entries.begin(), entries.end(), [&](const json& e) { return e["request"]["url"] == backend.base() + "/login"; });
    REQUIRE(login != entries.end());
    const json& response = (*login)["response"];
    INFO(response.dump(2));
    std::map<std::string, std::string> fields;
    for (const json& h : response["headers"]) fields[h["name"]] = h["value"];
    CHECK(fields["content-type"] == "application/json");
    CHECK(fields["set-cookie"].rfind("sid=", 0) == 0);
    CHECK_THAT(fields["set-cookie"], Catch::Contains("HttpOnly"));
    CHECK(response["content"]["mimeType"] == "application/json");
    REQUIRE(response["cookies"].size() == 1);
    CHECK(response["cookies"][0]["name"] == "sid");
    CHECK(response["cookies"][0]["httpOnly"] == true);
}
