// Scenario files: parsing with messages that name the file and the field, replay, reports.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <unistd.h>

#include <httplib.h>

#include "loginscope/baidu.hpp"
#include "loginscope/platform_pack.hpp"
#include "loginscope/scenario.hpp"
#include "loginscope/univerify.hpp"

#include "refusal.hpp"

using namespace ls;
using namespace ls::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {
const char* kGood = R"({
  "name": "inline happy path",
  "flow": "wechat-mp",
  "seed": 4,
  "transport": "in_process",
  "steps": [
    {"action": "login", "expect": {"ok": true, "errMsg": "request:ok", "http_status": 200}},
    {"action": "resend_code", "expect": {"ok": false, "errcode": 40163, "http_status": 401}},
    {"action": "advance", "ms": 60000},
    {"action": "check_session", "expect": {"ok": true, "errMsg": "checkSession:ok"}}
  ],
  "expect": {
    "events": ["code.issued", "exchange.ok", "token.issued", "exchange.error"],
    "console": ["wx.login success", "wx.login complete", "wx.request success"]
  }
})";

json good() { return json::parse(kGood); }

std::string parse_error(const json& j, const std::string& file = "bad.json") {
    return refusal<ScenarioError>([&] { parse_scenario(j, file); });
}

struct TempDir {
    fs::path path;
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "loginscope-test-XXXXXX").string();
        REQUIRE(mkdtemp(tmpl.data()));
        path = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    std::string write(const std::string& name, const std::string& content) const {
        std::ofstream(path / name) << content;
        return (path / name).string();
    }
};

size_t count(const std::string& s, const std::string& what) {
    size_t n = 0;
    for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
    return n;
}
}  // namespace

TEST_CASE("a well-formed scenario parses into config and faults and steps", "[scenario]") {
    json j = good();
    j["environment"] = {{"os", "ios"}, {"latency_ms", 80}, {"user", "bob"}};
    j["config"] = {{"appid", "wx0000000000000001"}, {"code_ttl_ms", 1000}, {"unionid_bound", false}};
    j["faults"] = json::array({{{"hop", "platform_response"}, {"what", "platform_error"}, {"code", "-1"}}});
    const Scenario s = parse_scenario(j, "good.json");
    CHECK(s.file == "good.json");
    CHECK(s.name == "inline happy path");
    CHECK(s.config.seed == 4);
    CHECK(s.config.transport == TransportMode::InProcess);
    CHECK(s.config.flow == Flow::WeChatMp);
    CHECK(s.config.env.os == "ios");
    CHECK(s.config.env.latency_ms == 80);
    CHECK(s.config.env.user == "bob");
    CHECK(s.config.env.online);  // default kept
    CHECK(s.config.app.appid == "wx0000000000000001");
    CHECK(s.config.app.policy.code_ttl_ms == 1000);
    CHECK_FALSE(s.config.app.unionid_bound);
    REQUIRE(s.faults.size() == 1);
    CHECK(s.faults[0].code == "-1");
    REQUIRE(s.steps.size() == 4);
    CHECK(s.steps[1].action == "resend_code");
    CHECK(s.steps[1].expect.errcode == 40163);
    CHECK(s.steps[2].ms == 60000);
    CHECK(s.expect_events.size() == 4);
}

TEST_CASE("the default scenario transport is http", "[scenario]") {
    json j = good();
    j.erase("transport");
    CHECK(parse_scenario(j, "x.json").config.transport == TransportMode::Http);
}

TEST_CASE("parse_scenario rejects an unknown action and names the step index and the action field", "[scenario]") {
    json j = good();
    j["steps"][1]["action"] = "teleport";
    const std::string m = parse_error(j, "dir/a.json");
    CHECK_THAT(m, Catch::Contains("dir/a.json"));
    CHECK_THAT(m, Catch::Contains("steps[1].action"));
    CHECK_THAT(m, Catch::Contains("teleport"));
}

TEST_CASE("parse_scenario rejects an unknown top-level field and names it", "[scenario]") {
    json j = good();
    j["fualts"] = json::array();
    const std::string m = parse_error(j, "b.json");
    CHECK_THAT(m, Catch::Contains("b.json"));
    CHECK_THAT(m, Catch::Contains("fualts"));
    CHECK_THAT(m, Catch::Contains("unknown field"));
}

TEST_CASE("parse_scenario rejects a non-boolean environment.online", "[scenario]") {
    json j = good();
    j["environment"] = {{"online", "yes"}};
    const std::string m = parse_error(j, "c.json");
    CHECK_THAT(m, Catch::Contains("c.json"));
    CHECK_THAT(m, Catch::Contains("environment.online"));
}

TEST_CASE("parse_scenario rejects a fault with a bad hop", "[scenario]") {
    json j = good();
    j["faults"] = json::array({{{"hop", "client_to_dev"}, {"what", "hang"}}, {{"hop", "moon"}, {"what", "hang"}}});
    const std::string m = parse_error(j, "d.json");
    CHECK_THAT(m, Catch::Contains("d.json"));
    CHECK_THAT(m, Catch::Contains("faults[1].hop"));
    CHECK_THAT(m, Catch::Contains("moon"));
}

TEST_CASE("parse_scenario rejects an expected errcode that is not in the catalog", "[scenario]") {
    json j = good();
    j["steps"][0]["expect"]["errcode"] = 12345;
    const std::string m = parse_error(j, "e.json");
    CHECK_THAT(m, Catch::Contains("e.json"));
    CHECK_THAT(m, Catch::Contains("steps[0].expect.errcode"));
    CHECK_THAT(m, Catch::Contains("12345"));
}

