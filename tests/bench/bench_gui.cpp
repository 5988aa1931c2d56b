// GUI figures, headless (no window, no GPU): the frame build is what the UI thread does each frame
// (NewFrame, every panel, Render into draw lists); the GPU upload is not included.
#include "bench_gui.hpp"

#include <algorithm>
#include <chrono>
#include <vector>

#include <cstdio>

#include "gui/app_state.hpp"
#include "gui/gui.hpp"
#include "gui/frame.hpp"
#include "gui/style.hpp"
#include "imgui.h"

namespace ls::bench {

namespace {
using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

ImGuiContext* headless_context(bool real_fonts) {
    ImGuiContext* ctx = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(1280, 720);
    io.DeltaTime = 1.0f / 60.0f;
    io.IniFilename = nullptr;
    for (int n = 0; n < ImGuiKey_COUNT; ++n) io.KeyMap[n] = n;
    if (real_fonts) {
        gui::apply_theme(ImGui::GetStyle());
        gui::load_fonts(io);
    }
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    return ctx;
}

struct Percentiles { double p50, p99; };
Percentiles percentiles(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return {v[v.size() / 2], v[std::min(v.size() - 1, v.size() * 99 / 100)]};
}

// Frame times over every bottom tab in turn, with the inspector following the newest step.
std::vector<double> frame_times(gui::AppState* state, int frames) {
    const gui::BottomTab tabs[] = {gui::BottomTab::Timeline, gui::BottomTab::Sequence, gui::BottomTab::Console,
                                   gui::BottomTab::Faults};
    std::vector<double> out;
    for (int i = 0; i < frames; ++i) {
        if (state && i % 50 == 0) state->ui.open_tab = tabs[(i / 50) % 4];
        const auto t = Clock::now();
        ImGui::NewFrame();
        if (state) gui::draw_frame(*state);
        ImGui::Render();
        if (i >= 4) out.push_back(ms_since(t));
    }
    return out;
}

void frame_build(Line line) {
    EngineConfig cfg;
    cfg.transport = TransportMode::InProcess;
    cfg.app.policy.quota_per_user_minute = 1 << 30;
    gui::AppState state(cfg);
    while (state.engine().journal().size() < 100000) state.engine().login();
    ImGuiContext* ctx = headless_context(true);
    frame_times(&state, 3);  // the first sync copies all 100,000 events once
    const Percentiles gui = percentiles(frame_times(&state, 400));
    const Percentiles empty = percentiles(frame_times(nullptr, 400));
    ImGui::DestroyContext(ctx);
    line("frame build p50 (100k events)", gui.p50, "ms", empty.p50, "empty ImGui frame p50", 4, false);
    line("frame build p99 (100k events)", gui.p99, "ms", empty.p99, "empty ImGui frame p99", 4, false);
}

// From nothing to the first whole frame: engine with its loopback servers, CJK font atlas, layout.
void first_frame(Line line) {
    auto t = Clock::now();
    {
        gui::AppState state(EngineConfig{});
        ImGuiContext* ctx = headless_context(true);
        frame_times(&state, 1);
        ImGui::DestroyContext(ctx);
    }
    const double ours = ms_since(t);
    t = Clock::now();
    {
        ImGuiContext* ctx = headless_context(false);
        frame_times(nullptr, 1);
        ImGui::DestroyContext(ctx);
    }
    line("time to first frame (headless)", ours, "ms", ms_since(t), "bare ImGui, default font", 500, false);
    const auto window = gui::time_to_first_frame_ms(false), bare = gui::time_to_first_frame_ms(true);
    if (window && bare)
        line("time to first frame (real window)", *window, "ms", *bare, "bare GLFW window, empty frame", 500, false);
    else
        std::printf("time to first frame (real window): no display — run under xvfb-run -a for this figure\n");
}
}  // namespace

void gui_figures(double, Line line) {
    frame_build(line);
    first_frame(line);
}

}  // namespace ls::bench
