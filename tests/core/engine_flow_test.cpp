// The whole wx.login → developer server → code2Session → token flow, in-process and over real
// loopback HTTP: the two transports must behave the same.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <memory>
#include <chrono>
#include <regex>
#include <thread>

#include <nlohmann/json.hpp>

#include "loginscope/catalog.hpp"
#include "loginscope/code_store.hpp"
#include "loginscope/engine.hpp"
#include "loginscope/steps.hpp"

#include "fault_rules.hpp"

using namespace ls;
using namespace ls::test;
using nlohmann::json;

namespace {
EngineConfig config(TransportMode t, Flow flow = Flow::WeChatMp, uint64_t seed = 5) {
    EngineConfig c;
    c.seed = seed;
    c.flow = flow;
    c.transport = t;
    c.hang_hold_real_ms = 400;
    return c;
}

const char* name(TransportMode t) { return t == TransportMode::Http ? "http" : "in_process"; }

std::vector<std::string> kinds(const std::vector<Event>& ev) {
    std::vector<std::string> out;
    for (auto& e : ev) out.push_back(e.kind);
    return out;
}

// Index of the first event of `kind` at or after `from`; -1 if none.
long find_kind(const std::vector<Event>& ev, const std::string& kind, long from = 0) {
    for (size_t i = size_t(from); i < ev.size(); ++i)
        if (ev[i].kind == kind) return long(i);
    return -1;
}

std::vector<std::string> console_texts(const std::vector<Event>& ev) {
    std::vector<std::string> out;
    for (auto& e : ev)
        if (e.kind == "console") out.push_back(e.text);
    return out;
}

// "wx.login success {...}" → the JSON payload.
json payload(const std::string& line) {
    const size_t p = line.find('{');
    REQUIRE(p != std::string::npos);
    return json::parse(line.substr(p));
}

template <class Pred>
bool wait_until(Pred p, int ms = 5000) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (std::chrono::steady_clock::now() < end) {
        if (p()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return p();
}
}  // namespace

TEST_CASE("login succeeds and fills the identity chain", "[engine]") {
    const TransportMode t = GENERATE(TransportMode::InProcess, TransportMode::Http);
    INFO(name(t));
    Engine e(config(t));
    if (t == TransportMode::Http) {
        CHECK(e.platform_port() > 0);
        CHECK(e.dev_port() > 0);
    } else {
        CHECK(e.platform_port() == 0);
    }
    const ActionResult r = e.login();
    INFO(r.detail);
    REQUIRE(r.ok);
    CHECK(r.action == "login");
    CHECK(r.http_status == 200);
    CHECK_FALSE(r.errcode);
    CHECK_FALSE(r.token.empty());
    CHECK(std::regex_match(r.code, std::regex("^[0-9A-Za-z]{32}$")));

    const IdentityChain id = e.identity();
    CHECK(id.code == r.code);
    CHECK(id.code_expires_at_ms > 0);
    CHECK(std::regex_match(id.openid, std::regex("^o[0-9A-Za-z]{27}$")));
    CHECK(std::regex_match(id.unionid, std::regex("^o[0-9A-Za-z]{27}$")));
    CHECK(id.server_session_key.size() == 24);
    CHECK(id.server_session_key == id.platform_session_key);
    CHECK(id.token == r.token);
    CHECK(id.token_expires_at_ms == e.clock().now_ms() + 2 * 3600 * 1000);

    auto last = e.last_result();
    REQUIRE(last);
    CHECK(last->token == r.token);
    CHECK_FALSE(e.busy());
}

TEST_CASE("login journals code.issued then http.request then exchange.ok then token.issued", "[engine]") {
    const TransportMode t = GENERATE(TransportMode::InProcess, TransportMode::Http);
    INFO(name(t));
    Engine e(config(t));
    REQUIRE(e.login().ok);
    const auto ev = e.journal().all();
    INFO(journal_to_json(ev));
    const long issued = find_kind(ev, "code.issued");
    const long request = find_kind(ev, "http.request", issued);
    const long ok = find_kind(ev, "exchange.ok", request);
    const long token = find_kind(ev, "token.issued", ok);
    CHECK(issued >= 0);
    CHECK(request > issued);
    CHECK(ok > request);
    CHECK(token > ok);
    // Sequence numbers and virtual time never go backwards.
    for (size_t i = 1; i < ev.size(); ++i) {
        CHECK(ev[i].seq == ev[i - 1].seq + 1);
        CHECK(ev[i].t_ms >= ev[i - 1].t_ms);
    }
    CHECK(kinds(ev).front() == "action.start");
    CHECK(kinds(ev).back() == "action.ok");
}

TEST_CASE("the developer server never sends session_key to the client", "[engine]") {
    const TransportMode t = GENERATE(TransportMode::InProcess, TransportMode::Http);
    INFO(name(t));
    Engine e(config(t));
    REQUIRE(e.login().ok);
    const std::string key = e.identity().server_session_key;
    REQUIRE_FALSE(key.empty());
    int dev_responses = 0;
    for (auto& ev : e.journal().all()) {
        if (ev.kind == "http.response" && ev.actor == Actor::DevServer) {
            ++dev_responses;
            REQUIRE(ev.http);
            CHECK(ev.http->response_body.find(key) == std::string::npos);
            CHECK(ev.http->response_body.find("session_key") == std::string::npos);
        }
        if (ev.kind == "console") CHECK(ev.text.find(key) == std::string::npos);
    }
    CHECK(dev_responses == 1);
}

TEST_CASE("the journal masks the app secret in the code2Session URL", "[engine]") {
    Engine e(config(TransportMode::InProcess));
    REQUIRE(e.login().ok);
    const std::string secret = e.config().app.secret;
    bool saw = false;
    for (auto& ev : e.journal().all())
        if (ev.kind == "http.request" && ev.actor == Actor::DevServer) {
            saw = true;
            REQUIRE(ev.http);
            CHECK_THAT(ev.http->target, Catch::StartsWith("https://api.weixin.qq.com/sns/jscode2session?"));
            CHECK_THAT(ev.http->target, Catch::Contains("grant_type=authorization_code"));
            CHECK(ev.http->target.find(secret) == std::string::npos);
        }
    CHECK(saw);
}

TEST_CASE("wx.login prints success then complete with errMsg login:ok", "[engine][console]") {
    const TransportMode t = GENERATE(TransportMode::InProcess, TransportMode::Http);
    INFO(name(t));
    Engine e(config(t, Flow::WeChatMp));
    const ActionResult r = e.login();
    REQUIRE(r.ok);
    const auto lines = console_texts(e.journal().all());
    REQUIRE(lines.size() >= 2);
    CHECK_THAT(lines[0], Catch::StartsWith("wx.login success "));
    CHECK_THAT(lines[1], Catch::StartsWith("wx.login complete "));
    for (int i = 0; i < 2; ++i) {
        const json p = payload(lines[size_t(i)]);
        CHECK(p["errMsg"] == "login:ok");
        CHECK(p["code"] == r.code);
    }
    for (auto& l : lines) CHECK(l.find("then") == std::string::npos);
    // The res object as the platform builds it (PLATFORM-FACTS §1.1): errMsg first, then code.
    CHECK(lines[0] == "wx.login success {\"errMsg\":\"login:ok\",\"code\":\"" + r.code + "\"}");
}

TEST_CASE("wx.request res prints data then statusCode then errMsg", "[engine][console]") {
    Engine e(config(TransportMode::InProcess, Flow::WeChatMp));
    REQUIRE(e.login().ok);
    const auto lines = console_texts(e.journal().all());
    REQUIRE(lines.size() >= 3);
    CHECK_THAT(lines[2], Catch::StartsWith("wx.request success {\"data\":{"));
    CHECK_THAT(lines[2], Catch::EndsWith(",\"statusCode\":200,\"errMsg\":\"request:ok\"}"));
}

TEST_CASE("each framework sends the code with its own request API, with wx.request's res", "[engine][console]") {
    // Taro apps call Taro.request (callbacks, then the Promise), Baidu's swan.request, uni-app's uni.request.
    struct Case { Flow flow; const char* step; const char* answer; std::vector<std::string> lines; };
    const std::vector<Case> cases = {
        {Flow::WeChatMp, "login", "", {"wx.request success", "wx.request complete"}},
        {Flow::Taro, "login", "", {"Taro.request success", "Taro.request complete", "Taro.request then"}},
        {Flow::Swan, "swan_button_login", "", {"swan.request success", "swan.request complete"}},
        {Flow::UniWeixin, "uni_login_weixin", "wechat_auth_allow", {"uni.request success", "uni.request complete"}},
        {Flow::Univerify, "univerify_login", "page_tap_login", {"uni.request success", "uni.request complete"}},
    };
    for (const Case& c : cases) {
        INFO(to_string(c.flow));
        Engine e(config(TransportMode::InProcess, c.flow));
        Step login = make_step(c.step);
        if (c.flow == Flow::UniWeixin) login.only_authorize = true;  // the server exchanges: the app posts the code
        apply_step(e, login);
        if (*c.answer) {
            Step answer = make_step(c.answer);
            if (c.flow == Flow::Univerify && !e.univerify_page().checked) apply_step(e, make_step("page_toggle_checkbox"));
            apply_step(e, answer);
        }
        std::vector<std::string> requests;
        for (const std::string& line : console_texts(e.journal().all()))
            if (line.find(".request ") != std::string::npos) requests.push_back(line);
        REQUIRE(requests.size() == c.lines.size());
        for (size_t i = 0; i < c.lines.size(); ++i) {
            CHECK_THAT(requests[i], Catch::StartsWith(c.lines[i] + " {\"data\":{"));
            CHECK_THAT(requests[i], Catch::Contains("\"statusCode\":200,\"errMsg\":\"request:ok\""));
        }
    }
}

TEST_CASE("Taro.login prints success then complete then the Promise's then", "[engine][console]") {
    const TransportMode t = GENERATE(TransportMode::InProcess, TransportMode::Http);
    INFO(name(t));
    Engine e(config(t, Flow::Taro));
    const ActionResult r = e.login();
    REQUIRE(r.ok);
    const auto lines = console_texts(e.journal().all());
    REQUIRE(lines.size() >= 3);
    CHECK_THAT(lines[0], Catch::StartsWith("Taro.login success "));
    CHECK_THAT(lines[1], Catch::StartsWith("Taro.login complete "));
    CHECK_THAT(lines[2], Catch::StartsWith("Taro.login then "));
    for (int i = 0; i < 3; ++i) {
        const json p = payload(lines[size_t(i)]);
        CHECK(p["errMsg"] == "login:ok");  // Taro forwards the native res unchanged (§3)
        CHECK(p["code"] == r.code);
    }
}

TEST_CASE("a failing Taro.login prints fail then complete then catch", "[engine][console]") {
    EngineConfig c = config(TransportMode::InProcess, Flow::Taro);
    c.env.online = false;
    Engine e(c);
    const ActionResult r = e.login();
    REQUIRE_FALSE(r.ok);
    const auto lines = console_texts(e.journal().all());
    REQUIRE(lines.size() == 3);
    CHECK_THAT(lines[0], Catch::StartsWith("Taro.login fail "));
    CHECK_THAT(lines[1], Catch::StartsWith("Taro.login complete "));
    CHECK_THAT(lines[2], Catch::StartsWith("Taro.login catch "));
    CHECK(payload(lines[0])["errMsg"] == r.errMsg);
}

TEST_CASE("console_lines prefixes the phone clock", "[engine][console]") {
    Engine e(config(TransportMode::InProcess));
    REQUIRE(e.login().ok);
    const auto lines = console_lines(e.journal().all());
    REQUIRE_FALSE(lines.empty());
    CHECK(std::regex_match(lines[0], std::regex(R"(^\[09:00:00\.\d{3}\] wx\.login success .*)")));
}

TEST_CASE("wx.login fails while the phone is offline", "[engine]") {
    const TransportMode t = GENERATE(TransportMode::InProcess, TransportMode::Http);
    INFO(name(t));
    EngineConfig c = config(t);
    c.env.online = false;
    Engine e(c);
    const ActionResult r = e.login();
    CHECK_FALSE(r.ok);
    CHECK(r.errMsg == find_assumption("wechat.login.offline_errmsg")->value);
    CHECK(r.token.empty());
    CHECK(find_kind(e.journal().all(), "code.issued") == -1);
    CHECK(find_kind(e.journal().all(), "http.request") == -1);
    const auto lines = console_texts(e.journal().all());
    REQUIRE(lines.size() == 2);
    CHECK_THAT(lines[0], Catch::StartsWith("wx.login fail "));
}

TEST_CASE("going offline after wx.login makes the request fail", "[engine]") {
    Engine e(config(TransportMode::InProcess));
    const ActionResult code = e.wx_login();
    REQUIRE(code.ok);
    Environment env = e.environment();
    env.online = false;
    e.set_environment(env);
    const ActionResult r = e.send_code();
    CHECK_FALSE(r.ok);
    CHECK_THAT(r.errMsg, Catch::StartsWith("request:fail"));
    env.online = true;
    e.set_environment(env);
    CHECK(e.send_code().ok);  // the code was never delivered, so it is still good
}

TEST_CASE("wx.login with a timeout fails with login:fail timeout after exactly the timeout", "[engine]") {
    const TransportMode t = GENERATE(TransportMode::InProcess, TransportMode::Http);
    INFO(name(t));
    Engine e(config(t));
    e.add_fault(fault(Hop::ClientCall, FaultKind::Hang));
    const int64_t before = e.clock().now_ms();
    LoginOptions opt;
    opt.timeout_ms = 3000;
    const ActionResult r = e.login(opt);
    CHECK_FALSE(r.ok);
    CHECK(r.errMsg == "login:fail timeout");
    CHECK(e.clock().now_ms() - before == 3000);
    CHECK(find_kind(e.journal().all(), "code.issued") == -1);
    const auto lines = console_texts(e.journal().all());
    REQUIRE(lines.size() == 2);
    CHECK(payload(lines[0])["errMsg"] == "login:fail timeout");
}

TEST_CASE("wx.login without a timeout option waits the assumed default", "[engine]") {
    Engine e(config(TransportMode::InProcess));
    e.add_fault(fault(Hop::ClientCall, FaultKind::Hang));
    const ActionResult r = e.login();
    CHECK(r.errMsg == "login:fail timeout");
    CHECK(e.clock().now_ms() == assumed_int("wechat.login.default_timeout_ms"));
}

TEST_CASE("call_api with the login token reaches /api/me", "[engine]") {
    const TransportMode t = GENERATE(TransportMode::InProcess, TransportMode::Http);
    INFO(name(t));
    Engine e(config(t));
    REQUIRE(e.login().ok);
    const ActionResult r = e.call_api();
    INFO(r.detail);
    CHECK(r.ok);
    CHECK(r.http_status == 200);
    CHECK(json::parse(r.detail)["openid"] == e.identity().openid);
}

TEST_CASE("call_api is rejected with 401 once the token expired", "[engine]") {
    Engine e(config(TransportMode::InProcess));
    REQUIRE(e.login().ok);
    e.advance(2 * 3600 * 1000);
    const ActionResult r = e.call_api();
    CHECK_FALSE(r.ok);
    CHECK(r.http_status == 401);
    CHECK_THAT(r.detail, Catch::Contains("token_expired"));
}

TEST_CASE("an expired login token answers token_expired for a day, then invalid_token", "[engine][memory]") {
    Engine e(config(TransportMode::InProcess));
    REQUIRE(e.login().ok);
    const int64_t hour = 3600 * 1000, memory = dead_code_memory_ms();
    e.advance(e.identity().token_expires_at_ms + memory - hour - e.clock().now_ms());
    CHECK_THAT(e.call_api().detail, Catch::Contains("token_expired"));
    CHECK(e.developer_server().sessions_held() == 1);
    e.advance(2 * hour);  // assumptions(): codes.dead_memory_ms
    CHECK(e.developer_server().sessions_held() == 0);
    const ActionResult r = e.call_api();
    CHECK(r.http_status == 401);
    CHECK_THAT(r.detail, Catch::Contains("invalid_token"));
    CHECK(e.identity().server_session_key.empty());
}

TEST_CASE("advancing the clock forgets the codes that died at once", "[engine][memory]") {
    Engine e(config(TransportMode::InProcess));
    for (int i = 0; i < 50; ++i) REQUIRE(e.platform().issue_code(e.config().app.appid, "u" + std::to_string(i), 0));
    REQUIRE(e.login().ok);
    CHECK(e.platform().codes_held() == 50);
    e.advance(5 * 60 * 1000);
    CHECK(e.platform().codes_held() == 0);
}

TEST_CASE("call_api without a login is rejected with 401", "[engine]") {
    Engine e(config(TransportMode::InProcess));
    const ActionResult r = e.call_api();
    CHECK_FALSE(r.ok);
    CHECK(r.http_status == 401);
}

TEST_CASE("check_session is ok after login and fails once the key idled out", "[engine]") {
    EngineConfig c = config(TransportMode::InProcess);
    c.app.policy.session_key_idle_ttl_ms = 10 * 60 * 1000;
    Engine e(c);
    CHECK_FALSE(e.check_session().ok);  // never logged in
    REQUIRE(e.login().ok);
    const ActionResult ok = e.check_session();
    CHECK(ok.ok);
    CHECK(ok.errMsg == "checkSession:ok");
    e.advance(10 * 60 * 1000);
    const ActionResult bad = e.check_session();
    CHECK_FALSE(bad.ok);
    CHECK(bad.errMsg == "checkSession:fail session time out, need relogin");
}

TEST_CASE("a newer wx.login leaves the server holding a stale session_key", "[engine]") {
    Engine e(config(TransportMode::InProcess));
    REQUIRE(e.login().ok);
    REQUIRE(e.wx_login().ok);
    const IdentityChain id = e.identity();
    CHECK_FALSE(id.server_session_key.empty());
    CHECK_FALSE(id.platform_session_key.empty());
    CHECK(id.server_session_key != id.platform_session_key);
}

TEST_CASE("the next expiry is the code's and jumping there expires it", "[engine]") {
    Engine e(config(TransportMode::InProcess));
    const ActionResult r = e.wx_login();
    REQUIRE(r.ok);
    auto t = e.next_expiry();
    REQUIRE(t);
    CHECK(*t == e.identity().code_expires_at_ms);
    REQUIRE(e.jump_to_next_expiry());
    CHECK(e.clock().now_ms() == e.identity().code_expires_at_ms);
    const ActionResult late = e.send_code();
    CHECK_FALSE(late.ok);
    CHECK(late.errcode == 40029);
}

TEST_CASE("lifetime bars end the code when it is exchanged", "[engine]") {
    Engine e(config(TransportMode::InProcess));
    const ActionResult r = e.login();
    REQUIRE(r.ok);
    bool code_bar = false;
    for (auto& b : lifetime_bars(e.journal().all()))
        if (b.life.subject == "code" && b.life.id == r.code) {
            code_bar = true;
            CHECK(b.ended_ms >= 0);
            CHECK(b.end_kind == "exchange.ok");
            CHECK(b.life.until_ms - b.life.from_ms == 5 * 60 * 1000);
        }
    CHECK(code_bar);
}

TEST_CASE("step mode holds a login at each hop until next_step", "[engine][step]") {
    const TransportMode t = GENERATE(TransportMode::InProcess, TransportMode::Http);
    INFO(name(t));
    EngineConfig c = config(t);
    c.hang_hold_real_ms = 3000;
    Engine e(c);
    e.set_step_mode(true);
    ActionResult result;
    std::thread worker([&] { result = e.login(); });
    const std::vector<Hop> expected = {Hop::ClientCall, Hop::ClientToDev, Hop::DevToPlatform, Hop::PlatformResponse};
    for (Hop h : expected) {
        INFO("waiting for " << to_string(h));
        const bool reached = wait_until([&] { return e.waiting_at() == std::optional<Hop>(h); });
        CHECK(reached);
        if (!reached) break;
        CHECK(e.busy());
        // Nothing moves while we wait.
        const auto size = e.journal().size();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        CHECK(e.journal().size() == size);
        e.next_step();
    }
    const bool done = wait_until([&] { return !e.busy(); });
    if (!done) e.set_step_mode(false);  // release the worker before joining
    worker.join();
    CHECK(done);
    CHECK(result.ok);
    CHECK_FALSE(e.waiting_at());
}

TEST_CASE("step mode off releases a paused login", "[engine][step]") {
    Engine e(config(TransportMode::InProcess));
    e.set_step_mode(true);
    ActionResult result;
    std::thread worker([&] { result = e.login(); });
    CHECK(wait_until([&] { return e.waiting_at().has_value(); }));
    e.set_step_mode(false);
    worker.join();
    CHECK(result.ok);
}

TEST_CASE("step mode over HTTP survives a pause longer than the HTTP read timeout", "[engine][step]") {
    // A person stepping through the flow in the GUI pauses for seconds at the dev server → platform hop;
    // that pause is not network time and must not turn into a transport timeout.
    EngineConfig c = config(TransportMode::Http);
    c.hang_hold_real_ms = 400;
    Engine e(c);
    e.set_step_mode(true);
    ActionResult result;
    std::thread worker([&] { result = e.login(); });
    for (Hop h : {Hop::ClientCall, Hop::ClientToDev, Hop::DevToPlatform, Hop::PlatformResponse}) {
        const bool reached = wait_until([&] { return e.waiting_at() == std::optional<Hop>(h); }, 3000);
        INFO("hop " << to_string(h));
        CHECK(reached);
        if (!reached) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(700));  // longer than the read timeout
        e.next_step();
    }
    const bool done = wait_until([&] { return !e.busy(); }, 5000);
    e.set_step_mode(false);
    worker.join();
    CHECK(done);
    INFO(result.errMsg << " / " << result.detail);
    CHECK(result.ok);
}

