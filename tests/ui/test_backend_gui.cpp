// A team's own backend in the window (issue 17): Setup ▸ Developer server attaches a profile, the
// phone logs in against a real backend process (tests/backends/shop_backend.py), the diagram names
// it, the platform's port and base URLs are shown, a broken rule is marked live, a dead or bad
// backend is visible, and a recording names the profile.
#include <algorithm>
#include <fstream>

#include "../core/backend_process.hpp"
#include "harness.hpp"
#include "session_helpers.hpp"

#include "gui/session.hpp"
#include "loginscope/scenario.hpp"

using namespace ls;
using namespace ls::gui;
using namespace ls::gui::test;

namespace {

void write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

// The Python backend with `flaws`, its platform on a port of its own, and its profile written in `dir`.
struct Shop {
    int platform_port = ls::test::free_port(), port = ls::test::free_port();
    ls::test::ShopBackend backend;
    std::string profile;
    Shop(const TempDir& dir, const std::vector<std::string>& flaws = {})
        : backend(port, "http://127.0.0.1:" + std::to_string(platform_port), flaws), profile(dir / "shop.json") {
        write(profile, ls::test::shop_profile(backend.base()));
    }
};

EngineConfig http_config() {
    EngineConfig cfg;
    cfg.transport = TransportMode::Http;
    return cfg;
}

// Setup ▸ Developer server ▸ Your backend, the profile's path typed, Attach; the platform on `port`.
void attach_in_setup(Headless& h, AppState& s, const std::string& profile, int port) {
    s.ui.prefs.platform_port = port;
    h.frames(s, 2);
    h.click(s, "setup.dev_server.yours");
    s.ui.setup.backend_path = profile;  // as if typed
    h.click(s, "setup.dev_server.attach");
}

const Event* find_event(const AppState& s, const std::function<bool(const Event&)>& is) {
    for (const Event& e : s.events())
        if (is(e)) return &e;
    return nullptr;
}

}  // namespace

TEST_CASE("Developer server: a profile attached in Setup, the phone's login goes to the team's backend, which calls the platform on the shown port",
          "[backend]") {
    TempDir dir("backend-gui");
    const Shop shop(dir);
    Headless h(false, ImVec2(1280, 1400));
    AppState s(http_config());
    attach_in_setup(h, s, shop.profile, shop.platform_port);
    REQUIRE(s.backend() != nullptr);
    CHECK(s.ui.setup.backend_error.empty());
    CHECK(s.engine().platform_port() == shop.platform_port);
    h.frames(s, 2);
    CHECK(h.probe("setup.dev_server.name").text == "shop-api");
    CHECK(h.probe("setup.dev_server.port").text == "http://127.0.0.1:" + std::to_string(shop.platform_port));
    CHECK(h.probe("setup.dev_server.base.wechat").text == "http://127.0.0.1:" + std::to_string(shop.platform_port));
    CHECK(h.probe("setup.dev_server.calls").text == "0");
    CHECK(s.ui.prefs.recent.backend_profiles.front() == shop.profile);

    const ActionResult r = tap_result(h, s, "toolbar.login");
    INFO(r.detail << " " << r.errMsg);
    CHECK(r.ok);
    CHECK_FALSE(r.token.empty());
    CHECK(s.engine().identity().token == r.token);
    s.sync();
    // The app's request went to the backend's real URL; the backend's own code2Session reached the platform.
    CHECK(find_event(s, [&](const Event& e) {
        return e.kind == "http.request" && e.to == Actor::DevServer && e.http && e.http->url == shop.backend.base() + "/login";
    }));
    CHECK(find_event(s, [](const Event& e) {
        return e.kind == "http.request" && e.actor == Actor::DevServer && e.to == Actor::Platform && e.http &&
               e.http->target.find("/sns/jscode2session") != std::string::npos;
    }));
    CHECK(s.backend_calls() >= 1);
    h.frames(s, 2);
    CHECK(h.probe("setup.dev_server.calls").text != "0");
    CHECK(s.violations().empty());  // the correct backend breaks no rule
    // The backend's reply in the inspector: its header fields as they came (names lower-cased), folded.
    const auto& events = s.events();
    const auto reply = std::find_if(events.begin(), events.end(), [&](const Event& e) {
        return e.kind == "http.response" && e.to == Actor::Client && e.http && e.http->url == shop.backend.base() + "/login";
    });
    REQUIRE(reply != events.end());
    s.ui.follow_latest = false;
    s.ui.selected_event = size_t(reply - events.begin());
    h.frames(s, 2);
    CHECK_THAT(h.probe("inspector.response_headers").text, Catch::Contains("content-type: application/json"));
    CHECK_THAT(h.probe("inspector.request_headers").text, Catch::Contains("X-App: shop"));

    open_tab(h, s, "tab.sequence");
    CHECK(h.probe("sequence.lifeline.1.title").text == "shop-api (your backend)");
    open_tab(h, s, "tab.timeline");
    CHECK(h.probe("timeline.lane.1.title").text == "shop-api");
}

