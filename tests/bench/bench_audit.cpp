#include "bench_audit.hpp"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <string>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "../common/free_port.hpp"
#include "loginscope/audit.hpp"

namespace ls::bench {

namespace {

constexpr const char* kAppid = "wx0123456789abcdef";
constexpr const char* kSecret = "0123456789abcdef0123456789abcdef";

// The backend as a child process; -1 when it did not say it listens.
pid_t start_backend(const AuditBenchOptions& o, int port, const std::string& api_base) {
    int out[2];
    if (::pipe(out) != 0) return -1;
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::dup2(out[1], 1);
        ::close(out[0]);
        ::close(out[1]);
        const std::string p = std::to_string(port), d = std::to_string(o.delay_ms);
        ::execlp("python3", "python3", o.backend_script.c_str(), "--port", p.c_str(), "--api-base", api_base.c_str(), "--appid", kAppid,
                 "--secret", kSecret, "--delay-ms", d.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(out[1]);
    FILE* f = ::fdopen(out[0], "r");
    char line[128] = {};
    const bool listening = f && std::fgets(line, sizeof line, f) && std::string(line).rfind("listening on ", 0) == 0;
    if (f) std::fclose(f);
    return listening ? pid : -1;
}

nlohmann::json profile(const std::string& base) {
    return {{"name", "bench-shop"},
            {"apps", {{{"platform", "wechat"}, {"appid", kAppid}, {"secret", kSecret}}}},
            {"flows",
             {{"wechat-mp",
               {{"login", {{"method", "POST"}, {"url", base + "/login"}, {"json", {{"code", "{{code}}"}, {"openid", "{{claimed_openid}}"}}}}},
                {"session", "/data/token"},
                {"whoami", {{"method", "GET"}, {"url", base + "/me"}, {"headers", {{"X-Session", "{{session}}"}}}}},
                {"identity", "/openid"},
                {"phone", {{"method", "POST"}, {"url", base + "/phone"}, {"headers", {{"X-Session", "{{session}}"}}},
                           {"json", {{"code", "{{phone_code}}"}}}}}}}}}};
}

}  // namespace

int start_test_backend(const AuditBenchOptions& opt, int port, const std::string& api_base) { return start_backend(opt, port, api_base); }
std::string test_backend_profile(const std::string& base) { return profile(base).dump(2); }

void audit_figures(const AuditBenchOptions& opt, Line line) {
    const int port = ls::test::free_port();
    AuditOptions o;
    o.profile = parse_backend_profile(profile("http://127.0.0.1:" + std::to_string(port)));
    pid_t backend = -1;
    o.on_listening = [&](int platform_port) { backend = start_backend(opt, port, "http://127.0.0.1:" + std::to_string(platform_port)); };
    const auto start = std::chrono::steady_clock::now();
    AuditReport report;
    try {
        report = run_audit(o);
    } catch (const std::exception& e) {
        std::printf("audit of one flow: %s\n", e.what());
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (backend > 0) {
        ::kill(backend, SIGTERM);
        ::waitpid(backend, nullptr, 0);
    }
    if (backend <= 0 || report.checks.empty()) {
        std::printf("audit of one flow: the backend (%s) did not start\n", opt.backend_script.c_str());
        return;
    }
    std::printf("audit of one flow against a backend answering in %d ms, each check:\n%s", opt.delay_ms, audit_table(report).c_str());
    double timeout_case = 0;
    for (const AuditCheck& c : report.checks)
        if (c.id == "wechat-mp/no-session-on-platform-error/timeout") timeout_case = c.seconds;
    line("audit of one flow (5 ms backend)", seconds, "s", timeout_case, "its timeout case alone, s", 60, false);
}

}  // namespace ls::bench