TEST_CASE("parse_scenario rejects a fault errcode that is not in the catalog", "[scenario]") {
    json j = good();
    j["faults"] = json::array({{{"hop", "platform_response"}, {"what", "platform_error"}, {"code", "40000"}}});
    const std::string m = parse_error(j, "f.json");
    CHECK_THAT(m, Catch::Contains("f.json"));
    CHECK_THAT(m, Catch::Contains("faults[0].code"));
}

TEST_CASE("parse_scenario rejects missing or malformed required fields", "[scenario]") {
    struct Case { std::function<void(json&)> edit; std::string field; };
    const std::vector<Case> cases = {
        {[](json& j) { j.erase("name"); }, "name"},
        {[](json& j) { j.erase("flow"); }, "flow"},
        {[](json& j) { j["flow"] = "baidu-web"; }, "flow"},
        {[](json& j) { j.erase("steps"); }, "steps"},
        {[](json& j) { j["steps"] = json::array(); }, "steps"},
        {[](json& j) { j["seed"] = -1; }, "seed"},
        {[](json& j) { j["transport"] = "carrier-pigeon"; }, "transport"},
        {[](json& j) { j["steps"][0].erase("action"); }, "steps[0].action"},
        {[](json& j) { j["steps"][2].erase("ms"); }, "steps[2].ms"},
        {[](json& j) { j["steps"][2]["ms"] = "soon"; }, "steps[2].ms"},
        {[](json& j) { j["steps"][0]["timeout_ms"] = -5; }, "steps[0].timeout_ms"},
        {[](json& j) { j["steps"][0]["expect"]["okay"] = true; }, "steps[0].expect.okay"},
        {[](json& j) { j["steps"][0]["expect"]["ok"] = "true"; }, "steps[0].expect.ok"},
        {[](json& j) { j["steps"][0]["colour"] = 1; }, "steps[0].colour"},
        {[](json& j) { j["steps"][0] = {{"action", "environment"}}; }, "steps[0].environment"},
        {[](json& j) { j["steps"][0] = {{"action", "environment"}, {"environment", {{"os", "symbian"}}}}; }, "steps[0].environment.os"},
        {[](json& j) { j["environment"] = {{"latency_ms", 1.5}}; }, "environment.latency_ms"},
        {[](json& j) { j["config"] = {{"appid", ""}}; }, "config.appid"},
        {[](json& j) { j["config"] = {{"code_ttl", 5}}; }, "config.code_ttl"},
        {[](json& j) { j["faults"] = json::object(); }, "faults"},
        {[](json& j) { j["expect"]["events"] = "code.issued"; }, "expect.events"},
        {[](json& j) { j["expect"]["console"] = json::array({1}); }, "expect.console[0]"},
        {[](json& j) { j["expect"]["logs"] = json::array(); }, "expect.logs"},
    };
    for (size_t i = 0; i < cases.size(); ++i) {
        json j = good();
        cases[i].edit(j);
        const std::string m = parse_error(j, "g.json");
        INFO("case " << i << ": " << m);
        CHECK_THAT(m, Catch::StartsWith("g.json"));
        CHECK_THAT(m, Catch::Contains(cases[i].field));
    }
}

TEST_CASE("parse_scenario refuses an unknown carrier, naming the field and every carrier it knows", "[scenario]") {
    json j = good();
    j["environment"] = {{"carrier", "china_railcom"}};
    const std::string m = parse_error(j, "c.json");
    CHECK_THAT(m, Catch::Contains("environment.carrier"));
    for (const CarrierInfo& c : carriers()) CHECK_THAT(m, Catch::Contains(std::string("\"") + c.id + "\""));
}

