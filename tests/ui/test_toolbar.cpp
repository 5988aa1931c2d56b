// The toolbar in every flow: its Login tooltip readable (issue 12, defect 4: white on white), and
// every control on screen at small window sizes (defect 6).
#include <set>

#include "harness.hpp"

#include "gui/panels.hpp"

#include "imgui_internal.h"

using namespace ls;
using namespace ls::gui;
using namespace ls::gui::test;

namespace {

// The colours of the vertices the open tooltip drew (its background, border and text). The light
// theme's tooltip is white: white text on it draws no vertex in the theme's text colour.
std::set<ImU32> tooltip_colors() {
    std::set<ImU32> colors;
    for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
        if (w->Active && (w->Flags & ImGuiWindowFlags_Tooltip))
            for (const ImDrawVert& v : w->DrawList->VtxBuffer) colors.insert(v.col);
    return colors;
}

}  // namespace

TEST_CASE("the Login button's tooltip is drawn in the theme's text colour, in every flow with one") {
    for (Flow flow : {Flow::WeChatApp, Flow::Swan, Flow::UniWeixin, Flow::UniApple, Flow::Univerify}) {
        INFO("flow " << to_string(flow));
        Headless h;
        AppState s(flow_config(flow));
        h.frames(s, 2);
        ImGui::GetIO().MousePos = h.probe("toolbar.login").center();
        h.frames(s, 60);  // past the hover delay
        const std::set<ImU32> colors = tooltip_colors();
        REQUIRE_FALSE(colors.empty());
        CHECK(colors.count(ImGui::GetColorU32(ImGuiCol_Text)) == 1);
    }
}

TEST_CASE("at 1024x700 and up every toolbar control and the clock are on screen, wrapping rows when needed") {
    for (ImVec2 size : {ImVec2(1024, 700), ImVec2(1366, 768), ImVec2(1600, 1000), ImVec2(2560, 1440)}) {
        for (Flow flow : {Flow::WeChatMp, Flow::Swan, Flow::Univerify}) {
            INFO(size.x << "x" << size.y << " " << to_string(flow));
            Headless h(true, size);
            AppState s(flow_config(flow));
            h.frames(s, 4);
            for (const char* key : {"toolbar.login", "toolbar.call_api", "toolbar.step_mode", "toolbar.next_step",
                                    "toolbar.clock_running", "toolbar.plus_5min", "toolbar.next_expiry", "toolbar.reset",
                                    "toolbar.clock_text"}) {
                INFO(key);
                const Probe p = h.probe(key);
                CHECK(p.max.x <= size.x);
                // inside the toolbar window, not clipped below it
                ImGuiWindow* bar = ImGui::FindWindowByName("##toolbar");
                REQUIRE(bar);
                CHECK(p.max.y <= bar->Pos.y + bar->Size.y);
            }
            // Nothing overlaps: every pair of controls apart.
            std::vector<Probe> all;
            for (const char* key : {"toolbar.login", "toolbar.next_expiry", "toolbar.reset", "toolbar.clock_text"})
                all.push_back(h.probe(key));
            for (size_t i = 0; i < all.size(); ++i)
                for (size_t j = i + 1; j < all.size(); ++j) {
                    const bool apart = all[i].max.x <= all[j].min.x || all[j].max.x <= all[i].min.x ||
                                       all[i].max.y <= all[j].min.y || all[j].max.y <= all[i].min.y;
                    CHECK(apart);
                }
        }
    }
}

TEST_CASE("under Taro the toolbar names Taro.login, and the empty step list names the flow's own button") {
    Headless h(true);
    AppState s(flow_config(Flow::Taro));
    h.frames(s, 3);
    CHECK(h.probe("toolbar.wx_login").text == "Taro.login");
    for (Flow flow : {Flow::Swan, Flow::Univerify, Flow::UniApple}) {
        AppState other(flow_config(flow));
        h.frames(other, 2);
        CHECK(h.probe("inspector.empty_hint").text.find(phone_login_label(flow)) != std::string::npos);
    }
}

TEST_CASE("Setup offers only the developer-server flaws that act in the flow") {
    Headless h(false, ImVec2(1280, 1800));
    for (Flow flow : {Flow::WeChatMp, Flow::Swan, Flow::WeChatApp, Flow::Univerify, Flow::UniApple}) {
        INFO(to_string(flow));
        AppState s(flow_config(flow));
        h.frames(s, 3);
        for (const FlawInfo& f : flaw_catalog())
            CHECK(h.has_probe(std::string("setup.flaw.") + f.id) == (flaws_for(flow).count(f.flaw) == 1));
    }
    CHECK(flaws_for(Flow::WeChatMp).size() == 5);
    CHECK(flaws_for(Flow::Univerify).empty());
    CHECK(flaws_for(Flow::Swan).count(Flaw::LeakSessionKey) == 1);
    CHECK(flaws_for(Flow::Swan).count(Flaw::SkipWatermarkCheck) == 0);
}