TEST_CASE("Developer server: a backend that returns the session_key is marked live, the step and its evidence in red", "[backend]") {
    TempDir dir("backend-gui-leak");
    const Shop shop(dir, {"leak-session-key"});
    Headless h(false, ImVec2(1280, 1400));
    AppState s(http_config());
    attach_in_setup(h, s, shop.profile, shop.platform_port);
    REQUIRE(s.backend() != nullptr);
    tap(h, s, "toolbar.login");
    h.frames(s, 2);
    REQUIRE(s.violations().size() == 1);
    const InvariantViolation& v = s.violations().front();
    CHECK(v.invariant == "secrets-stay-server-side");
    CHECK_THAT(v.detail, Catch::Contains("session_key"));
    REQUIRE(v.event);
    const std::optional<size_t> at = s.event_index(*v.event);
    REQUIRE(at);
    const Event& reply = s.events()[*at];
    CHECK(reply.kind == "http.response");
    CHECK(reply.to == Actor::Client);
    // The evidence names the backend's reply and the request it answered; the row says BROKEN.
    CHECK_THAT(h.probe("inspector.violations").text, Catch::Contains("shop-api's reply"));
    CHECK_THAT(h.probe("inspector.violations").text, Catch::Contains("/login"));
    h.click(s, "inspector.violation.0.show");
    CHECK(s.ui.selected_event == at);
    // The checker reads the whole journal after every step: the next step does not report it again.
    tap(h, s, "toolbar.login");
    h.frames(s, 2);
    CHECK(s.violations().size() == 1);
    // A new world starts clean.
    h.click(s, "toolbar.reset");
    h.frames(s, 2);
    CHECK(s.violations().empty());
    CHECK_FALSE(h.has_probe("inspector.violations"));
}

TEST_CASE("Developer server: a profile error names the field and the built-in server stays", "[backend]") {
    TempDir dir("backend-gui-bad");
    const std::string bad = dir / "bad.json";
    write(bad, R"({"name": "x", "apps": [{"platform": "wechat", "appid": "wx1", "secret": "s"}],
                  "flows": {"wechat-mp": {"session": "/token", "login": {"method": "POST"}}}})");
    Headless h(false, ImVec2(1280, 1400));
    AppState s(http_config());
    attach_in_setup(h, s, bad, ls::test::free_port());
    CHECK(s.backend() == nullptr);
    CHECK_THAT(s.ui.setup.backend_error, Catch::Contains("flows.wechat-mp.login.url"));
    CHECK_THAT(h.probe("setup.dev_server.error").text, Catch::Contains("flows.wechat-mp.login.url"));
    CHECK(tap_result(h, s, "toolbar.login").ok);  // the built-in server still answers
}

TEST_CASE("Developer server: a backend that does not listen fails the login visibly, refused at its URL, and the UI goes on", "[backend]") {
    TempDir dir("backend-gui-dead");
    const int dead = ls::test::free_port();
    const std::string profile = dir / "dead.json";
    write(profile, ls::test::shop_profile("http://127.0.0.1:" + std::to_string(dead)));
    Headless h(false, ImVec2(1280, 1400));
    AppState s(http_config());
    attach_in_setup(h, s, profile, ls::test::free_port());
    REQUIRE(s.backend() != nullptr);
    const ActionResult r = tap_result(h, s, "toolbar.login");
    CHECK_FALSE(r.ok);
    CHECK(r.errMsg == "request:fail connection refused");
    s.sync();
    const Event* refused = find_event(s, [](const Event& e) { return e.kind == "http.response" && e.to == Actor::Client && e.http; });
    REQUIRE(refused);
    CHECK(refused->http->transport_error == "connection refused");
    CHECK(refused->http->url == "http://127.0.0.1:" + std::to_string(dead) + "/login");
    CHECK(refused->http->wire_ms >= 0);
    h.frames(s, 3);
    CHECK(h.probe("inspector.wire_ms").text == std::to_string(refused->http->wire_ms));
}

