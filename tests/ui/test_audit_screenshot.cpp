// The Audit tab after a run in a real window (GLFW + OpenGL 3 under Xvfb + Mesa), the failed check's
// exchange in the inspector: 1280x720 and 1600x1000, light and dark, English and Chinese. Without a
// display the test runs itself again under xvfb-run. The PNGs stay in the temp directory for looking
// at (loginscope-ui-test-<pid>-audit-*.png).
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include "attached_backend.hpp"
#include "screenshot.hpp"

#include "gui/i18n.hpp"
#include "gui/window_gl.hpp"

using namespace ls;
using namespace ls::gui;
using namespace ls::gui::test;

namespace {

const char* kTestName = "the Audit tab after a run in a real window at 1280x720 and 1600x1000 in light and dark and in English and Chinese";

struct Shot {
    std::string name;
    int w, h;
    Theme theme;
    Lang lang;
    bool running = false;  // taken while the timeout check holds (the backend has no timeout of its own)
};
const std::vector<Shot> kShots = {
    {"1280-light", 1280, 720, Theme::Light, Lang::En},
    {"1280-dark", 1280, 720, Theme::Dark, Lang::En},
    {"1600-light", 1600, 1000, Theme::Light, Lang::En},
    {"1600-zh-dark", 1600, 1000, Theme::Dark, Lang::Zh},
    {"1280-running-light", 1280, 720, Theme::Light, Lang::En, true},
};

void frame(GLFWwindow* w, AppState& s) {
    glfwPollEvents();
    draw_one_frame(w, s);
    glfwSwapBuffers(w);
}

void write_frame(GLFWwindow* w, AppState& s, const std::string& out) {
    for (int i = 0; i < 8; ++i) {
        glfwPollEvents();
        draw_one_frame(w, s);
        if (i == 7) REQUIRE(write_back_buffer_png(w, out));
        glfwSwapBuffers(w);
    }
}

// A backend that leaks the session_key audited in the window; the failed check then shown in the
// inspector. Or the run under way, cancelled after the picture.
void render(const Shot& shot, const std::string& out) {
    AttachedShop shop(shot.running ? std::vector<std::string>{"leak-session-key", "no-timeout"} : std::vector<std::string>{"leak-session-key"});
    AppState& s = shop.s;
    GLFWwindow* w = open_window(shot.w, shot.h, false);
    REQUIRE_WINDOW(w);
    init_imgui(w, nullptr);
    hide_mouse_each_frame();
    s.ui.prefs.theme = shot.theme;
    s.ui.prefs.lang = shot.lang;
    s.ui.open_tab = BottomTab::Audit;
    frame(w, s);
    apply_audit_command(s, AuditCommand::Run);
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    const auto settled = [&] { return s.audit.run.report().checks.size(); };
    while (s.audit.run.running() && (!shot.running || settled() < 8) && std::chrono::steady_clock::now() < until) frame(w, s);
    if (shot.running) {
        REQUIRE(s.audit.run.running());
        s.audit.form.shown = 0;  // login-works: the backend's code2Session between the client's request and its reply
        write_frame(w, s, out);
        stop_audit(s);
    } else {
        REQUIRE_FALSE(s.audit.run.running());
        const std::vector<AuditCheck>& checks = s.audit.run.report().checks;
        for (size_t i = 0; i < checks.size(); ++i)
            if (checks[i].status == CheckStatus::Fail) s.audit.form.shown = i;
        REQUIRE(s.audit.form.shown);
        write_frame(w, s, out);
    }
    close_window(w);
    set_language(Lang::En);
}

}  // namespace

TEST_CASE(kTestName, "[audit_panel][screenshot]") {
    shoot_each(kTestName, "1700x1100", "audit", kShots, render, [](const Shot& shot, const Png& png) {
        CHECK(png.count_near(0x1A, 0x9E, 0x55, 4) > 3 * 60);  // PASS badges' green
        if (!shot.running) CHECK(png.count_near(0xD9, 0x36, 0x36, 4) > 2 * 60);  // the FAIL badges' red (the table's and the inspector's)
    });
}
