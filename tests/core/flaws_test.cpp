// The developer server's switchable mistakes (flaws.hpp): what each one does that a user can see,
// switched on and off, in-process and over real loopback HTTP; the catalog and the schema's list of
// names; the scenario steps that switch flaws and faults mid-run, and what the parser rejects.
#include <catch2/catch.hpp>

#include <fstream>
#include <functional>
#include <set>

#include <nlohmann/json.hpp>

#include "loginscope/code_store.hpp"
#include "loginscope/engine.hpp"
#include "loginscope/flaws.hpp"
#include "loginscope/scenario.hpp"

#include "refusal.hpp"

using namespace ls;
using namespace ls::test;
using nlohmann::json;

namespace {
EngineConfig config(TransportMode t, FlawSet flaws = {}, Flow flow = Flow::WeChatMp, uint64_t seed = 11) {
    EngineConfig c;
    c.seed = seed;
    c.flow = flow;
    c.transport = t;
    c.hang_hold_real_ms = 300;
    c.app.flaws = std::move(flaws);
    c.env.base_library = "2.27.0";  // the last with WeChat's profile sheet, where open data can be replayed
    return c;
}

const char* name(TransportMode t) { return t == TransportMode::Http ? "http" : "in_process"; }

std::vector<Event> of_kind(const std::vector<Event>& ev, const std::string& kind) {
    std::vector<Event> out;
    for (auto& e : ev)
        if (e.kind == kind) out.push_back(e);
    return out;
}

// The bodies of the developer server's answers to the client for requests to `path`.
std::vector<std::string> replies_to_client(const std::vector<Event>& ev, const std::string& path) {
    std::vector<std::string> out;
    for (auto& e : ev)
        if (e.kind == "http.response" && e.to == Actor::Client && e.http && e.http->target.find(path) != std::string::npos)
            out.push_back(e.http->response_body);
    return out;
}

std::vector<std::string> console_with(const std::vector<Event>& ev, const std::string& prefix) {
    std::vector<std::string> out;
    for (auto& e : ev)
        if (e.kind == "console" && e.text.rfind(prefix, 0) == 0) out.push_back(e.text);
    return out;
}

std::string parse_error(const json& j, const std::string& file = "flaws.json") {
    return refusal<ScenarioError>([&] { parse_scenario(j, file); });
}

std::string joined(const std::vector<std::string>& v) {
    std::string out;
    for (auto& s : v) out += s + "\n";
    return out;
}

bool any_contains(const std::vector<std::string>& v, const std::string& what) {
    for (auto& s : v)
        if (s.find(what) != std::string::npos) return true;
    return false;
}
}  // namespace

// ---- each flaw, on and off --------------------------------------------------------------------

TEST_CASE("leak-session-key: the /api/login reply carries WeChat's session_key only with the flaw", "[flaws]") {
    const TransportMode t = GENERATE(TransportMode::InProcess, TransportMode::Http);
    const bool on = GENERATE(true, false);
    INFO(name(t) << (on ? " with" : " without") << " leak-session-key");
    Engine e(config(t, on ? FlawSet{Flaw::LeakSessionKey} : FlawSet{}));
    const ActionResult r = e.login();
    REQUIRE(r.ok);
    const auto ev = e.journal().all();

    // The key WeChat issued, as WeChat itself journaled it when it accepted the code.
    const auto accepted = of_kind(ev, "exchange.ok");
    REQUIRE(accepted.size() == 1);
    const std::string key = accepted[0].links.value("session_key");
    REQUIRE(key.size() >= 16);

    const auto replies = replies_to_client(ev, "/api/login");
    REQUIRE(replies.size() == 1);
    const json body = json::parse(replies[0]);
    CHECK(body.value("token", "") == r.token);
    const auto success = console_with(ev, "wx.request success");
    REQUIRE(success.size() == 1);
    if (on) {
        CHECK(body.value("session_key", "") == key);
        CHECK(success[0].find(key) != std::string::npos);
        const auto leaked = of_kind(ev, "flaw.session_key_leaked");
        REQUIRE(leaked.size() == 1);
        CHECK(leaked[0].links.value("flaw") == "leak-session-key");
    } else {
        CHECK_FALSE(body.contains("session_key"));
        CHECK(replies[0].find(key) == std::string::npos);
        CHECK(success[0].find(key) == std::string::npos);
        CHECK(of_kind(ev, "flaw.session_key_leaked").empty());
    }
}

