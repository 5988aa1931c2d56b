#include "frame_pacing.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "imgui.h"

#include "app_state.hpp"

namespace ls::gui {

namespace {

std::atomic<bool> g_wake{false};  // input arrived or the worker finished since the last frame

double seconds(FramePacer::Clock::duration d) { return std::chrono::duration<double>(d).count(); }

void note_input(GLFWwindow*) { g_wake = true; }

// A mouse button or key is down.
bool input_held() {
    const ImGuiIO& io = ImGui::GetIO();
    for (bool down : io.MouseDown)
        if (down) return true;
    for (bool down : io.KeysDown)
        if (down) return true;
    return false;
}

}  // namespace

FrameDemand frame_demand(AppState& s) {
    Engine& e = s.engine();
    const PresenterState& p = s.ui.presenter;
    FrameDemand d;
    d.clock_running = e.clock().running();
    d.worker_moving = s.in_flight() && !e.waiting_at();
    d.session_stepping = (s.replay.running && !s.in_flight()) || (p.on && (p.awaiting_step || p.rewind_to));
    if (p.on && p.playing) d.next_beat_s = std::max(0.0, double(s.ui.prefs.pace_s) - p.on_beat_s);
    d.export_running = s.exports.busy();
    d.picker_waiting = s.ui.picker.native_running();
    d.audit_running = s.audit.run.running();
    return d;
}

std::optional<double> next_frame_due(const FrameDemand& d) {
    if (d.clock_running || d.worker_moving || d.session_stepping || d.input_held || d.settling || d.animating)
        return kFrameInterval;
    std::optional<double> due;
    const auto sooner = [&due](double s) { due = std::max(kFrameInterval, due ? std::min(*due, s) : s); };
    if (d.next_beat_s) sooner(*d.next_beat_s);
    if (d.export_running) sooner(kExportPollSeconds);
    if (d.picker_waiting) sooner(kPickerPollSeconds);
    if (d.audit_running) sooner(kAuditTickSeconds);
    return due;
}

void FramePacer::frame_started(Clock::time_point now, bool input) {
    if (input) {
        last_input_ = now;
        frames_since_input_ = 0;
    } else {
        ++frames_since_input_;
    }
    last_frame_ = now;
}

void FramePacer::animate_for(double s, Clock::time_point now) {
    const Clock::time_point until = now + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
    animate_until_ = animate_until_ ? std::max(*animate_until_, until) : until;
}

void FramePacer::add_loop_demand(FrameDemand& d, Clock::time_point now) const {
    d.settling = last_input_ && (frames_since_input_ < kSettleFrames || seconds(now - *last_input_) < kSettleSeconds);
    d.animating = animate_until_ && now < *animate_until_;
}

std::optional<double> FramePacer::wait_seconds(std::optional<double> due, Clock::time_point now) const {
    if (!due) return std::nullopt;
    if (!last_frame_) return 0.0;
    return std::max(0.0, *due - seconds(now - *last_frame_));
}

double FramePacer::hold_seconds(Clock::time_point now) const {
    if (!last_frame_) return 0.0;
    return std::max(0.0, kFrameInterval - seconds(now - *last_frame_));
}

FramePacer::Clock::time_point FramePacer::wait_for_frame(FrameDemand d) {
    d.input_held = d.input_held || input_held();
    add_loop_demand(d, Clock::now());
    const std::optional<double> wait = wait_seconds(next_frame_due(d), Clock::now());
    if (!wait)
        glfwWaitEvents();
    else if (*wait > 0)
        glfwWaitEventsTimeout(*wait);
    else
        glfwPollEvents();
    // An event brought the frame sooner than the cap allows: hold it, and take what arrived meanwhile.
    if (const double hold = hold_seconds(Clock::now()); hold > 0) {
        std::this_thread::sleep_for(std::chrono::duration<double>(hold));
        glfwPollEvents();
    }
    const Clock::time_point now = Clock::now();
    frame_started(now, g_wake.exchange(false) || !last_frame_);
    return now;
}

void install_wake_callbacks(GLFWwindow* w) {
    glfwSetCursorPosCallback(w, [](GLFWwindow* win, double, double) { note_input(win); });
    glfwSetCursorEnterCallback(w, [](GLFWwindow* win, int) { note_input(win); });  // leaving ends a hover
    glfwSetMouseButtonCallback(w, [](GLFWwindow* win, int, int, int) { note_input(win); });
    glfwSetScrollCallback(w, [](GLFWwindow* win, double, double) { note_input(win); });
    glfwSetKeyCallback(w, [](GLFWwindow* win, int, int, int, int) { note_input(win); });
    glfwSetCharCallback(w, [](GLFWwindow* win, unsigned int) { note_input(win); });
    glfwSetWindowFocusCallback(w, [](GLFWwindow* win, int) { note_input(win); });
    glfwSetWindowSizeCallback(w, [](GLFWwindow* win, int, int) { note_input(win); });
    glfwSetWindowContentScaleCallback(w, [](GLFWwindow* win, float, float) { note_input(win); });
    // Uncovered or exposed: nothing else would redraw a window that waits for events.
    glfwSetWindowRefreshCallback(w, [](GLFWwindow* win) { note_input(win); });
}

void wake_frame_loop() {
    g_wake = true;
    glfwPostEmptyEvent();
}

}  // namespace ls::gui
