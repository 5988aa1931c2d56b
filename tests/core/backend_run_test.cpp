// `run` and `explore` against a team's own backend (issue 16 §4): the shipped scenarios replayed on a
// real backend process (tests/backends/shop_backend.py), the built-in server's exact replies skipped
// and named; explore finding and shrinking a planted flaw to a file that `run --backend` fails on.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <regex>

#include "backend_process.hpp"
#include "cli_run.hpp"
#include "loginscope/narration.hpp"
#include "loginscope/scenario.hpp"

using namespace ls;
using namespace ls::test;
using nlohmann::json;

namespace {

const std::string kScenarios = std::string(LOGINSCOPE_ASSETS) + "/scenarios/";

// The Python backend with `flaws` on a port of its own, its platform to be on `platform_port`, and
// the profile that points at it written in `d`.
struct Shop {
    int platform_port = free_port(), port = free_port();
    ShopBackend backend;
    std::string profile;
    Shop(const TempDir& d, const std::vector<std::string>& flaws = {}, const std::string& flow = "wechat-mp",
         const std::string& platform = "wechat")
        : backend(port, "http://127.0.0.1:" + std::to_string(platform_port), flaws, platform),
          profile(d.write("shop.json", shop_profile(backend.base(), flow, platform))) {}
    std::string options(int hang_ms = 300) const {
        return "--backend '" + profile + "' --platform-port " + std::to_string(platform_port) + " --hang-ms " + std::to_string(hang_ms);
    }
};

}  // namespace

TEST_CASE("run --backend: a shipped scenario passes on the correct backend, the built-in server's exact replies skipped and named", "[backend][cli]") {
    TempDir d;
    const Shop shop(d);
    const Ran r = run(d, "run " + shop.options() + " '" + kScenarios + "wechat-mp/success.json' '" + kScenarios + "wechat-mp/code-reused.json'");
    INFO(r.out << r.err);
    CHECK(r.status == 0);
    CHECK(r.out.rfind("platform on http://127.0.0.1:" + std::to_string(shop.platform_port) + "\n", 0) == 0);
    CHECK_THAT(r.out, Catch::Contains("2 passed, 0 failed"));
    // success.json: the login step's HTTP 200 is the built-in server's, and so is what wx.request printed.
    CHECK_THAT(r.out, Catch::Contains("skipped: steps[0] login: http_status (the built-in server's own reply)"));
    CHECK_THAT(r.out, Catch::Contains("skipped: expect.console: wx.request success (prints the built-in server's reply)"));
    // code-reused.json: the replay is refused (the platform answers 40163) though the backend words it its own way.
    CHECK_THAT(r.out, Catch::Contains("steps[1] resend_code: errcode"));
    CHECK_THAT(r.out, Catch::Contains("skipped: expect.events: login.rejected (the built-in server's own event)"));
}

TEST_CASE("run --backend: a step the profile has no template for is skipped with the reason, never passed", "[backend][cli]") {
    TempDir d;
    const Shop shop(d);
    const Ran r = run(d, "run " + shop.options() + " '" + kScenarios + "open-data/profile-verified.json'");
    INFO(r.out << r.err);
    CHECK(r.status == 0);
    CHECK_THAT(r.out, Catch::Contains("skipped: steps[2] profile_allow: not sent: the backend profile has no profile template"));
}

TEST_CASE("run --backend: a backend that caches code → session fails the replayed-code scenario, exit 1", "[backend][cli]") {
    TempDir d;
    const Shop shop(d, {"cache-code"});
    const Ran r = run(d, "run " + shop.options() + " '" + kScenarios + "wechat-mp/code-reused.json'");
    INFO(r.out << r.err);
    CHECK(r.status == 1);
    CHECK_THAT(r.out, Catch::Contains("steps[1] resend_code: expected failure, got success"));
}

TEST_CASE("run --backend: the backend's own exchanges with the platform are journaled, the AppSecret masked", "[backend]") {
    TempDir d;
    const Shop shop(d);
    Scenario s = load_scenario(kScenarios + "wechat-mp/success.json");
    s.config = backend_engine_config(s.config, load_backend_profile(shop.profile), shop.platform_port, 300);
    const ScenarioResult r = run_scenario(s);
    INFO(journal_to_json(r.events));
    CHECK(r.passed);
    const auto exchange = std::find_if(r.events.begin(), r.events.end(), [](const Event& e) {
        return e.kind == "http.request" && e.actor == Actor::DevServer && e.to == Actor::Platform;
    });
    REQUIRE(exchange != r.events.end());
    REQUIRE(exchange->http);
    CHECK_THAT(exchange->http->target, Catch::Contains("/sns/jscode2session?appid=" + kShopAppid));
    CHECK_THAT(exchange->http->target, !Catch::Contains(kShopSecret));
    const auto login = std::find_if(r.events.begin(), r.events.end(), [](const Event& e) {
        return e.kind == "http.request" && e.actor == Actor::Client && e.to == Actor::DevServer;
    });
    REQUIRE(login != r.events.end());
    CHECK(login->http->target == shop.backend.base() + "/login");  // where it really went
    CHECK(login->http->request_headers.at("X-App") == "shop");
}