TEST_CASE("accept-reused-code: a replayed code logs in a second time only with the flaw", "[flaws]") {
    const TransportMode t = GENERATE(TransportMode::InProcess, TransportMode::Http);
    const bool on = GENERATE(true, false);
    INFO(name(t) << (on ? " with" : " without") << " accept-reused-code");
    Engine e(config(t, on ? FlawSet{Flaw::AcceptReusedCode} : FlawSet{}));
    const ActionResult first = e.login();
    REQUIRE(first.ok);
    REQUIRE_FALSE(first.code.empty());
    const ActionResult again = e.send_code(first.code);
    CHECK(again.code == first.code);
    const auto ev = e.journal().all();
    if (on) {
        CHECK(again.ok);
        CHECK(again.http_status == 200);
        CHECK_FALSE(again.token.empty());
        CHECK(again.token != first.token);  // a second session, from the same code
        CHECK(of_kind(ev, "token.issued").size() == 2);
        CHECK(of_kind(ev, "exchange.ok").size() == 1);  // WeChat was asked once: the cache answered
        CHECK(of_kind(ev, "exchange.error").empty());
        const auto cached = of_kind(ev, "flaw.cached_exchange");
        REQUIRE(cached.size() == 1);
        CHECK(cached[0].links.value("code") == first.code);
    } else {
        CHECK_FALSE(again.ok);
        REQUIRE(again.errcode);
        CHECK(*again.errcode == 40163);
        CHECK(again.http_status == 401);
        CHECK(again.token.empty());
        CHECK(of_kind(ev, "token.issued").size() == 1);
        CHECK(of_kind(ev, "flaw.cached_exchange").empty());
    }
}

TEST_CASE("accept-reused-code acts for every platform's code exchange alike", "[flaws]") {
    struct Case {
        Flow flow;
        std::function<ActionResult(Engine&)> log_in;
    };
    const Case c = GENERATE(values<Case>({
        {Flow::WeChatApp, [](Engine& e) { e.weixin_app_login(); return e.wechat_auth(true); }},
        {Flow::Swan, [](Engine& e) { return e.swan_button_login(); }},
        {Flow::UniWeixin, [](Engine& e) { e.uni_login_weixin(true); return e.wechat_auth(true); }},
    }));
    const bool on = GENERATE(true, false);
    INFO(to_string(c.flow) << (on ? " with" : " without") << " accept-reused-code");
    Engine e(config(TransportMode::InProcess, on ? FlawSet{Flaw::AcceptReusedCode} : FlawSet{}, c.flow));
    const ActionResult first = c.log_in(e);
    REQUIRE(first.ok);
    const ActionResult again = e.send_code();
    CHECK(again.ok == on);
    CHECK(of_kind(e.journal().all(), "token.issued").size() == (on ? 2u : 1u));
}

TEST_CASE("accept-reused-code's cache answers a replayed code for a day after it cached it", "[flaws][memory]") {
    Engine e(config(TransportMode::InProcess, {Flaw::AcceptReusedCode}));
    const ActionResult first = e.login();
    REQUIRE(first.ok);
    const int64_t hour = 3600 * 1000;
    e.advance(dead_code_memory_ms() - hour);
    CHECK(e.send_code(first.code).ok);  // from the cache, long after the code's own lifetime
    e.advance(2 * hour);  // assumptions(): codes.dead_memory_ms
    const ActionResult late = e.send_code(first.code);
    CHECK_FALSE(late.ok);  // forgotten: WeChat is asked, and has forgotten the code too
    CHECK(late.errcode == 40029);
}

