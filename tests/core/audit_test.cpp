// loginscope audit against a real backend process (issue 16): the correct backend passes every check,
// each planted flaw is named by the check that catches it, and a profile that cannot be used or a
// backend that cannot be reached exits 2 with the path or the URL.
#include <catch2/catch.hpp>

#include <set>

#include "backend_process.hpp"
#include "cli_run.hpp"
#include "loginscope/audit.hpp"
#include "refusal.hpp"

using namespace ls;
using namespace ls::test;
using nlohmann::json;

namespace {

// The audit of the Python backend with `flaws`, for `flow`, whose app is of kind `platform` (wechat,
// swan, uni-weixin).
struct Audited : AuditedBackend {
    explicit Audited(const std::vector<std::string>& flaws = {}, const std::string& flow = "wechat-mp",
                     const std::string& platform = "wechat", int backend_port = free_port())
        : AuditedBackend(parse_backend_profile(json::parse(shop_profile("http://127.0.0.1:" + std::to_string(backend_port), flow, platform))),
                         [&](const std::string& api_base) { return std::make_unique<ShopBackend>(backend_port, api_base, flaws, platform); }) {}
};

std::string error_of(const std::string& profile) {
    return refusal<ProfileError>([&] { parse_backend_profile(json::parse(profile)); });
}

}  // namespace

TEST_CASE("audit: the correct backend passes every check, phone numbers too, open data skipped for want of a template", "[audit]") {
    const Audited a;
    INFO(audit_table(a.report));
    CHECK(a.report.passed());
    CHECK(a.with(CheckStatus::Fail).empty());
    CHECK(a.with(CheckStatus::Skipped) ==
          std::set<std::string>{"wechat-mp/open-data-accepted", "wechat-mp/open-data-verified/wrong-signature",
                                "wechat-mp/open-data-verified/other-app-watermark", "wechat-mp/open-data-verified/stale-session-key"});
    const std::set<std::string> passed = a.with(CheckStatus::Pass);
    for (const char* id : {"wechat-mp/login-works", "wechat-mp/single-use-code", "wechat-mp/no-session-on-platform-error/45011",
                           "wechat-mp/no-session-on-platform-error/timeout", "wechat-mp/identity-from-platform",
                           "wechat-mp/session-key-stays-server-side", "wechat-mp/secret-stays-server-side",
                           "wechat-mp/expired-code", "wechat-mp/phone-number-works", "wechat-mp/phone-code-single-use",
                           "wechat-mp/phone-code-expired", "wechat-mp/phone-number-stays-server-side"})
        CHECK(passed.count(id));
}

TEST_CASE("audit: a backend that shows the full phone number, or takes a used phone-number code, is named", "[audit]") {
    const Audited leak({"leak-phone"});
    INFO(audit_table(leak.report));
    CHECK(leak.with(CheckStatus::Fail) == std::set<std::string>{"wechat-mp/phone-number-stays-server-side"});
    const Audited cached({"cache-code"});
    CHECK(cached.with(CheckStatus::Fail) == std::set<std::string>{"wechat-mp/single-use-code", "wechat-mp/phone-code-single-use"});
}

TEST_CASE("audit: each planted flaw is named by the check that catches it", "[audit]") {
    for (const auto& [flaw, caught] : kLoginFlaws) {
        const Audited a({flaw});
        INFO(flaw << "\n" << audit_table(a.report));
        std::set<std::string> expected = caught;
        if (flaw == "cache-code") expected.insert("wechat-mp/phone-code-single-use");  // it caches phone-number codes too
        CHECK(a.with(CheckStatus::Fail) == expected);
    }
    // A backend that issues sessions on any failure fails every platform-error case, and the replay.
    const Audited a({"session-on-error"});
    const std::set<std::string> failed = a.with(CheckStatus::Fail);
    CHECK(failed.count("wechat-mp/single-use-code"));
    for (const char* e : {"-1", "40029", "40163", "45011", "40226", "timeout", "reset", "empty", "malformed"})
        CHECK(failed.count(std::string("wechat-mp/no-session-on-platform-error/") + e));
}

