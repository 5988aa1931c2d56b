// Douyin, the first platform pack (PLATFORM-FACTS-MORE §2): jscode2session v2 over real loopback
// HTTP, tt.login with and without the host app's login, the host login window, tt.checkSession,
// uni.login on Douyin, and what the rest of LoginScope reads from the pack (apps, narration, explore).
#include <catch2/catch.hpp>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "loginscope/admin_api.hpp"
#include "loginscope/douyin.hpp"
#include "loginscope/engine.hpp"
#include "loginscope/explore.hpp"
#include "loginscope/narration.hpp"
#include "loginscope/platform_pack.hpp"
#include "loginscope/steps.hpp"

using namespace ls;
using nlohmann::json;

namespace {

Flow douyin_flow() { return *flow_from_string("douyin"); }

EngineConfig douyin_config(TransportMode transport = TransportMode::Http) {
    EngineConfig c;
    c.flow = douyin_flow();
    c.transport = transport;
    return c;
}

DouyinPlatform& platform(Engine& e) { return dynamic_cast<DouyinPlatform&>(*e.pack_platform("douyin")); }

PackApp demo_app() { return pack_app(AppConfig{}, *find_pack("douyin")); }

// POST /api/apps/v2/jscode2session on the engine's real platform port.
json jscode2session(Engine& e, const json& body, int* status = nullptr) {
    httplib::Client c("127.0.0.1", e.platform_port());
    auto res = c.Post("/api/apps/v2/jscode2session", body.dump(), "application/json");
    REQUIRE(res);
    if (status) *status = res->status;
    return json::parse(res->body);
}

json with_app(json body) {
    const PackApp app = demo_app();
    body["appid"] = app.at("appid");
    body["secret"] = app.at("secret");
    return body;
}

ActionResult apply(Engine& e, const char* step) { return apply_step(e, make_step(step)); }

}  // namespace

TEST_CASE("jscode2session answers data only for the codes sent", "[douyin][http]") {
    Engine e(douyin_config());
    REQUIRE(e.platform_port() > 0);
    const DouyinCodes first = platform(e).issue_codes("alice", true, 0);
    REQUIRE(first.code);

    int status = 0;
    const json by_code = jscode2session(e, with_app({{"code", *first.code}}), &status);
    CHECK(status == 200);
    CHECK(by_code["err_no"] == 0);
    CHECK(by_code["err_tips"] == "success");
    CHECK(by_code["log_id"].get<std::string>().size() == 32);
    const json& d = by_code["data"];
    CHECK(d["openid"].get<std::string>().rfind("_000", 0) == 0);
    CHECK(d["session_key"] == platform(e).session_key_of("alice"));
    CHECK(d["unionid"].get<std::string>().size() == 36);
    CHECK_FALSE(d.contains("anonymous_openid"));

    const json by_anonymous = jscode2session(e, with_app({{"anonymous_code", first.anonymous_code}}));
    CHECK(by_anonymous["err_no"] == 0);
    CHECK(by_anonymous["data"].size() == 1);
    const std::string anonymous_openid = by_anonymous["data"]["anonymous_openid"];
    CHECK_FALSE(anonymous_openid.empty());

    // A second login on the same phone: both codes at once; the phone's anonymous_openid is the same.
    const DouyinCodes second = platform(e).issue_codes("alice", true, 0);
    const json both = jscode2session(e, with_app({{"code", *second.code}, {"anonymous_code", second.anonymous_code}}));
    CHECK(both["data"]["anonymous_openid"] == anonymous_openid);
    CHECK(both["data"]["openid"] == d["openid"]);      // stable per user
    CHECK(both["data"]["unionid"] == d["unionid"]);
    CHECK(both["data"]["session_key"] != d["session_key"]);  // each tt.login refreshes it
}

TEST_CASE("jscode2session refuses with Douyin's err_no and empty data", "[douyin][http]") {
    Engine e(douyin_config());
    const DouyinCodes c = platform(e).issue_codes("alice", true, 0);
    auto err_no = [&](const json& body) {
        const json j = jscode2session(e, body);
        CHECK(j["data"]["openid"] == "");
        CHECK(j["data"]["session_key"] == "");
        return j["err_no"].get<int>();
    };
    json wrong_appid = with_app({{"code", *c.code}});
    wrong_appid["appid"] = "tt0000000000000000";
    CHECK(err_no(wrong_appid) == 40015);
    CHECK(jscode2session(e, wrong_appid)["err_tips"] == "bad appid");
    json wrong_secret = with_app({{"code", *c.code}});
    wrong_secret["secret"] = "nope";
    CHECK(err_no(wrong_secret) == 40017);
    CHECK(err_no(with_app(json::object())) == 40014);           // neither code nor anonymous_code
    CHECK(err_no({{"code", *c.code}}) == 40014);                 // no appid, no secret
    CHECK(err_no(with_app({{"code", c.anonymous_code}})) == 40018);  // an anonymousCode is no login code
    CHECK(err_no(with_app({{"anonymous_code", *c.code}})) == 40019);
    // The refusals above spent nothing: the code still works once, then never again.
    CHECK(jscode2session(e, with_app({{"code", *c.code}}))["err_no"] == 0);
    CHECK(err_no(with_app({{"code", *c.code}})) == 40018);
    httplib::Client client("127.0.0.1", e.platform_port());
    auto get = client.Get("/api/apps/v2/jscode2session");
    REQUIRE(get);
    CHECK(json::parse(get->body)["err_no"] == 40014);  // v2 is POST only
}

