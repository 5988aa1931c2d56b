// Presenter mode in a real window (Xvfb + Mesa): both languages, both themes, projector sizes.
#include <cmath>
#include <cstdio>
#include <string>

#include "screenshot.hpp"

using namespace ls::gui::test;

namespace {

std::string presenter_shot(const std::string& name, const std::string& size, const std::string& extra) {
    const std::string out = temp_path(name, ".png");
    std::remove(out.c_str());
    const std::string cmd = std::string("\"") + LOGINSCOPE_BIN + "\" screenshot --out " + out + " --size " + size +
                            " --presenter --beats 4 " + extra + " >/dev/null";
    INFO(cmd);
    REQUIRE(std::system(cmd.c_str()) == 0);
    return out;
}


// Pixels that differ by more than `tol` on any channel between two same-sized images, in a region.
long differing(const Png& a, const Png& b, double y0, double y1, int tol = 40) {
    long n = 0;
    for (int y = int(y0 * a.h); y < int(y1 * a.h); ++y)
        for (int x = 0; x < a.w; ++x) {
            const unsigned char* p = a.px + (size_t(y) * size_t(a.w) + size_t(x)) * 4;
            const unsigned char* q = b.px + (size_t(y) * size_t(b.w) + size_t(x)) * 4;
            if (std::abs(p[0] - q[0]) > tol || std::abs(p[1] - q[1]) > tol || std::abs(p[2] - q[2]) > tol) ++n;
        }
    return n;
}

}  // namespace

TEST_CASE("presenter mode screenshots in both languages and both themes at projector sizes", "[presenter][screenshot]") {
    if (no_display()) return;
    const std::string en_light = presenter_shot("presenter-en-light", "1280x720", "--lang en --theme light");
    const std::string zh_light = presenter_shot("presenter-zh-light", "1280x720", "--lang zh --theme light");
    const std::string zh_dark = presenter_shot("presenter-zh-dark", "1920x1080", "--lang zh --theme dark");
    const std::string en_dark = presenter_shot("presenter-en-dark", "1920x1080", "--lang en --theme dark");
    const Png el(en_light), zl(zh_light), zd(zh_dark), ed(en_dark);
    CHECK(el.w == 1280);
    CHECK(el.h == 720);
    CHECK(zd.w == 1920);
    CHECK(zd.h == 1080);

    // The theme: the diagram and caption areas are light in light, dark in dark.
    CHECK(brightness(el, 0.4, 1.0, 0.8, 1.0) > 200);
    CHECK(brightness(zd, 0.4, 1.0, 0.8, 1.0) < 80);
    CHECK(brightness(ed, 0.4, 1.0, 0.8, 1.0) < 80);
    // The phone's screen stays light in the dark theme, as on a real phone.
    CHECK(brightness(zd, 0.03, 0.15, 0.3, 0.6) > 180);

    // The language: same beat, same size, different words in the bar, the diagram's heads and the caption.
    CHECK(differing(el, zl, 0.0, 0.08) > 500);
    CHECK(differing(el, zl, 0.75, 1.0) > 2000);

    // The active arrow's row is highlighted (the light theme's selection green).
    CHECK(el.count_near(0xDD, 0xF3, 0xE6, 8, el.w / 4) > 2000);
    // Large type on a projector: the caption's text covers a good part of its first lines.
    long ink = 0;
    for (int y = int(zd.h * 0.82); y < int(zd.h * 0.9); ++y)
        for (int x = 0; x < zd.w; ++x) {
            const unsigned char* p = zd.px + (size_t(y) * size_t(zd.w) + size_t(x)) * 4;
            if (p[0] > 150) ++ink;  // light text on the dark caption
        }
    CHECK(ink > 3000);
    for (const std::string& f : {en_light, zh_light, zh_dark, en_dark}) std::remove(f.c_str());
}