TEST_CASE("audit: a failure's evidence is the exchange that shows it, with the session_key and the AppSecret masked", "[audit]") {
    const Audited leak({"leak-session-key", "leak-secret"});
    for (const AuditCheck& c : leak.report.checks) {
        if (c.status != CheckStatus::Fail) continue;
        REQUIRE_FALSE(c.evidence.empty());
        for (const std::string& e : c.evidence) CHECK(e.find(kShopSecret) == std::string::npos);
    }
    const std::string junit = audit_junit(leak.report);
    CHECK(junit.find("name=\"wechat-mp/session-key-stays-server-side\"") != std::string::npos);
    CHECK(junit.find("<failure message=\"a reply to the client carries a session_key") != std::string::npos);
    CHECK(junit.find(kShopSecret) == std::string::npos);
}

TEST_CASE("audit: a failure's evidence also shows what the backend asked the platform, or that it asked nothing", "[audit]") {
    const Audited cached({"cache-code"});
    const auto replay = std::find_if(cached.report.checks.begin(), cached.report.checks.end(),
                                     [](const AuditCheck& c) { return c.id == "wechat-mp/single-use-code"; });
    REQUIRE(replay != cached.report.checks.end());
    INFO(audit_table(cached.report));
    REQUIRE(replay->status == CheckStatus::Fail);
    // The first login's exchange, answered; the replay's: none (the cache answered).
    const auto asked = std::count_if(replay->evidence.begin(), replay->evidence.end(), [](const std::string& e) {
        return e.rfind("the backend asked the platform: GET http://127.0.0.1:", 0) == 0 && e.find("/sns/jscode2session?") != std::string::npos;
    });
    CHECK(asked == 1);
    for (const std::string& e : replay->evidence) {
        CHECK(e.find(kShopSecret) == std::string::npos);
        const size_t key = e.find("\"session_key\":\"");
        if (key != std::string::npos) CHECK(e.substr(key + 15, 8).find("…") != std::string::npos);  // masked: 4 characters, …, 2
    }
    const Audited timeouts({"session-on-error"});
    for (const AuditCheck& c : timeouts.report.checks)
        if (c.id == "wechat-mp/no-session-on-platform-error/40163") {
            INFO(audit_table(timeouts.report));
            CHECK(std::any_of(c.evidence.begin(), c.evidence.end(),
                              [](const std::string& e) { return e.find("→ HTTP 200 {\"errcode\":40163") != std::string::npos; }));
        }
}

TEST_CASE("a backend profile that cannot be used names the JSON path and the problem", "[audit]") {
    const json good = json::parse(shop_profile("http://127.0.0.1:3000"));
    auto without = [&](const json::json_pointer& p) {
        json j = good;
        j.at(p.parent_pointer()).erase(p.back());
        return j.dump();
    };
    CHECK(error_of(without("/flows/wechat-mp/login/url"_json_pointer)) == "flows.wechat-mp.login.url: missing");
    CHECK(error_of(without("/flows/wechat-mp/session"_json_pointer)) == "flows.wechat-mp.session: missing");
    CHECK(error_of(without("/apps/0/secret"_json_pointer)) == "apps[0].secret: missing");
    json j = good;
    j["flows"]["wechat-mp"]["login"]["json"]["code"] = "{{cod}}";
    CHECK(error_of(j.dump()) == "flows.wechat-mp.login.json.code: unknown placeholder {{cod}}");
    j = good;
    j["flows"]["wechat-mp"]["login"]["form"] = {{"code", "{{code}}"}};
    CHECK(error_of(j.dump()).find("flows.wechat-mp.login.form: at most one of json, form and query") == 0);
    j = good;
    j["flows"]["wechat-mp"]["session"] = "data/token";
    CHECK(error_of(j.dump()).find("flows.wechat-mp.session: must be a JSON Pointer") == 0);
    j = good;
    j["flows"]["wechat-mp"]["login"]["url"] = "https://api.example.test/login";
    CHECK(error_of(j.dump()).find("flows.wechat-mp.login.url: must be an http:// URL") == 0);
    j = good;
    j["flows"]["qq"] = j["flows"]["wechat-mp"];  // QQ's facts are not verified: no flow yet
    CHECK(error_of(j.dump()).find("flows.qq: not a flow with a developer server") == 0);
    j = good;
    j["flows"]["swan"] = j["flows"]["wechat-mp"];
    CHECK(error_of(j.dump()) == "flows.swan: needs an app with platform \"swan\" in apps");
    j = good;
    j["flows"]["wechat-mp"].erase("whoami");
    CHECK(error_of(j.dump()) == "flows.wechat-mp.identity: needs whoami (the request whose reply it points into)");
    j = good;
    j["flows"]["wechat-mp"]["session"] = {{"cookie", "sid"}};
    CHECK(parse_backend_profile(j).flows.at(Flow::WeChatMp).session.kind == SessionLocator::Kind::Cookie);
}