TEST_CASE("trust-client-openid: the session goes to the openid the client claims only with the flaw", "[flaws]") {
    const TransportMode t = GENERATE(TransportMode::InProcess, TransportMode::Http);
    const bool on = GENERATE(true, false);
    INFO(name(t) << (on ? " with" : " without") << " trust-client-openid");
    Engine e(config(t, on ? FlawSet{Flaw::TrustClientOpenid} : FlawSet{}));
    const std::string appid = e.config().app.appid;

    // Bob, the victim, used the app once: WeChat has an openid for him.
    Environment env = e.environment();
    env.user = "bob";
    e.set_environment(env);
    REQUIRE(e.login().ok);
    const std::string victim = e.platform().openid_of(appid, "bob");
    REQUIRE_FALSE(victim.empty());

    // Alice logs in with her own valid code and claims Bob's openid.
    env.user = "alice";
    e.set_environment(env);
    const ActionResult code = e.wx_login();
    REQUIRE(code.ok);
    const std::string own = e.platform().openid_of(appid, "alice");
    REQUIRE_FALSE(own.empty());
    REQUIRE(own != victim);
    const ActionResult r = e.send_code(code.code, victim);
    REQUIRE(r.ok);

    const auto ev = e.journal().all();
    const auto issued = of_kind(ev, "token.issued");
    REQUIRE(issued.size() == 2);
    CHECK(issued.back().links.value("token") == r.token);
    CHECK(issued.back().links.value("openid") == (on ? victim : own));

    // What the session is for, as the app's API tells the client.
    const ActionResult me = e.call_api();
    REQUIRE(me.ok);
    CHECK(json::parse(me.detail).value("openid", "") == (on ? victim : own));

    const auto ignored = of_kind(ev, "login.client_openid_ignored");
    const auto trusted = of_kind(ev, "flaw.client_openid_trusted");
    if (on) {
        CHECK(ignored.empty());
        REQUIRE(trusted.size() == 1);
        CHECK(trusted[0].links.value("openid") == victim);
    } else {
        CHECK(trusted.empty());
        REQUIRE(ignored.size() == 1);
        CHECK(ignored[0].links.value("openid") == victim);
        CHECK(ignored[0].text.find(own) != std::string::npos);
    }
}

TEST_CASE("trust-client-openid: a claim of the client's own openid changes nothing", "[flaws]") {
    Engine e(config(TransportMode::InProcess, {Flaw::TrustClientOpenid}));
    const ActionResult code = e.wx_login();
    REQUIRE(code.ok);
    const std::string own = e.platform().openid_of(e.config().app.appid, "alice");
    REQUIRE(e.send_code(code.code, own).ok);
    const auto ev = e.journal().all();
    CHECK(of_kind(ev, "flaw.client_openid_trusted").empty());
    CHECK(of_kind(ev, "login.client_openid_ignored").empty());
    CHECK(of_kind(ev, "token.issued").back().links.value("openid") == own);
}

TEST_CASE("skip-watermark-check: open data watermarked for another app is accepted only with the flaw", "[flaws]") {
    const TransportMode t = GENERATE(TransportMode::InProcess, TransportMode::Http);
    const bool on = GENERATE(true, false);
    INFO(name(t) << (on ? " with" : " without") << " skip-watermark-check");
    Engine e(config(t, on ? FlawSet{Flaw::SkipWatermarkCheck} : FlawSet{}));
    REQUIRE(e.login().ok);

    // Our own open data passes either way: the flaw does not break the normal path.
    REQUIRE(e.get_user_profile().pending);
    const ActionResult ours = e.profile_sheet(true);
    CHECK(ours.ok);
    CHECK(ours.http_status == 200);

    REQUIRE(e.get_user_profile().pending);
    const ActionResult foreign = e.profile_sheet(true, "wx0000000000000bad");
    const auto ev = e.journal().all();
    const auto replies = replies_to_client(ev, "/api/profile");
    REQUIRE(replies.size() == 2);
    if (on) {
        CHECK(foreign.ok);
        CHECK(foreign.http_status == 200);
        CHECK(json::parse(replies[1]).value("verified", false));
        const auto unchecked = of_kind(ev, "flaw.watermark_unchecked");
        REQUIRE(unchecked.size() == 1);
        CHECK(unchecked[0].links.value("watermark_appid") == "wx0000000000000bad");
        CHECK(of_kind(ev, "open_data.watermark_mismatch").empty());
    } else {
        CHECK_FALSE(foreign.ok);
        CHECK(foreign.http_status == 401);
        CHECK_THAT(foreign.detail, Catch::Contains("watermark_appid_mismatch"));
        CHECK(json::parse(replies[1]).value("error", "") == "watermark_appid_mismatch");
        CHECK(of_kind(ev, "open_data.watermark_mismatch").size() == 1);
        CHECK(of_kind(ev, "flaw.watermark_unchecked").empty());
    }
}