// Found by a probe of `serve`: JSON integers were cast into the field's type, so 4295007459 was
// checked as 40163, 4294967496 as HTTP 200 and a code_back of 2^32 sent the latest code.
TEST_CASE("parse_scenario refuses an integer out of its field's range, naming the field and the value", "[scenario]") {
    struct Case { std::function<void(json&)> edit; std::string field, value; };
    const std::vector<Case> cases = {
        {[](json& j) { j["steps"][1]["expect"]["errcode"] = 4295007459; }, "steps[1].expect.errcode", "4295007459"},
        {[](json& j) { j["steps"][1]["expect"]["errcode"] = -4294927133; }, "steps[1].expect.errcode", "-4294927133"},
        {[](json& j) { j["steps"][1]["expect"]["errcode"] = 40163.5; }, "steps[1].expect.errcode", "40163.5"},
        {[](json& j) { j["steps"][0]["expect"]["http_status"] = 4294967496; }, "steps[0].expect.http_status", "4294967496"},
        {[](json& j) { j["steps"][0]["expect"]["http_status"] = 99; }, "steps[0].expect.http_status", "99"},
        {[](json& j) { j["steps"][0]["expect"]["http_status"] = 600; }, "steps[0].expect.http_status", "600"},
        {[](json& j) { j["steps"][1] = {{"action", "send_code"}, {"code_back", 4294967296}}; }, "steps[1].code_back", "4294967296"},
        {[](json& j) { j["steps"][1] = {{"action", "send_code"}, {"code_back", 100001}}; }, "steps[1].code_back", "100001"},
        {[](json& j) { j["steps"][1] = {{"action", "page_tap_custom_button"}, {"index", 4294967296}}; }, "steps[1].index", "4294967296"},
        {[](json& j) { j["steps"][1] = {{"action", "remove_fault"}, {"index", -1}}; }, "steps[1].index", "-1"},
        {[](json& j) { j["config"] = {{"appid", "wx1"}, {"quota_per_user_minute", 4294967396}}; }, "config.quota_per_user_minute", "4294967396"},
        {[](json& j) { j["seed"] = 18446744073709551615.0 * 2; }, "seed", "3.6893488147419103e+19"},
        {[](json& j) { j["seed"] = -1; }, "seed", "-1"},
        {[](json& j) { j["seed"] = 1.5; }, "seed", "1.5"},
        {[](json& j) { j["faults"] = {{{"hop", "client_to_dev"}, {"what", "hang"}, {"when", "nth"}, {"n", 4294967297}}}; }, "faults[0].n", "4294967297"},
        {[](json& j) { j["faults"] = {{{"hop", "client_to_dev"}, {"what", "hang"}, {"when", "nth"}, {"n", 2.5}}}; }, "faults[0].n", "2.5"},
        {[](json& j) { j["faults"] = {{{"hop", "client_to_dev"}, {"what", "cut_body"}, {"bytes", 4294967306}}}; }, "faults[0].bytes", "4294967306"},
        {[](json& j) { j["faults"] = {{{"hop", "client_to_dev"}, {"what", "http_status"}, {"status", 4294967798}}}; }, "faults[0].status", "4294967798"},
        {[](json& j) { j["faults"] = {{{"hop", "client_to_dev"}, {"what", "hang"}, {"when", "probability"}, {"seed", -3}}}; }, "faults[0].seed", "-3"},
        {[](json& j) { j["faults"] = {{{"hop", "client_to_dev"}, {"what", "hang"}, {"when", "probability"}, {"probability", 2}}}; }, "faults[0].probability", "2"},
        {[](json& j) { j["steps"][1] = {{"action", "add_fault"}, {"fault", {{"hop", "client_to_dev"}, {"what", "http_status"}, {"status", 502.5}}}}; },
         "steps[1].fault.status", "502.5"},
    };
    for (size_t i = 0; i < cases.size(); ++i) {
        json j = good();
        cases[i].edit(j);
        const std::string m = parse_error(j, "r.json");
        INFO("case " << i << ": " << m);
        CHECK_THAT(m, Catch::StartsWith("r.json: " + cases[i].field + ": "));
        CHECK_THAT(m, Catch::Contains(cases[i].value));
    }
}

TEST_CASE("parse_scenario keeps integers at the edges of their ranges", "[scenario]") {
    json j = good();
    j["seed"] = 18446744073709551615ULL;
    j["steps"][0]["expect"]["http_status"] = 599;
    j["steps"][1]["expect"]["http_status"] = 100;
    j["steps"][2] = {{"action", "send_code"}, {"code_back", 100000}};
    j["faults"] = {{{"hop", "client_to_dev"}, {"what", "hang"}, {"when", "nth"}, {"n", 2147483647}}};
    const Scenario s = parse_scenario(j, "edges.json");
    CHECK(s.config.seed == 18446744073709551615ULL);
    CHECK(s.steps[0].expect.http_status == 599);
    CHECK(s.steps[1].expect.http_status == 100);
    CHECK(s.steps[2].code_back == 100000);
    CHECK(s.faults[0].n == 2147483647);
}

TEST_CASE("parse_scenario rejects a scenario that is not an object", "[scenario]") {
    CHECK_THAT(parse_error(json::array(), "h.json"), Catch::StartsWith("h.json"));
    CHECK_THAT(parse_error(json("login"), "h.json"), Catch::StartsWith("h.json"));
}

TEST_CASE("load_scenario rejects invalid JSON and names the file", "[scenario]") {
    TempDir d;
    const std::string path = d.write("broken.json", "{\"name\": \"x\", \"steps\": [");
    try {
        load_scenario(path);
        FAIL("accepted invalid JSON");
    } catch (const ScenarioError& e) {
        CHECK_THAT(e.what(), Catch::Contains(path));
        CHECK_THAT(e.what(), Catch::Contains("not valid JSON"));
    }
}

TEST_CASE("load_scenario rejects a missing file and names it", "[scenario]") {
    TempDir d;
    const std::string path = (d.path / "nope.json").string();
    try {
        load_scenario(path);
        FAIL("accepted a missing file");
    } catch (const ScenarioError& e) {
        CHECK_THAT(e.what(), Catch::Contains(path));
    }
}

// Found by a probe of `serve`: a 200 MB file of 7 million steps grew past 4.6 GB and aborted on
// bad_alloc. The size is checked before a byte is read: the file here is sparse, one byte over.
TEST_CASE("load_scenario refuses a file over the size limit before reading it, naming the size and the limit", "[scenario][limits]") {
    TempDir d;
    const std::string path = (d.path / "huge.json").string();
    std::ofstream(path).close();
    fs::resize_file(path, kMaxScenarioFileBytes + 1);
    try {
        load_scenario(path);
        FAIL("accepted a file over the limit");
    } catch (const ScenarioError& e) {
        CHECK(std::string(e.what()) == path + ": 8388609 bytes, more than a scenario file may have (8388608 bytes, 8 MiB)");
    }
}

// A pipe or a device has no size to check first: what is read stops one byte past the limit.
TEST_CASE("load_scenario stops reading an endless file at the size limit", "[scenario][limits]") {
    try {
        load_scenario("/dev/zero");
        FAIL("accepted /dev/zero");
    } catch (const ScenarioError& e) {
        CHECK_THAT(e.what(), Catch::StartsWith("/dev/zero: more than 8388608 bytes"));
    }
}