TEST_CASE("Developer server: a flow the profile lacks asks the built-in server and says so, and Detach goes back to it", "[backend]") {
    TempDir dir("backend-gui-flow");
    const Shop shop(dir);
    Headless h(false, ImVec2(1280, 1400));
    AppState s(http_config());
    attach_in_setup(h, s, shop.profile, shop.platform_port);
    REQUIRE(s.backend() != nullptr);
    h.click(s, "setup.flow.swan");
    CHECK(s.engine().config().flow == Flow::Swan);
    CHECK_FALSE(s.engine().config().backend);
    CHECK(s.engine().platform_port() == shop.platform_port);  // the port stays the backend's
    CHECK(tap_result(h, s, "toolbar.login").ok);
    h.click(s, "setup.flow.wechat-mp");
    h.click(s, "setup.switch_flow.confirm");  // the session has events: Setup asks first
    REQUIRE(s.engine().config().backend);
    h.click(s, "setup.dev_server.detach");
    CHECK(s.backend() == nullptr);
    CHECK_FALSE(s.engine().config().backend);
    CHECK(s.engine().config().app.appid == AppConfig{}.appid);  // the profile's app went with it
}

TEST_CASE("Developer server: a recording against the backend names the profile and keeps its AppSecret out, and run --backend replays it",
          "[backend]") {
    TempDir dir("backend-gui-record");
    const Shop shop(dir);
    Headless h(false, ImVec2(1280, 1400));
    AppState s(http_config());
    attach_in_setup(h, s, shop.profile, shop.platform_port);
    REQUIRE(s.backend() != nullptr);
    start_recording(s);
    h.frames(s, 2);
    tap(h, s, "toolbar.login");
    tap(h, s, "toolbar.login");
    s.ui.session.save_path = dir / "recorded.json";
    REQUIRE(save_recording(s));
    const std::string text = read_file(dir / "recorded.json");
    CHECK_THAT(text, Catch::Contains(R"("backend": "shop-api")"));
    CHECK_THAT(text, !Catch::Contains(ls::test::kShopSecret));
    CHECK_THAT(text, !Catch::Contains(ls::test::kShopAppid));
    // Replayed headless against the same backend (the GUI lets go of the port first).
    s.attach_backend(std::nullopt);
    CHECK(s.engine().platform_port() != shop.platform_port);
    Scenario sc = load_scenario(dir / "recorded.json");
    CHECK(sc.backend == "shop-api");
    sc.config = backend_engine_config(sc.config, load_backend_profile(shop.profile), shop.platform_port, 300);
    const ScenarioResult result = run_scenario(sc);
    std::string failures;
    for (const std::string& f : result.failures) failures += f + "\n";
    INFO(failures);
    CHECK(result.passed);
}

TEST_CASE("Developer server: a slow backend keeps the window drawing, its unanswered request shows the wait, then its time on the wire",
          "[backend]") {
    TempDir dir("backend-gui-slow");
    const int platform_port = ls::test::free_port(), port = ls::test::free_port();
    ls::test::BackendProcess slow(port, {"python3", ls::test::kShopBackend, "--port", std::to_string(port), "--api-base",
                                         "http://127.0.0.1:" + std::to_string(platform_port), "--appid", ls::test::kShopAppid,
                                         "--secret", ls::test::kShopSecret, "--delay-ms", "1500"});
    const std::string profile = dir / "slow.json";
    write(profile, ls::test::shop_profile(slow.base()));
    Headless h(false, ImVec2(1280, 1400));
    AppState s(http_config());
    attach_in_setup(h, s, profile, platform_port);
    REQUIRE(s.backend() != nullptr);
    h.click(s, "toolbar.login");
    // While the backend takes its time the UI thread goes on drawing and says how long it has waited.
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(1000);
    int frames = 0;
    bool waited = false;
    while (std::chrono::steady_clock::now() < until) {
        h.frame(s);
        ++frames;
        waited |= h.has_probe("inspector.waiting") && std::stod(h.probe("inspector.waiting").text) > 0.5;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    s.sync();
    INFO("newest: " << (s.events().empty() ? "" : s.events().back().kind + " " + s.events().back().text + " " + s.events().back().links.value("server")));
    CHECK(s.in_flight());
    CHECK(frames > 50);
    CHECK(waited);
    REQUIRE(h.wait_idle(s, 15));
    CHECK(s.engine().last_result()->ok);
    const Event* reply = find_event(s, [](const Event& e) { return e.kind == "http.response" && e.to == Actor::Client && e.http; });
    REQUIRE(reply);
    CHECK(reply->http->wire_ms >= 1500);
    CHECK_FALSE(h.has_probe("inspector.waiting"));
}