TEST_CASE("log-secret: the AppSecret reaches the developer server's log only with the flaw", "[flaws]") {
    const TransportMode t = GENERATE(TransportMode::InProcess, TransportMode::Http);
    const bool on = GENERATE(true, false);
    INFO(name(t) << (on ? " with" : " without") << " log-secret");
    Engine e(config(t, on ? FlawSet{Flaw::LogSecret} : FlawSet{}));
    REQUIRE(e.login().ok);
    const std::string secret = e.config().app.secret;
    REQUIRE(secret.size() >= 16);
    std::vector<Event> logged;  // the server's own log lines: its events that are not HTTP messages
    for (auto& ev : e.journal().all())
        if (ev.actor == Actor::DevServer && !ev.http && ev.text.find(secret) != std::string::npos) logged.push_back(ev);
    if (on) {
        REQUIRE_FALSE(logged.empty());
        CHECK(logged[0].kind == "flaw.secret_logged");
        CHECK_THAT(logged[0].text, Catch::Contains("/sns/jscode2session"));
    } else {
        CHECK(logged.empty());
    }
}

TEST_CASE("log-secret logs the Baidu AppSecret of a swan login too", "[flaws]") {
    const bool on = GENERATE(true, false);
    Engine e(config(TransportMode::InProcess, on ? FlawSet{Flaw::LogSecret} : FlawSet{}, Flow::Swan));
    REQUIRE(e.swan_button_login().ok);
    const std::string secret = e.config().app.baidu.app_secret;
    REQUIRE_FALSE(secret.empty());
    size_t logged = 0;
    for (auto& ev : e.journal().all())
        if (ev.actor == Actor::DevServer && !ev.http && ev.text.find(secret) != std::string::npos) ++logged;
    CHECK((logged > 0) == on);
}

TEST_CASE("set_flaws switches the developer server live, journals it and reads back", "[flaws]") {
    Engine e(config(TransportMode::InProcess));
    CHECK(e.flaws().empty());
    const ActionResult before = e.login();
    REQUIRE(before.ok);
    CHECK_FALSE(e.send_code(before.code).ok);  // off: 40163

    e.set_flaws({Flaw::LogSecret, Flaw::AcceptReusedCode});
    CHECK(e.flaws() == FlawSet{Flaw::AcceptReusedCode, Flaw::LogSecret});
    auto switched = of_kind(e.journal().all(), "flaw.switched");
    REQUIRE(switched.size() == 1);
    CHECK(switched[0].actor == Actor::DevServer);
    CHECK(switched[0].links.value("flaws") == "accept-reused-code, log-secret");
    CHECK_THAT(switched[0].text, Catch::Contains("accept-reused-code") && Catch::Contains("log-secret"));

    const ActionResult on = e.login();
    REQUIRE(on.ok);
    CHECK(e.send_code(on.code).ok);  // on: the replay is answered from the cache

    e.set_flaws({});
    CHECK(e.flaws().empty());
    switched = of_kind(e.journal().all(), "flaw.switched");
    REQUIRE(switched.size() == 2);
    CHECK_THAT(switched[1].text, Catch::Contains("none"));
    // Off again: the cached code is no longer honoured, WeChat says it was used.
    const ActionResult off = e.send_code(on.code);
    CHECK_FALSE(off.ok);
    REQUIRE(off.errcode);
    CHECK(*off.errcode == 40163);
}

TEST_CASE("flaws in the engine config reach the developer server from the start", "[flaws]") {
    Engine e(config(TransportMode::InProcess, {Flaw::LeakSessionKey}));
    CHECK(e.flaws() == FlawSet{Flaw::LeakSessionKey});
    REQUIRE(e.login().ok);
    CHECK(of_kind(e.journal().all(), "flaw.session_key_leaked").size() == 1);
    CHECK(of_kind(e.journal().all(), "flaw.switched").empty());
}

// ---- the catalog and the schema -----------------------------------------------------------------

TEST_CASE("the flaw catalog: unique ids that round-trip, every flaw described", "[flaws]") {
    const auto& cat = flaw_catalog();
    REQUIRE(cat.size() >= 5);
    std::set<std::string> ids;
    std::set<Flaw> flaws;
    for (const FlawInfo& f : cat) {
        INFO(f.id);
        CHECK(ids.insert(f.id).second);
        CHECK(flaws.insert(f.flaw).second);
        CHECK(std::string(f.title).size() > 5);
        CHECK(std::string(f.attack).size() > 20);
        const auto back = flaw_from_string(f.id);
        REQUIRE(back);
        CHECK(*back == f.flaw);
        CHECK(std::string(to_string(f.flaw)) == f.id);
        CHECK(&flaw_info(f.flaw) == &f);
    }
    // The list, by the names users type.
    for (const char* id : {"leak-session-key", "accept-reused-code", "skip-watermark-check", "trust-client-openid", "log-secret"})
        CHECK(ids.count(id));
    for (const char* bad : {"", "nope", "Leak-Session-Key", "leak_session_key", "leak-session-key "})
        CHECK_FALSE(flaw_from_string(bad));
}

