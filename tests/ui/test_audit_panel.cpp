// The Audit tab (issue 17) against a real backend process (tests/backends/shop_backend.py) attached to
// the window: the checks appear as they are settled, a flaw is named FAIL, a check opens its exchange
// in the inspector, Cancel stops early, the reports are exported, and the session's world gets the
// platform's port back afterwards.
#include "attached_backend.hpp"

#include "gui/frame_pacing.hpp"
#include "gui/i18n.hpp"

using namespace ls;
using namespace ls::gui;
using namespace ls::gui::test;

namespace {

// Frames until the audit has ended or `seconds` pass; how many checks each frame showed.
std::vector<size_t> frames_until_audited(Headless& h, AppState& s, double seconds = 60) {
    std::vector<size_t> shown;
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (s.audit.run.running() && std::chrono::steady_clock::now() < until) {
        h.frame(s);
        shown.push_back(s.audit.run.report().checks.size());
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    h.frames(s, 2);
    return shown;
}

// The row of the check `id` as the tab drew it ("audit.check.<i>"), or nullopt.
std::optional<size_t> row_of(Headless& h, const std::string& id) {
    for (size_t i = 0; h.has_probe("audit.check." + std::to_string(i)); ++i) {
        const std::string text = h.probe("audit.check." + std::to_string(i)).text;
        if (text.substr(text.find(' ') + 1) == id) return i;
    }
    return std::nullopt;
}

size_t rows_saying(Headless& h, const std::string& status) {
    size_t n = 0;
    for (size_t i = 0; h.has_probe("audit.check." + std::to_string(i)); ++i)
        n += h.probe("audit.check." + std::to_string(i)).text.rfind(status + " ", 0) == 0;
    return n;
}

bool has_ascii_letter(const std::string& s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); });
}

}  // namespace

TEST_CASE("audit tab: without a backend it says where to attach one, and offers no Run", "[audit_panel]") {
    Headless h;
    AppState s(in_process_config());
    open_tab(h, s, "tab.audit");
    CHECK(h.probe("audit.status").text.find("Attach your backend in Setup") == 0);
    CHECK_FALSE(h.has_probe("audit.run"));
}

TEST_CASE("audit tab: the checks appear as they are settled, the leak is FAIL, a check opens its exchange, the port comes back",
          "[audit_panel]") {
    AttachedShop shop({"leak-session-key"});
    AppState& s = shop.s;
    Headless h;
    open_tab(h, s, "tab.audit");
    CHECK(h.probe("audit.backend").text == "shop-api");
    CHECK(h.probe("audit.status").text.find("Not run yet") == 0);

    h.click(s, "audit.run");
    REQUIRE(s.audit.run.running());
    CHECK(s.platform_port_lent());  // the session's world gave the port to the audit's platform
    CHECK(s.engine().platform_port() != shop.platform);
    CHECK(frame_demand(s).audit_running);
    CHECK(next_frame_due(frame_demand(s)) == Approx(kAuditTickSeconds));
    CHECK(h.probe("audit.status").text.find("checks done · running …") != std::string::npos);
    const std::vector<size_t> shown = frames_until_audited(h, s);
    REQUIRE_FALSE(s.audit.run.running());

    const AuditReport& r = s.audit.run.report();
    INFO(audit_table(r));
    REQUIRE(r.checks.size() == kShopChecks);
    CHECK(std::any_of(shown.begin(), shown.end(), [](size_t n) { return n > 0 && n < kShopChecks; }));  // some, not all, on a frame
    CHECK(h.probe("audit.status").text.find("23 checks in ") == 0);
    CHECK(rows_saying(h, "PASS") > 10);
    CHECK(rows_saying(h, "FAIL") == 1);
    const std::optional<size_t> leak = row_of(h, "wechat-mp/session-key-stays-server-side");
    REQUIRE(leak);
    CHECK(h.probe("audit.check." + std::to_string(*leak)).text.rfind("FAIL ", 0) == 0);
    // The session's world listens on the backend's platform port again.
    CHECK_FALSE(s.platform_port_lent());
    CHECK(s.engine().platform_port() == shop.platform);
    CHECK(s.engine().platform_port() == s.backend()->platform_port);

    SECTION("a check opens its exchange in the inspector, and Back returns to the session") {
        h.click(s, "audit.check." + std::to_string(*leak));
        REQUIRE(s.audit.form.shown == leak);
        const AuditCheck& c = r.checks[*leak];
        CHECK(h.probe("inspector.audit_check").text == c.id);
        REQUIRE(c.exchange.size() >= 2);
        CHECK(h.probe("inspector.rows").text == std::to_string(c.exchange.size()));
        CHECK(h.probe("inspector.selected_kind").text == "http.response");
        // The login whose reply carries the session_key: the client's request to the backend, then its reply.
        CHECK(c.exchange[0].actor == Actor::Client);
        CHECK(c.exchange[0].to == Actor::DevServer);
        REQUIRE(c.exchange[1].http);
        CHECK(c.exchange[1].http->response_body.find("session_key") != std::string::npos);

        // login-works: the backend's own code2Session call between the client's request and its reply.
        const std::optional<size_t> login = row_of(h, "wechat-mp/login-works");
        REQUIRE(login);
        s.audit.form.shown = login;  // the first row is scrolled out of the tab's view: shown as a click would
        h.frames(s, 2);
        CHECK(h.probe("inspector.audit_check").text == "wechat-mp/login-works");
        const std::vector<Event>& x = r.checks[*login].exchange;
        CHECK(h.probe("inspector.rows").text == std::to_string(x.size()));
        CHECK(std::any_of(x.begin(), x.end(), [](const Event& e) {
            return e.actor == Actor::DevServer && e.to == Actor::Platform && e.http && e.http->target.find("/sns/jscode2session") != std::string::npos;
        }));

        h.click(s, "inspector.audit_back");
        CHECK_FALSE(s.audit.form.shown);
        CHECK_FALSE(h.has_probe("inspector.audit_check"));
    }
    SECTION("Markdown and JUnit go to the export folder, naming every check") {
        h.click(s, "audit.export.markdown");
        const std::string md = read_file(shop.dir / "exports/audit.md");
        CHECK(h.probe("audit.export_status").text.find("audit.md") != std::string::npos);
        h.click(s, "audit.export.junit");
        const std::string junit = read_file(shop.dir / "exports/audit-junit.xml");
        CHECK(h.probe("audit.export_status").text.find("audit-junit.xml") != std::string::npos);
        for (const AuditCheck& c : r.checks) {
            INFO(c.id);
            CHECK(md.find("`" + c.id + "`") != std::string::npos);
            CHECK(junit.find("name=\"" + c.id + "\"") != std::string::npos);
        }
        CHECK(md.find("## FAIL `wechat-mp/session-key-stays-server-side`") != std::string::npos);
        CHECK(junit.find("failures=\"1\"") != std::string::npos);
    }
    SECTION("in Chinese the tab and the check's inspector leave no English text untranslated") {
        s.ui.prefs.lang = Lang::Zh;
        h.frame(s);
        clear_untranslated();
        s.audit.form.shown = leak;
        h.frames(s, 3);
        set_language(Lang::En);
        std::set<std::string> missing;
        for (const std::string& t : untranslated())
            if (has_ascii_letter(t)) missing.insert(t);
        for (const std::string& t : missing) UNSCOPED_INFO("untranslated: " << t);
        CHECK(missing.empty());
        s.ui.prefs.lang = Lang::En;
    }
}

