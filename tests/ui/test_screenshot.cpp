// The real window: `loginscope screenshot` renders with GLFW + OpenGL 3 (under xvfb-run when there
// is no display) and writes the back buffer as a PNG. Skipped only when no display can be had.
#include "screenshot.hpp"

using namespace ls::gui::test;

TEST_CASE("screenshot of the real window shows the WeChat login page") {
    if (no_display()) return;
    const std::string out = shot("login", "");
    Png png(out);
    CHECK(png.w == 1280);
    CHECK(png.h == 720);
    CHECK(png.count_near(0x07, 0xC1, 0x60, 6) > 2000);  // the 微信一键登录 button
    CHECK(png.count_near(0xFF, 0xFF, 0xFF, 0) < png.w * png.h * 9 / 10);  // not blank
    std::remove(out.c_str());
}

TEST_CASE("screenshot after a failed scenario shows the failure dialog over the page") {
    if (no_display()) return;
    const std::string out = shot("reused", std::string("--scenario ") + LOGINSCOPE_ASSETS + "/scenarios/wechat-mp/code-reused.json");
    Png png(out);
    CHECK(png.w == 1280);
    CHECK(png.h == 720);
    CHECK(png.count_near(0x57, 0x6B, 0x95, 16) > 8);  // the dialog's 确定 (wx.showModal confirmColor)
    std::remove(out.c_str());
}
