// Presenter mode presents either the chosen demo or the live session, never a mix, and is never
// stuck (issue 12, defect 2); Reset leaves nothing of a replay behind; the phone and the diagram in
// presenter mode show the beat, not what came after it.
#include "harness.hpp"

#include "gui/presenter.hpp"
#include "loginscope/demos.hpp"

using namespace ls;
using namespace ls::gui;
using namespace ls::gui::test;

namespace {

constexpr int kF5 = 294;  // GLFW_KEY_F5

const Demo& first_demo(Flow f) {
    const auto list = demos_for(f);
    REQUIRE_FALSE(list.empty());
    return *list.front();
}

// A demo opened, shown and left: its scenario stays open in the Scenario tab.
void show_and_leave_demo(Headless& h, AppState& s) {
    REQUIRE(open_demo(s, first_demo(Flow::WeChatMp)));
    h.frames(s, 2);
    press_key(h, s, ImGuiKey_RightArrow);
    settle_presenter(h, s);
    press_key(h, s, ImGuiKey_Escape);
    REQUIRE_FALSE(s.ui.presenter.on);
    REQUIRE(s.replay.loaded());
}

}  // namespace

TEST_CASE("F5 after live actions presents the live session: its own title, and Next never acts", "[presenter]") {
    Headless h;
    AppState s(in_process_config());
    show_and_leave_demo(h, s);
    tap(h, s, "phone.check_session");  // a live action on the demo's world
    const size_t events = s.events().size();
    const uint64_t actions = s.last_action_id();

    press_key(h, s, kF5);
    REQUIRE(s.ui.presenter.on);
    CHECK(s.ui.presenter.live);
    CHECK(h.probe("presenter.where").text.find("beat") != std::string::npos);
    CHECK(presentation_title(s) == "Live session");
    // Back to the start and through every beat to the end, then Next once more: nothing runs.
    press_key(h, s, ImGuiKey_Home);
    settle_presenter(h, s);
    const size_t beats = presenter_beats(s.events()).size();
    for (size_t i = 0; i < beats + 3; ++i) {
        press_key(h, s, ImGuiKey_RightArrow);
        settle_presenter(h, s);
    }
    CHECK(s.events().size() == events);
    CHECK(s.last_action_id() == actions);
    CHECK(s.ui.presenter.beat == beats - 1);
    CHECK(s.replay.next == 1);  // the demo's replay was not advanced
}

TEST_CASE("F5 right after a demo, with nothing done since, goes on with the demo", "[presenter]") {
    Headless h;
    AppState s(in_process_config());
    show_and_leave_demo(h, s);
    press_key(h, s, kF5);
    REQUIRE(s.ui.presenter.on);
    CHECK_FALSE(s.ui.presenter.live);
    CHECK(presentation_title(s) == first_demo(Flow::WeChatMp).title_en);
}

TEST_CASE("F5 with step mode on and an action paused: presenter finishes it and its controls work", "[presenter]") {
    Headless h;
    AppState s(in_process_config());
    h.click(s, "toolbar.step_mode");
    REQUIRE(s.engine().step_mode());
    h.click(s, "phone.login_button");
    for (int i = 0; i < 2000 && !s.engine().waiting_at(); ++i) {
        h.frame(s);
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    REQUIRE(s.engine().waiting_at());

    press_key(h, s, kF5);
    REQUIRE(s.ui.presenter.on);
    CHECK_FALSE(s.engine().step_mode());
    REQUIRE(h.wait_idle(s));
    REQUIRE(s.engine().last_result());
    CHECK(s.engine().last_result()->ok);  // the paused login went through
    CHECK(s.ui.presenter.live);
    // Not greyed out: Back moves, Next moves.
    const auto beat = s.ui.presenter.beat;
    REQUIRE(beat);
    press_key(h, s, ImGuiKey_LeftArrow);
    CHECK(s.ui.presenter.beat == *beat - 1);
    h.click(s, "presenter.next");
    CHECK(s.ui.presenter.beat == beat);

    press_key(h, s, ImGuiKey_Escape);
    CHECK(s.engine().step_mode());  // as the user left it
}

TEST_CASE("Reset closes the open scenario: no replay state, no replay tab label", "[presenter]") {
    Headless h;
    AppState s(in_process_config());
    show_and_leave_demo(h, s);
    h.frames(s, 2);
    h.click(s, "toolbar.reset");
    CHECK_FALSE(s.replay.loaded());
    CHECK(s.ui.presenter.demo_file.empty());
    CHECK(s.events().empty());
    press_key(h, s, kF5);  // nothing live to tell: the flow's first demo opens afresh
    CHECK(s.ui.presenter.on);
    CHECK_FALSE(s.ui.presenter.live);
    CHECK(s.replay.next == 0);
}

TEST_CASE("in presenter the phone shows no outcome before the beat that causes it, and the arrow is the beat's", "[presenter]") {
    Headless h;
    AppState s(in_process_config());
    h.click(s, "tab.faults");
    h.click(s, "faults.preset.code_been_used");
    tap(h, s, "phone.login_button");
    REQUIRE(h.has_probe("phone.error_modal"));

    press_key(h, s, kF5);
    REQUIRE(s.ui.presenter.live);
    press_key(h, s, ImGuiKey_Home);
    press_key(h, s, ImGuiKey_RightArrow);  // the first beat: wx.login has just started
    CHECK_FALSE(h.has_probe("phone.error_modal"));
    const std::vector<size_t> beats = presenter_beats(s.events());
    for (size_t b = 0; b < beats.size(); ++b) {
        INFO("beat " << b << " " << s.events()[beats[b]].kind);
        const Event& e = s.events()[beats[b]];
        const std::string arrow = h.probe("presenter.active_arrow").text;
        if (e.to)
            CHECK(arrow == std::to_string(beats[b]));
        else
            CHECK(arrow == "none");
        CHECK(h.has_probe("phone.error_modal") == (b + 1 == beats.size()));
        press_key(h, s, ImGuiKey_RightArrow);
    }
}

TEST_CASE("in presenter the phone's smallest text follows the presenter's type size, for a projector", "[presenter]") {
    Headless h(true, ImVec2(1920, 1080));
    AppState s(in_process_config());
    h.frames(s, 2);
    CHECK(std::stof(h.probe("phone.min_text_px").text) == Approx(12));
    REQUIRE(open_demo(s, first_demo(Flow::WeChatMp)));
    ImGui::GetIO().FontGlobalScale = 1.9f;  // presenter's type on 1080p (wanted_ui_scale)
    h.frames(s, 3);
    CHECK(std::stof(h.probe("phone.min_text_px").text) >= 0.6f * 15 * 1.9f);
    ImGui::GetIO().FontGlobalScale = 1.0f;
}