TEST_CASE("the scenario schema lists exactly the catalog's flaw names", "[flaws]") {
    std::ifstream in(std::string(LOGINSCOPE_ASSETS) + "/scenario.schema.json");
    REQUIRE(in);
    const json schema = json::parse(in);
    std::set<std::string> catalog;
    for (auto& f : flaw_catalog()) catalog.insert(f.id);
    for (const json* list : {&schema.at("/$defs/step/properties/flaws/items/enum"_json_pointer),
                             &schema.at("/properties/config/properties/flaws/items/enum"_json_pointer)}) {
        REQUIRE(list->is_array());
        const std::set<std::string> listed = list->get<std::set<std::string>>();
        CHECK(listed.size() == list->size());  // no duplicates
        CHECK(listed == catalog);
    }
}

// ---- scenarios: config.flaws, set_flaws, add_fault, clear_faults, send_code's options -------------

TEST_CASE("an unknown flaw in config.flaws names the path and the valid names", "[flaws][scenario]") {
    json j = {{"name", "x"}, {"flow", "wechat-mp"}, {"config", {{"flaws", {"nope"}}}}, {"steps", {{{"action", "login"}}}}};
    std::string err = parse_error(j);
    CHECK_THAT(err, Catch::Contains("flaws.json") && Catch::Contains("config.flaws[0]"));
    for (auto& f : flaw_catalog()) CHECK_THAT(err, Catch::Contains(f.id));

    j["config"]["flaws"] = {"leak-session-key", 7};
    CHECK_THAT(parse_error(j), Catch::Contains("config.flaws[1]"));
    j["config"]["flaws"] = "leak-session-key";
    CHECK_THAT(parse_error(j), Catch::Contains("config.flaws") && Catch::Contains("array"));

    j["config"]["flaws"] = {"log-secret", "leak-session-key", "log-secret"};
    const Scenario s = parse_scenario(j, "ok.json");
    CHECK(s.config.app.flaws == FlawSet{Flaw::LogSecret, Flaw::LeakSessionKey});
}

TEST_CASE("set_flaws steps are validated with the step's path", "[flaws][scenario]") {
    json j = {{"name", "x"}, {"flow", "wechat-mp"},
              {"steps", {{{"action", "login"}}, {{"action", "set_flaws"}, {"flaws", {"accept-reused-code", "nope"}}}}}};
    const std::string err = parse_error(j);
    CHECK_THAT(err, Catch::Contains("steps[1].flaws[1]"));
    for (auto& f : flaw_catalog()) CHECK_THAT(err, Catch::Contains(f.id));

    j["steps"][1] = {{"action", "set_flaws"}};
    CHECK_THAT(parse_error(j), Catch::Contains("steps[1].flaws") && Catch::Contains("required"));
    j["steps"][1] = {{"action", "login"}, {"flaws", {"log-secret"}}};
    CHECK_THAT(parse_error(j), Catch::Contains("steps[1].flaws") && Catch::Contains("only set_flaws"));
    j["steps"][1] = {{"action", "set_flaws"}, {"flaws", json::array()}};
    CHECK(parse_error(j) == "(accepted)");
}

TEST_CASE("a set_flaws step switches the developer server mid-scenario", "[flaws][scenario]") {
    const json j = {{"name", "switch"}, {"flow", "wechat-mp"}, {"transport", "in_process"},
                    {"steps",
                     {{{"action", "set_flaws"}, {"flaws", {"accept-reused-code"}}},
                      {{"action", "login"}, {"expect", {{"ok", true}}}},
                      {{"action", "resend_code"}, {"expect", {{"ok", true}, {"http_status", 200}}}},
                      {{"action", "set_flaws"}, {"flaws", json::array()}},
                      {{"action", "login"}, {"expect", {{"ok", true}}}},
                      {{"action", "resend_code"}, {"expect", {{"ok", false}, {"errcode", 40163}}}}}}};
    const Scenario s = parse_scenario(j, "switch.json");
    CHECK(s.steps[0].flaws == FlawSet{Flaw::AcceptReusedCode});
    CHECK(s.steps[3].flaws.empty());
    const ScenarioResult r = run_scenario(s);
    INFO(joined(r.failures));
    CHECK(r.passed);
    CHECK(of_kind(r.events, "flaw.switched").size() == 2);
    CHECK(of_kind(r.events, "flaw.cached_exchange").size() == 1);
}