TEST_CASE("parse_scenario refuses more steps than the limit before building any, and keeps exactly the limit", "[scenario][limits]") {
    json j = good();
    j["steps"] = json::array();
    for (size_t i = 0; i < kMaxScenarioSteps; ++i) j["steps"].push_back({{"action", "jump_to_next_expiry"}});
    CHECK(parse_scenario(j, "many.json").steps.size() == kMaxScenarioSteps);
    j["steps"].push_back({{"action", "jump_to_next_expiry"}});
    CHECK(parse_error(j, "many.json") == "many.json: steps: 10001 steps, more than a scenario may have (10000)");
}

TEST_CASE("an inline scenario runs and passes in both transports", "[scenario]") {
    const Scenario s = parse_scenario(good(), "inline.json");
    for (TransportMode t : {TransportMode::InProcess, TransportMode::Http}) {
        const ScenarioResult r = run_scenario(s, t);
        std::string why;
        for (auto& f : r.failures) why += f + "\n";
        INFO(why);
        CHECK(r.passed);
        CHECK(r.steps.size() == 4);
        CHECK(r.file == "inline.json");
        CHECK_FALSE(r.events.empty());
    }
}

TEST_CASE("a scenario whose expectations are not met fails with readable reasons", "[scenario]") {
    json j = good();
    j["steps"][0]["expect"] = {{"ok", false}, {"errMsg", "login:fail timeout"}, {"errcode", 40029}, {"http_status", 504},
                               {"detail_contains", "zebra"}};
    j["expect"]["events"] = json::array({"token.issued", "code.issued"});  // wrong order
    j["expect"]["console"] = json::array({"Taro.login success"});
    const ScenarioResult r = run_scenario(parse_scenario(j, "fail.json"));
    CHECK_FALSE(r.passed);
    std::string all;
    for (auto& f : r.failures) all += f + "\n";
    INFO(all);
    CHECK(r.failures.size() == 7);
    CHECK_THAT(all, Catch::Contains("steps[0] login: expected failure"));
    CHECK_THAT(all, Catch::Contains("expected errMsg \"login:fail timeout\", got \"request:ok\""));
    CHECK_THAT(all, Catch::Contains("expected errcode 40029, got none"));
    CHECK_THAT(all, Catch::Contains("expected HTTP 504, got 200"));
    CHECK_THAT(all, Catch::Contains("zebra"));
    CHECK_THAT(all, Catch::Contains("expected event \"code.issued\""));
    CHECK_THAT(all, Catch::Contains("Taro.login success"));
    REQUIRE(r.steps.size() == 4);
    CHECK(r.steps[0].failures.size() == 5);
    CHECK(r.steps[1].failures.empty());
}

TEST_CASE("scenario faults and environment steps take effect", "[scenario]") {
    const json j = json::parse(R"({
      "name": "faults and environment",
      "flow": "taro",
      "transport": "in_process",
      "faults": [{"hop": "platform_response", "when": "first_n", "n": 2, "what": "platform_error", "code": "-1"}],
      "steps": [
        {"action": "login", "expect": {"ok": false, "errcode": -1}},
        {"action": "resend_code", "expect": {"ok": false, "errcode": -1}},
        {"action": "resend_code", "expect": {"ok": true}},
        {"action": "environment", "environment": {"online": false}},
        {"action": "login", "expect": {"ok": false}},
        {"action": "environment", "environment": {"online": true, "high_risk_user": true}},
        {"action": "login", "expect": {"ok": false, "errcode": 40226}},
        {"action": "environment", "environment": {"high_risk_user": false}},
        {"action": "wx_login", "timeout_ms": 1000, "expect": {"ok": true, "errMsg": "login:ok"}},
        {"action": "advance", "ms": 300000},
        {"action": "send_code", "expect": {"ok": false, "errcode": 40029}}
      ],
      "expect": {"console": ["Taro.login success", "Taro.login complete", "Taro.login then"]}
    })");
    const ScenarioResult r = run_scenario(parse_scenario(j, "inline2.json"));
    std::string why;
    for (auto& f : r.failures) why += f + "\n";
    INFO(why);
    CHECK(r.passed);
}

// Issue 13: "code_ttl_ms": INT64_MAX wrapped now + ttl negative and expired every code at once.
// A lifetime as long as a signed 64-bit integer ends at the end of virtual time: it never ends.
TEST_CASE("time fields of INT64_MAX are lifetimes that never end, not ones that ended", "[scenario][clock]") {
    const char* wechat = R"({"name": "long", "flow": "wechat-mp", "transport": "in_process",
      "config": {"appid": "wx5f0d3c8a9b1e2d47", "code_ttl_ms": 9223372036854775807,
                 "session_key_idle_ttl_ms": 9223372036854775807, "token_ttl_ms": 9223372036854775807},
      "steps": [{"action": "wx_login"}, {"action": "advance", "ms": 86400000},
                {"action": "send_code", "expect": {"ok": true}},
                {"action": "advance", "ms": 86400000},
                {"action": "call_api", "expect": {"ok": true, "http_status": 200}},
                {"action": "check_session", "expect": {"ok": true}}]})";
    const char* univerify = R"({"name": "long", "flow": "univerify", "transport": "in_process",
      "config": {"appid": "wx5f0d3c8a9b1e2d47", "prelogin_ttl_ms": 9223372036854775807,
                 "univerify_token_ttl_ms": 9223372036854775807},
      "steps": [{"action": "pre_login", "expect": {"ok": true}}, {"action": "advance", "ms": 86400000},
                {"action": "univerify_login", "expect": {"pending": true}},
                {"action": "page_tap_login", "expect": {"ok": true, "http_status": 200}}]})";
    for (const char* text : {wechat, univerify}) {
        const ScenarioResult r = run_scenario(parse_scenario(json::parse(text), "long.json"));
        std::string why;
        for (auto& f : r.failures) why += f + "\n";
        INFO(text << "\n" << why);
        CHECK(r.passed);
    }
}

