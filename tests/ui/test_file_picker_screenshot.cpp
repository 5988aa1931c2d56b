// The in-app file browser in a real window (GLFW + OpenGL 3 under Xvfb + Mesa): 1366x768 and 1024x700,
// light and dark, and Chinese. Without a display the test runs itself again under xvfb-run. The PNGs
// stay in the temp directory for looking at (loginscope-ui-test-<pid>-file-browser-*.png).
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <fstream>
#include <vector>

#include "screenshot.hpp"
#include "session_helpers.hpp"

#include "gui/i18n.hpp"
#include "gui/session.hpp"
#include "gui/window_gl.hpp"

using namespace ls;
using namespace ls::gui;
using namespace ls::gui::test;
namespace fs = std::filesystem;

namespace {

const char* kTestName = "the in-app file browser in a real window at 1366x768 and 1024x700 in light and dark and in Chinese";

struct Shot {
    std::string name;
    int w, h;
    Theme theme;
    Lang lang;
    bool save_over = false;  // Save over an existing file: the question
};
const std::vector<Shot> kShots = {
    {"1366-light", 1366, 768, Theme::Light, Lang::En}, {"1366-dark", 1366, 768, Theme::Dark, Lang::En},
    {"1024-light", 1024, 700, Theme::Light, Lang::En}, {"1024-dark", 1024, 700, Theme::Dark, Lang::En},
    {"1024-zh-dark", 1024, 700, Theme::Dark, Lang::Zh},   {"1366-save-light", 1366, 768, Theme::Light, Lang::En, true},
    {"1024-zh-save-light", 1024, 700, Theme::Light, Lang::Zh, true},
};


// The Scenario tab with the browser open on a folder of scenarios, one file selected, one recent.
void render(const Shot& shot, const std::string& out) {
    TempDir dir("file-browser-shot");
    for (const char* folder : {"demos", "exports", "recordings"}) fs::create_directories(dir / folder);
    for (const char* file : {"checksession-ok.json", "login-code-reused.json", "univerify-close.json"})
        fs::copy_file(std::string(LOGINSCOPE_ASSETS) + "/scenarios/session-api/checksession-ok.json", dir / file);
    std::ofstream(dir / "notes.txt") << "hidden by the filter\n";
    GLFWwindow* w = open_window(shot.w, shot.h, false);
    REQUIRE_WINDOW(w);
    init_imgui(w, nullptr);
    hide_mouse_each_frame();
    {
        AppState s(in_process_config());
        s.ui.prefs.theme = shot.theme;
        s.ui.prefs.lang = shot.lang;
        s.ui.open_tab = BottomTab::Scenario;
        remember(s.ui.prefs.recent.scenarios, dir / "login-code-reused.json");
        s.ui.session.open_path = dir / "checksession-ok.json";
        set_language(shot.lang);  // as every frame sets it: the request's title is in the interface's language
        s.ui.session.save_path = dir / "checksession-ok.json";
        run_session_command(s, shot.save_over ? SessionCommand::BrowseSavePath : SessionCommand::BrowseOpenPath);
        REQUIRE(s.ui.picker.browser());
        s.ui.picker.browser()->select(3);  // the first file after the three folders
        if (shot.save_over) {
            s.ui.picker.browser()->accept();
            REQUIRE(s.ui.picker.browser()->overwrite());
        }
        for (int frame = 0; frame < 8; ++frame) {
            glfwPollEvents();
            draw_one_frame(w, s);
            if (frame == 7) REQUIRE(write_back_buffer_png(w, out));
            glfwSwapBuffers(w);
        }
    }
    close_window(w);
    set_language(Lang::En);
}


}  // namespace

TEST_CASE(kTestName, "[file_picker][screenshot]") {
    shoot_each(kTestName, "1400x800", "file-browser", kShots, render, [](const Shot& shot, const Png& png) {
        // The browser's list in the middle: light on light, dark on dark, over a dimmed window.
        const double list = brightness(png, 0.35, 0.65, 0.35, 0.6);
        if (shot.theme == Theme::Light)
            CHECK(list > 200);
        else
            CHECK(list < 90);
        // The three folders drawn as folder icons.
        CHECK(png.count_near(0xE3, 0xA3, 0x2E, 10) > 3 * 40);
    });
}