TEST_CASE("add_fault and clear_faults steps change the faults mid-scenario", "[flaws][scenario]") {
    const TransportMode t = GENERATE(TransportMode::InProcess, TransportMode::Http);
    INFO(name(t));
    const json j = {
        {"name", "faults mid-run"}, {"flow", "wechat-mp"},
        {"steps",
         {{{"action", "login"}, {"expect", {{"ok", true}}}},
          {{"action", "add_fault"}, {"fault", {{"hop", "platform_response"}, {"what", "platform_error"}, {"code", "40029"}}}},
          {{"action", "login"}, {"expect", {{"ok", false}, {"errcode", 40029}}}},
          {{"action", "login"}, {"expect", {{"ok", true}}}},  // "next" fired once
          {{"action", "add_fault"},
           {"fault", {{"hop", "platform_response"}, {"what", "platform_error"}, {"code", "-1"}, {"when", "every"}}}},
          {{"action", "login"}, {"expect", {{"ok", false}, {"errcode", -1}}}},
          {{"action", "clear_faults"}},
          {{"action", "login"}, {"expect", {{"ok", true}}}}}}};
    const ScenarioResult r = run_scenario(parse_scenario(j, "faults.json"), t);
    INFO(joined(r.failures));
    CHECK(r.passed);
    REQUIRE(r.steps.size() == 8);
    CHECK(r.steps[2].result.errcode == 40029);
    CHECK(r.steps[5].result.errcode == -1);
    CHECK(of_kind(r.events, "fault.fired").size() == 2);
}

TEST_CASE("a platform_error code outside the flow's catalogs is rejected with its path", "[flaws][scenario]") {
    SECTION("a top-level fault: a mini-program client code in the multi-terminal app flow") {
        json j = {{"name", "x"}, {"flow", "wechat-app"},
                  {"faults", {{{"hop", "client_call"}, {"what", "platform_error"}, {"code", "login:fail timeout"}}}},
                  {"steps", {{{"action", "weixin_app_login"}}}}};
        const std::string err = parse_error(j);
        CHECK_THAT(err, Catch::Contains("faults[0].code") && Catch::Contains("login:fail timeout") && Catch::Contains("wechat-app"));
        j["flow"] = "wechat-mp";
        j["steps"] = {{{"action", "login"}}};
        CHECK(parse_error(j) == "(accepted)");
    }
    SECTION("an add_fault step: a Baidu code in the WeChat mini-program flow") {
        json j = {{"name", "x"}, {"flow", "wechat-mp"},
                  {"steps",
                   {{{"action", "login"}},
                    {{"action", "wx_login"}},
                    {{"action", "add_fault"},
                     {"fault", {{"hop", "platform_response"}, {"what", "platform_error"}, {"code", "invalid_grant"}}}}}}};
        const std::string err = parse_error(j);
        CHECK_THAT(err, Catch::Contains("steps[2].fault.code") && Catch::Contains("invalid_grant") && Catch::Contains("wechat-mp"));
        j["flow"] = "swan";
        j["steps"][0] = {{"action", "swan_button_login"}};
        j["steps"][1] = {{"action", "swan_login"}};
        CHECK(parse_error(j) == "(accepted)");
    }
}

TEST_CASE("send_code with code_back sends an older code the phone got", "[flaws][scenario]") {
    const json j = {{"name", "code_back"}, {"flow", "wechat-mp"}, {"transport", "in_process"},
                    {"steps",
                     {{{"action", "wx_login"}},
                      {{"action", "wx_login"}},
                      {{"action", "wx_login"}},
                      {{"action", "send_code"}, {"code_back", 2}, {"expect", {{"ok", true}}}},
                      {{"action", "send_code"}, {"code_back", 1}, {"expect", {{"ok", true}}}},
                      {{"action", "send_code"}, {"code_back", 2}, {"expect", {{"ok", false}, {"errcode", 40163}}}}}}};
    const ScenarioResult r = run_scenario(parse_scenario(j, "back.json"));
    INFO(joined(r.failures));
    CHECK(r.passed);
    REQUIRE(r.steps.size() == 6);
    const std::string c0 = r.steps[0].result.code, c1 = r.steps[1].result.code, c2 = r.steps[2].result.code;
    REQUIRE(std::set<std::string>{c0, c1, c2}.size() == 3);
    CHECK(r.steps[3].result.code == c0);
    CHECK(r.steps[4].result.code == c1);
    CHECK(r.steps[5].result.code == c0);

    json bad = j;
    bad["steps"][3] = {{"action", "login"}, {"code_back", 1}};
    CHECK_THAT(parse_error(bad), Catch::Contains("steps[3].code_back"));
    bad["steps"][3] = {{"action", "send_code"}, {"code_back", 1}, {"code", "abc"}};
    CHECK_THAT(parse_error(bad), Catch::Contains("steps[3].code_back"));
}

