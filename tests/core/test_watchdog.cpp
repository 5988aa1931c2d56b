// Turns a hung test case into a reported failure: a test that runs longer than the limit gets a
// SIGTERM, which Catch2 reports against the running test case (and the run exits non-zero).
// Several tests use real loopback servers, where a bug tends to show up as a hang, not a crash.
#define CATCH_CONFIG_EXTERNAL_INTERFACES
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstdio>
#include <mutex>
#include <thread>

namespace {
// 60 s, or LOGINSCOPE_WATCHDOG_S: sanitizer builds run the same work several times slower
// (tests/ci/hardening.sh raises it for them).
int limit_seconds() {
    static const int limit = [] {
        const char* env = std::getenv("LOGINSCOPE_WATCHDOG_S");
        const int v = env ? std::atoi(env) : 0;
        return v > 0 ? v : 60;
    }();
    return limit;
}

struct Watchdog : Catch::TestEventListenerBase {
    using TestEventListenerBase::TestEventListenerBase;

    static std::mutex mu;
    static std::string running;
    static std::chrono::steady_clock::time_point started;
    static std::atomic<bool> armed;

    void testCaseStarting(Catch::TestCaseInfo const& info) override {
        {
            std::lock_guard<std::mutex> lock(mu);
            running = info.name;
            started = std::chrono::steady_clock::now();
            armed = true;
        }
        static std::once_flag once;
        std::call_once(once, [] { std::thread(watch).detach(); });
    }
    void testCaseEnded(Catch::TestCaseStats const&) override { armed = false; }

    static void watch() {
        for (;;) {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            std::lock_guard<std::mutex> lock(mu);
            if (armed && std::chrono::steady_clock::now() - started > std::chrono::seconds(limit_seconds())) {
                std::fprintf(stderr, "\nwatchdog: test case \"%s\" ran longer than %d s (hung?)\n", running.c_str(), limit_seconds());
                std::fflush(stderr);
                std::raise(SIGTERM);
                return;
            }
        }
    }
};
std::mutex Watchdog::mu;
std::string Watchdog::running;
std::chrono::steady_clock::time_point Watchdog::started;
std::atomic<bool> Watchdog::armed{false};
}  // namespace

CATCH_REGISTER_LISTENER(Watchdog)
