#pragma once
// The one virtual clock that drives every lifetime in LoginScope (codes, session keys, tokens,
// delays). It never reads wall time by itself: a front end either advances it explicitly or feeds
// it real elapsed time through follow_real(), which is scaled by the speed while it is running.
#include <atomic>
#include <cstdint>
#include <limits>
#include <string>

namespace ls {

// Virtual time is an int64 count of milliseconds; its largest value is the end of virtual time.
// Every sum of a time and a duration goes through add_ms, which saturates instead of wrapping: a
// lifetime that would end past the end ends there, a clock moved past it stops there — where every
// lifetime has ended — so no jump, however long, brings an expired code back (issue 13).
constexpr int64_t kEndOfTime = std::numeric_limits<int64_t>::max();
constexpr int64_t add_ms(int64_t t, int64_t d) {
    if (d > 0 && t > kEndOfTime - d) return kEndOfTime;
    if (d < 0 && t < std::numeric_limits<int64_t>::min() - d) return std::numeric_limits<int64_t>::min();
    return t + d;
}
// `s` seconds as milliseconds, saturating the same way (an "expires_in" read from a reply).
constexpr int64_t seconds_to_ms(int64_t s) {
    if (s > kEndOfTime / 1000) return kEndOfTime;
    if (s < -(kEndOfTime / 1000)) return -kEndOfTime;
    return s * 1000;
}

class VirtualClock {
public:
    explicit VirtualClock(int64_t start_ms = 0) : now_(start_ms) {}

    int64_t now_ms() const { return now_.load(std::memory_order_acquire); }
    // Moves forward by `ms` (nothing when ms <= 0), stopping at kEndOfTime.
    void advance(int64_t ms);
    void set(int64_t ms) { now_.store(ms, std::memory_order_release); }

    // Following real time: `real_ms` of wall time elapsed since the last call (saturating too).
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