TEST_CASE("virtual time never runs backwards when every move is as long as a signed 64-bit integer", "[scenario][clock]") {
    const json j = json::parse(R"({"name": "end of time", "flow": "wechat-mp", "transport": "in_process",
      "environment": {"latency_ms": 9223372036854775807},
      "config": {"appid": "wx5f0d3c8a9b1e2d47", "exchange_timeout_ms": 9223372036854775807},
      "faults": [{"hop": "client_call", "what": "clock_jump", "ms": 9223372036854775807, "when": "every"}],
      "steps": [{"action": "advance", "ms": 1000}, {"action": "login", "timeout_ms": 9223372036854775807},
                {"action": "advance", "ms": 9223372036854775807}, {"action": "login"},
                {"action": "jump_to_next_expiry"}, {"action": "login"}]})");
    const ScenarioResult r = run_scenario(parse_scenario(j, "end.json"));
    int64_t last = 0;
    for (const Event& e : r.events) {
        INFO(e.kind << " at " << e.t_ms);
        REQUIRE(e.t_ms >= last);
        last = e.t_ms;
    }
    CHECK(last == INT64_MAX);
    for (const Event& e : r.events) CHECK(e.kind != "exchange.ok");  // every code was born at the end of time
}

TEST_CASE("a time field beyond a signed 64-bit integer is refused naming the field and the value", "[scenario][clock]") {
    const std::string huge = "9223372036854775808";
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"config.code_ttl_ms", R"({"config": {"appid": "wx5f0d3c8a9b1e2d47", "code_ttl_ms": N}, "steps": [{"action": "login"}]})"},
        {"config.session_key_idle_ttl_ms", R"({"config": {"appid": "wx5f0d3c8a9b1e2d47", "session_key_idle_ttl_ms": N}, "steps": [{"action": "login"}]})"},
        {"config.token_ttl_ms", R"({"config": {"appid": "wx5f0d3c8a9b1e2d47", "token_ttl_ms": N}, "steps": [{"action": "login"}]})"},
        {"config.exchange_timeout_ms", R"({"config": {"appid": "wx5f0d3c8a9b1e2d47", "exchange_timeout_ms": N}, "steps": [{"action": "login"}]})"},
        {"config.prelogin_ttl_ms", R"({"config": {"appid": "wx5f0d3c8a9b1e2d47", "prelogin_ttl_ms": N}, "steps": [{"action": "login"}]})"},
        {"config.univerify_token_ttl_ms", R"({"config": {"appid": "wx5f0d3c8a9b1e2d47", "univerify_token_ttl_ms": N}, "steps": [{"action": "login"}]})"},
        {"environment.latency_ms", R"({"environment": {"latency_ms": N}, "steps": [{"action": "login"}]})"},
        {"steps[0].ms", R"({"steps": [{"action": "advance", "ms": N}]})"},
        {"steps[0].timeout_ms", R"({"steps": [{"action": "login", "timeout_ms": N}]})"},
        {"faults[0].ms", R"({"faults": [{"hop": "client_call", "what": "clock_jump", "ms": N}], "steps": [{"action": "login"}]})"},
    };
    for (auto& [field, text] : cases) {
        std::string body = text;
        body.replace(body.find('N'), 1, huge);
        json j = json::parse(body);
        j["name"] = "huge";
        j["flow"] = "wechat-mp";
        std::string error = "(accepted)";
        try {
            parse_scenario(j, "huge.json");
        } catch (const ScenarioError& e) {
            error = e.what();
        }
        INFO(body);
        CHECK_THAT(error, Catch::Contains(field) && Catch::Contains(huge));
    }
}

TEST_CASE("every scenario shipped in assets passes", "[scenario][assets]") {
    const fs::path root = fs::path(LOGINSCOPE_ASSETS) / "scenarios";
    std::vector<fs::path> files;
    if (fs::exists(root))
        for (auto& e : fs::recursive_directory_iterator(root))
            if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    if (files.empty()) {
        WARN("no scenario files under " << root.string() << " yet");
        return;
    }
    for (auto& f : files) {
        SECTION(f.filename().string()) {
            Scenario s;
            try {
                s = load_scenario(f.string());
            } catch (const ScenarioError& e) {
                FAIL(e.what());
            }
            const ScenarioResult r = run_scenario(s);
            std::string why;
            for (auto& x : r.failures) why += x + "\n";
            INFO(f.string() << "\n" << why);
            CHECK(r.passed);
        }
    }
}

TEST_CASE("every shipped scenario gives the same result in-process and over HTTP", "[scenario][assets]") {
    const fs::path root = fs::path(LOGINSCOPE_ASSETS) / "scenarios";
    if (!fs::exists(root)) {
        WARN("no scenarios yet");
        return;
    }
    for (auto& e : fs::recursive_directory_iterator(root)) {
        if (!e.is_regular_file() || e.path().extension() != ".json") continue;
        Scenario s;
        try {
            s = load_scenario(e.path().string());
        } catch (const ScenarioError&) {
            continue;  // reported by the test above
        }
        const ScenarioResult a = run_scenario(s, TransportMode::InProcess), b = run_scenario(s, TransportMode::Http);
        std::string why = "in_process:\n";
        for (auto& x : a.failures) why += "  " + x + "\n";
        why += "http:\n";
        for (auto& x : b.failures) why += "  " + x + "\n";
        INFO(e.path().string() << "\n" << why);
        CHECK(a.passed == b.passed);
        CHECK(journal_to_json(a.events) == journal_to_json(b.events));
    }
}