TEST_CASE("Douyin codes live 5 minutes", "[douyin]") {
    Engine e(douyin_config());
    const DouyinCodes early = platform(e).issue_codes("alice", true, 0);
    const DouyinCodes late = platform(e).issue_codes("alice", true, 0);
    e.advance(5 * 60 * 1000 - 1);
    CHECK(jscode2session(e, with_app({{"code", *early.code}}))["err_no"] == 0);
    e.advance(1);
    CHECK(jscode2session(e, with_app({{"code", *late.code}}))["err_no"] == 40018);
    CHECK(jscode2session(e, with_app({{"anonymous_code", late.anonymous_code}}))["err_no"] == 40019);
}

TEST_CASE("the journal masks the Douyin secret in the JSON body", "[douyin]") {
    Engine e(douyin_config());
    REQUIRE(apply(e, "tt_login").ok);
    const std::string secret = demo_app().at("secret");
    bool seen = false;
    for (const Event& ev : e.journal().all()) {
        if (!ev.http) continue;
        CHECK(ev.http->request_body.find(secret) == std::string::npos);
        if (ev.http->target.find("/api/apps/v2/jscode2session") != std::string::npos) {
            seen = true;
            CHECK(ev.http->target.rfind("https://developer.toutiao.com", 0) == 0);
            CHECK(json::parse(ev.http->request_body)["secret"] != secret);
        }
    }
    CHECK(seen);
}

TEST_CASE("tt.login logged in: code and anonymousCode, the server's token, a session_key the next login replaces", "[douyin]") {
    Engine e(douyin_config(TransportMode::InProcess));
    const ActionResult r = apply(e, "tt_login");
    REQUIRE(r.ok);
    CHECK_FALSE(r.token.empty());
    const IdentityChain first = e.identity();
    CHECK(first.server_session_key == first.platform_session_key);
    CHECK_FALSE(first.unionid.empty());
    REQUIRE(apply(e, "tt_login").ok);
    REQUIRE(apply(e, "tt_login_no_force").ok);  // logged in: force makes no difference
    const IdentityChain later = e.identity();
    CHECK(later.platform_session_key != first.platform_session_key);
    const auto lines = console_lines(e.journal().all());
    const auto success = std::find_if(lines.begin(), lines.end(), [](const std::string& l) { return l.find("tt.login success") != std::string::npos; });
    REQUIRE(success != lines.end());
    const json res = json::parse(success->substr(success->find('{')));
    CHECK(res["isLogin"] == true);
    CHECK(res["errMsg"] == "login:ok");
    CHECK(res.contains("code"));
    CHECK(res.contains("anonymousCode"));
}

TEST_CASE("logged out: force opens Douyin's login window, 取消 fails 113001, force false gives an anonymousCode only", "[douyin]") {
    EngineConfig c = douyin_config(TransportMode::InProcess);
    c.env.pack_settings["douyin_logged_in"] = false;
    Engine e(c);
    const ActionResult waiting = apply(e, "tt_login");
    CHECK(waiting.pending);
    CHECK(e.overlay() == PhoneOverlay::PackSheet);
    REQUIRE(e.pack_sheet());
    CHECK(e.pack_sheet()->buttons.at(1).second == "douyin_host_cancel");
    const ActionResult cancelled = apply(e, "douyin_host_cancel");
    CHECK_FALSE(cancelled.ok);
    CHECK(cancelled.errcode == 113001);
    CHECK(cancelled.errMsg == "login:fail host login fail");
    CHECK(e.overlay() == PhoneOverlay::None);
    CHECK(console_lines(e.journal().all()).back().find(R"(tt.login complete {"errMsg":"login:fail host login fail","errorCode":113001,"errorType":"U"})") !=
          std::string::npos);

    const ActionResult anonymous = apply(e, "tt_login_no_force");
    CHECK(anonymous.ok);
    CHECK(anonymous.token.empty());
    CHECK(e.identity().code.empty());
    CHECK(apply(e, "douyin_host_log_in").detail == "Douyin's login window is not showing");

    REQUIRE(apply(e, "tt_login").pending);
    const ActionResult in = apply(e, "douyin_host_log_in");
    CHECK(in.ok);
    CHECK_FALSE(in.token.empty());
    CHECK(pack_setting(e.environment(), "douyin_logged_in"));
}

