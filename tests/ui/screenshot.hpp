#pragma once
// Real-window screenshots for UI tests: run `loginscope screenshot` (under xvfb-run when there is
// no display) and read the PNG back with stb_image.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include <stb/stb_image.h>
#include <unistd.h>

#include <catch2/catch.hpp>

namespace ls::gui::test {

inline bool can_display() {
    const char* d = std::getenv("DISPLAY");
    return (d && *d) || std::system("command -v xvfb-run >/dev/null 2>&1") == 0;
}

// True, with a warning that the test is skipped, where neither DISPLAY nor xvfb-run is available.
inline bool no_display() {
    if (can_display()) return false;
    WARN("skipped: neither DISPLAY nor xvfb-run is available (apt-get install xvfb)");
    return true;
}

// What a real-window test prints when GLFW gives it no window (see rerun_self_under_xvfb).
constexpr const char* kNoWindow = "loginscope-test: GLFW opened no window";

// The window for a real-window test; the test stops, saying so on stderr, when there is none.
#define REQUIRE_WINDOW(w)                                       \
    do {                                                        \
        if (!(w)) std::fprintf(stderr, "%s\n", kNoWindow);      \
        REQUIRE(w);                                             \
    } while (0)

struct Png {
    int w = 0, h = 0;
    unsigned char* px = nullptr;
    // Reads `path` as RGBA; the test stops here when it cannot.
    explicit Png(const std::string& path) {
        px = stbi_load(path.c_str(), &w, &h, nullptr, 4);
        INFO("reading " << path);
        REQUIRE(px != nullptr);
    }
    ~Png() { stbi_image_free(px); }
    Png(const Png&) = delete;
    Png& operator=(const Png&) = delete;
    // Pixels within `tol` per channel of (r, g, b), in columns [x0, x1) (default: all).
    int count_near(int r, int g, int b, int tol, int x0 = 0, int x1 = -1) const {
        if (x1 < 0) x1 = w;
        int n = 0;
        for (int y = 0; y < h; ++y)
            for (int x = x0; x < x1; ++x) {
                const unsigned char* p = px + (size_t(y) * size_t(w) + size_t(x)) * 4;
                if (std::abs(p[0] - r) <= tol && std::abs(p[1] - g) <= tol && std::abs(p[2] - b) <= tol) ++n;
            }
        return n;
    }
};

// Mean brightness (0…255) of the rectangle [x0, x1) × [y0, y1), in fractions of the image.
inline double brightness(const Png& p, double x0, double x1, double y0, double y1) {
    double sum = 0;
    long n = 0;
    for (int y = int(y0 * p.h); y < int(y1 * p.h); ++y)
        for (int x = int(x0 * p.w); x < int(x1 * p.w); ++x) {
            const unsigned char* px = p.px + (size_t(y) * size_t(p.w) + size_t(x)) * 4;
            sum += (px[0] + px[1] + px[2]) / 3.0;
            ++n;
        }
    return n ? sum / double(n) : 0;
}

inline std::string temp_path(const std::string& name, const std::string& ext) {
    const std::string dir = std::filesystem::temp_directory_path().string();
    return dir + "/loginscope-ui-test-" + std::to_string(getpid()) + "-" + name + ext;
}

// A scenario file for `--scenario`, removed by the caller.
inline std::string write_scenario(const std::string& name, const std::string& json) {
    const std::string path = temp_path(name, ".json");
    std::ofstream(path) << json;
    return path;
}

// The one way a real-window test without a display runs itself again under `xvfb-run -a` on a
// `screen` ("WxH"), by its own name (no commas in it: Catch2 splits a filter there), with
// LOGINSCOPE_SHOT_PREFIX=`prefix`. The child's output goes to a log, shown when it fails. A failed
// child is tried once more, its first output kept as a warning: two xvfb-run -a started together can
// race for one server number (xvfb-run's own error, or no window in the child), and a CI run once saw
// the child fail in 0.27 s with its output lost. A test that fails twice fails.
inline void rerun_self_under_xvfb(const std::string& test_name, const std::string& screen, const std::string& prefix) {
    REQUIRE_FALSE(std::getenv("LOGINSCOPE_UNDER_XVFB"));  // xvfb-run gave no display
    const std::string log = prefix + "-xvfb.log";
    const std::string cmd = "LOGINSCOPE_UNDER_XVFB=1 LOGINSCOPE_SHOT_PREFIX=" + prefix + " xvfb-run -a -s '-screen 0 " + screen +
                            "x24' /proc/" + std::to_string(getpid()) + "/exe '" + test_name + "' >" + log + " 2>&1";
    const auto output = [&] {
        std::ifstream in(log);
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    };
    int rc = std::system(cmd.c_str());
    if (rc != 0) {
        const std::string first = output();
        WARN("the run under xvfb-run failed" << (first.find(kNoWindow) != std::string::npos ? " (no window)" : "")
                                             << "; once more. Its output:\n" << first);
        rc = std::system(cmd.c_str());
    }
    INFO(cmd << "\n" << output());
    REQUIRE(rc == 0);
    std::remove(log.c_str());
}

// The picture of one shot of a real-window test: PREFIX-NAME.png.
inline std::string shot_png(const std::string& prefix, const std::string& name) { return prefix + "-" + name + ".png"; }

// Where a real-window test writes its pictures (LOGINSCOPE_SHOT_PREFIX, else temp_path(tag)), when it
// has a display. Without one it runs itself again under xvfb-run on `screen`, checks that the child
// wrote a picture per shot, and answers nothing: the caller's work is then done.
template <class Shots>
std::optional<std::string> window_or_rerun(const std::string& test_name, const std::string& screen, const std::string& tag, const Shots& shots) {
    const char* display = std::getenv("DISPLAY");
    if (display && *display) {
        const char* prefix = std::getenv("LOGINSCOPE_SHOT_PREFIX");
        return prefix ? std::string(prefix) : temp_path(tag, "");
    }
    if (no_display()) return std::nullopt;
    rerun_self_under_xvfb(test_name, screen, temp_path(tag, ""));
    for (const auto& shot : shots) CHECK(std::filesystem::exists(shot_png(temp_path(tag, ""), shot.name)));
    return std::nullopt;
}

// A real-window test's run: each shot drawn by `render(shot, png_path)`, read back, its size
// checked, then `look(shot, png)` — in this process when it has a display, else in a second run of
// the test under xvfb-run (window_or_rerun).
template <class Shots, class Render, class Look>
void shoot_each(const std::string& test_name, const std::string& screen, const std::string& tag, const Shots& shots,
                Render render, Look look) {
    const std::optional<std::string> prefix = window_or_rerun(test_name, screen, tag, shots);
    if (!prefix) return;
    for (const auto& shot : shots) {
        INFO(shot.name);
        const std::string out = shot_png(*prefix, shot.name);
        render(shot, out);
        const Png png(out);
        CHECK(png.w == shot.w);
        CHECK(png.h == shot.h);
        look(shot, png);
    }
}

inline std::string shot(const std::string& name, const std::string& extra) {
    const std::string out = temp_path(name, ".png");
    std::remove(out.c_str());
    const std::string cmd = std::string("\"") + LOGINSCOPE_BIN + "\" screenshot --out " + out + " --size 1280x720 " + extra;
    INFO(cmd);
    REQUIRE(std::system(cmd.c_str()) == 0);
    return out;
}

// A screenshot after the scenario `json` has played (its file removed again): the PNG's path.
inline std::string scenario_shot(const std::string& name, const std::string& json) {
    const std::string file = write_scenario(name, json);
    const std::string out = shot(name, "--scenario " + file);
    std::remove(file.c_str());
    return out;
}

}  // namespace ls::gui::test