TEST_CASE("junit_report has one testcase per scenario and a failure for a failing one", "[scenario][report]") {
    json bad = good();
    bad["name"] = "needs <escaping> & \"quotes\"";
    bad["steps"][0]["expect"]["ok"] = false;
    const std::vector<ScenarioResult> results = {run_scenario(parse_scenario(good(), "a.json")),
                                                 run_scenario(parse_scenario(bad, "b.json"))};
    const std::string x = junit_report(results);
    INFO(x);
    CHECK_THAT(x, Catch::StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    CHECK(count(x, "<testsuites") == 1);
    CHECK(count(x, "</testsuites>") == 1);
    CHECK(count(x, "<testsuite ") == 1);
    CHECK(count(x, "</testsuite>") == 1);
    CHECK(count(x, "<testcase ") == 2);
    CHECK(count(x, "<failure ") == 1);
    CHECK(count(x, "</failure>") == 1);
    CHECK_THAT(x, Catch::Contains("tests=\"2\" failures=\"1\""));
    CHECK_THAT(x, Catch::Contains("classname=\"a.json\" name=\"inline happy path\""));
    CHECK_THAT(x, Catch::Contains("name=\"needs &lt;escaping&gt; &amp; &quot;quotes&quot;\""));
    // No raw markup characters leak from names or messages: every '<' starts a known element.
    for (size_t p = x.find('<'); p != std::string::npos; p = x.find('<', p + 1)) {
        const std::string tail = x.substr(p, 12);
        const bool known = tail.rfind("<?xml", 0) == 0 || tail.rfind("<testsuite", 0) == 0 || tail.rfind("</testsuite", 0) == 0 ||
                           tail.rfind("<testcase", 0) == 0 || tail.rfind("</testcase", 0) == 0 || tail.rfind("<failure", 0) == 0 ||
                           tail.rfind("</failure", 0) == 0;
        INFO(tail);
        CHECK(known);
    }
}

TEST_CASE("json_report counts passed and failed scenarios", "[scenario][report]") {
    json bad = good();
    bad["steps"][0]["expect"]["ok"] = false;
    const std::vector<ScenarioResult> results = {run_scenario(parse_scenario(good(), "a.json")),
                                                 run_scenario(parse_scenario(bad, "b.json"))};
    const json j = json::parse(json_report(results));
    CHECK(j["passed"] == 1);
    CHECK(j["failed"] == 1);
    REQUIRE(j["scenarios"].size() == 2);
    CHECK(j["scenarios"][0]["passed"] == true);
    CHECK(j["scenarios"][1]["passed"] == false);
    CHECK(j["scenarios"][1]["steps"][1]["errcode"] == 40163);
    CHECK_FALSE(j["scenarios"][0]["events"].empty());
}

TEST_CASE("write_file_atomically writes the content and leaves no .tmp behind", "[scenario][report]") {
    TempDir d;
    const std::string path = (d.path / "report.xml").string();
    write_file_atomically(path, "first");
    write_file_atomically(path, "second version");
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    CHECK(ss.str() == "second version");
    std::vector<std::string> names;
    for (auto& e : fs::directory_iterator(d.path)) names.push_back(e.path().filename().string());
    CHECK(names == std::vector<std::string>{"report.xml"});
}

TEST_CASE("write_file_atomically rejects an unwritable path", "[scenario][report]") {
    TempDir d;
    const std::string path = (d.path / "no-such-dir" / "report.xml").string();
    CHECK_THROWS_AS(write_file_atomically(path, "x"), std::runtime_error);
    CHECK_FALSE(fs::exists(path + ".tmp"));
}

TEST_CASE("the JSON Schema in assets lists exactly the actions and flows the parser accepts", "[scenario]") {
    std::ifstream in(std::string(LOGINSCOPE_ASSETS) + "/scenario.schema.json");
    REQUIRE(in);
    const json schema = json::parse(in);
    std::set<std::string> schema_actions;
    for (const auto& a : schema["$defs"]["step"]["properties"]["action"]["enum"]) schema_actions.insert(a.get<std::string>());
    CHECK(schema_actions == scenario_actions());
    std::set<std::string> schema_flows, flows;
    for (const auto& f : schema["properties"]["flow"]["enum"]) schema_flows.insert(f.get<std::string>());
    for (const FlowInfo& f : flow_catalog())
        if (f.available) flows.insert(f.id);
    CHECK(schema_flows == flows);
    // The fields of an environment and a config, and each platform pack's app fields.
    const auto keys = [](const json& properties) {
        std::set<std::string> out;
        for (const auto& [k, v] : properties.items()) out.insert(k);
        return out;
    };
    CHECK(keys(schema["$defs"]["environment"]["properties"]) == scenario_environment_fields());
    CHECK(keys(schema["properties"]["config"]["properties"]) == scenario_config_fields());
    const json& pack_apps = schema["properties"]["config"]["properties"]["pack_apps"]["properties"];
    for (const PlatformPack& p : platform_packs()) {
        INFO(p.id);
        std::set<std::string> fields;
        for (const PackAppField& f : p.app_fields) fields.insert(f.id);
        CHECK(keys(pack_apps[p.id]["properties"]) == fields);
    }
    CHECK(pack_apps.size() == platform_packs().size());
    // The parser's ranges, as the schema states them.
    const json& step = schema["$defs"]["step"]["properties"];
    for (const char* field : {"index", "code_back"}) {
        INFO(field);
        CHECK(step[field]["minimum"] == 0);
        CHECK(step[field]["maximum"] == kMaxStepIndex);
    }
    CHECK(step["expect"]["properties"]["http_status"]["minimum"] == 100);
    CHECK(step["expect"]["properties"]["http_status"]["maximum"] == 599);
    CHECK(schema["properties"]["steps"]["maxItems"] == kMaxScenarioSteps);
    CHECK_THAT(schema["description"].get<std::string>(), Catch::Contains(std::to_string(kMaxScenarioFileBytes) + " bytes"));
}

// Found by the scenario fuzzer: optional top-level strings of another type threw from the JSON library.
TEST_CASE("a non-string description or transport is rejected naming the field", "[scenario]") {
    const auto error_of = [](const nlohmann::json& j) {
        try {
            parse_scenario(j, "s.json");
        } catch (const ScenarioError& e) {
            return std::string(e.what());
        }
        return std::string("(accepted)");
    };
    nlohmann::json j = {{"name", "x"}, {"description", {1}}, {"flow", "wechat-mp"}, {"steps", {{{"action", "login"}}}}};
    CHECK_THAT(error_of(j), Catch::Contains("description"));
    j["description"] = "fine";
    j["transport"] = 7;
    CHECK_THAT(error_of(j), Catch::Contains("transport"));
    j["transport"] = "in_process";
    CHECK(error_of(j) == "(accepted)");
}

// Found by the scenario fuzzer: the developer server quoted the first 64 bytes of a malformed
// platform reply, cut inside a Chinese errmsg, and failed to write its own answer.
TEST_CASE("a malformed platform reply cut inside a Chinese errmsg still gets a JSON answer to the app", "[scenario]") {
    const nlohmann::json j = nlohmann::json::parse(R"({"name":"cut","flow":"wechat-app","transport":"in_process",
        "faults":[{"hop":"dev_to_platform","what":"malformed_json","when":"nth","n":2},
                  {"hop":"platform_response","what":"platform_error","code":"10001002","when":"nth","n":2}],
        "steps":[{"action":"weixin_app_login"},{"action":"wechat_auth_allow"}]})");
    const ScenarioResult r = run_scenario(parse_scenario(j, "cut.json"), TransportMode::InProcess);
    bool answered = false;
    for (const Event& e : r.events)
        if (e.kind == "http.response" && e.actor == Actor::DevServer && e.to == Actor::Client && e.http) {
            answered = true;
            INFO(e.http->response_body);
            CHECK(e.http->status == 502);
            CHECK_FALSE(nlohmann::json::parse(e.http->response_body, nullptr, false).is_discarded());
        }
    CHECK(answered);
}