TEST_CASE("tt.checkSession: empty before a login and after logging out of Douyin, expired after its lifetime", "[douyin]") {
    Engine e(douyin_config(TransportMode::InProcess));
    CHECK(apply(e, "tt_check_session").errcode == 113101);
    REQUIRE(apply(e, "tt_login").ok);
    CHECK(apply(e, "tt_check_session").ok);
    e.advance(assumed_int("douyin.session.ttl_ms"));
    const ActionResult expired = apply(e, "tt_check_session");
    CHECK(expired.errcode == 113102);
    CHECK(expired.errMsg == "checkSession:fail session is expired");
    REQUIRE(apply(e, "tt_login").ok);
    Environment out = e.environment();
    out.pack_settings["douyin_logged_in"] = false;
    e.set_environment(out);
    CHECK(apply(e, "tt_check_session").errcode == 113101);
}

TEST_CASE("uni.login on Douyin warns that scopes and timeout are dropped, then logs in with tt.login", "[douyin]") {
    Engine e(douyin_config(TransportMode::InProcess));
    Step s = make_step("uni_login_toutiao");
    s.login.timeout_ms = 5000;
    const ActionResult r = apply_step(e, s);
    CHECK(r.ok);
    const auto lines = console_lines(e.journal().all());
    REQUIRE(lines.size() >= 3);
    CHECK(lines[0].find("console.warn 字节跳动小程序 login 暂不支持 scopes") != std::string::npos);
    CHECK(lines[1].find("console.warn 字节跳动小程序 login 暂不支持 timeout") != std::string::npos);
    CHECK(lines[2].find("uni.login success {") != std::string::npos);
}

TEST_CASE("a Douyin step outside the douyin flow says so instead of crashing", "[douyin]") {
    EngineConfig c;
    c.transport = TransportMode::InProcess;
    Engine e(c);
    for (const char* step : {"tt_login", "douyin_host_log_in", "tt_check_session", "uni_login_toutiao"}) {
        const ActionResult r = apply(e, step);
        CHECK_FALSE(r.ok);
        CHECK(r.detail.find("douyin flow") != std::string::npos);
    }
}

TEST_CASE("serve's admin API lists the Douyin app and issues its codes", "[douyin][admin]") {
    Engine e(douyin_config());
    e.set_admin_service(make_admin_service(e));
    httplib::Client c("127.0.0.1", e.platform_port());
    const json apps = json::parse(c.Get("/__admin/apps")->body);
    const PackApp app = demo_app();
    bool listed = false;
    for (const json& a : apps["apps"])
        if (a["platform"] == "douyin") listed = a["appid"] == app.at("appid") && a["secret"] == app.at("secret");
    CHECK(listed);
    const json code = json::parse(c.Post("/__admin/codes", json{{"appid", app.at("appid")}, {"user", "bob"}}.dump(), "application/json")->body);
    REQUIRE(code.contains("code"));
    CHECK(code["expires_in"] == 300);
    CHECK(jscode2session(e, with_app({{"code", code["code"]}}))["err_no"] == 0);
    CHECK(jscode2session(e, with_app({{"code", code["code"]}}))["err_no"] == 40018);
}

TEST_CASE("every Douyin event a login makes has its own narration in both languages", "[douyin][narration]") {
    EngineConfig c = douyin_config(TransportMode::InProcess);
    c.env.pack_settings["douyin_logged_in"] = false;
    Engine e(c);
    apply(e, "tt_login");
    apply(e, "douyin_host_log_in");
    apply(e, "resend_code");
    apply(e, "tt_check_session");
    const Flow flow = douyin_flow();
    for (const char* kind : {"douyin.host_login_opened", "code.issued", "exchange.ok", "exchange.error", "session.valid"}) {
        const auto& events = e.journal().all();
        const auto it = std::find_if(events.begin(), events.end(), [&](const Event& ev) { return ev.kind == kind; });
        REQUIRE(it != events.end());
        INFO(kind);
        const std::string en = narrate(*it, flow, Lang::En), zh = narrate(*it, flow, Lang::Zh);
        CHECK(((en.find("Douyin") != std::string::npos) || (en.find("anonymousCode") != std::string::npos)));
        CHECK(zh.find("抖音") != std::string::npos);
    }
}

TEST_CASE("explore catches a developer server that leaks Douyin's session_key", "[douyin][explore]") {
    ExploreOptions o;
    o.flow = douyin_flow();
    o.runs = 30;
    o.seed = 7;
    o.flaws = {Flaw::LeakSessionKey};
    const ExploreReport r = explore(o);
    REQUIRE_FALSE(r.findings.empty());
    CHECK(r.findings.front().violation.invariant == "secrets-stay-server-side");
}