TEST_CASE("send_code with code_back fails plainly when the phone had too few codes, instead of sending the latest", "[flaws][scenario]") {
    const json j = {{"name", "code_back"}, {"flow", "wechat-mp"}, {"transport", "in_process"},
                    {"steps", {{{"action", "wx_login"}}, {{"action", "send_code"}, {"code_back", 1}, {"expect", {{"ok", false}}}}}}};
    Engine e(parse_scenario(j, "short.json").config);
    const ScenarioResult r = play_scenario(e, parse_scenario(j, "short.json"));
    INFO(joined(r.failures));
    CHECK(r.passed);
    CHECK_THAT(r.steps[1].result.detail, Catch::Contains("nothing to replay"));
    CHECK(of_kind(e.journal().all(), "token.issued").empty());  // the latest code was not sent in its place
}

TEST_CASE("the journal and its exports never hold an AppSecret in clear, whatever the platform", "[flaws]") {
    for (Flow flow : {Flow::WeChatMp, Flow::WeChatApp, Flow::Swan}) {
        Engine e(config(TransportMode::InProcess, {}, flow));
        if (flow == Flow::WeChatMp) e.login();
        if (flow == Flow::WeChatApp) e.weixin_app_login(), e.wechat_auth(true);
        if (flow == Flow::Swan) e.swan_button_login();
        const AppConfig& app = e.config().app;
        INFO(to_string(flow));
        const std::string journal = journal_to_json(e.journal().all());
        CHECK(journal.find("http.request") != std::string::npos);
        for (const std::string& secret : {app.secret, app.donut.appsecret, app.baidu.app_secret}) {
            INFO(secret);
            CHECK(journal.find(secret) == std::string::npos);
        }
    }
}

TEST_CASE("send_code with claim_openid_of claims another user's openid", "[flaws][scenario]") {
    const bool on = GENERATE(true, false);
    INFO((on ? "with" : "without") << " trust-client-openid");
    json j = {{"name", "claim"}, {"flow", "wechat-mp"}, {"transport", "in_process"},
              {"config", {{"flaws", on ? json{"trust-client-openid"} : json::array()}}},
              {"steps",
               {{{"action", "environment"}, {"environment", {{"user", "bob"}}}},
                {{"action", "login"}, {"expect", {{"ok", true}}}},
                {{"action", "environment"}, {"environment", {{"user", "alice"}}}},
                {{"action", "wx_login"}},
                {{"action", "send_code"}, {"claim_openid_of", "bob"}, {"expect", {{"ok", true}}}},
                {{"action", "call_api"}, {"expect", {{"ok", true}}}}}}};
    const ScenarioResult r = run_scenario(parse_scenario(j, "claim.json"));
    INFO(joined(r.failures));
    CHECK(r.passed);
    const auto accepted = of_kind(r.events, "exchange.ok");  // WeChat's word: bob's code, then alice's
    REQUIRE(accepted.size() == 2);
    const std::string bob = accepted[0].links.value("openid"), alice = accepted[1].links.value("openid");
    REQUIRE(bob != alice);
    const std::string owner = on ? bob : alice;
    CHECK(of_kind(r.events, "token.issued").back().links.value("openid") == owner);
    REQUIRE(r.steps.size() == 6);
    CHECK(json::parse(r.steps[5].result.detail).value("openid", "") == owner);
    CHECK(of_kind(r.events, on ? "flaw.client_openid_trusted" : "login.client_openid_ignored").size() == 1);

    j["steps"][3] = {{"action", "wx_login"}, {"claim_openid_of", "bob"}};
    CHECK_THAT(parse_error(j), Catch::Contains("steps[3].claim_openid_of"));
}