TEST_CASE("loginscope audit: exit 2 for a bad profile or an unreachable backend, 1 with a flaw and a JUnit testcase per check", "[audit][cli]") {
    TempDir d("loginscope-audit");
    json bad = json::parse(shop_profile("http://127.0.0.1:3000"));
    bad["flows"]["wechat-mp"]["login"].erase("url");
    Ran r = run(d, "audit --backend '" + d.write("bad.json", bad.dump()) + "'");
    CHECK(r.status == 2);
    CHECK(r.err.find("flows.wechat-mp.login.url: missing") != std::string::npos);

    const int nobody = free_port();
    const std::string unreachable = "http://127.0.0.1:" + std::to_string(nobody);
    r = run(d, "audit --backend '" + d.write("gone.json", shop_profile(unreachable)) + "'");
    CHECK(r.status == 2);
    CHECK(r.err.find("cannot be reached at " + unreachable + "/login") != std::string::npos);

    const int platform = free_port(), backend_port = free_port();
    ShopBackend backend(backend_port, "http://127.0.0.1:" + std::to_string(platform), {"cache-code"});
    const std::string profile = d.write("shop.json", shop_profile(backend.base()));
    r = run(d, "audit --backend '" + profile + "' --platform-port " + std::to_string(platform) +
                   " --hang-ms 3000 --answer-within-ms 2000 --junit '" + d.file("audit.xml") + "' --json '" + d.file("audit.json") + "'");
    INFO(r.out << r.err);
    CHECK(r.status == 1);
    CHECK(r.out.rfind("platform on http://127.0.0.1:" + std::to_string(platform), 0) == 0);
    CHECK(r.out.find("FAIL    wechat-mp/single-use-code") != std::string::npos);
    const std::string junit = slurp(d.file("audit.xml"));
    CHECK(junit.find("<testcase classname=\"loginscope.audit\" name=\"wechat-mp/single-use-code\"") != std::string::npos);
    CHECK(junit.find("failures=\"2\"") != std::string::npos);  // the code and the phone-number code it caches
    const json report = json::parse(slurp(d.file("audit.json")));
    CHECK(report["passed"] == false);
    CHECK(report["checks"].size() == 23);
}

TEST_CASE("the shipped example profiles are usable", "[audit]") {
    for (const char* name : {"shop-api.json", "cookie-session.json"}) {
        INFO(name);
        const BackendProfile p = load_backend_profile(std::string(LOGINSCOPE_ASSETS) + "/backends/" + name);
        CHECK(p.flows.size() == 1);
        CHECK(p.app_for("wechat"));
    }
}

