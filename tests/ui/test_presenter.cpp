// Presenter mode, the Demos menu, preferences (language, theme, scale) and the narration in the
// inspector, headless: what a teacher and a demo-giver rely on.
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "harness.hpp"

#include "gui/i18n.hpp"
#include "gui/phone_canvas.hpp"
#include "gui/presenter.hpp"
#include "gui/settings.hpp"
#include "loginscope/demos.hpp"
#include "loginscope/narration.hpp"

namespace fs = std::filesystem;
using namespace ls;
using namespace ls::gui;
using namespace ls::gui::test;

namespace {

// The language is a process global: every test leaves it English.
struct EnglishAfter {
    ~EnglishAfter() { set_language(Lang::En); }
};

const Demo& first_demo(Flow f) {
    const auto list = demos_for(f);
    REQUIRE_FALSE(list.empty());
    return *list.front();
}

bool has_cjk(const std::string& s) {
    for (unsigned char c : s)
        if (c >= 0xE4 && c <= 0xE9) return true;  // lead bytes of U+4000…U+9FFF
    return false;
}

}  // namespace

TEST_CASE("F5 enters presenter mode on the flow's first demo and Esc leaves it with the scenario open", "[presenter]") {
    Headless h;
    AppState s(in_process_config());
    h.frames(s, 2);
    press_key(h, s, 294 /* GLFW_KEY_F5 */);
    REQUIRE(s.ui.presenter.on);
    REQUIRE(s.replay.loaded());
    CHECK(s.ui.presenter.demo_file == first_demo(Flow::WeChatMp).file);
    CHECK_FALSE(s.ui.presenter.beat);  // the title card
    CHECK(h.has_probe("presenter.next"));
    CHECK_FALSE(h.has_probe("toolbar.login"));  // the workbench is hidden
    press_key(h, s, ImGuiKey_Escape);
    CHECK_FALSE(s.ui.presenter.on);
    CHECK(s.replay.loaded());
    CHECK(h.has_probe("toolbar.login"));
}

TEST_CASE("Next tells a demo beat by beat with narration and the diagram grows with it", "[presenter]") {
    Headless h;
    AppState s(in_process_config());
    REQUIRE(open_demo(s, first_demo(Flow::WeChatMp)));
    h.frames(s, 2);
    press_key(h, s, ImGuiKey_RightArrow);  // runs the first step
    settle_presenter(h, s);
    REQUIRE(s.ui.presenter.beat == size_t(0));
    const std::vector<size_t> beats = presenter_beats(s.events());
    REQUIRE(beats.size() > 3);
    const std::string first_caption = h.probe("presenter.caption").text;
    CHECK(first_caption == narrate(s.events()[beats[0]], Flow::WeChatMp, Lang::En));
    CHECK(h.probe("presenter.active_step").text == "0");
    const int shown_first = std::stoi(h.probe("sequence.count").text);

    press_key(h, s, ImGuiKey_RightArrow);
    press_key(h, s, ImGuiKey_PageDown);  // a clicker's "next"
    CHECK(s.ui.presenter.beat == size_t(2));
    CHECK(h.probe("presenter.caption").text != first_caption);
    CHECK(std::stoi(h.probe("sequence.count").text) >= shown_first);
    // Within one step, Back needs no replay: the world stays as it is.
    const size_t events = s.events().size();
    press_key(h, s, ImGuiKey_LeftArrow);
    CHECK(s.ui.presenter.beat == size_t(1));
    CHECK(s.events().size() == events);
    CHECK_FALSE(s.ui.presenter.rewind_to);
}

