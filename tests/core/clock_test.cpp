// The virtual clock: the only time source of every lifetime in LoginScope.
#include <catch2/catch.hpp>

#include <cstdint>

#include "loginscope/clock.hpp"

using ls::VirtualClock;

TEST_CASE("clock advance moves virtual time forward by exactly the amount", "[clock]") {
    VirtualClock c(1000);
    CHECK(c.now_ms() == 1000);
    c.advance(250);
    CHECK(c.now_ms() == 1250);
    c.advance(300000);
    CHECK(c.now_ms() == 301250);
}

TEST_CASE("clock advance rejects negative and zero steps", "[clock]") {
    VirtualClock c(5000);
    c.advance(-1000);
    c.advance(0);
    CHECK(c.now_ms() == 5000);
}

TEST_CASE("clock set jumps to an absolute time", "[clock]") {
    VirtualClock c;
    c.set(42);
    CHECK(c.now_ms() == 42);
}

TEST_CASE("a paused clock ignores real elapsed time", "[clock]") {
    VirtualClock c;
    REQUIRE_FALSE(c.running());
    c.follow_real(1000.0);
    CHECK(c.now_ms() == 0);
    c.set_running(true);
    c.follow_real(1000.0);
    CHECK(c.now_ms() == 1000);
    c.set_running(false);
    c.follow_real(5000.0);
    CHECK(c.now_ms() == 1000);
}

TEST_CASE("a running clock follows real time scaled by its speed", "[clock]") {
    VirtualClock c;
    c.set_running(true);
    c.set_speed(10.0);
    c.follow_real(100.0);
    CHECK(c.now_ms() == 1000);
    c.set_speed(0.5);
    c.follow_real(100.0);
    CHECK(c.now_ms() == 1050);
}

TEST_CASE("follow_real keeps sub-millisecond remainders instead of losing them", "[clock]") {
    VirtualClock c;
    c.set_running(true);
    c.set_speed(0.25);
    for (int i = 0; i < 8; ++i) c.follow_real(1.0);  // 8 × 0.25 ms = 2 ms
    CHECK(c.now_ms() == 2);
}

TEST_CASE("clock speed rejects non-positive values", "[clock]") {
    VirtualClock c;
    c.set_speed(0);
    CHECK(c.speed() == 1.0);
    c.set_speed(-3);
    CHECK(c.speed() == 1.0);
}

TEST_CASE("format_clock shows virtual time 0 as 09:00:00.000 on the phone", "[clock]") {
    CHECK(ls::format_clock(0) == "09:00:00.000");
    CHECK(ls::format_clock(3 * 3600000LL + 3 * 60000 + 7250) == "12:03:07.250");
    CHECK(ls::format_clock(5 * 60000) == "09:05:00.000");
}

TEST_CASE("format_clock wraps at midnight and handles negative times", "[clock]") {
    CHECK(ls::format_clock(15 * 3600000LL) == "00:00:00.000");
    CHECK(ls::format_clock(-1000) == "08:59:59.000");
}

TEST_CASE("format_duration picks a readable unit", "[clock]") {
    CHECK(ls::format_duration(250) == "250 ms");
    CHECK(ls::format_duration(1500) == "1.5 s");
    CHECK(ls::format_duration(5 * 60000 + 3000) == "5 min 03 s");
    CHECK(ls::format_duration(48LL * 3600000) == "48 h 00 min");
    CHECK(ls::format_duration(-250) == "-250 ms");
}

// Issue 13: an advance of INT64_MAX after any earlier one wrapped now_ms negative, and every
// expired code was alive again. Time stops at the end of virtual time instead.
TEST_CASE("clock advance stops at the end of virtual time instead of wrapping negative", "[clock]") {
    VirtualClock c(1000);
    c.advance(INT64_MAX);
    CHECK(c.now_ms() == INT64_MAX);
    c.advance(1);
    c.advance(INT64_MAX);
    CHECK(c.now_ms() == INT64_MAX);
}

TEST_CASE("a running clock at an absurd speed stops at the end of virtual time", "[clock]") {
    VirtualClock c(5);
    c.set_running(true);
    c.set_speed(1e300);
    c.follow_real(1000.0);
    CHECK(c.now_ms() == INT64_MAX);
    c.follow_real(1000.0);
    CHECK(c.now_ms() == INT64_MAX);
}

TEST_CASE("format_clock renders the end of virtual time as a time of day", "[clock]") {
    // INT64_MAX ms is 16:12:55.807 past midnight after 09:00:00, computed without overflow.
    CHECK(ls::format_clock(INT64_MAX) == "16:12:55.807");
    CHECK(ls::format_duration(INT64_MAX) == "2562047788015 h 12 min");
    CHECK(ls::format_duration(INT64_MIN) == "-2562047788015 h 12 min");
}
