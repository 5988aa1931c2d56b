#pragma once
// When the real window draws its next frame. Idle costs nothing: with nothing moving, the loop waits
// for input or for the worker's wake (AppState::set_wake posts an empty GLFW event) with no timeout.
// Something that moves on its own asks for frames at the cap (kFrameInterval, also where vsync is
// not honoured, as under Xvfb); a change that is due later (the presenter's next beat, the end of a
// walkthrough export) asks for one frame then. The decision is a pure function of a FrameDemand,
// so tests ask it without a window.
#include <chrono>
#include <optional>

struct GLFWwindow;

namespace ls::gui {

class AppState;

// Frames start at least this far apart: a running clock costs at most 60 frames a second.
constexpr double kFrameInterval = 1.0 / 60.0;
// After input or a wake ImGui needs a few frames to settle (a popup or tooltip measures itself for
// a frame before it shows, the inspector scrolls to the newest row) and a moment to fade (a modal's
// background dims at 6× DeltaTime in ImGui 1.86's NewFrame, fully in 1/6 s): the loop keeps
// drawing for at least kSettleFrames frames and kSettleSeconds.
constexpr int kSettleFrames = 3;
constexpr double kSettleSeconds = 0.25;
// The WeChat authorization page's hand-off banner fades out in real time (1.2 s after the page
// opens, panel_wechat_auth.cpp): the window animates that long after the page opens, plus a margin.
constexpr double kPageTransitionSeconds = 1.5;
// A walkthrough export runs in a child process whose end is noticed by polling it.
constexpr double kExportPollSeconds = 0.25;
// The desktop's file dialog runs in a child too; its answer should show at once when it closes.
constexpr double kPickerPollSeconds = 0.1;
// While an audit runs its progress line counts tenths of a second (each check settled wakes the loop too).
constexpr double kAuditTickSeconds = 0.1;

// What wants frames before the next one is drawn.
struct FrameDemand {
    // From the state (frame_demand):
    bool clock_running = false;         // the virtual clock follows real time: every time shown moves
    bool worker_moving = false;         // an action runs, not paused in step mode: the loading toast spins
    bool session_stepping = false;      // a replayed step or presenter Next / Back is finished by frames
    std::optional<double> next_beat_s;  // presenter auto-play: seconds until the next beat is due
    bool export_running = false;        // a walkthrough export's child runs
    bool picker_waiting = false;        // the desktop's file dialog (a child) runs: its answer is polled
    bool audit_running = false;         // the Audit tab's run: its elapsed seconds move
    // From the loop (FramePacer::add_loop_demand):
    bool input_held = false;            // a mouse button or key is down: ImGui repeats by time held
    bool settling = false;              // input or a wake arrived a moment ago
    bool animating = false;             // a wall-time animation is on screen (the hand-off banner)
};

// The state's part of the demand: clock, worker, replay, presenter, export.
FrameDemand frame_demand(AppState& s);

// How long after the previous frame's start the next frame is due when no event comes first, in
// seconds (never less than kFrameInterval); nullopt: only an event brings the next frame.
std::optional<double> next_frame_due(const FrameDemand& d);

// The loop's memory: when input last arrived, frames drawn since, wall-time animations, and the
// wait itself. Times are passed in so tests can drive it without a clock.
class FramePacer {
public:
    using Clock = std::chrono::steady_clock;

    // A frame starts at `now`; `input`: input or a wake arrived since the previous frame.
    void frame_started(Clock::time_point now, bool input);
    // Something on screen animates on wall time for `seconds` from `now`.
    void animate_for(double seconds, Clock::time_point now);
    // Adds settling and animating at `now` to `d`.
    void add_loop_demand(FrameDemand& d, Clock::time_point now) const;
    // Seconds to wait at `now` for an event before drawing the frame due `due` after the previous
    // frame's start (0: draw at once); nullopt: wait for an event with no timeout.
    std::optional<double> wait_seconds(std::optional<double> due, Clock::time_point now) const;
    // Seconds to hold a frame an event brought at `now`, so frames start kFrameInterval apart.
    double hold_seconds(Clock::time_point now) const;

    // The loop (GLFW, UI thread): adds what is held and the loop's demand to the state's `d`, waits
    // for an event or until the frame is due, holds a frame an event brought sooner than the cap,
    // and starts it; returns its start. The first frame and any wake (wake_frame_loop) settle.
    Clock::time_point wait_for_frame(FrameDemand d);

private:
    std::optional<Clock::time_point> last_frame_;
    std::optional<Clock::time_point> last_input_;
    int frames_since_input_ = 0;
    std::optional<Clock::time_point> animate_until_;
};

// Input on `w` (and what must redraw a waiting window: focus, size, exposure) wakes the loop and
// lets the UI settle. Install before ImGui's GLFW backend, which chains to these callbacks.
void install_wake_callbacks(GLFWwindow* w);
// From any thread (the worker's end): the loop's wait returns and the UI settles.
void wake_frame_loop();

}  // namespace ls::gui