TEST_CASE("Back across a step replays the world up to the beat before and Home restarts", "[presenter]") {
    Headless h;
    AppState s(in_process_config());
    REQUIRE(open_demo(s, first_demo(Flow::WeChatMp)));
    REQUIRE(s.replay.scenario->steps.size() >= 2);
    h.frames(s, 2);
    // Through the first step's beats into the second step.
    size_t guard = 0;
    while (s.ui.presenter.step_starts.size() < 2 && guard++ < 200) {
        press_key(h, s, ImGuiKey_RightArrow);
        settle_presenter(h, s);
    }
    REQUIRE(s.ui.presenter.step_starts.size() == 2);
    const size_t second_start = s.ui.presenter.step_starts[1];
    REQUIRE(s.ui.presenter.beat == second_start);
    const size_t events_after_first = s.events()[presenter_beats(s.events())[second_start]].seq;  // first event of step 2's beats

    press_key(h, s, ImGuiKey_LeftArrow);  // back into step 1: the world goes back too
    settle_presenter(h, s);
    CHECK(s.ui.presenter.beat == second_start - 1);
    CHECK(s.ui.presenter.step_starts.size() == 1);
    CHECK(s.events().size() <= events_after_first);  // nothing of step 2 has happened now
    CHECK(s.replay.next == 1);

    press_key(h, s, ImGuiKey_Home);
    settle_presenter(h, s);
    CHECK_FALSE(s.ui.presenter.beat);
    CHECK(s.replay.next == 0);
    CHECK(presenter_beats(s.events()).empty());
}