TEST_CASE("A team's backend's hops are narrated as its own: what it did and what such a server should do, in both languages", "[backend]") {
    TempDir d;
    const Shop shop(d);
    Scenario s = load_scenario(kScenarios + "wechat-mp/success.json");
    s.config = backend_engine_config(s.config, load_backend_profile(shop.profile), shop.platform_port, 300);
    const ScenarioResult r = run_scenario(s);
    REQUIRE(r.passed);
    std::set<std::string> narrated;
    for (const Event& e : r.events) {
        const bool backend_hop = e.links.value("server") == "backend";
        const bool app_hop = (e.to == Actor::DevServer && e.actor == Actor::Client) || (e.actor == Actor::DevServer && e.to == Actor::Client);
        if (e.kind != "http.request" && e.kind != "http.response" && e.kind != "token.issued") continue;
        if (!app_hop) continue;  // the backend's own calls to the platform are narrated as code2Session's
        INFO(e.kind << " " << e.text);
        CHECK(backend_hop);
        CHECK_THAT(narrate(e, s.config.flow, Lang::En), Catch::Contains("your backend") || Catch::Contains("Your backend"));
        CHECK_THAT(narrate(e, s.config.flow, Lang::Zh), Catch::Contains("你的后端"));
        narrated.insert(e.kind);
    }
    CHECK(narrated == std::set<std::string>{"http.request", "http.response", "token.issued"});
}

TEST_CASE("explore --backend: the correct backend breaks no invariant", "[backend][cli][explore]") {
    TempDir d;
    const Shop shop(d);
    const Ran r = run(d, "explore --flow wechat-mp --runs 12 --steps 10 --seed 3 " + shop.options());
    INFO(r.out << r.err);
    CHECK(r.status == 0);
    CHECK_THAT(r.out, Catch::Contains("no invariant was broken"));
}

TEST_CASE("explore --backend finds a planted flaw, shrinks it, and run --backend fails on the reproducer", "[backend][cli][explore]") {
    TempDir d;
    const Shop shop(d, {"leak-session-key"});
    const Ran r = run(d, "explore --flow wechat-mp --runs 12 --steps 10 --seed 3 --out '" + d.file("found") + "' " + shop.options());
    INFO(r.out << r.err);
    CHECK(r.status == 1);
    CHECK_THAT(r.out, Catch::Contains("VIOLATION secrets-stay-server-side: session_key"));
    const std::string file = d.file("found/explore-secrets-stay-server-side.json");
    CHECK_THAT(r.out, Catch::Contains("reproduce: loginscope run --backend " + shop.profile + " --platform-port " +
                                      std::to_string(shop.platform_port) + " " + file));
    const json found = json::parse(slurp(file));
    CHECK(found["steps"].size() <= 2);  // a login (or a wx.login and a send_code) is all it takes
    CHECK_THAT(found["description"].get<std::string>(), Catch::EndsWith(", against the backend of " + shop.profile));
    const Ran replay = run(d, "run " + shop.options() + " '" + file + "'");
    INFO(replay.out << replay.err);
    CHECK(replay.status == 1);
    CHECK_THAT(replay.out, Catch::Contains("invariant secrets-stay-server-side"));
}

TEST_CASE("run and explore --backend: exit 2 naming the URL for a backend nothing listens at, or the flow the profile lacks", "[backend][cli]") {
    TempDir d;
    const std::string nowhere = "http://127.0.0.1:" + std::to_string(free_port());
    const std::string profile = d.write("nowhere.json", shop_profile(nowhere));
    const Ran r = run(d, "run --backend '" + profile + "' '" + kScenarios + "wechat-mp/success.json'");
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::Contains("loginscope run: the backend cannot be reached: nothing listens at " + nowhere + "/login"));
    const Ran e = run(d, "explore --flow wechat-mp --runs 1 --backend '" + profile + "'");
    CHECK(e.status == 2);
    CHECK_THAT(e.err, Catch::Contains("loginscope explore: the backend cannot be reached: nothing listens at " + nowhere + "/login"));
    const Ran swan = run(d, "run --backend '" + profile + "' '" + kScenarios + "swan/button-login.json'");
    CHECK(swan.status == 2);
    CHECK_THAT(swan.err, Catch::Contains("the backend profile has no flow swan (it has wechat-mp)"));
    const Ran jobs = run(d, "run -j 2 --backend '" + profile + "' '" + kScenarios + "wechat-mp/success.json'");
    CHECK(jobs.status == 2);
    CHECK_THAT(jobs.err, Catch::Contains("--backend runs one scenario at a time"));
}

