#pragma once
// The one virtual clock that drives every lifetime in LoginScope (codes, session keys, tokens,
// delays). It never reads wall time by itself: a front end either advances it explicitly or feeds
// it real elapsed time through follow_real(), which is scaled by the speed while it is running.
#include <atomic>
#include <cstdint>
#include <string>

namespace ls {

class VirtualClock {
public:
    explicit VirtualClock(int64_t start_ms = 0) : now_(start_ms) {}

    int64_t now_ms() const { return now_.load(std::memory_order_acquire); }
    void advance(int64_t ms);
    void set(int64_t ms) { now_.store(ms, std::memory_order_release); }

    // Following real time: `real_ms` of wall time elapsed since the last call.
    void follow_real(double real_ms);
    bool running() const { return running_.load(); }
    void set_running(bool on) { running_.store(on); }
    double speed() const { return speed_.load(); }
    void set_speed(double s) { speed_.store(s > 0 ? s : 1.0); }

private:
    std::atomic<int64_t> now_;
    std::atomic<bool> running_{false};
    std::atomic<double> speed_{1.0};
    double fraction_ = 0.0;  // sub-millisecond remainder of follow_real
};

// "12:03:07.250" style rendering of a virtual time (the phone's status bar, the console).
// Virtual time 0 is shown as 09:00:00 on the simulated phone.
std::string format_clock(int64_t ms);
std::string format_duration(int64_t ms);

}  // namespace ls
