// The workbench's panes resize with splitters and remember where the user put them; a flow starts in
// the environment where it works (issue 12).
#include "harness.hpp"

#include "gui/i18n.hpp"
#include "gui/panels.hpp"
#include "imgui_internal.h"

using namespace ls;
using namespace ls::gui;
using namespace ls::gui::test;

namespace {

void drag(Headless& h, AppState& s, const std::string& key, ImVec2 by) {
    h.frames(s, 2);
    const ImVec2 at = h.probe(key).center();
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = at;
    h.frame(s);
    io.MouseDown[0] = true;
    h.frame(s);
    for (int i = 1; i <= 10; ++i) {
        io.MousePos = ImVec2(at.x + by.x * i / 10, at.y + by.y * i / 10);
        h.frame(s);
    }
    io.MouseDown[0] = false;
    h.frame(s);
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    h.frames(s, 2);
}

float window_width(const char* name) { return ImGui::FindWindowByName(name)->Size.x; }
float window_height(const char* name) { return ImGui::FindWindowByName(name)->Size.y; }

}  // namespace

TEST_CASE("dragging the splitters resizes the panes, and the sizes are kept in the preferences") {
    Headless h(false, ImVec2(1600, 1000));
    AppState s(in_process_config());
    h.frames(s, 3);
    const float setup_w = window_width("##setup"), bottom_h = window_height("##bottom");

    drag(h, s, "split.setup", ImVec2(80, 0));
    CHECK(window_width("##setup") == Approx(setup_w + 80).margin(2));
    CHECK(s.ui.prefs.panes.setup_w == Approx((setup_w + 80) / 1600).margin(0.002));

    drag(h, s, "split.bottom", ImVec2(0, -400));  // the sequence diagram takes most of the window
    CHECK(window_height("##bottom") == Approx(bottom_h + 400).margin(2));
    CHECK(window_height("##bottom") > 1000 * 0.6f);
    CHECK(s.ui.prefs.panes.bottom_h > 0.6f);
    CHECK(h.has_probe("phone.login_button"));  // the panes above still draw

    // A new window with the remembered preferences lays out the same.
    AppState again(in_process_config());
    again.ui.prefs = s.ui.prefs;
    h.frames(again, 3);
    CHECK(window_height("##bottom") == Approx(bottom_h + 400).margin(2));
}

TEST_CASE("the layout keeps every pane usable at 1024x700 whatever the splitters say") {
    Headless h(false, ImVec2(1024, 700));
    for (PaneSizes p : {PaneSizes{}, PaneSizes{0.9f, 0.9f, 0.9f}, PaneSizes{0.01f, 0.01f, 0.01f}}) {
        const Layout L = compute_layout(ImVec2(1024, 700), 20, 2, p);
        CHECK(L.setup_size.x >= 200);
        CHECK(L.phone_size.x >= 180);
        CHECK(L.inspector_size.x >= 200);
        CHECK(L.bottom_size.y >= 120);
        CHECK(L.phone_size.y >= 100);
        CHECK(L.inspector_pos.x + L.inspector_size.x <= 1024 + 0.5f);
        CHECK(L.bottom_pos.y + L.bottom_size.y <= 700 + 0.5f);
    }
}

TEST_CASE("switching to uni-app · Apple starts on iOS, with an iOS status bar, so the first tap opens the sheet") {
    Headless h(true, ImVec2(1280, 1000));
    AppState s(in_process_config());
    h.click(s, "setup.flow.uni-apple");
    REQUIRE(s.engine().config().flow == Flow::UniApple);
    CHECK(s.engine().environment().os == "ios");
    h.frames(s, 2);
    CHECK(h.probe("phone.status_bar").text == "ios");
    tap(h, s, "phone.login_button");
    CHECK(s.engine().apple_sheet_open());
}

TEST_CASE("the phone tells the session's time left in Chinese units") {
    Headless h(true);
    AppState s(in_process_config());
    tap(h, s, "phone.login_button");
    h.frames(s, 2);
    CHECK(h.probe("phone.session_left").text.find("小时") != std::string::npos);
}

TEST_CASE("in Chinese the export hint keeps each file name on one line") {
    Headless h(true, ImVec2(1024, 700));
    AppState s(in_process_config());
    set_language(Lang::Zh);
    s.ui.prefs.lang = Lang::Zh;
    s.ui.open_tab = BottomTab::Scenario;
    h.frames(s, 3);
    for (const char* name : {"journal.json", "traffic.har", "walkthrough/walkthrough.md"}) {
        INFO(name);
        const Probe p = h.probe(std::string("scenario.export_name.") + name);
        CHECK(p.max.y - p.min.y < ImGui::GetTextLineHeight() * 1.5f);
    }
    set_language(Lang::En);
}

TEST_CASE("switching flow with events in the journal asks first: Cancel keeps the session, Switch ends it") {
    Headless h(false, ImVec2(1280, 1000));
    AppState s(in_process_config());
    tap(h, s, "phone.login_button");
    const size_t events = s.events().size();
    REQUIRE(events > 0);

    h.click(s, "setup.flow.swan");
    h.frames(s, 2);
    REQUIRE(h.has_probe("setup.switch_flow.dialog"));
    CHECK(s.engine().config().flow == Flow::WeChatMp);
    h.click(s, "setup.switch_flow.cancel");
    CHECK(s.engine().config().flow == Flow::WeChatMp);
    CHECK(s.events().size() == events);
    CHECK_FALSE(h.has_probe("setup.switch_flow.dialog"));

    h.click(s, "setup.flow.swan");
    h.frames(s, 2);
    h.click(s, "setup.switch_flow.confirm");
    CHECK(s.engine().config().flow == Flow::Swan);
    CHECK(s.events().empty());
}