TEST_CASE("same seed gives byte-identical journals in fresh engines", "[engine][determinism]") {
    const TransportMode t = GENERATE(TransportMode::InProcess, TransportMode::Http);
    INFO(name(t));
    auto play = [&](uint64_t seed) {
        Engine e(config(t, Flow::WeChatMp, seed));
        e.add_fault(platform_error("-1"));
        e.login();
        e.send_code();
        e.login();
        e.check_session();
        e.advance(60000);
        e.call_api();
        return journal_to_json(e.journal().all());
    };
    const std::string a = play(77), b = play(77), c = play(78);
    CHECK(a == b);
    CHECK(a != c);
    if (t == TransportMode::Http) CHECK(a.find("127.0.0.1") == std::string::npos);
}

TEST_CASE("in-process and HTTP transports produce the same journal", "[engine][determinism]") {
    auto play = [&](TransportMode t) {
        Engine e(config(t, Flow::WeChatMp, 9));
        e.login();
        e.send_code();
        e.check_session();
        e.call_api();
        return journal_to_json(e.journal().all());
    };
    CHECK(play(TransportMode::InProcess) == play(TransportMode::Http));
}

TEST_CASE("reset restores the world a fresh engine starts with", "[engine][determinism]") {
    const TransportMode t = GENERATE(TransportMode::InProcess, TransportMode::Http);
    INFO(name(t));
    auto actions = [](Engine& e) {
        e.login();
        e.send_code();
        e.login();
    };
    const FaultRule f = platform_error("45011");

    Engine fresh(config(t, Flow::WeChatMp, 31));
    fresh.add_fault(f);
    actions(fresh);
    const std::string expected = journal_to_json(fresh.journal().all());

    Engine reused(config(t, Flow::WeChatMp, 1));
    reused.add_fault(f);
    actions(reused);
    reused.advance(123456);
    reused.reset(31);
    CHECK(reused.journal().size() == 0);
    CHECK(reused.clock().now_ms() == 0);
    CHECK(reused.identity().token.empty());
    CHECK_FALSE(reused.last_result());
    actions(reused);  // the next-call fault is armed again
    CHECK(journal_to_json(reused.journal().all()) == expected);
}