TEST_CASE("Space auto-plays at the chosen pace and stops at the end", "[presenter]") {
    Headless h;
    AppState s(in_process_config());
    REQUIRE(open_demo(s, first_demo(Flow::WeChatMp)));
    s.ui.prefs.pace_s = 1.0f;
    h.frames(s, 2);
    press_key(h, s, ImGuiKey_Space);
    settle_presenter(h, s);
    REQUIRE(s.ui.presenter.playing);
    REQUIRE(s.ui.presenter.beat == size_t(0));
    // 1/60 s per frame: the next beat comes after 60 frames, not before.
    h.frames(s, 50);
    CHECK(s.ui.presenter.beat == size_t(0));
    h.frames(s, 15);
    settle_presenter(h, s);
    CHECK(s.ui.presenter.beat >= size_t(1));
    // To the end: every step run, then playing stops by itself.
    for (int i = 0; i < 20000 && s.ui.presenter.playing; ++i) {
        h.frame(s);
        if (s.in_flight()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    CHECK_FALSE(s.ui.presenter.playing);
    CHECK(s.replay.next == s.replay.scenario->steps.size());
    CHECK(s.ui.presenter.beat == presenter_beats(s.events()).size() - 1);
}

TEST_CASE("presenter mode asks for large crisp fonts for a projector", "[presenter]") {
    AppState s(in_process_config());
    CHECK(wanted_ui_scale(s, 720, 1) == Approx(1.0f));
    s.ui.prefs.ui_scale = 1.5f;
    CHECK(wanted_ui_scale(s, 720, 1) == Approx(1.5f));
    CHECK(wanted_ui_scale(s, 720, 2) == Approx(3.0f));  // a high-DPI screen
    s.ui.prefs.ui_scale = 1.0f;
    s.ui.presenter.on = true;
    CHECK(wanted_ui_scale(s, 720, 1) == Approx(1.25f));
    CHECK(wanted_ui_scale(s, 1080, 1) == Approx(1.9f));  // 1.875, rounded to 1/20
    CHECK(wanted_ui_scale(s, 1080, 2) > wanted_ui_scale(s, 1080, 1));
}

TEST_CASE("presenter mode lays out at 1280x720 and 1920x1080 without overlap", "[presenter]") {
    for (ImVec2 size : {ImVec2(1280, 720), ImVec2(1920, 1080)}) {
        Headless h(false, size);
        const PresenterLayout L = compute_presenter_layout(size);
        INFO(size.x << "x" << size.y);
        CHECK(L.phone_size.x >= 240);
        CHECK(L.sequence_size.x >= size.x * 0.5f);
        CHECK(L.caption_size.y >= ImGui::GetFontSize() * 6);
        CHECK(L.caption_pos.y + L.caption_size.y == Approx(size.y));
        CHECK(L.sequence_pos.x == Approx(L.phone_pos.x + L.phone_size.x));
        CHECK(L.phone_pos.y == Approx(L.bar_pos.y + L.bar_size.y));
    }
}

TEST_CASE("every flow's demos open in presenter mode and tell their first step", "[presenter][demos]") {
    EnglishAfter restore;
    Headless h;
    for (const Demo& d : demos()) {
        INFO(d.file);
        EngineConfig cfg = in_process_config();
        cfg.flow = d.flow;
        AppState s(cfg);
        h.frames(s, 1);
        REQUIRE(open_demo(s, d));
        press_key(h, s, ImGuiKey_RightArrow);
        settle_presenter(h, s);
        CHECK(s.ui.presenter.beat == size_t(0));
        CHECK_FALSE(h.probe("presenter.caption").text.empty());
    }
}

TEST_CASE("the Demos menu lists each flow's demos and one opens in presenter mode", "[presenter][demos]") {
    Headless h;
    AppState s(in_process_config());
    h.click(s, "menu.demos");
    REQUIRE(h.has_probe("menu.demos.wechat-mp"));
    REQUIRE(h.has_probe("menu.demos.univerify"));
    // The flow's submenu opens on hover; then its first demo is clicked.
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = h.probe("menu.demos.wechat-mp").center();
    h.frames(s, 3);
    const Demo& d = first_demo(Flow::WeChatMp);
    const std::string item = std::string("menu.demo.") + d.file;
    REQUIRE(h.has_probe(item));
    io.MousePos = h.probe(item).center();
    h.frames(s, 2);
    io.MouseDown[0] = true;
    h.frame(s);
    io.MouseDown[0] = false;
    h.frames(s, 2);
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    CHECK(s.ui.presenter.on);
    CHECK(s.ui.presenter.demo_file == d.file);
    CHECK(h.probe("presenter.where").text.find("step 0 of") != std::string::npos);
}

TEST_CASE("the language switch turns the interface Chinese live and keeps the open tab", "[language][presenter]") {
    EnglishAfter restore;
    Headless h(true);
    AppState s(in_process_config());
    s.ui.open_tab = BottomTab::Faults;
    h.frames(s, 3);
    const ImVec2 faults_tab = h.probe("tab.faults").center();
    h.click(s, "menu.language");
    CHECK(s.ui.prefs.lang == Lang::Zh);
    CHECK(language() == Lang::Zh);
    h.frames(s, 2);
    CHECK(h.has_probe("faults.preset.code_been_used"));  // still the Faults tab
    CHECK(h.probe("tab.faults").center().y == Approx(faults_tab.y));
    // The toolbar's Login button is 登录 now and still works.
    tap(h, s, "toolbar.login");
    CHECK_FALSE(s.events().empty());
    // The inspector narrates in Chinese.
    CHECK(has_cjk(h.probe("inspector.narration").text));
    h.click(s, "menu.language");
    CHECK(s.ui.prefs.lang == Lang::En);
    h.frames(s, 1);
    CHECK_FALSE(has_cjk(h.probe("inspector.narration").text));
}

TEST_CASE("the dark theme switches the style live and back", "[presenter][theme]") {
    Headless h;
    AppState s(in_process_config());
    h.frames(s, 1);
    CHECK(ImGui::GetStyle().Colors[ImGuiCol_WindowBg].x > 0.9f);
    Intents in;
    Preferences p = s.ui.prefs;
    p.theme = Theme::Dark;
    in.prefs = p;
    apply_intents(s, in);
    h.frames(s, 1);
    CHECK(ImGui::GetStyle().Colors[ImGuiCol_WindowBg].x < 0.2f);
    CHECK(ImGui::GetStyle().Colors[ImGuiCol_Text].x > 0.8f);
    p.theme = Theme::Light;
    in.prefs = p;
    apply_intents(s, in);
    h.frames(s, 1);
    CHECK(ImGui::GetStyle().Colors[ImGuiCol_WindowBg].x > 0.9f);
}

TEST_CASE("a flaw's step is marked red in the inspector and its narration names the attack", "[presenter][flaws]") {
    EnglishAfter restore;
    Headless h;
    EngineConfig cfg = in_process_config();
    cfg.app.flaws.insert(Flaw::LeakSessionKey);
    AppState s(cfg);
    tap(h, s, "toolbar.login");
    std::optional<size_t> flaw_event;
    for (size_t i = 0; i < s.events().size(); ++i)
        if (flaw_shown_by(s.events()[i]) == Flaw::LeakSessionKey) flaw_event = i;
    REQUIRE(flaw_event);
    s.ui.follow_latest = false;
    s.ui.selected_event = flaw_event;
    h.frames(s, 2);
    CHECK(h.probe("inspector.flaw_row." + std::to_string(*flaw_event)).text == "leak-session-key");
    CHECK_THAT(h.probe("inspector.narration").text, Catch::Contains(flaw_attack(Flaw::LeakSessionKey, Lang::En)));
    set_language(Lang::Zh);
    s.ui.prefs.lang = Lang::Zh;
    h.frames(s, 1);
    CHECK_THAT(h.probe("inspector.narration").text, Catch::Contains(flaw_attack(Flaw::LeakSessionKey, Lang::Zh)));
    // The reply that carried session_key to the client is marked too, and explained by the flaw,
    // not by the usual "only its own token" narration.
    std::optional<size_t> reply;
    for (size_t i = *flaw_event; i < s.events().size(); ++i) {
        const Event& e = s.events()[i];
        if (e.kind == "http.response" && e.actor == Actor::DevServer && e.to == Actor::Client) reply = i;
    }
    REQUIRE(reply);
    CHECK_THAT(s.events()[*reply].http->response_body, Catch::Contains("session_key"));
    s.ui.selected_event = reply;
    h.frames(s, 2);
    CHECK(h.probe("inspector.flaw_row." + std::to_string(*reply)).text == "leak-session-key");
    CHECK_THAT(h.probe("inspector.narration").text, Catch::Contains(flaw_attack(Flaw::LeakSessionKey, Lang::Zh)));
    // Without the flaw the same reply is an ordinary step.
    AppState sound(in_process_config());
    h.click(sound, "toolbar.login");
    REQUIRE(h.wait_idle(sound));
    for (size_t i = 0; i < sound.events().size(); ++i) CHECK_FALSE(flaw_mark(sound.events(), i));
}

TEST_CASE("language, theme, scale and pace are remembered in the config directory", "[presenter][settings]") {
    const fs::path root = fs::temp_directory_path() / ("loginscope-prefs-" + std::to_string(getpid()));
    fs::remove_all(root);
    const char* old = std::getenv("XDG_CONFIG_HOME");
    const std::string keep = old ? old : "";
    setenv("XDG_CONFIG_HOME", root.c_str(), 1);
    GuiSettings s;
    s.prefs.lang = Lang::Zh;
    s.prefs.theme = Theme::Dark;
    s.prefs.ui_scale = 1.5f;
    s.prefs.pace_s = 7;
    save_settings(s);
    const GuiSettings back = load_settings();
    CHECK(back.prefs == s.prefs);
    // A bad field keeps its default, the others still apply.
    std::ofstream(root / "loginscope" / "settings.json")
        << R"({"language":"fr","theme":"dark","ui_scale":"big","presenter_pace_s":500})";
    const GuiSettings partly = load_settings();
    CHECK(partly.prefs.lang == Lang::En);
    CHECK(partly.prefs.theme == Theme::Dark);
    CHECK(partly.prefs.ui_scale == 1.0f);
    CHECK(partly.prefs.pace_s == kMaxPace);
    CHECK_FALSE(fs::exists(fs::current_path() / "settings.json"));
    if (old) setenv("XDG_CONFIG_HOME", keep.c_str(), 1);
    else unsetenv("XDG_CONFIG_HOME");
    fs::remove_all(root);
}

TEST_CASE("the optional English gloss explains the phone's Chinese and the dialogs stay Chinese", "[presenter][gloss]") {
    CHECK(english_gloss("微信一键登录") == "Log in with WeChat");
    CHECK(english_gloss("登录态剩余 2 h 00 min") == "Session left 2 h 00 min");
    CHECK(english_gloss("no such line") == "");
    Headless h(true);
    AppState s(in_process_config());
    h.frames(s, 3);
    CHECK_FALSE(h.has_probe("phone.gloss"));
    s.ui.prefs.phone_gloss = true;
    h.frames(s, 2);
    const std::string gloss = h.probe("phone.gloss").text;
    CHECK_THAT(gloss, Catch::Contains("Log in with WeChat"));
    CHECK_THAT(gloss, Catch::Contains("Not now"));
    // Hovering the page's login button shows its English.
    ImGui::GetIO().MousePos = h.probe("phone.login_button").center();
    h.frames(s, 2);
    CHECK(h.probe("phone.gloss.hovered").text == "Log in with WeChat");
    ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
}
