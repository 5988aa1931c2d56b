// serve's memory as codes die. Each run starts `loginscope serve --port 0` (default journal limit),
// issues codes for the default WeChat app through POST /__admin/codes (10,000 a call, one user, as a
// load test would), then moves the virtual clock with POST /__admin/clock: 5 minutes (every code
// expired) and then a day more (past codes.dead_memory_ms: every record of them forgotten). It reads
// VmRSS from /proc/PID/status after each step. The reference is the same run with 100,000 codes:
// its journal is just as full (it keeps the newest events only), so what the big run holds beyond
// it after a day is what its dead codes left behind.
#include "bench_memory.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace ls::bench {

namespace {

using nlohmann::json;
constexpr int64_t kCodeLifeMs = 5 * 60 * 1000;
constexpr int64_t kDayMs = 24 * 3600 * 1000;

// `loginscope serve --port 0`, its port read from the banner; stopped (SIGTERM, then SIGKILL) on scope exit.
class Serve {
public:
    explicit Serve(const std::string& bin) {
        int out[2];
        if (pipe(out) != 0) return;
        std::fflush(nullptr);
        pid_ = fork();
        if (pid_ == 0) {
            dup2(out[1], 1);
            close(out[0]);
            close(out[1]);
            const int null = open("/dev/null", O_WRONLY);
            dup2(null, 2);
            execl(bin.c_str(), bin.c_str(), "serve", "--port", "0", static_cast<char*>(nullptr));
            _exit(127);
        }
        close(out[1]);
        std::string banner;
        char c;
        pollfd p{out[0], POLLIN, 0};
        while (banner.find('\n') == std::string::npos && poll(&p, 1, 10000) > 0 && read(out[0], &c, 1) == 1) banner += c;
        out_ = out[0];  // kept open until serve ends: its later lines (a few, at start) would raise SIGPIPE
        const size_t colon = banner.rfind(':');
        if (banner.rfind("listening on http://", 0) == 0 && colon != std::string::npos) port_ = std::atoi(banner.c_str() + colon + 1);
    }
    Serve(const Serve&) = delete;
    Serve& operator=(const Serve&) = delete;
    ~Serve() {
        if (out_ >= 0) close(out_);
        if (pid_ <= 0) return;
        kill(pid_, SIGTERM);
        int status = 0;
        for (int i = 0; i < 200 && waitpid(pid_, &status, WNOHANG) == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        if (waitpid(pid_, &status, WNOHANG) == 0) {
            kill(pid_, SIGKILL);
            waitpid(pid_, &status, 0);
        }
    }
    int port() const { return port_; }

    // Resident set in MB (VmRSS), 0 when unreadable.
    double rss_mb() const {
        std::ifstream f("/proc/" + std::to_string(pid_) + "/status");
        for (std::string line; std::getline(f, line);)
            if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
        return 0;
    }

private:
    pid_t pid_ = -1;
    int out_ = -1;
    int port_ = 0;
};

struct Rss {
    double idle = 0, live = 0, expired = 0, forgotten = 0;
    bool ok = false;
};

// One run: `codes` codes issued, then the clock moved past their lifetime, then a day further.
Rss run(const std::string& bin, long codes) {
    Rss r;
    Serve serve(bin);
    if (!serve.port()) return r;
    httplib::Client cli("127.0.0.1", serve.port());
    cli.set_read_timeout(120, 0);
    auto post = [&](const char* path, const json& body) {
        auto res = cli.Post(path, body.dump(), "application/json");
        if (res && res->status == 200) return true;
        std::printf("  !! POST %s: %s\n", path, res ? ("HTTP " + std::to_string(res->status)).c_str() : httplib::to_string(res.error()).c_str());
        return false;
    };
    const auto apps = cli.Get("/__admin/apps");
    if (!apps || apps->status != 200) return r;
    const std::string appid = json::parse(apps->body)["apps"][0]["appid"];
    r.idle = serve.rss_mb();
    for (long done = 0; done < codes;) {
        const long n = std::min(10000L, codes - done);
        if (!post("/__admin/codes", {{"appid", appid}, {"user", "load"}, {"count", n}})) return r;
        done += n;
    }
    r.live = serve.rss_mb();
    if (!post("/__admin/clock", {{"advance_ms", kCodeLifeMs}})) return r;
    r.expired = serve.rss_mb();
    if (!post("/__admin/clock", {{"advance_ms", kDayMs}})) return r;
    r.forgotten = serve.rss_mb();
    r.ok = true;
    return r;
}

}  // namespace

void memory_figures(const MemoryOptions& opt, Line line) {
    constexpr long kReferenceCodes = 100000;  // 200,000 events: the journal is full (100,000 kept)
    std::printf("serve memory: %ld codes issued through /__admin/codes, then the clock +5 min and +1 day (%s)\n", opt.codes,
                opt.loginscope.c_str());
    const Rss ref = run(opt.loginscope, kReferenceCodes);
    const Rss big = run(opt.loginscope, opt.codes);
    if (!ref.ok || !big.ok) {
        std::printf("  !! serve did not start or answer (%s)\n", opt.loginscope.c_str());
        return;
    }
    std::printf("  RSS MB          idle   codes live   +5 min (expired)   +1 day (forgotten)\n");
    std::printf("  %9ld codes %6.1f %12.1f %18.1f %20.1f\n", kReferenceCodes, ref.idle, ref.live, ref.expired, ref.forgotten);
    std::printf("  %9ld codes %6.1f %12.1f %18.1f %20.1f\n", opt.codes, big.idle, big.live, big.expired, big.forgotten);
    const double per_code_live = (big.live - ref.live) * 1e6 / double(opt.codes - kReferenceCodes);
    const double per_code_expired = (big.expired - ref.expired) * 1e6 / double(opt.codes - kReferenceCodes);
    std::printf("  per code beyond the reference: %.0f bytes live, %.0f bytes expired (compact records), %.0f bytes a day later\n",
                per_code_live, per_code_expired, (big.forgotten - ref.forgotten) * 1e6 / double(opt.codes - kReferenceCodes));
    // Dead codes leave nothing behind a day after their expiry: the big run's RSS then is within
    // 32 MB of the reference's (its journal, as full).
    line("serve RSS a day after codes expired", big.forgotten, "MB", ref.forgotten, "same, 100,000 codes", ref.forgotten + 32, false);
    // Expired codes keep only a compact record: at most half of what they held live.
    line("serve RSS 5 min after, codes expired", big.expired - ref.expired, "MB", big.live - ref.live, "the same codes live",
         (big.live - ref.live) / 2, false);
}

}  // namespace ls::bench
