#include "loginscope/clock.hpp"

#include <cstdio>
#include <cmath>

namespace ls {

void VirtualClock::advance(int64_t ms) {
    if (ms <= 0) return;
    int64_t now = now_.load(std::memory_order_acquire);
    while (!now_.compare_exchange_weak(now, add_ms(now, ms), std::memory_order_acq_rel)) {
    }
}

void VirtualClock::follow_real(double real_ms) {
    if (!running() || real_ms <= 0) return;
    fraction_ += real_ms * speed();
    const double whole = std::floor(fraction_);
    fraction_ -= whole;
    if (!(whole < 9223372036854775808.0)) {  // 2^63 or more (or not a number): no int64 holds it
        fraction_ = 0.0;
        advance(kEndOfTime);
        return;
    }
    advance(static_cast<int64_t>(whole));
}

std::string format_clock(int64_t ms) {
    const int64_t day_ms = 24LL * 3600 * 1000;
    const int64_t t = ((ms % day_ms + day_ms) % day_ms + 9LL * 3600 * 1000) % day_ms;  // no overflow at either end
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d.%03d", int(t / 3600000), int(t / 60000 % 60),
                  int(t / 1000 % 60), int(t % 1000));
    return buf;
}

std::string format_duration(int64_t ms) {
    const char* sign = ms < 0 ? "-" : "";
    const uint64_t a = ms < 0 ? 0 - uint64_t(ms) : uint64_t(ms);  // INT64_MIN has no int64 negation
    char buf[48];
    if (a < 1000)
        std::snprintf(buf, sizeof buf, "%s%llu ms", sign, (unsigned long long)a);
    else if (a < 60000)
        std::snprintf(buf, sizeof buf, "%s%.1f s", sign, a / 1000.0);
    else if (a < 3600000)
        std::snprintf(buf, sizeof buf, "%s%llu min %02llu s", sign, (unsigned long long)(a / 60000),
                      (unsigned long long)(a / 1000 % 60));
    else
        std::snprintf(buf, sizeof buf, "%s%llu h %02llu min", sign, (unsigned long long)(a / 3600000),
                      (unsigned long long)(a / 60000 % 60));
    return buf;
}

}  // namespace ls