// Found by the scenario fuzzer: a step's detail quoting a reply cut inside a UTF-8 character.
TEST_CASE("the JSON and HAR reports write bytes that are not UTF-8 as U+FFFD", "[scenario]") {
    ScenarioResult r;
    r.name = "cut";
    r.file = "cut.json";
    StepOutcome st;
    st.result.action = "login";
    st.result.detail = std::string("errmsg \xe4\xb8", 10);
    r.steps.push_back(st);
    Event e;
    e.kind = "http.response";
    e.to = Actor::Client;
    e.text = std::string("HTTP 502 \xe4", 10);
    auto h = std::make_shared<HttpRecord>();
    h->method = "POST";
    h->target = "https://dev.example.test/api/app/login";
    h->status = 502;
    h->response_body = std::string("{\"detail\":\"\xe4\xb8\"}", 15);
    e.http = h;
    r.events.push_back(e);
    std::string json_text, har_text;
    REQUIRE_NOTHROW(json_text = json_report({r}));
    REQUIRE_NOTHROW(har_text = har_report({r}));
    CHECK_THAT(json_text, Catch::Contains("\xef\xbf\xbd"));  // U+FFFD
    CHECK_FALSE(nlohmann::json::parse(har_text, nullptr, false).is_discarded());
}

namespace {
// The HAR of one run, with the engine that ran it (its servers still listening).
json har_of(Engine& engine, const Scenario& s) {
    const ScenarioResult r = play_scenario(engine, s);
    REQUIRE(r.passed);
    return json::parse(har_report({r}));
}

// "a=1&b=2" of a URL as HAR name/value pairs.
json query_pairs(const std::string& url) {
    json out = json::array();
    const size_t q = url.find('?');
    if (q == std::string::npos) return out;
    for (const auto& [name, value] : parse_form(url.substr(q + 1))) out.push_back({{"name", name}, {"value", value}});
    return out;
}
}  // namespace

TEST_CASE("the HAR of an HTTP run holds the loopback URLs of that run, which answer its requests replayed as written",
          "[scenario][report][har]") {
    Scenario s = load_scenario(std::string(LOGINSCOPE_ASSETS) + "/scenarios/wechat-mp/success.json");
    s.config.transport = TransportMode::Http;
    Engine engine(s.config);
    const json har = har_of(engine, s);
    REQUIRE(har["log"]["entries"].size() >= 3);
    const std::regex loopback(R"(^http://127\.0\.0\.1:(\d+)(/[^?]*)(\?.*)?$)");
    std::set<std::string> paths;
    for (const json& e : har["log"]["entries"]) {
        const json& req = e["request"];
        const std::string url = req["url"];
        INFO(url);
        std::smatch m;
        REQUIRE(std::regex_match(url, m, loopback));
        const std::string path = m[2], target = path + m[3].str();
        CHECK(std::stoi(m[1]) == (path.rfind("/api/", 0) == 0 ? engine.dev_port() : engine.platform_port()));
        paths.insert(path);
        CHECK(req["queryString"] == query_pairs(url));
        CHECK(req["headers"].is_array());
        if (path == "/sns/jscode2session") CHECK_THAT(url, Catch::Contains("&secret=3c1f%2A%2A%2A%2Ae1d0"));  // masked
        // Replayed as a HAR tool would: method, URL, headers and postData as written.
        httplib::Client c("127.0.0.1", std::stoi(m[1]));
        httplib::Headers headers;
        for (const json& h : req["headers"]) headers.emplace(h["name"], h["value"]);
        const httplib::Result res =
            req["method"] == "POST"
                ? c.Post(target.c_str(), headers, req["postData"]["text"].get<std::string>(), req["postData"]["mimeType"].get<std::string>().c_str())
                : c.Get(target.c_str(), headers);
        REQUIRE(res);
        if (path == "/api/me") {  // the signed-in call answers the same again: its Authorization header came along
            CHECK(res->status == e["response"]["status"]);
            CHECK(res->body == e["response"]["content"]["text"]);
        }
    }
    CHECK(paths == std::set<std::string>{"/sns/jscode2session", "/api/login", "/api/me"});
}