TEST_CASE("explore --backend: a backend that caches code → session breaks code-single-use", "[backend][cli][explore]") {
    TempDir d;
    const Shop shop(d, {"cache-code"});
    const Ran r = run(d, "explore --flow wechat-mp --runs 40 --steps 12 --seed 1 " + shop.options());
    INFO(r.out << r.err);
    CHECK(r.status == 1);
    CHECK_THAT(r.out, Catch::Contains("VIOLATION code-single-use: code "));
}

TEST_CASE("run --backend: the phone-number scenarios send the profile's phone template, and a leaked number breaks the invariant", "[backend][cli]") {
    TempDir d;
    const Shop shop(d);
    const std::string dir = kScenarios + "phone-number/";
    const Ran r = run(d, "run " + shop.options() + " '" + dir + "quick-verification.json' '" + dir + "code-expired-40029.json'");
    INFO(r.out << r.err);
    CHECK(r.status == 0);
    CHECK_THAT(r.out, Catch::Contains("2 passed, 0 failed"));
    CHECK_THAT(r.out, !Catch::Contains("not sent"));

    TempDir e;
    const Shop leaky(e, {"leak-phone"});
    const std::string reproducer = e.write("leak.json", R"({"name": "the number in the reply", "flow": "wechat-mp", "check_invariants": true,
        "steps": [{"action": "login"}, {"action": "get_phone_number"}, {"action": "phone_allow"}]})");
    const Ran leaked = run(e, "run " + leaky.options() + " '" + reproducer + "'");
    INFO(leaked.out << leaked.err);
    CHECK(leaked.status == 1);
    CHECK_THAT(leaked.out, Catch::Contains("invariant secrets-stay-server-side: the phone number"));
}

TEST_CASE("run --backend: every shipped scenario of a flow passes on the correct backend of that flow", "[backend][cli]") {
    for (auto [flow, platform] : {std::pair{"wechat-mp", "wechat"}, {"wechat-app", "wechat-app"}, {"swan", "swan"},
                                  {"uni-weixin", "uni-weixin"}, {"univerify", "univerify"}}) {
        TempDir d;
        const Shop shop(d, {}, flow, platform);
        std::string files;
        for (const auto& f : std::filesystem::directory_iterator(kScenarios + flow)) files += " '" + f.path().string() + "'";
        const Ran r = run(d, "run " + shop.options() + files);
        INFO(flow << "\n" << r.out << r.err);
        CHECK(r.status == 0);
        CHECK_THAT(r.out, Catch::Contains(" 0 failed"));
        if (std::string(flow) == "univerify")  // about the built-in server's own cloud function: nothing of it applies
            CHECK_THAT(r.out, Catch::Contains("skipped: every expectation: its faults act at dev_to_cloud_function"));
    }
}

TEST_CASE("loginscope --backend PROFILE: the GUI's entry names a bad profile's field, says where to go without a display, and is the GUI's only",
          "[backend][cli]") {
    TempDir d;
    const std::string bad = d.write("bad.json", R"({"name": "x", "apps": [{"platform": "wechat", "appid": "wx1", "secret": "s"}],
        "flows": {"wechat-mp": {"session": "/token", "login": {"method": "POST"}}}})");
    Ran r = run(d, "--backend '" + bad + "'");
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::Contains("flows.wechat-mp.login.url"));
    const std::string good = d.write("good.json", shop_profile("http://127.0.0.1:9"));
    {
        const char* display = std::getenv("DISPLAY");
        const std::string kept = display ? display : "";
        ::unsetenv("DISPLAY");  // without a display the window cannot open: it says what to run instead
        r = run(d, "--backend '" + good + "' --platform-port 0");
        if (display) ::setenv("DISPLAY", kept.c_str(), 1);
    }
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::Contains("no display") && Catch::Contains("audit --backend PROFILE"));
    r = run(d, "--platform-port 5");
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::Contains("--backend PROFILE for the GUI"));
    r = run(d, "--backend '" + good + "' catalog --json");
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::Contains("are the GUI's: put them after it"));
}

// Found in CI: a test backend told a port from the kernel's ephemeral range failed to bind it
// ("Address already in use"): the audit's own outgoing connections draw their local ports from that
// range, and one took it first. The same gap lies between an audit's worlds, which bind the platform's
// port in turn.
TEST_CASE("free_loopback_port draws a free port below the kernel's ephemeral range", "[backend]") {
    std::ifstream range("/proc/sys/net/ipv4/ip_local_port_range");
    int low = 32768;
    range >> low;
    REQUIRE(low > 12000);
    std::set<int> seen;
    for (int i = 0; i < 20; ++i) {
        const int port = free_loopback_port();
        CHECK(port >= low - 10000);
        CHECK(port < low);
        seen.insert(port);
        HttpHost host([](const HttpRequest&) { return Delivery{{200, "{}"}}; }, "127.0.0.1", port);
        CHECK(host.port() == port);  // free: it binds
    }
    CHECK(seen.size() > 1);  // drawn, not one fixed port
}
