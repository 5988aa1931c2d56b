// univerify's server exchange through the developer's uniCloud cloud function (unicloud.hpp; DCloud's
// doc, "通过传统服务器连接uniCloud云函数"): the developer server GETs the function's URL with a signed
// query, the function checks the sign and asks DCloud, and returns DCloud's answer. Each hop is its
// own loopback HTTP exchange, journaled between its own actors, and each can be broken by a fault.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "loginscope/crypto.hpp"
#include "loginscope/engine.hpp"
#include "loginscope/invariants.hpp"
#include "loginscope/scenario.hpp"
#include "loginscope/unicloud.hpp"

#include "fault_rules.hpp"

using namespace ls;
using namespace ls::test;
using nlohmann::json;

namespace {

EngineConfig config(TransportMode t = TransportMode::Http) {
    EngineConfig c;
    c.seed = 5;
    c.flow = Flow::Univerify;
    c.transport = t;
    c.hang_hold_real_ms = 300;
    return c;
}

// The one-click page opened and its login button tapped: the app's whole exchange with its server.
ActionResult tap_login(Engine& e) {
    REQUIRE(e.univerify_login({}).pending);
    return e.page_tap_login();
}

std::vector<Event> of_kind(const std::vector<Event>& events, const std::string& kind) {
    std::vector<Event> out;
    for (const Event& e : events)
        if (e.kind == kind) out.push_back(e);
    return out;
}

// The HTTP messages of the journal, as "actor>to kind path-or-status".
std::vector<std::string> messages(const std::vector<Event>& events) {
    std::vector<std::string> out;
    for (const Event& e : events) {
        if (!e.http || !e.to) continue;
        std::string line = std::string(to_string(e.actor)) + ">" + to_string(*e.to) + " " + e.kind;
        if (e.kind == "http.request") line += " " + e.text;
        out.push_back(line);
    }
    return out;
}

// The port of a loopback URL ("http://127.0.0.1:PORT/…").
int port_of(const std::string& url) {
    const std::string prefix = "http://127.0.0.1:";
    REQUIRE(url.rfind(prefix, 0) == 0);
    return std::stoi(url.substr(prefix.size()));
}

const std::string kSecret = UniCloudSecrets{}.function_secret;

}  // namespace

TEST_CASE("unicloud_sign is the doc sample's hex HMAC-SHA256 over the sorted key=value pairs, sign left out", "[unicloud]") {
    // Re-computed with Python's hmac: hmac.new(b"your-secret-string", b"access_token=xxx&openid=yyy", sha256).
    CHECK(unicloud_sign({{"openid", "yyy"}, {"access_token", "xxx"}}, "your-secret-string") ==
          "6bc2ffe460b0a0af42db14a1c951a80704af9370d6ade772c86b826adad05cc7");
    CHECK(unicloud_sign({{"b", "2"}, {"a", "1"}, {"sign", "anything"}}, kSecret) ==
          "d78ad49d0076fa46b4d8070d7ce41bbbe0d746d16daf80c2df9f66fa22b367ca");
    CHECK(unicloud_sign({{"a", "1"}}, "one secret") != unicloud_sign({{"a", "1"}}, "another secret"));
}

TEST_CASE("the function's URL and its path come from the assumptions table", "[unicloud]") {
    CHECK(cloud_function_url() == find_assumption("unicloud.function_url")->value);
    CHECK(cloud_function_path() == "/univerify-phone");
    CHECK(cloud_function_url().rfind("https://", 0) == 0);
    for (const char* key : {"unicloud.function_url", "unicloud.secret_name", "unicloud.thrown_error_status",
                            "unicloud.result_passed_through", "unicloud.call_timeout_ms"})
        CHECK(find_assumption(key) != nullptr);
    CHECK(assumed_int("unicloud.thrown_error_status") == 502);
    CHECK(assumed_int("unicloud.call_timeout_ms") > 0);
    CHECK(assumed_int("unicloud.call_timeout_ms") < assumed_int("dev_server.exchange_timeout_ms"));
}

