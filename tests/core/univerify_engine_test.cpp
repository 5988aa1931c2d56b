// The univerify flow through the engine (PLATFORM-FACTS §5): uni.preLogin, uni.login opening the
// one-click page, the page's taps, the univerifyManager, the app's exchange with its server and the
// faults of each hop, in-process and over real loopback HTTP.
#include <catch2/catch.hpp>

#include <regex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "loginscope/catalog.hpp"
#include "loginscope/crypto.hpp"
#include "loginscope/engine.hpp"

#include "fault_rules.hpp"

using namespace ls;
using namespace ls::test;
using nlohmann::json;

namespace {
// Changes the phone's environment as `change` says (journaled as environment.changed).
template <class Change>
void change_environment(Engine& e, Change change) {
    Environment env = e.environment();
    change(env);
    e.set_environment(env);
}

const std::string kNumber = "13800138000";
const std::string kMasked = "138****8000";

EngineConfig config(TransportMode t, uint64_t seed = 11) {
    EngineConfig c;
    c.seed = seed;
    c.flow = Flow::Univerify;
    c.transport = t;
    c.hang_hold_real_ms = 400;
    return c;
}

const char* name(TransportMode t) { return t == TransportMode::Http ? "http" : "in_process"; }

#define BOTH_TRANSPORTS                                                                       \
    const TransportMode transport = GENERATE(TransportMode::InProcess, TransportMode::Http); \
    INFO("transport " << name(transport))

std::vector<std::string> console_texts(const std::vector<Event>& ev) {
    std::vector<std::string> out;
    for (auto& e : ev)
        if (e.kind == "console") out.push_back(e.text);
    return out;
}
std::vector<std::string> console_texts(Engine& e) { return console_texts(e.journal().all()); }
// Console lines printed since journal position `from`.
std::vector<std::string> console_since(Engine& e, uint64_t from) { return console_texts(e.journal().since(from)); }

bool starts_with(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

int count_prefix(const std::vector<std::string>& lines, const std::string& prefix) {
    int n = 0;
    for (auto& l : lines) n += starts_with(l, prefix);
    return n;
}

// "uni.login fail {...}" → the JSON payload.
json payload(const std::string& line) {
    const size_t p = line.find('{');
    REQUIRE(p != std::string::npos);
    return json::parse(line.substr(p));
}

// The payload of the first console line starting with `prefix`.
json payload_of(const std::vector<std::string>& lines, const std::string& prefix) {
    for (auto& l : lines)
        if (starts_with(l, prefix + " ")) return payload(l);
    FAIL("no console line starts with " << prefix);
    return json();
}

int count_kind(Engine& e, const std::string& kind) {
    int n = 0;
    for (auto& ev : e.journal().all()) n += ev.kind == kind;
    return n;
}

UniverifyStyle full_screen_with_buttons() {
    UniverifyStyle s;
    s.fullScreen = true;
    s.buttons.list = {{"apple", "/static/apple.png"}, {"weixin", "/static/weixin.png"}};
    return s;
}

std::string message_of(const std::string& code) {
    for (Hop h : {Hop::ClientCall, Hop::Dialog, Hop::PlatformResponse})
        if (auto* e = find_catalog_entry("univerify", code, h)) return e->message;
    return "";
}
}  // namespace

// ---- preLogin ---------------------------------------------------------------------------------

TEST_CASE("pre_login succeeds and prints success then complete", "[univerify][engine]") {
    BOTH_TRANSPORTS;
    Engine e(config(transport));
    const ActionResult r = e.pre_login();
    INFO(r.detail);
    CHECK(r.ok);
    CHECK_FALSE(r.pending);
    CHECK(r.action == "pre_login");
    CHECK(r.errMsg == "preLogin:ok");
    CHECK(console_texts(e) == std::vector<std::string>{R"(uni.preLogin success {"errMsg":"preLogin:ok"})",
                                                       R"(uni.preLogin complete {"errMsg":"preLogin:ok"})"});
    CHECK(count_kind(e, "prelogin.ok") == 1);
    CHECK_FALSE(e.univerify_page().open);
}

TEST_CASE("pre_login fails without a SIM (30005 as a string) or with cellular data off (20202 as a number)", "[univerify][engine]") {
    struct Case {
        const char* line;
        void (*unplug)(Environment&);
        int errcode;
        json code;  // as uni-app's fail callback carries it: a string for 30005, a number for 20202
        const char* errMsg;
    };
    const Case cases[] = {
        {"no SIM", [](Environment& env) { env.line.sim_present = false; }, 30005, "30005", "preLogin:fail 预登录失败"},
        {"no cellular data", [](Environment& env) { env.line.cellular_data = false; }, 20202, 20202, "preLogin:fail 终端未开启SIM流量"},
    };
    for (const Case& c : cases) {
        INFO(c.line);
        Engine e(config(TransportMode::InProcess));
        change_environment(e, c.unplug);
        const ActionResult r = e.pre_login();
        CHECK_FALSE(r.ok);
        CHECK(r.errcode == c.errcode);
        CHECK(r.errMsg == c.errMsg);
        const auto lines = console_texts(e);
        REQUIRE(lines.size() == 2);
        CHECK(payload_of(lines, "uni.preLogin fail") == json{{"errMsg", c.errMsg}, {"code", c.code}});
        CHECK(starts_with(lines[1], "uni.preLogin complete "));
        CHECK(count_kind(e, "prelogin.ok") == 0);
    }
}

TEST_CASE("univerify_login opens the page pending with the style and the masked number", "[univerify][engine]") {
    BOTH_TRANSPORTS;
    const bool checked = GENERATE(true, false);
    INFO("defaultCheckBoxState " << checked);
    EngineConfig c = config(transport);
    c.env.line.carrier = Carrier::ChinaUnicom;
    Engine e(c);
    UniverifyStyle style;
    style.privacyTerms.defaultCheckBoxState = checked;
    style.authButton.title = "一键登录";
    style.backgroundColor = "#101010";
    const ActionResult r = e.univerify_login(style);
    INFO(r.detail);
    CHECK(r.pending);
    CHECK_FALSE(r.ok);
    CHECK(r.action == "univerify_login");

    const UniverifyPageState p = e.univerify_page();
    CHECK(p.open);
    CHECK(p.login_pending);
    CHECK(p.checked == checked);
    CHECK_FALSE(p.hint_visible);
    CHECK(p.masked_number == kMasked);
    CHECK(p.carrier == Carrier::ChinaUnicom);
    // the page draws the style as the SDK honours it on the phone's OS (iOS-only options fall back on Android)
    CHECK(univerify_style_to_json(p.style) == univerify_style_to_json(honoured_style(style, e.environment().os)));
    CHECK(p.style.backgroundColor == "#101010");
    CHECK(p.otherLoginVisible());
    // Nothing is called back yet.
    CHECK(count_prefix(console_texts(e), "uni.login") == 0);
    CHECK(count_kind(e, "univerify.page_opened") == 1);
}

TEST_CASE("univerify_login without a live preLogin takes the cold page delay", "[univerify][engine]") {
    Engine e(config(TransportMode::InProcess));
    const UniverifyPolicy policy;
    CHECK(policy.page_delay_cold_ms >= 1000);  // "~1–2 s" (§5.2)
    CHECK(policy.page_delay_cold_ms <= 2000);
    const int64_t t0 = e.clock().now_ms();
    REQUIRE(e.univerify_login({}).pending);
    CHECK(e.clock().now_ms() - t0 == policy.page_delay_cold_ms);
}

TEST_CASE("univerify_login after a live preLogin takes the short page delay", "[univerify][engine]") {
    BOTH_TRANSPORTS;
    Engine e(config(transport));
    const UniverifyPolicy policy;
    CHECK(policy.page_delay_ms < policy.page_delay_cold_ms);
    REQUIRE(e.pre_login().ok);
    const int64_t t0 = e.clock().now_ms();
    REQUIRE(e.univerify_login({}).pending);
    CHECK(e.clock().now_ms() - t0 == policy.page_delay_ms);
}

TEST_CASE("univerify_login after an expired preLogin is cold again", "[univerify][engine]") {
    Engine e(config(TransportMode::InProcess));
    REQUIRE(e.pre_login().ok);
    e.advance(10 * 60 * 1000);
    const int64_t t0 = e.clock().now_ms();
    REQUIRE(e.univerify_login({}).pending);
    CHECK(e.clock().now_ms() - t0 == UniverifyPolicy{}.page_delay_cold_ms);
}

TEST_CASE("univerify_login honours the configured page delays", "[univerify][engine]") {
    EngineConfig c = config(TransportMode::InProcess);
    c.app.univerify_policy.page_delay_ms = 7;
    c.app.univerify_policy.page_delay_cold_ms = 1900;
    Engine e(c);
    int64_t t0 = e.clock().now_ms();
    REQUIRE(e.univerify_login({}).pending);
    CHECK(e.clock().now_ms() - t0 == 1900);
    REQUIRE(e.close_auth_view().ok);
    REQUIRE(e.pre_login().ok);
    t0 = e.clock().now_ms();
    REQUIRE(e.univerify_login({}).pending);
    CHECK(e.clock().now_ms() - t0 == 7);
}

TEST_CASE("univerify_login fails at once when the phone is unsuitable", "[univerify][engine]") {
    EngineConfig c = config(TransportMode::InProcess);
    c.env.line.gateway_ok = false;
    c.env.line.carrier = Carrier::ChinaTelecom;
    Engine e(c);
    const ActionResult r = e.univerify_login({});
    CHECK_FALSE(r.ok);
    CHECK_FALSE(r.pending);
    CHECK(r.errcode == 40301);
    CHECK(r.errMsg == "login:fail 电信-源IP鉴权失败");
    CHECK_FALSE(e.univerify_page().open);
    CHECK(payload_of(console_texts(e), "uni.login fail") == json{{"errMsg", "login:fail 电信-源IP鉴权失败"}, {"code", 40301}});
}

// ---- the privacy box --------------------------------------------------------------------------

namespace {
// univerify's page opened with its privacy box unchecked (privacyTerms.defaultCheckBoxState false).
void open_page_unchecked(Engine& e) {
    UniverifyStyle style;
    style.privacyTerms.defaultCheckBoxState = false;
    REQUIRE(e.univerify_login(style).pending);
}
}  // namespace

TEST_CASE("tapping login with the box unchecked shows the hint and calls nothing back", "[univerify][engine]") {
    Engine e(config(TransportMode::InProcess));
    open_page_unchecked(e);
    REQUIRE_FALSE(e.univerify_page().checked);

    const uint64_t mark = e.journal().size();
    const ActionResult r = e.page_tap_login();
    CHECK(r.pending);
    CHECK_FALSE(r.ok);
    CHECK_FALSE(r.errcode);
    const UniverifyPageState p = e.univerify_page();
    CHECK(p.open);
    CHECK(p.hint_visible);
    CHECK(p.login_pending);
    CHECK(console_since(e, mark).empty());
    CHECK(count_kind(e, "univerify.token") == 0);
    CHECK(count_kind(e, "http.request") == 0);
    bool hint = false;
    for (auto& ev : e.journal().since(mark))
        if (ev.kind == "univerify.hint") {
            hint = true;
            CHECK(ev.text.find(find_assumption("univerify.unchecked_hint")->value) != std::string::npos);
        }
    CHECK(hint);
}

TEST_CASE("toggling the box checks it and hides the hint", "[univerify][engine]") {
    Engine e(config(TransportMode::InProcess));
    open_page_unchecked(e);
    REQUIRE(e.page_tap_login().pending);
    REQUIRE(e.univerify_page().hint_visible);

    ActionResult r = e.page_toggle_checkbox();
    CHECK(r.ok);
    CHECK(e.univerify_page().checked);
    CHECK_FALSE(e.univerify_page().hint_visible);
    CHECK(e.univerify_page().login_pending);

    r = e.page_toggle_checkbox();
    CHECK(r.ok);
    CHECK_FALSE(e.univerify_page().checked);
    CHECK(count_prefix(console_texts(e), "uni.login") == 0);

    REQUIRE(e.page_toggle_checkbox().ok);
    CHECK(e.page_tap_login().ok);
}

TEST_CASE("toggling the box without a page does nothing", "[univerify][engine]") {
    Engine e(config(TransportMode::InProcess));
    const ActionResult r = e.page_toggle_checkbox();
    CHECK_FALSE(r.ok);
    CHECK_FALSE(e.univerify_page().open);
    CHECK(count_kind(e, "univerify.checkbox") == 0);
}

// ---- success ----------------------------------------------------------------------------------

TEST_CASE("tapping login with the box checked logs in through the developer server", "[univerify][engine]") {
    BOTH_TRANSPORTS;
    Engine e(config(transport));
    REQUIRE(e.univerify_login({}).pending);
    const uint64_t mark = e.journal().size();
    const ActionResult r = e.page_tap_login();
    INFO(r.detail << " / " << r.errMsg);
    REQUIRE(r.ok);
    CHECK_FALSE(r.pending);
    CHECK(r.http_status == 200);
    CHECK_FALSE(r.errcode);
    CHECK(r.detail.find(kMasked) != std::string::npos);

    const IdentityChain id = e.identity();
    CHECK(std::regex_match(id.openid, std::regex("^[0-9A-F]{32}[0-9a-f]{36}$")));
    CHECK(r.code == id.code);  // the access_token
    const auto raw = base64_decode(r.code);
    REQUIRE(raw);
    CHECK(std::regex_match(*raw, std::regex(R"(^[0-9a-f]{32}\|\|2\|v2\|2$)")));

    // The developer server's token, as it journaled it.
    std::string issued;
    for (auto& ev : e.journal().all())
        if (ev.kind == "token.issued" && ev.actor == Actor::DevServer) issued = ev.links.at("token");
    CHECK_FALSE(r.token.empty());
    CHECK(r.token == issued);
    CHECK(id.token == r.token);

    const auto lines = console_since(e, mark);
    REQUIRE(lines.size() == 4);  // uni.login success, complete; uni.request success, complete
    const std::string res = R"({"errMsg":"login:ok","authResult":{"openid":")" + id.openid + R"(","access_token":")" + id.code + R"("}})";
    CHECK(lines[0] == "uni.login success " + res);
    CHECK(lines[1] == "uni.login complete " + res);
    CHECK(starts_with(lines[2], "uni.request success "));
    CHECK(lines[3] == "uni.request complete " + lines[2].substr(std::string("uni.request success ").size()));
    const json res_of_request = payload(lines[2]);  // uni.request's {data, statusCode, errMsg}
    CHECK(res_of_request["statusCode"] == 200);
    const json& body = res_of_request["data"];
    CHECK(body["token"] == r.token);
    CHECK(body["phone"] == kMasked);

    CHECK(count_kind(e, "exchange.ok") == 1);
    CHECK_FALSE(e.univerify_page().login_pending);
}

TEST_CASE("the full phone number never reaches the client", "[univerify][engine]") {
    BOTH_TRANSPORTS;
    Engine e(config(transport));
    REQUIRE(e.pre_login().ok);
    REQUIRE(e.univerify_login({}).pending);
    REQUIRE(e.get_checkbox_state().ok);
    const ActionResult r = e.page_tap_login();
    REQUIRE(r.ok);
    for (const std::string* s : {&r.detail, &r.errMsg, &r.token, &r.code}) CHECK(s->find(kNumber) == std::string::npos);
    CHECK(e.univerify_page().masked_number.find(kNumber) == std::string::npos);

    const auto ev = e.journal().all();
    bool server_saw_it = false;
    int to_client = 0;
    for (auto& x : ev) {
        const bool client = x.actor == Actor::Client;
        const bool response_to_client = x.kind == "http.response" && x.to == Actor::Client;
        if (x.http && x.http->response_body.find(kNumber) != std::string::npos) server_saw_it = true;
        if (!client && !response_to_client) continue;
        to_client += response_to_client;
        INFO(to_string(x.actor) << " " << x.kind << ": " << x.text);
        CHECK(x.text.find(kNumber) == std::string::npos);
        for (auto& [k, v] : x.links) CHECK(v.find(kNumber) == std::string::npos);
        if (x.http) {
            CHECK(x.http->target.find(kNumber) == std::string::npos);
            CHECK(x.http->request_body.find(kNumber) == std::string::npos);
            CHECK(x.http->response_body.find(kNumber) == std::string::npos);
        }
    }
    CHECK(to_client == 1);
    CHECK(server_saw_it);  // getPhoneNumber did answer the full number, to the developer server
}

TEST_CASE("the app closes the page after success when app_closes_page", "[univerify][engine]") {
    Engine e(config(TransportMode::InProcess));
    REQUIRE(e.config().app.app_closes_page);
    REQUIRE(e.univerify_login({}).pending);
    REQUIRE(e.page_tap_login().ok);
    CHECK_FALSE(e.univerify_page().open);
    CHECK(count_kind(e, "univerify.page_closed") == 1);
}

TEST_CASE("the page stays open after success until close_auth_view without app_closes_page", "[univerify][engine]") {
    EngineConfig c = config(TransportMode::InProcess);
    c.app.app_closes_page = false;
    Engine e(c);
    REQUIRE(e.univerify_login({}).pending);
    REQUIRE(e.page_tap_login().ok);
    UniverifyPageState p = e.univerify_page();
    CHECK(p.open);
    CHECK_FALSE(p.login_pending);
    CHECK(count_kind(e, "univerify.page_closed") == 0);
    e.advance(60 * 60 * 1000);
    CHECK(e.univerify_page().open);  // never closes by itself

    // A second tap has no uni.login left to settle.
    const uint64_t mark = e.journal().size();
    CHECK_FALSE(e.page_tap_login().ok);
    CHECK(console_since(e, mark).empty());

    CHECK(e.close_auth_view().ok);
    CHECK_FALSE(e.univerify_page().open);
    CHECK(count_kind(e, "univerify.page_closed") == 1);
}

// ---- other login, close -----------------------------------------------------------------------

TEST_CASE("other-login fails uni.login with 30002 in the runtime's error shape", "[univerify][engine]") {
    const std::string runtime = GENERATE(as<std::string>{}, "vue3", "vue2");
    const bool closes = GENERATE(true, false);
    INFO(runtime << " app_closes_page " << closes);
    EngineConfig c = config(TransportMode::InProcess);
    c.app.uni_runtime = runtime;
    c.app.app_closes_page = closes;
    Engine e(c);
    REQUIRE(e.univerify_login({}).pending);
    const ActionResult r = e.page_tap_other_login();
    CHECK_FALSE(r.ok);
    CHECK_FALSE(r.pending);
    CHECK(r.errcode == 30002);
    CHECK(r.errMsg == "login:fail 用户点击了其他登录方式");

    const auto lines = console_texts(e);
    const json fail = payload_of(lines, "uni.login fail");
    CHECK(fail["errMsg"] == "login:fail 用户点击了其他登录方式");
    CHECK(fail["code"] == "30002");
    CHECK(fail["code"].is_string());
    if (runtime == "vue2") {
        CHECK(fail["errCode"] == "30002");
        CHECK(fail.size() == 3);
    } else {
        CHECK_FALSE(fail.contains("errCode"));
        CHECK(fail.size() == 2);
    }
    CHECK(payload_of(lines, "uni.login complete") == fail);
    CHECK(count_kind(e, "univerify.token") == 0);

    const UniverifyPageState p = e.univerify_page();
    CHECK(p.open == !closes);
    CHECK_FALSE(p.login_pending);
}

TEST_CASE("other-login is not tappable when the style hides it", "[univerify][engine]") {
    Engine e(config(TransportMode::InProcess));
    UniverifyStyle style;
    style.otherLoginButton.visible = false;
    REQUIRE(e.univerify_login(style).pending);
    const ActionResult r = e.page_tap_other_login();
    CHECK_FALSE(r.ok);
    CHECK_FALSE(r.errcode);
    CHECK(e.univerify_page().open);
    CHECK(e.univerify_page().login_pending);
    CHECK(count_prefix(console_texts(e), "uni.login") == 0);
}

TEST_CASE("close fails uni.login with 30003 and closes the page", "[univerify][engine]") {
    BOTH_TRANSPORTS;
    Engine e(config(transport));
    REQUIRE(e.pre_login().ok);
    int64_t t0 = e.clock().now_ms();
    REQUIRE(e.univerify_login({}).pending);
    CHECK(e.clock().now_ms() - t0 == UniverifyPolicy{}.page_delay_ms);

    const ActionResult r = e.page_tap_close();
    CHECK_FALSE(r.ok);
    CHECK(r.errcode == 30003);
    CHECK(r.errMsg == "login:fail 用户关闭验证界面");
    CHECK(payload_of(console_texts(e), "uni.login fail") == json{{"errMsg", "login:fail 用户关闭验证界面"}, {"code", "30003"}});
    CHECK_FALSE(e.univerify_page().open);
    CHECK_FALSE(e.univerify_page().login_pending);

    // The preLogin was used: the next page is slow again.
    t0 = e.clock().now_ms();
    REQUIRE(e.univerify_login({}).pending);
    CHECK(e.clock().now_ms() - t0 == UniverifyPolicy{}.page_delay_cold_ms);
}

TEST_CASE("close without a page does nothing", "[univerify][engine]") {
    Engine e(config(TransportMode::InProcess));
    const ActionResult r = e.page_tap_close();
    CHECK_FALSE(r.ok);
    CHECK_FALSE(r.errcode);
    CHECK(console_texts(e).empty());
}

// ---- custom buttons and the univerifyManager --------------------------------------------------

TEST_CASE("a custom button without a manager closes the page and fails with 30008", "[univerify][engine]") {
    const std::string runtime = GENERATE(as<std::string>{}, "vue3", "vue2");
    const int index = GENERATE(0, 1);
    INFO(runtime << " button " << index);
    EngineConfig c = config(TransportMode::InProcess);
    c.app.uni_runtime = runtime;
    Engine e(c);
    const UniverifyStyle style = full_screen_with_buttons();
    REQUIRE(e.univerify_login(style).pending);
    const ActionResult r = e.page_tap_custom_button(index);
    CHECK_FALSE(r.ok);
    CHECK_FALSE(r.pending);
    CHECK(r.errcode == 30008);
    CHECK(r.errMsg == "login:fail 用户点击了自定义按钮");
    CHECK_FALSE(e.univerify_page().open);
    CHECK_FALSE(e.univerify_page().login_pending);

    const std::string provider = style.buttons.list[size_t(index)].provider;
    json want{{"errMsg", "login:fail 用户点击了自定义按钮"}, {"code", "30008"}, {"index", index}, {"provider", provider}};
    if (runtime == "vue2") want["errCode"] = "30008";
    const auto lines = console_texts(e);
    CHECK(payload_of(lines, "uni.login fail") == want);
    CHECK(payload_of(lines, "uni.login complete") == want);
    CHECK(count_prefix(lines, "univerifyManager.onButtonsClick") == 0);
}

TEST_CASE("a custom button with a manager goes to each onButtonsClick subscriber and the page stays", "[univerify][engine]") {
    const int subscribers = GENERATE(1, 2);
    INFO(subscribers << " subscriber(s)");
    Engine e(config(TransportMode::InProcess));
    REQUIRE(e.get_univerify_manager().ok);
    for (int i = 0; i < subscribers; ++i) REQUIRE(e.on_buttons_click(true).ok);
    REQUIRE(e.univerify_login(full_screen_with_buttons()).pending);
    UniverifyPageState p = e.univerify_page();
    CHECK(p.manager);
    CHECK(p.button_subscribers == subscribers);

    const uint64_t mark = e.journal().size();
    const ActionResult r = e.page_tap_custom_button(1);
    CHECK(r.ok);
    CHECK(r.pending);
    CHECK_FALSE(r.errcode);
    const auto lines = console_since(e, mark);
    const std::string line =
        R"(univerifyManager.onButtonsClick {"code":"30008","message":"用户点击了自定义按钮","index":1,"provider":"weixin"})";
    CHECK(lines == std::vector<std::string>(size_t(subscribers), line));
    p = e.univerify_page();
    CHECK(p.open);
    CHECK(p.login_pending);
    CHECK(count_prefix(console_texts(e), "uni.login") == 0);

    // uni.login is still waiting for the login button.
    const ActionResult ok = e.page_tap_login();
    CHECK(ok.ok);
    CHECK(count_prefix(console_texts(e), "uni.login success") == 1);
}

TEST_CASE("off_buttons_click removes a subscriber", "[univerify][engine]") {
    Engine e(config(TransportMode::InProcess));
    REQUIRE(e.on_buttons_click(true).ok);  // a manager method: the manager exists
    REQUIRE(e.on_buttons_click(true).ok);
    REQUIRE(e.on_buttons_click(false).ok);
    CHECK(e.univerify_page().button_subscribers == 1);
    REQUIRE(e.univerify_login(full_screen_with_buttons()).pending);
    uint64_t mark = e.journal().size();
    REQUIRE(e.page_tap_custom_button(0).ok);
    CHECK(count_prefix(console_since(e, mark), "univerifyManager.onButtonsClick") == 1);

    REQUIRE(e.on_buttons_click(false).ok);
    REQUIRE(e.on_buttons_click(false).ok);  // never below zero
    CHECK(e.univerify_page().button_subscribers == 0);
    mark = e.journal().size();
    const ActionResult r = e.page_tap_custom_button(0);
    CHECK(r.pending);
    CHECK(count_prefix(console_since(e, mark), "univerifyManager.onButtonsClick") == 0);
    CHECK(count_prefix(console_since(e, mark), "uni.login") == 0);  // the manager still keeps uni.login's fail away
    CHECK(e.univerify_page().open);
}

TEST_CASE("custom buttons are not tappable in half screen", "[univerify][engine]") {
    Engine e(config(TransportMode::InProcess));
    UniverifyStyle style = full_screen_with_buttons();
    style.fullScreen = false;
    REQUIRE(e.univerify_login(style).pending);
    const uint64_t mark = e.journal().size();
    const ActionResult r = e.page_tap_custom_button(0);
    CHECK_FALSE(r.ok);
    CHECK_FALSE(r.pending);
    CHECK_FALSE(r.errcode);
    CHECK(e.univerify_page().open);
    CHECK(e.univerify_page().login_pending);
    CHECK(console_since(e, mark).empty());
    CHECK(count_kind(e, "univerify.page_closed") == 0);
}

TEST_CASE("a custom button index outside the list is not tappable", "[univerify][engine]") {
    Engine e(config(TransportMode::InProcess));
    REQUIRE(e.univerify_login(full_screen_with_buttons()).pending);
    for (int i : {-1, 2}) {
        INFO("index " << i);
        CHECK_FALSE(e.page_tap_custom_button(i).ok);
    }
    CHECK(e.univerify_page().open);
    CHECK(e.univerify_page().login_pending);
    CHECK(count_prefix(console_texts(e), "uni.login") == 0);
}

// ---- getCheckBoxState -------------------------------------------------------------------------

TEST_CASE("get_checkbox_state answers the live state while the page is open", "[univerify][engine]") {
    Engine e(config(TransportMode::InProcess));
    REQUIRE(e.univerify_login({}).pending);
    uint64_t mark = e.journal().size();
    ActionResult r = e.get_checkbox_state();
    CHECK(r.ok);
    CHECK(r.errMsg == "getCheckBoxState:ok");
    CHECK(console_since(e, mark) ==
          std::vector<std::string>{R"(uni.getCheckBoxState success {"state":true,"errMsg":"getCheckBoxState:ok"})",
                                   R"(uni.getCheckBoxState complete {"state":true,"errMsg":"getCheckBoxState:ok"})"});

    REQUIRE(e.page_toggle_checkbox().ok);
    mark = e.journal().size();
    r = e.get_checkbox_state();
    CHECK(r.ok);
    CHECK(console_since(e, mark) ==
          std::vector<std::string>{R"(uni.getCheckBoxState success {"state":false,"errMsg":"getCheckBoxState:ok"})",
                                   R"(uni.getCheckBoxState complete {"state":false,"errMsg":"getCheckBoxState:ok"})"});
}

TEST_CASE("get_checkbox_state fails while no page is open", "[univerify][engine]") {
    Engine e(config(TransportMode::InProcess));
    const std::string errMsg = find_assumption("univerify.checkbox_state_closed")->value;
    auto check_closed = [&] {
        const uint64_t mark = e.journal().size();
        const ActionResult r = e.get_checkbox_state();
        CHECK_FALSE(r.ok);
        CHECK(r.errMsg == errMsg);
        const std::string res = json{{"errMsg", errMsg}}.dump();
        CHECK(console_since(e, mark) == std::vector<std::string>{"uni.getCheckBoxState fail " + res, "uni.getCheckBoxState complete " + res});
    };
    check_closed();
    REQUIRE(e.univerify_login({}).pending);
    REQUIRE(e.page_tap_close().errcode == 30003);
    check_closed();
}

// ---- the environment changes under an open page ------------------------------------------------

TEST_CASE("removing the SIM under an open page fails the next tap with 30005", "[univerify][engine]") {
    Engine e(config(TransportMode::InProcess));
    REQUIRE(e.univerify_login({}).pending);
    change_environment(e, [](Environment& env) { env.line.sim_present = false; });
    CHECK(count_kind(e, "environment.changed") == 1);
    const ActionResult r = e.page_tap_login();
    CHECK_FALSE(r.ok);
    CHECK(r.errcode == 30005);
    CHECK(r.errMsg == "login:fail 预登录失败");
    CHECK(payload_of(console_texts(e), "uni.login fail") == json{{"errMsg", "login:fail 预登录失败"}, {"code", "30005"}});
    CHECK(count_kind(e, "univerify.token") == 0);
    CHECK_FALSE(e.univerify_page().login_pending);
}

TEST_CASE("going offline under an open page fails the next tap with 30001", "[univerify][engine]") {
    Engine e(config(TransportMode::InProcess));
    REQUIRE(e.univerify_login({}).pending);
    change_environment(e, [](Environment& env) { env.online = false; });
    const ActionResult r = e.page_tap_login();
    CHECK(r.errcode == 30001);
    CHECK(payload_of(console_texts(e), "uni.login fail")["code"] == "30001");  // 30xxx codes are strings
}

// ---- faults -----------------------------------------------------------------------------------

TEST_CASE("a client_call fault on the login tap gives the SDK code with its catalog message", "[univerify][engine][faults]") {
    const std::string code = GENERATE(as<std::string>{}, "30004", "30006", "30007", "40047", "40053");
    INFO("code " << code);
    Engine e(config(TransportMode::InProcess));
    e.add_fault(platform_error(code, Hop::ClientCall, WhenMode::Nth, 2));
    REQUIRE(e.univerify_login({}).pending);  // uni.login's own call was the first
    const ActionResult r = e.page_tap_login();
    CHECK_FALSE(r.ok);
    CHECK(r.errcode == std::stoi(code));
    const CatalogEntry* entry = find_catalog_entry("univerify", code, Hop::ClientCall);
    REQUIRE(entry);
    CHECK(r.errMsg == std::string("login:fail ") + entry->message);
    const json fail = payload_of(console_texts(e), "uni.login fail");
    CHECK(fail["errMsg"] == std::string("login:fail ") + entry->message);
    if (code.rfind("30", 0) == 0)
        CHECK(fail["code"] == code);
    else
        CHECK(fail["code"] == std::stoi(code));
    CHECK(count_kind(e, "fault.fired") == 1);
    CHECK(count_kind(e, "univerify.token") == 0);
    CHECK(count_kind(e, "http.request") == 0);
    CHECK(e.univerify_page().open);
}

TEST_CASE("a client_call fault on uni.login fails it before the page opens", "[univerify][engine][faults]") {
    Engine e(config(TransportMode::InProcess));
    e.add_fault(platform_error("30006", Hop::ClientCall));
    const ActionResult r = e.univerify_login({});
    CHECK_FALSE(r.pending);
    CHECK(r.errcode == 30006);
    CHECK(r.errMsg == "login:fail " + message_of("30006"));
    CHECK_FALSE(e.univerify_page().open);
}

TEST_CASE("a platform_response fault 4003 reaches the client as errcode 4003 with HTTP 401", "[univerify][engine][faults]") {
    BOTH_TRANSPORTS;
    Engine e(config(transport));
    e.add_fault(platform_error("4003", Hop::PlatformResponse));
    REQUIRE(e.univerify_login({}).pending);
    const ActionResult r = e.page_tap_login();
    INFO(r.detail);
    CHECK_FALSE(r.ok);
    CHECK(r.errcode == 4003);
    CHECK(r.http_status == 401);
    CHECK(r.token.empty());
    CHECK(r.detail.find(message_of("4003")) != std::string::npos);
    const auto lines = console_texts(e);
    CHECK(count_prefix(lines, "uni.login success") == 1);  // the carrier part did succeed
    const json res = payload_of(lines, "uni.request success");  // uni.request resolves {data, statusCode, errMsg}
    CHECK(res["statusCode"] == 401);
    CHECK(res["errMsg"] == "request:ok");
    const json& body = res["data"];
    CHECK(body["errcode"] == 4003);
    CHECK(body["errmsg"] == message_of("4003"));
    CHECK_FALSE(body.contains("token"));
    CHECK(count_kind(e, "token.issued") == 0);
    CHECK(count_kind(e, "exchange.error") == 1);
}

TEST_CASE("a server error from the real platform state reaches the client", "[univerify][engine][faults]") {
    BOTH_TRANSPORTS;
    EngineConfig c = config(transport);
    c.app.univerify.account = "no_balance";
    Engine e(c);
    REQUIRE(e.univerify_login({}).pending);
    const ActionResult r = e.page_tap_login();
    CHECK_FALSE(r.ok);
    CHECK(r.errcode == 1002);
    CHECK(r.http_status == 401);
}

// ---- determinism ------------------------------------------------------------------------------

TEST_CASE("univerify gives the same journal in-process and over HTTP", "[univerify][engine][determinism]") {
    auto play = [](TransportMode t) {
        EngineConfig c = config(t, 41);
        c.app.uni_runtime = "vue2";
        Engine e(c);
        e.pre_login();
        UniverifyStyle style = full_screen_with_buttons();
        style.privacyTerms.defaultCheckBoxState = false;
        e.univerify_login(style);
        e.page_tap_login();
        e.page_toggle_checkbox();
        e.get_checkbox_state();
        e.page_tap_login();
        e.univerify_login({});
        e.page_tap_other_login();
        e.add_fault(platform_error("4003", Hop::PlatformResponse));
        e.univerify_login({});
        e.page_tap_login();
        e.univerify_login(full_screen_with_buttons());
        e.page_tap_custom_button(1);
        e.add_fault(platform_error("40047", Hop::ClientCall, WhenMode::Nth, 2));
        e.univerify_login({});
        e.page_tap_login();
        e.page_tap_close();
        return journal_to_json(e.journal().all());
    };
    const std::string in_process = play(TransportMode::InProcess);
    const std::string http = play(TransportMode::Http);
    CHECK(in_process == http);
    CHECK(http.find("127.0.0.1") == std::string::npos);
    CHECK(in_process.find("getPhoneNumber") != std::string::npos);
}

TEST_CASE("univerify with the same seed gives byte-identical journals", "[univerify][engine][determinism]") {
    auto play = [](uint64_t seed) {
        Engine e(config(TransportMode::InProcess, seed));
        e.pre_login();
        e.univerify_login({});
        e.page_tap_login();
        return journal_to_json(e.journal().all());
    };
    CHECK(play(5) == play(5));
    CHECK(play(5) != play(6));
}
