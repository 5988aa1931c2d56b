#pragma once
// `loginscope serve` as a real child process for the tests (cli_test.cpp, alipay_sdk_test.cpp): its
// banner, its ports, and a stop that reaps it.
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "cli_run.hpp"

namespace ls::test {

// Sends `sig` to the child `pid` and reaps it: true when it exited within 5 s, else it is killed
// (SIGKILL) and reaped; `status` is how it ended.
inline bool signal_and_reap(pid_t pid, int sig, int& status) {
    kill(pid, sig);
    for (int i = 0; i < 100; ++i) {
        if (waitpid(pid, &status, WNOHANG) == pid) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    return false;
}

// `loginscope serve ARGS…` as a child process: its banner read through the developer server's line
// (at most 10 s) and the lines flushed with it; stop() ends it with SIGTERM (SIGKILL as a last resort) and returns how it exited.
struct Served {
    pid_t pid = -1;
    int out = -1;
    std::string banner;

    explicit Served(std::vector<std::string> args) {
        int fds[2];
        REQUIRE(pipe(fds) == 0);
        // argv before fork(): a child of this threaded process must not allocate (backend_process.hpp).
        std::vector<char*> argv{const_cast<char*>(kBin.c_str()), const_cast<char*>("serve")};
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            dup2(fds[1], 1);
            dup2(fds[1], 2);  // warnings too
            close(fds[0]);
            close(fds[1]);
            execv(kBin.c_str(), argv.data());
            _exit(127);
        }
        close(fds[1]);
        out = fds[0];
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (!std::regex_search(banner, std::regex("developer server on [^\\n]*\\n")) && std::chrono::steady_clock::now() < deadline) {
            pollfd p{out, POLLIN, 0};
            if (poll(&p, 1, 200) <= 0) continue;
            char buf[512];
            const ssize_t n = read(out, buf, sizeof buf);
            if (n <= 0) break;
            banner.append(buf, size_t(n));
        }
        // The lines after it (journal, flaws, apps) come in the same flush, but a read may end
        // between them: take what follows until the pipe is quiet.
        for (pollfd p{out, POLLIN, 0}; poll(&p, 1, 100) > 0;) {
            char buf[512];
            const ssize_t n = read(out, buf, sizeof buf);
            if (n <= 0) break;
            banner.append(buf, size_t(n));
        }
    }
    // The port announced after `what` ("listening on", "developer server on"); 0 when missing.
    int port(const std::string& what) const {
        std::smatch m;
        return std::regex_search(banner, m, std::regex(what + R"( http://(?:127\.0\.0\.1|0\.0\.0\.0|\[[0-9a-f:]*\]):(\d+))")) ? std::stoi(m[1]) : 0;
    }
    int stop() {
        int status = 0;
        const bool exited = signal_and_reap(pid, SIGTERM, status);
        close(out);
        return exited && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
};

}  // namespace ls::test