TEST_CASE("univerify's phone number travels client, developer server, cloud function, DCloud, each a real HTTP hop",
          "[unicloud][engine]") {
    Engine e(config());
    const ActionResult r = tap_login(e);
    INFO(r.detail);
    REQUIRE(r.ok);
    const std::vector<Event> events = e.journal().all();
    const std::vector<std::string> expected = {
        "client>dev_server http.request POST /api/univerify/login",
        "dev_server>cloud_function http.request GET " + cloud_function_path(),
        "cloud_function>platform http.request POST /univerify/getPhoneNumber",
        "platform>cloud_function http.response",
        "cloud_function>dev_server http.response",
        "dev_server>client http.response",
    };
    CHECK(messages(events) == expected);

    // Three servers, three ports: the function's URL is its own loopback host.
    std::vector<Event> http;
    for (const Event& ev : events)
        if (ev.http) http.push_back(ev);
    REQUIRE(http.size() == 6);
    const int dev = port_of(http[0].http->url), cloud = port_of(http[1].http->url), dcloud = port_of(http[2].http->url);
    CHECK(dev == e.dev_port());
    CHECK(cloud == e.cloud_function_port());
    CHECK(dcloud == e.platform_port());
    CHECK(cloud != dev);
    CHECK(cloud != dcloud);

    // The developer server's GET carries access_token, openid and their sign, never the secret.
    const HttpRecord& get = *http[1].http;
    CHECK(get.method == "GET");
    CHECK(get.target.rfind(cloud_function_url() + "?", 0) == 0);
    const IdentityChain id = e.identity();
    const std::string sign = unicloud_sign({{"access_token", id.code}, {"openid", id.openid}}, kSecret);
    CHECK(get.target.find("&sign=" + sign) != std::string::npos);
    CHECK(get.target.find(kSecret) == std::string::npos);
    // The function asks DCloud with the DCloud appid, and returns DCloud's answer to the server as it is.
    const json asked = json::parse(http[2].http->request_body);
    CHECK(asked["appid"] == e.config().app.univerify.uni_appid);
    CHECK(asked["provider"] == "univerify");
    CHECK(asked["access_token"] == id.code);
    CHECK(json::parse(http[4].http->response_body) == json::parse(http[3].http->response_body));
    CHECK(json::parse(http[4].http->response_body)["phoneNumber"] == "13800138000");
    CHECK(of_kind(events, "cloud_function.sign_ok").size() == 1);
    CHECK(of_kind(events, "cloud_function.sign_ok")[0].actor == Actor::CloudFunction);
}

TEST_CASE("the cloud function's URL refuses a forged or missing sign with 非法访问 and asks DCloud nothing", "[unicloud][engine]") {
    Engine e(config());
    const UniverifyToken t = e.univerify().issue_token(e.environment().line, 1);
    httplib::Client c("127.0.0.1", e.cloud_function_port());
    c.set_read_timeout(5, 0);
    const std::string query = "?access_token=" + url_encode(t.access_token) + "&openid=" + url_encode(t.openid);
    const std::string path = cloud_function_path();
    SECTION("a sign made with another secret") {
        const std::string sign = unicloud_sign({{"access_token", t.access_token}, {"openid", t.openid}}, "not-the-secret");
        const auto res = c.Get((path + query + "&sign=" + sign).c_str());
        REQUIRE(res);
        CHECK(res->status == 502);
        CHECK(json::parse(res->body) == json{{"message", "非法访问"}});
    }
    SECTION("no sign at all") {
        const auto res = c.Get((path + query).c_str());
        REQUIRE(res);
        CHECK(res->status == 502);
        CHECK(json::parse(res->body)["message"] == "非法访问");
    }
    SECTION("the parameters in a POST body: the function reads only the query") {
        const auto res = c.Post(path.c_str(), json{{"access_token", t.access_token}, {"openid", t.openid}}.dump(), "application/json");
        REQUIRE(res);
        CHECK(res->status == 502);
    }
    SECTION("a sign over other values than those sent") {
        const std::string sign = unicloud_sign({{"access_token", t.access_token}, {"openid", "someone-else"}}, kSecret);
        const auto res = c.Get((path + query + "&sign=" + sign).c_str());
        REQUIRE(res);
        CHECK(res->status == 502);
    }
    const std::vector<Event> events = e.journal().all();
    CHECK(of_kind(events, "cloud_function.sign_rejected").size() == 1);
    CHECK(of_kind(events, "cloud_function.sign_ok").empty());
    for (const Event& ev : events) CHECK_FALSE((ev.http && ev.http->target.find(kGetPhoneNumberPath) != std::string::npos));
    // The token was not spent: a caller holding the secret still gets the number with it.
    const std::string sign = unicloud_sign({{"access_token", t.access_token}, {"openid", t.openid}}, kSecret);
    const auto ok = c.Get((path + query + "&sign=" + sign).c_str());
    REQUIRE(ok);
    CHECK(ok->status == 200);
    CHECK(json::parse(ok->body) == json{{"code", 0}, {"success", true}, {"phoneNumber", "13800138000"}});
}