TEST_CASE("profile_allow with watermark_appid replays another app's open data", "[flaws][scenario]") {
    const bool on = GENERATE(true, false);
    json j = {{"name", "watermark"}, {"flow", "wechat-mp"}, {"transport", "in_process"},
              {"config", {{"flaws", on ? json{"skip-watermark-check"} : json::array()}}},
              {"environment", {{"base_library", "2.27.0"}}},
              {"steps",
               {{{"action", "login"}},
                {{"action", "get_user_profile"}},
                {{"action", "profile_allow"},
                 {"watermark_appid", "wx0000000000000bad"},
                 {"expect", {{"ok", on}, {"http_status", on ? 200 : 401}}}}}}};
    const ScenarioResult r = run_scenario(parse_scenario(j, "wm.json"));
    INFO(joined(r.failures));
    CHECK(r.passed);
    j["steps"][1]["watermark_appid"] = "wx0000000000000bad";
    CHECK_THAT(parse_error(j), Catch::Contains("steps[1].watermark_appid"));
}

TEST_CASE("run-time flaws show in the scenario's own failure list only through its expectations", "[flaws][scenario]") {
    // A shipped expectation that holds for a correct server fails once the flaw is on: the flaw is
    // what a scenario author sees, not an invisible switch.
    const json j = {{"name", "reuse"}, {"flow", "wechat-mp"}, {"transport", "in_process"},
                    {"config", {{"flaws", {"accept-reused-code"}}}},
                    {"steps", {{{"action", "login"}}, {{"action", "resend_code"}, {"expect", {{"ok", false}, {"errcode", 40163}}}}}}};
    const ScenarioResult r = run_scenario(parse_scenario(j, "reuse.json"));
    CHECK_FALSE(r.passed);
    CHECK(any_contains(r.failures, "steps[1] resend_code: expected failure"));
    CHECK(any_contains(r.failures, "40163"));
}

TEST_CASE("remove_fault and set_fault_enabled steps change one rule and keep the others' counts", "[flaws][scenario]") {
    const TransportMode t = GENERATE(TransportMode::InProcess, TransportMode::Http);
    INFO(name(t));
    const json j = {
        {"name", "one rule at a time"}, {"flow", "wechat-mp"},
        {"faults",
         {{{"hop", "platform_response"}, {"what", "platform_error"}, {"code", "40029"}, {"when", "first_n"}, {"n", 2}},
          {{"hop", "platform_response"}, {"what", "platform_error"}, {"code", "-1"}, {"when", "every"}}}},
        {"steps",
         {{{"action", "set_fault_enabled"}, {"index", 1}, {"enabled", false}},
          {{"action", "login"}, {"expect", {{"ok", false}, {"errcode", 40029}}}},  // rule 0's first call
          {{"action", "set_fault_enabled"}, {"index", 1}, {"enabled", true}},
          {{"action", "remove_fault"}, {"index", 0}},
          {{"action", "login"}, {"expect", {{"ok", false}, {"errcode", -1}}}},  // rule 1 is now #0
          {{"action", "set_fault_enabled"}, {"index", 0}, {"enabled", false}},
          {{"action", "login"}, {"expect", {{"ok", true}}}},
          {{"action", "remove_fault"}, {"index", 3}}}}};
    const ScenarioResult r = run_scenario(parse_scenario(j, "rules.json"), t);
    REQUIRE(r.steps.size() == 8);
    CHECK(r.steps[1].result.errcode == 40029);
    CHECK(r.steps[4].result.errcode == -1);
    CHECK(r.steps[6].result.ok);
    // A rule that is not there fails the step, with how many there are.
    CHECK_FALSE(r.steps[7].result.ok);
    CHECK_THAT(r.steps[7].result.detail, Catch::Contains("no fault rule #3") && Catch::Contains("there are 1"));
}

TEST_CASE("remove_fault and set_fault_enabled need their fields", "[flaws][scenario]") {
    json j = {{"name", "x"}, {"flow", "wechat-mp"}, {"steps", {{{"action", "remove_fault"}}}}};
    CHECK_THAT(parse_error(j), Catch::Contains("steps[0].index") && Catch::Contains("required"));
    j["steps"] = {{{"action", "set_fault_enabled"}, {"index", 0}}};
    CHECK_THAT(parse_error(j), Catch::Contains("steps[0].enabled"));
    j["steps"] = {{{"action", "set_fault_enabled"}, {"index", -1}, {"enabled", true}}};
    CHECK_THAT(parse_error(j), Catch::Contains("steps[0].index"));
    j["steps"] = {{{"action", "login"}, {"enabled", true}}};
    CHECK_THAT(parse_error(j), Catch::Contains("only set_fault_enabled"));
    j["steps"] = {{{"action", "set_fault_enabled"}, {"index", 0}, {"enabled", "yes"}}};
    CHECK_THAT(parse_error(j), Catch::Contains("steps[0].enabled"));
}