TEST_CASE("audit tab: Cancel stops before the next check, the status says so and the port comes back", "[audit_panel]") {
    AttachedShop shop({"no-timeout"});  // its timeout check holds 3 s: the run cannot end before Cancel
    AppState& s = shop.s;
    Headless h;
    open_tab(h, s, "tab.audit");
    h.click(s, "audit.run");
    REQUIRE(s.audit.run.running());
    for (int i = 0; i < 5000 && s.audit.run.report().checks.size() < 2; ++i) {
        h.frame(s);
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    REQUIRE(s.audit.run.running());
    h.click(s, "audit.cancel");
    CHECK(s.audit.run.cancelling());
    CHECK(h.probe("audit.status").text.find("cancelling after the check under way") != std::string::npos);
    frames_until_audited(h, s);
    REQUIRE_FALSE(s.audit.run.running());
    const AuditReport& r = s.audit.run.report();
    INFO(audit_table(r));
    CHECK(r.cancelled);
    CHECK(r.checks.size() >= 2);
    CHECK(r.checks.size() < kShopChecks);
    CHECK(h.probe("audit.status").text.find("Cancelled after " + std::to_string(r.checks.size()) + " checks") == 0);
    CHECK(s.engine().platform_port() == shop.platform);
    h.click(s, "audit.export.markdown");
    CHECK(read_file(shop.dir / "exports/audit.md").find("cancelled after " + std::to_string(r.checks.size())) != std::string::npos);
}

TEST_CASE("audit tab: the flow filter audits only the session's flow of a profile with two", "[audit_panel]") {
    AttachedShop shop({}, {"taro"});
    AppState& s = shop.s;
    REQUIRE(s.backend()->profile.flows.size() == 2);
    Headless h;
    open_tab(h, s, "tab.audit");
    h.click(s, "audit.flow.this");
    CHECK(s.audit.form.this_flow_only);
    h.click(s, "audit.run");
    frames_until_audited(h, s);
    const AuditReport& r = s.audit.run.report();
    INFO(audit_table(r));
    CHECK(r.checks.size() == kShopChecks);
    CHECK(std::all_of(r.checks.begin(), r.checks.end(), [](const AuditCheck& c) { return c.id.rfind("wechat-mp/", 0) == 0; }));
    CHECK(r.passed());
}

TEST_CASE("audit tab: the window closing while an audit runs cancels it and waits only for the check under way", "[audit_panel]") {
    const auto start = std::chrono::steady_clock::now();
    {
        AttachedShop shop;
        Headless h;
        open_tab(h, shop.s, "tab.audit");
        h.click(shop.s, "audit.run");
        REQUIRE(shop.s.audit.run.running());
    }  // the AppState goes with its audit, then the backend process
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
}
