#include "loginscope/clock.hpp"

#include <cstdio>
#include <cmath>

namespace ls {

void VirtualClock::advance(int64_t ms) {
    if (ms > 0) now_.fetch_add(ms, std::memory_order_acq_rel);
}

void VirtualClock::follow_real(double real_ms) {
    if (!running() || real_ms <= 0) return;
    fraction_ += real_ms * speed();
    const double whole = std::floor(fraction_);
    fraction_ -= whole;
    advance(static_cast<int64_t>(whole));
}

std::string format_clock(int64_t ms) {
    const int64_t day_ms = 24LL * 3600 * 1000;
    int64_t t = ((ms + 9LL * 3600 * 1000) % day_ms + day_ms) % day_ms;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d.%03d", int(t / 3600000), int(t / 60000 % 60),
                  int(t / 1000 % 60), int(t % 1000));
    return buf;
}

std::string format_duration(int64_t ms) {
    const char* sign = ms < 0 ? "-" : "";
    int64_t a = ms < 0 ? -ms : ms;
    char buf[48];
    if (a < 1000)
        std::snprintf(buf, sizeof buf, "%s%lld ms", sign, (long long)a);
    else if (a < 60000)
        std::snprintf(buf, sizeof buf, "%s%.1f s", sign, a / 1000.0);
    else if (a < 3600000)
        std::snprintf(buf, sizeof buf, "%s%lld min %02lld s", sign, (long long)(a / 60000), (long long)(a / 1000 % 60));
    else
        std::snprintf(buf, sizeof buf, "%s%lld h %02lld min", sign, (long long)(a / 3600000), (long long)(a / 60000 % 60));
    return buf;
}

}  // namespace ls
