// The window's frame pacing (frame_pacing.hpp): idle costs nothing, so with nothing moving the loop
// waits for an event with no timeout; what moves gets frames at the cap, never faster; what is due
// later (the presenter's next beat) gets its frame then; after input the UI settles back to idle.
#include <chrono>
#include <filesystem>
#include <thread>

#include "harness.hpp"

#include "gui/frame_pacing.hpp"
#include "gui/presenter.hpp"
#include "loginscope/demos.hpp"

using namespace ls;
using namespace ls::gui;
using namespace ls::gui::test;
using Clock = FramePacer::Clock;

namespace {

Clock::time_point at(Clock::time_point t0, double s) {
    return t0 + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

// The pacer's decision after the frames it has seen, at `now`.
std::optional<double> due_at(const FramePacer& p, Clock::time_point now, FrameDemand d = {}) {
    p.add_loop_demand(d, now);
    return next_frame_due(d);
}

}  // namespace

TEST_CASE("An idle window waits for events with no timeout, also with live codes on a paused clock", "[pacing]") {
    AppState s(in_process_config());
    CHECK_FALSE(next_frame_due(frame_demand(s)).has_value());
    // A finished login leaves a code and a session_key with time left: it only changes when the
    // virtual clock moves, and it does not move while paused.
    REQUIRE(s.engine().login().ok);
    REQUIRE(s.next_expiry().has_value());
    CHECK_FALSE(next_frame_due(frame_demand(s)).has_value());
}

TEST_CASE("The clock running at speed draws frames at the cap, never faster", "[pacing]") {
    AppState s(in_process_config());
    s.engine().clock().set_speed(60);
    s.engine().clock().set_running(true);
    const std::optional<double> due = next_frame_due(frame_demand(s));
    REQUIRE(due.has_value());
    CHECK(*due == Approx(kFrameInterval));
    // An event that arrives sooner is held until the cap allows the next frame.
    FramePacer p;
    const Clock::time_point t0 = Clock::now();
    p.frame_started(t0, false);
    CHECK(p.hold_seconds(at(t0, 0.004)) == Approx(kFrameInterval - 0.004));
    CHECK(p.hold_seconds(at(t0, 0.020)) == 0.0);
    CHECK(*p.wait_seconds(due, at(t0, 0.010)) == Approx(kFrameInterval - 0.010));
}

TEST_CASE("Presenter auto-play waits for the next beat, not longer and without polling", "[pacing]") {
    AppState s(in_process_config());
    const auto list = demos_for(s.engine().config().flow);
    REQUIRE_FALSE(list.empty());
    REQUIRE(open_demo(s, *list.front()));
    s.ui.prefs.pace_s = 4.0f;
    s.ui.presenter.playing = true;
    s.ui.presenter.on_beat_s = 1.0;
    const std::optional<double> due = next_frame_due(frame_demand(s));
    REQUIRE(due.has_value());
    CHECK(*due == Approx(3.0));
    s.ui.presenter.playing = false;  // paused: nothing is due
    CHECK_FALSE(next_frame_due(frame_demand(s)).has_value());
}

TEST_CASE("An action paused in step mode waits for events, a moving one draws at the cap", "[pacing]") {
    AppState s(in_process_config());
    s.engine().set_step_mode(true);
    REQUIRE(s.start(make_step("login")));
    const auto until = Clock::now() + std::chrono::seconds(10);
    while (!s.engine().waiting_at() && Clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    REQUIRE(s.engine().waiting_at().has_value());
    REQUIRE(s.in_flight());
    CHECK_FALSE(next_frame_due(frame_demand(s)).has_value());

    FrameDemand moving;
    moving.worker_moving = true;
    CHECK(next_frame_due(moving) == Approx(kFrameInterval));
}

TEST_CASE("After a click the UI settles for a few frames, then waits with no timeout", "[pacing]") {
    FramePacer p;
    const Clock::time_point t0 = Clock::now();
    p.frame_started(t0, true);  // the click
    REQUIRE(due_at(p, t0) == Approx(kFrameInterval));
    int frames = 1;
    double t = 0;
    while (due_at(p, at(t0, t)) && frames < 1000) {
        t += kFrameInterval;
        p.frame_started(at(t0, t), false);
        ++frames;
    }
    CHECK(frames >= kSettleFrames);
    CHECK(t >= kSettleSeconds);
    CHECK(t <= kSettleSeconds + 2 * kFrameInterval);
    CHECK_FALSE(due_at(p, at(t0, 60.0)).has_value());
    CHECK_FALSE(p.wait_seconds(due_at(p, at(t0, 60.0)), at(t0, 60.0)).has_value());
}

TEST_CASE("A held mouse button or key keeps frames coming (ImGui repeats by time held)", "[pacing]") {
    FrameDemand d;
    d.input_held = true;
    CHECK(next_frame_due(d) == Approx(kFrameInterval));
}

TEST_CASE("A wall-time animation on screen gets frames until it is over", "[pacing]") {
    FramePacer p;
    const Clock::time_point t0 = Clock::now();
    p.frame_started(t0, false);
    p.animate_for(kPageTransitionSeconds, t0);
    CHECK(due_at(p, at(t0, kPageTransitionSeconds - 0.1)) == Approx(kFrameInterval));
    CHECK_FALSE(due_at(p, at(t0, kPageTransitionSeconds + 0.1)).has_value());
}

TEST_CASE("A walkthrough export running in its child is polled until it ends", "[pacing]") {
    AppState s(in_process_config());
    s.exports.program = LOGINSCOPE_BIN;
    const std::string dir = (std::filesystem::temp_directory_path() / "loginscope-pacing-export").string();
    REQUIRE(start_walkthrough(s.exports, "no-such-scenario.json", dir));  // the child fails at once
    CHECK(next_frame_due(frame_demand(s)) == Approx(kExportPollSeconds));
    wait_walkthrough(s.exports);
    CHECK_FALSE(next_frame_due(frame_demand(s)).has_value());
}