TEST_CASE("a developer server signing with another secret gets the function's refusal and tells the client no secret",
          "[unicloud][engine][secrets]") {
    const TransportMode transport = GENERATE(TransportMode::InProcess, TransportMode::Http);
    EngineConfig c = config(transport);
    c.app.unicloud.server_secret = "ucf_old_secret_before_rotation_0001";
    Engine e(c);
    const ActionResult r = tap_login(e);
    CHECK_FALSE(r.ok);
    CHECK(r.http_status == 502);
    const std::vector<Event> events = e.journal().all();
    REQUIRE(of_kind(events, "cloud_function.sign_rejected").size() == 1);
    const std::vector<Event> rejected = of_kind(events, "login.rejected");
    REQUIRE(rejected.size() == 1);
    CHECK(rejected[0].actor == Actor::DevServer);
    CHECK_THAT(rejected[0].text, Catch::Contains("HTTP 502") && Catch::Contains("非法访问"));
    bool answered = false;
    for (const Event& ev : events) {
        if (ev.kind != "http.response" || ev.to != Actor::Client || !ev.http) continue;
        answered = true;
        const std::string& body = ev.http->response_body;
        INFO(body);
        CHECK(json::parse(body)["error"] == "cloud_function_failed");
        for (const std::string& secret : {c.app.unicloud.function_secret, c.app.unicloud.server_secret}) {
            CHECK(body.find(secret) == std::string::npos);
            CHECK(body.find(secret.substr(4, 8)) == std::string::npos);
        }
    }
    CHECK(answered);
    for (const Event& ev : events) CHECK(ev.text.find(c.app.unicloud.server_secret) == std::string::npos);
    InvariantChecker checker;
    for (const InvariantViolation& v : checker.check(e, r)) FAIL(v.invariant << ": " << v.detail);
    // The access_token was not spent: DCloud was never asked.
    CHECK(of_kind(events, "exchange.ok").empty());
    CHECK(of_kind(events, "exchange.error").empty());
}

TEST_CASE("DCloud's error codes pass through the cloud function to the developer server and the client", "[unicloud][engine]") {
    const TransportMode transport = GENERATE(TransportMode::InProcess, TransportMode::Http);
    SECTION("an injected 5000") {
        Engine e(config(transport));
        e.add_fault(platform_error("5000"));
        const ActionResult r = tap_login(e);
        CHECK(r.errcode == 5000);
        CHECK(r.http_status == 401);
    }
    SECTION("1001 from the owner's account") {
        EngineConfig c = config(transport);
        c.app.univerify.account = "abnormal";
        Engine e(c);
        const ActionResult r = tap_login(e);
        CHECK(r.errcode == 1001);
        CHECK(r.http_status == 401);
        for (const Event& ev : e.journal().all())
            if (ev.kind == "http.response" && ev.actor == Actor::CloudFunction) {
                CHECK(ev.http->status == 200);  // the function returned DCloud's error object, it did not throw
                CHECK(json::parse(ev.http->response_body)["code"] == 1001);
            }
    }
}