TEST_CASE("an HTTP engine destroyed right after construction shuts down promptly", "[engine][http]") {
    // No request ever reaches the servers: the destructor must still stop them (it used to be
    // possible to stop the httplib server before its listen thread started, and then wait forever).
    // Busy threads make the scheduler late in starting the servers' listen threads, as a loaded
    // machine (CI, the GUI rendering) does.
    std::atomic<bool> stop_load{false};
    std::vector<std::thread> load;
    for (unsigned k = 0; k < 2 * std::max(2u, std::thread::hardware_concurrency()); ++k)
        load.emplace_back([&] { while (!stop_load) {} });
    struct StopLoad {
        std::atomic<bool>& flag;
        std::vector<std::thread>& threads;
        ~StopLoad() {
            flag = true;
            for (auto& t : threads) t.join();
        }
    } stop_on_exit{stop_load, load};
    for (int i = 0; i < 100; ++i) {
        auto done = std::make_shared<std::atomic<bool>>(false);
        std::thread t([done, i] {
            {
                Engine e(config(TransportMode::Http));
                std::this_thread::sleep_for(std::chrono::microseconds(20 * i));  // 0 … 2 ms of life
            }
            *done = true;
        });
        const bool finished = wait_until([&] { return done->load(); }, 5000);
        INFO("round " << i);
        CHECK(finished);
        if (!finished) {
            t.detach();  // stuck in ~HttpHost; nothing else can be done from here
            FAIL("Engine(TransportMode::Http) did not shut down within 5 s after construction");
        }
        t.join();
    }
}