TEST_CASE("audit: Baidu's jscode2sessionkey and uni-app's sns/oauth2 backends, correct and with a cached code", "[audit]") {
    const Audited swan({}, "swan", "swan");
    INFO(audit_table(swan.report));
    CHECK(swan.report.passed());
    CHECK(swan.with(CheckStatus::Pass).count("swan/no-session-on-platform-error/invalid_grant"));
    CHECK(swan.with(CheckStatus::Pass).count("swan/session-key-stays-server-side"));
    const Audited swan_leak({"leak-session-key"}, "swan", "swan");
    CHECK(swan_leak.with(CheckStatus::Fail) == std::set<std::string>{"swan/session-key-stays-server-side"});

    const Audited uni({}, "uni-weixin", "uni-weixin");
    INFO(audit_table(uni.report));
    CHECK(uni.report.passed());
    CHECK(uni.with(CheckStatus::Skipped).count("uni-weixin/session-key-stays-server-side"));  // sns/oauth2 issues none
    const Audited uni_cached({"cache-code"}, "uni-weixin", "uni-weixin");
    CHECK(uni_cached.with(CheckStatus::Fail) == std::set<std::string>{"uni-weixin/single-use-code"});
}

TEST_CASE("audit: the multi-terminal app's code2verifyinfo backend (its own access_token first), correct and with each flaw", "[audit]") {
    const Audited app({}, "wechat-app", "wechat-app");
    INFO(audit_table(app.report));
    CHECK(app.report.passed());
    // The errors hit code2verifyinfo, not the /cgi-bin/token the backend asks first.
    CHECK(app.with(CheckStatus::Pass).count("wechat-app/no-session-on-platform-error/10001001"));
    CHECK(app.with(CheckStatus::Pass).count("wechat-app/no-session-on-platform-error/timeout"));
    CHECK(app.with(CheckStatus::Pass).count("wechat-app/identity-from-platform"));
    CHECK(app.with(CheckStatus::Pass).count("wechat-app/expired-code"));
    CHECK(app.with(CheckStatus::Skipped).count("wechat-app/session-key-stays-server-side"));
    for (const auto& [flaw, expected] : FlawCases{{"cache-code", {"wechat-app/single-use-code"}},
                                                  {"trust-client-openid", {"wechat-app/identity-from-platform"}},
                                                  {"leak-secret", {"wechat-app/secret-stays-server-side"}}}) {
        const Audited flawed({flaw}, "wechat-app", "wechat-app");
        INFO(flaw << "\n" << audit_table(flawed.report));
        CHECK(flawed.with(CheckStatus::Fail) == expected);
    }
}

TEST_CASE("audit: univerify's getPhoneNumber backend: the token single use, 5000 and the full number kept server-side", "[audit]") {
    const Audited uni({}, "univerify", "univerify");
    INFO(audit_table(uni.report));
    CHECK(uni.report.passed());
    for (const char* id : {"univerify/single-use-code", "univerify/expired-code", "univerify/no-session-on-platform-error/5000",
                           "univerify/identity-from-platform", "univerify/phone-number-stays-server-side"})
        CHECK(uni.with(CheckStatus::Pass).count(id));
    for (const auto& [flaw, expected] : FlawCases{{"cache-code", {"univerify/single-use-code"}},
                                                  {"leak-phone", {"univerify/phone-number-stays-server-side"}},
                                                  {"trust-client-openid", {"univerify/identity-from-platform"}},
                                                  {"session-on-error", {"univerify/no-session-on-platform-error/5000",
                                                                        "univerify/no-session-on-platform-error/1000",
                                                                        "univerify/no-session-on-platform-error/1001",
                                                                        "univerify/no-session-on-platform-error/1002",
                                                                        "univerify/no-session-on-platform-error/timeout",
                                                                        "univerify/no-session-on-platform-error/reset",
                                                                        "univerify/no-session-on-platform-error/empty",
                                                                        "univerify/no-session-on-platform-error/malformed",
                                                                        "univerify/expired-code", "univerify/single-use-code"}}}) {
        const Audited flawed({flaw}, "univerify", "univerify");
        INFO(flaw << "\n" << audit_table(flawed.report));
        CHECK(flawed.with(CheckStatus::Fail) == expected);
    }
}