TEST_CASE("the HAR of an in-process run keeps the journal's logical URLs, absolute, with their query", "[scenario][report][har]") {
    Scenario s = load_scenario(std::string(LOGINSCOPE_ASSETS) + "/scenarios/wechat-mp/success.json");
    s.config.transport = TransportMode::InProcess;
    Engine engine(s.config);
    const json har = har_of(engine, s);
    std::set<std::string> urls;
    for (const json& e : har["log"]["entries"]) {
        const std::string url = e["request"]["url"];
        urls.insert(url.substr(0, url.find('?')));
        CHECK(e["request"]["queryString"] == query_pairs(url));
    }
    CHECK(urls == std::set<std::string>{"https://api.weixin.qq.com/sns/jscode2session", "https://dev.example.test/api/login",
                                        "https://dev.example.test/api/me"});
}

TEST_CASE("config.pack_apps sets a platform pack's app, field by field, and refuses what its platform would not register", "[scenario][packs]") {
    const auto with_apps = [](const json& apps) {
        return json{{"name", "x"}, {"flow", "alipay"}, {"config", {{"pack_apps", apps}}}, {"steps", {{{"action", "my_get_auth_code"}}}}};
    };
    const Scenario s = parse_scenario(with_apps({{"alipay", {{"appid", "2021000000000002"}}}, {"douyin", {{"secret", "s3"}}}}), "s.json");
    CHECK(s.config.app.pack_apps.at("alipay") == PackApp{{"appid", "2021000000000002"}});
    CHECK(s.config.app.pack_apps.at("douyin") == PackApp{{"secret", "s3"}});
    CHECK(pack_app(s.config.app, *find_pack("alipay")).at("id_mode") == "user_id");  // the demo app's where not given

    const auto error_of = [&](const json& apps) {
        try {
            parse_scenario(with_apps(apps), "s.json");
        } catch (const ScenarioError& e) {
            return std::string(e.what());
        }
        return std::string("(accepted)");
    };
    CHECK(error_of({{"qq", json::object()}}) == "s.json: config.pack_apps.qq: unknown field");
    CHECK(error_of({{"alipay", {{"app_secret", "x"}}}}) == "s.json: config.pack_apps.alipay.app_secret: unknown field");
    CHECK(error_of({{"alipay", {{"appid", 2021}}}}) == "s.json: config.pack_apps.alipay.appid: must be a string");
    CHECK(error_of({{"alipay", {{"id_mode", "openid"}}}}) ==
          "s.json: config.pack_apps.alipay.id_mode: must be \"user_id\" or \"open_id\"");
    CHECK(error_of({{"alipay", "2021"}}) == "s.json: config.pack_apps.alipay: must be an object");
    CHECK(error_of(json::array()) == "s.json: config.pack_apps: must be an object");
}

// A team's backend keeps its session in a cookie: the HAR lists what the app sent (Cookie) and what the
// backend set (Set-Cookie, with its attributes), as HAR viewers show them in their cookie tabs.
TEST_CASE("the HAR lists the cookies a request sent and a reply set", "[scenario][report][har]") {
    ScenarioResult r;
    r.name = "cookies";
    Event e;
    e.kind = "http.response";
    e.actor = Actor::DevServer;
    e.to = Actor::Client;
    auto h = std::make_shared<HttpRecord>();
    h->method = "GET";
    h->target = "http://127.0.0.1:3000/me";
    h->request_headers = {{"Cookie", "sid=abc123; theme=dark"}};
    h->status = 200;
    h->response_body = "{}";
    h->response_headers = {{"set-cookie", "sid=def456; Path=/; HttpOnly; SameSite=Lax"},
                           {"Set-Cookie", "seen=1; Domain=127.0.0.1; Secure"},
                           {"content-type", "application/json; charset=utf-8"}};
    h->response_type = "application/json; charset=utf-8";
    e.http = h;
    r.events.push_back(e);
    const json entry = json::parse(har_report({r}))["log"]["entries"].at(0);
    CHECK(entry["request"]["cookies"] == json::parse(R"([{"name": "sid", "value": "abc123"}, {"name": "theme", "value": "dark"}])"));
    const json& set = entry["response"]["cookies"];
    REQUIRE(set.size() == 2);
    CHECK(set[0] == json::parse(R"({"name": "sid", "value": "def456", "path": "/", "httpOnly": true})"));
    CHECK(set[1] == json::parse(R"({"name": "seen", "value": "1", "domain": "127.0.0.1", "secure": true})"));
    CHECK(entry["response"]["headers"].size() == 3);
    CHECK(entry["response"]["content"]["mimeType"] == "application/json; charset=utf-8");
}