TEST_CASE("a fault at dev_to_cloud_function breaks the server's call to the function, not the function's call to DCloud",
          "[unicloud][engine][faults]") {
    const TransportMode transport = GENERATE(TransportMode::InProcess, TransportMode::Http);
    SECTION("a gateway status instead of the function") {
        Engine e(config(transport));
        FaultRule f = fault(Hop::DevToCloudFunction, FaultKind::HttpStatus);
        f.status = 503;
        e.add_fault(f);
        const ActionResult r = tap_login(e);
        CHECK(r.http_status == 502);
        const std::vector<Event> events = e.journal().all();
        const std::vector<Event> fired = of_kind(events, "fault.fired");
        REQUIRE(fired.size() == 1);
        CHECK(fired[0].hop == Hop::DevToCloudFunction);
        CHECK(of_kind(events, "cloud_function.sign_ok").empty());  // the function never ran
        CHECK(of_kind(events, "exchange.ok").empty());
    }
    SECTION("a hang: the server gives up after its exchange timeout") {
        Engine e(config(transport));
        e.add_fault(fault(Hop::DevToCloudFunction, FaultKind::Hang));
        const int64_t before = e.clock().now_ms();
        const ActionResult r = tap_login(e);
        CHECK(r.http_status == 504);
        CHECK(e.clock().now_ms() - before >= e.config().app.exchange_timeout_ms);
    }
    SECTION("a garbled reply of the function: the number in it is not quoted to the client") {
        Engine e(config(transport));
        e.add_fault(fault(Hop::DevToCloudFunction, FaultKind::MalformedJson));
        const ActionResult r = tap_login(e);
        CHECK(r.http_status == 502);
        CHECK_THAT(r.detail, !Catch::Contains("1380013"));
        CHECK(of_kind(e.journal().all(), "exchange.ok").size() == 1);  // the function did get the number
    }
    SECTION("the same fault at dev_to_platform hits the function's call to DCloud: the function throws") {
        Engine e(config(transport));
        e.add_fault(fault(Hop::DevToPlatform, FaultKind::ConnectionReset));
        const ActionResult r = tap_login(e);
        CHECK(r.http_status == 502);
        const std::vector<Event> events = e.journal().all();
        REQUIRE(of_kind(events, "fault.fired").size() == 1);
        CHECK(of_kind(events, "fault.fired")[0].hop == Hop::DevToPlatform);
        CHECK(of_kind(events, "cloud_function.sign_ok").size() == 1);
        REQUIRE(of_kind(events, "cloud_function.error").size() == 1);
        CHECK_THAT(of_kind(events, "cloud_function.error")[0].text, Catch::Contains("getPhoneNumber"));
    }
    SECTION("DCloud silent: the function's call gives up first, and its error reaches the server") {
        Engine e(config(transport));
        e.add_fault(fault(Hop::DevToPlatform, FaultKind::Hang));
        const ActionResult r = tap_login(e);
        CHECK(r.http_status == 502);
        const std::vector<Event> errors = of_kind(e.journal().all(), "cloud_function.error");
        REQUIRE(errors.size() == 1);
        CHECK_THAT(errors[0].text, Catch::Contains("timeout"));
    }
}

TEST_CASE("dev_to_cloud_function is a hop of univerify only", "[unicloud][faults][scenario]") {
    for (const FlowInfo& info : flow_catalog()) {
        const Flow flow = *flow_from_string(info.id);
        const std::vector<Hop> hops = fault_hops(flow);
        const bool has = std::find(hops.begin(), hops.end(), Hop::DevToCloudFunction) != hops.end();
        INFO(info.id);
        CHECK(has == (flow == Flow::Univerify));
        CHECK(hops.size() == all_fault_hops().size() - (has ? 0 : 1));
    }
    CHECK(fault_applies(FaultKind::ConnectionReset, Hop::DevToCloudFunction));
    CHECK(fault_applies(FaultKind::Hang, Hop::DevToCloudFunction));
    CHECK_FALSE(fault_applies(FaultKind::PlatformError, Hop::DevToCloudFunction));  // no catalog of its own
    const json wechat = {{"name", "x"}, {"flow", "wechat-mp"},
                         {"faults", {{{"hop", "dev_to_cloud_function"}, {"what", "connection_reset"}}}},
                         {"steps", {{{"action", "login"}}}}};
    CHECK_THROWS_WITH(parse_scenario(wechat, "x.json"), Catch::Contains("faults[0].hop") && Catch::Contains("dev_to_cloud_function"));
    json univerify = wechat;
    univerify["flow"] = "univerify";
    univerify["steps"] = {{{"action", "univerify_login"}}};
    CHECK_NOTHROW(parse_scenario(univerify, "x.json"));
}

TEST_CASE("the scenario config names the sign secret of both sides", "[unicloud][scenario]") {
    const json base = {{"name", "x"}, {"flow", "univerify"}, {"steps", {{{"action", "univerify_login"}}}}};
    json both = base;
    both["config"] = {{"unicloud_secret", "s1"}};
    const Scenario a = parse_scenario(both, "a.json");
    CHECK(a.config.app.unicloud.function_secret == "s1");
    CHECK(a.config.app.unicloud.server_secret == "s1");
    json split = base;
    split["config"] = {{"unicloud_secret", "s1"}, {"unicloud_server_secret", "s0"}};
    const Scenario b = parse_scenario(split, "b.json");
    CHECK(b.config.app.unicloud.function_secret == "s1");
    CHECK(b.config.app.unicloud.server_secret == "s0");
    const Scenario d = parse_scenario(base, "d.json");
    CHECK(d.config.app.unicloud.function_secret == d.config.app.unicloud.server_secret);
}
