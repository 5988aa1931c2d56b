// The real window: `loginscope screenshot` renders with GLFW + OpenGL 3 (under xvfb-run when there
// is no display) and writes the back buffer as a PNG. Skipped only when no display can be had.
#include <cstdio>
#include <cstdlib>
#include <string>

#include <stb/stb_image.h>
#include <unistd.h>

#include <catch2/catch.hpp>

namespace {

bool can_display() {
    const char* d = std::getenv("DISPLAY");
    return (d && *d) || std::system("command -v xvfb-run >/dev/null 2>&1") == 0;
}

struct Png {
    int w = 0, h = 0;
    unsigned char* px = nullptr;
    explicit Png(const std::string& path) { px = stbi_load(path.c_str(), &w, &h, nullptr, 4); }
    ~Png() { stbi_image_free(px); }
    int count_near(int r, int g, int b, int tol) const {
        int n = 0;
        for (int i = 0; i < w * h; ++i) {
            const unsigned char* p = px + size_t(i) * 4;
            if (std::abs(p[0] - r) <= tol && std::abs(p[1] - g) <= tol && std::abs(p[2] - b) <= tol) ++n;
        }
        return n;
    }
};

std::string shot(const std::string& name, const std::string& extra) {
    const std::string out = "/tmp/loginscope-ui-test-" + std::to_string(getpid()) + "-" + name + ".png";
    std::remove(out.c_str());
    const std::string cmd = std::string("\"") + LOGINSCOPE_BIN + "\" screenshot --out " + out + " --size 1280x720 " + extra;
    INFO(cmd);
    REQUIRE(std::system(cmd.c_str()) == 0);
    return out;
}

}  // namespace

TEST_CASE("screenshot of the real window shows the WeChat login page") {
    if (!can_display()) {
        WARN("skipped: neither DISPLAY nor xvfb-run is available (apt-get install xvfb)");
        return;
    }
    const std::string out = shot("login", "");
    Png png(out);
    REQUIRE(png.px != nullptr);
    CHECK(png.w == 1280);
    CHECK(png.h == 720);
    CHECK(png.count_near(0x07, 0xC1, 0x60, 6) > 2000);  // the 微信一键登录 button
    CHECK(png.count_near(0xFF, 0xFF, 0xFF, 0) < png.w * png.h * 9 / 10);  // not blank
    std::remove(out.c_str());
}

TEST_CASE("screenshot after a failed scenario shows the failure dialog over the page") {
    if (!can_display()) {
        WARN("skipped: neither DISPLAY nor xvfb-run is available (apt-get install xvfb)");
        return;
    }
    const std::string out = shot("reused", std::string("--scenario ") + LOGINSCOPE_ASSETS + "/scenarios/wechat-mp/code-reused.json");
    Png png(out);
    REQUIRE(png.px != nullptr);
    CHECK(png.w == 1280);
    CHECK(png.h == 720);
    CHECK(png.count_near(0x57, 0x6B, 0x95, 16) > 8);  // the dialog's 确定 (wx.showModal confirmColor)
    std::remove(out.c_str());
}
