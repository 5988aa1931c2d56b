// `loginscope serve` against nginx, same machine, same run, same load generator.
//
// nginx (a non-daemon child with a generated config in a temp dir) answers GET /sns/jscode2session
// with a static body: the very bytes `serve` answered for a real exchange at start-up. `serve` (a
// child: `loginscope serve --port 0`) does the real exchange for every timed request: each request
// carries a fresh code issued beforehand through POST /__admin/codes (100 per user — WeChat's
// per-user minute quota — over as many users as the point needs; the virtual clock never moves, so
// no code expires), and every answer is checked: HTTP 200, session_key and openid, no errcode.
//
// The load generator is closed-loop: N persistent keep-alive connections, each sending its next
// request as soon as the previous answer is complete, driven by epoll on a few threads. A turn is a
// warm-up, then a timed window; only answers completing inside the window count. At each connection
// count nginx and serve take turns (--rounds, default 3), the window split between the turns, so a
// burst of other work on the machine weighs on both; before each of serve's turns it is reset
// (POST /__admin/reset) and given fresh codes. The same generator, request bytes (but the code) and
// answer checks drive both servers.
//
// Usage: loginscope_serve_bench [seconds-per-point] [--warmup S] [--conns 1,8,64] [--rounds R]
//                               [--client-threads T] [--loginscope PATH]
// (--loginscope: measure another build's `serve`; default the loginscope built with this benchmark.)
// Targets (issue 6): serve ≥ 0.5× nginx's throughput at 8 connections, serve p99 ≤ 2 ms at 8
// connections, and at 64 connections every connection completes requests (the min/max ratio of
// requests per connection is printed). Exit 0 whether or not the targets are met; 2 when the
// benchmark cannot run (nginx missing, a server does not start, answers that are not successes).
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "loginscope/wechat_platform.hpp"

#include "../core/raw_http.hpp"

#ifndef LOGINSCOPE_BIN
#error "LOGINSCOPE_BIN must name the loginscope executable"
#endif

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
    double seconds = 3.0;
    double warmup = 0.5;
    std::vector<int> conns{1, 8, 64};
    int client_threads = 0;  // 0: one per core, at most one per connection
    int rounds = 3;          // each point alternates nginx and serve this many times
    size_t idle_conns = 5000;  // the slowloris point (0: skipped)
    std::string loginscope = LOGINSCOPE_BIN;  // the binary whose `serve` is measured
};

// Children still running and the temp dir, stopped and removed by die() too: a failed run leaves
// no server and no files behind.
std::mutex g_children_mu;
std::vector<pid_t> g_children;
std::string g_temp_dir;

void stop_process(pid_t pid) {
    kill(pid, SIGTERM);
    for (int i = 0; i < 100; ++i) {
        if (waitpid(pid, nullptr, WNOHANG) == pid) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
}

[[noreturn]] void die(const std::string& why) {
    std::fprintf(stderr, "loginscope_serve_bench: %s\n", why.c_str());
    std::vector<pid_t> children;
    {
        std::lock_guard<std::mutex> lock(g_children_mu);
        children.swap(g_children);
    }
    for (pid_t pid : children) stop_process(pid);
    if (!g_temp_dir.empty()) {
        std::error_code ec;
        std::filesystem::remove_all(g_temp_dir, ec);
    }
    std::exit(2);
}

void progress(const std::string& what) { std::fprintf(stderr, "  … %s\n", what.c_str()); }

// ---- child processes ------------------------------------------------------------------------

// A child process stopped (SIGTERM, then SIGKILL after a bounded wait) when this goes away.
class Child {
public:
    Child() = default;
    // argv[0] is the program; `stdout_pipe`: the child's stdout is readable from out_fd().
    Child(const std::vector<std::string>& argv, bool stdout_pipe) {
        int out[2] = {-1, -1};
        if (stdout_pipe && pipe(out) != 0) die("pipe: " + std::string(std::strerror(errno)));
        pid_ = fork();
        if (pid_ < 0) die("fork: " + std::string(std::strerror(errno)));
        if (pid_ == 0) {
            if (stdout_pipe) {
                dup2(out[1], 1);
                close(out[0]);
                close(out[1]);
            }
            std::vector<char*> args;
            for (auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
            args.push_back(nullptr);
            execv(args[0], args.data());
            std::fprintf(stderr, "exec %s: %s\n", args[0], std::strerror(errno));
            _exit(127);
        }
        if (stdout_pipe) {
            close(out[1]);
            out_fd_ = out[0];
        }
        std::lock_guard<std::mutex> lock(g_children_mu);
        g_children.push_back(pid_);
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;
    ~Child() { stop(); }

    pid_t pid() const { return pid_; }
    int out_fd() const { return out_fd_; }
    bool exited() {
        if (pid_ <= 0) return true;
        if (waitpid(pid_, nullptr, WNOHANG) != pid_) return false;
        forget();
        return true;
    }
    void stop() {
        if (pid_ > 0) {
            stop_process(pid_);
            forget();
        }
        if (out_fd_ >= 0) close(out_fd_);
        out_fd_ = -1;
    }

private:
    void forget() {
        std::lock_guard<std::mutex> lock(g_children_mu);
        g_children.erase(std::remove(g_children.begin(), g_children.end(), pid_), g_children.end());
        pid_ = -1;
    }
    pid_t pid_ = -1;
    int out_fd_ = -1;
};

// The first line the child writes, waiting at most `limit`.
std::string first_line(int fd, std::chrono::milliseconds limit) {
    std::string got;
    const auto deadline = Clock::now() + limit;
    while (got.find('\n') == std::string::npos && Clock::now() < deadline) {
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, 50) > 0) {
            char buf[512];
            const ssize_t n = read(fd, buf, sizeof buf);
            if (n <= 0) break;
            got.append(buf, size_t(n));
        }
    }
    return got.substr(0, got.find('\n'));
}

// nginx from $LOGINSCOPE_NGINX, $PATH, or the sbin directories Debian installs it in (often not
// on a non-root user's PATH).
std::optional<std::string> find_nginx() {
    if (const char* env = std::getenv("LOGINSCOPE_NGINX"); env && *env) {
        if (access(env, X_OK) != 0) die(std::string("LOGINSCOPE_NGINX=") + env + " is not an executable");
        return std::string(env);
    }
    std::vector<std::string> dirs;
    if (const char* path = std::getenv("PATH")) {
        std::stringstream ss(path);
        for (std::string d; std::getline(ss, d, ':');)
            if (!d.empty()) dirs.push_back(d);
    }
    dirs.insert(dirs.end(), {"/usr/sbin", "/usr/local/sbin", "/sbin"});
    for (auto& d : dirs) {
        const std::string p = d + "/nginx";
        if (access(p.c_str(), X_OK) == 0) return p;
    }
    return std::nullopt;
}

// A port the kernel just handed out on 127.0.0.1 and took back: free unless someone races us for
// it (nginx then fails to bind and the caller tries another).
int ephemeral_port() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0)
        die("cannot get an ephemeral port: " + std::string(std::strerror(errno)));
    close(fd);
    return ntohs(a.sin_port);
}

// raw_http::connect_to with Nagle off: a load client's small requests go out at once.
int connect_loopback(int port) {
    const int fd = raw_http::connect_to(port);
    if (fd < 0) return -1;
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

unsigned cores() { return std::max(1u, std::thread::hardware_concurrency()); }

// CPU time (user + system, all threads) a process has used so far, in seconds; 0 if it is gone.
double cpu_seconds(pid_t pid) {
    std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
    std::string stat;
    std::getline(f, stat);
    const size_t paren = stat.rfind(')');  // the command name may hold spaces
    if (paren == std::string::npos) return 0;
    std::istringstream rest(stat.substr(paren + 2));
    std::string field;
    unsigned long long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {  // fields 14 and 15: utime, stime
        if (i == 14) utime = std::stoull(field);
        if (i == 15) stime = std::stoull(field);
    }
    return double(utime + stime) / double(sysconf(_SC_CLK_TCK));
}

// The pids of `parent`'s children (nginx's workers).
std::vector<pid_t> children_of(pid_t parent) {
    std::vector<pid_t> out;
    for (auto& entry : fs::directory_iterator("/proc")) {
        const std::string name = entry.path().filename();
        if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
        std::ifstream f(entry.path() / "stat");
        std::string stat;
        std::getline(f, stat);
        const size_t paren = stat.rfind(')');
        if (paren == std::string::npos) continue;
        std::istringstream rest(stat.substr(paren + 2));
        std::string state;
        long ppid = 0;
        if (rest >> state >> ppid && ppid == parent) out.push_back(pid_t(std::stol(name)));
    }
    return out;
}

// nginx with `answer` at /sns/jscode2session, everything it writes kept under `dir`.
// Resident memory of a process, in MB (VmRSS).
double rss_of(pid_t pid) {
    std::ifstream f("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(f, line);)
        if (line.rfind("VmRSS:", 0) == 0) return std::atof(line.c_str() + 6) / 1024.0;
    return 0;
}

// One request on a new connection, answered whole (head and Content-Length bytes): its time in ms,
// or a negative number when it is not answered within `limit_ms`.
double fresh_request_ms(int port, const std::string& request, int limit_ms = 5000) {
    const auto start = Clock::now();
    const int fd = connect_loopback(port);
    if (fd < 0) return -1;
    std::string got;
    bool whole = false;
    const bool sent = send(fd, request.data(), request.size(), MSG_NOSIGNAL) == ssize_t(request.size());
    while (sent && !whole) {
        const auto left = limit_ms - std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        pollfd p{fd, POLLIN, 0};
        if (left <= 0 || poll(&p, 1, int(left) + 1) <= 0) break;
        char buf[4096];
        const ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        got.append(buf, size_t(n));
        const size_t head = got.find("\r\n\r\n");
        const size_t cl = got.find("Content-Length: ");
        if (head != std::string::npos && cl != std::string::npos && cl < head &&
            got.size() >= head + 4 + std::strtoul(got.c_str() + cl + 16, nullptr, 10))
            whole = true;
    }
    close(fd);
    return whole && got.rfind("HTTP/1.1 200", 0) == 0 ? std::chrono::duration<double, std::milli>(Clock::now() - start).count() : -1;
}

// The slowloris point: `n` connections held open (four in five idle, one in five having sent the
// start of a request head and nothing more), then fresh clients, one after the other.
struct IdleResult {
    size_t held = 0;
    double fresh_median_ms = -1, fresh_max_ms = -1;  // negative: some fresh client was not answered
};

IdleResult idle_point(int port, size_t n, int fresh = 7) {
    IdleResult r;
    std::vector<int> fds;
    for (size_t i = 0; i < n; ++i) {
        const int fd = connect_loopback(port);
        if (fd < 0) break;
        if (i % 5 == 0) {
            static const char kPartial[] = "GET /sns/jscode2session HTTP/1.1\r\nHost: 127.0.0.1\r\n";
            (void)send(fd, kPartial, sizeof kPartial - 1, MSG_NOSIGNAL);
        }
        fds.push_back(fd);
    }
    r.held = fds.size();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    std::vector<double> times;
    for (int i = 0; i < fresh; ++i)
        times.push_back(fresh_request_ms(port, "GET /sns/jscode2session?appid=a&secret=s&js_code=c&grant_type=authorization_code HTTP/1.1\r\n"
                                               "Host: 127.0.0.1\r\nConnection: close\r\n\r\n"));
    for (int fd : fds) close(fd);
    std::sort(times.begin(), times.end());
    if (times.front() >= 0) {
        r.fresh_median_ms = times[times.size() / 2];
        r.fresh_max_ms = times.back();
    }
    return r;
}

// The open-file limit raised to the hard limit: the idle point holds thousands of sockets.
void raise_open_files() {
    rlimit r{};
    if (getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur < r.rlim_max) {
        r.rlim_cur = r.rlim_max;
        setrlimit(RLIMIT_NOFILE, &r);
    }
}

class Nginx {
public:
    Nginx(const std::string& binary, const fs::path& dir, const std::string& answer) {
        for (char c : answer)
            if (c == '\'' || c == '\\' || c == '$') die("the static answer has a character nginx would interpret: " + answer);
        for (int attempt = 0; attempt < 5 && port_ <= 0; ++attempt) {
            const int port = ephemeral_port();
            const fs::path conf = dir / "nginx.conf";
            std::ofstream(conf) << config(dir, port, answer);
            const auto started = Clock::now();
            child_ = std::make_unique<Child>(
                std::vector<std::string>{binary, "-p", dir.string() + "/", "-c", conf.string(), "-e", (dir / "error.log").string()},
                false);
            const auto deadline = Clock::now() + std::chrono::seconds(5);
            while (Clock::now() < deadline && !child_->exited()) {
                const int fd = connect_loopback(port);
                if (fd >= 0) {
                    close(fd);
                    port_ = port;
                    cold_start_ms_ = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
                    break;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
            if (port_ <= 0) child_->stop();
        }
        if (port_ <= 0) {
            std::ifstream log(dir / "error.log");
            std::stringstream ss;
            ss << log.rdbuf();
            die("nginx did not start; its error log:\n" + ss.str());
        }
    }
    int port() const { return port_; }
    double cold_start_ms() const { return cold_start_ms_; }  // exec to the first accepted connection
    double rss_mb() const {
        double mb = rss_of(child_->pid());
        for (pid_t w : children_of(child_->pid())) mb += rss_of(w);
        return mb;
    }
    static unsigned workers() { return cores(); }
    // CPU time of the master and its workers so far.
    double cpu() const {
        double t = cpu_seconds(child_->pid());
        for (pid_t w : children_of(child_->pid())) t += cpu_seconds(w);
        return t;
    }

private:
    static std::string config(const fs::path& dir, int port, const std::string& answer) {
        std::ostringstream c;
        c << "# generated by loginscope_serve_bench\n"
          << "daemon off;\n"
          << "master_process on;\n"
          << "worker_processes " << workers() << ";\n"
          << "pid " << (dir / "nginx.pid").string() << ";\n"
          << "error_log " << (dir / "error.log").string() << " warn;\n"
          << "worker_rlimit_nofile 16384;\n"
          << "events { worker_connections 8192; }\n"  // the idle point holds 5,000 connections
          << "http {\n"
          << "  access_log off;\n"
          << "  client_body_temp_path " << (dir / "client_body").string() << ";\n"
          << "  proxy_temp_path " << (dir / "proxy").string() << ";\n"
          << "  fastcgi_temp_path " << (dir / "fastcgi").string() << ";\n"
          << "  uwsgi_temp_path " << (dir / "uwsgi").string() << ";\n"
          << "  scgi_temp_path " << (dir / "scgi").string() << ";\n"
          << "  keepalive_timeout 65;\n"
          << "  keepalive_requests 10000000;\n"  // never closes a benchmark connection
          << "  tcp_nodelay on;\n"
          << "  server {\n"
          << "    listen 127.0.0.1:" << port << ";\n"
          << "    location = /sns/jscode2session {\n"
          << "      default_type application/json;\n"
          << "      return 200 '" << answer << "';\n"
          << "    }\n"
          << "  }\n"
          << "}\n";
        return c.str();
    }
    std::unique_ptr<Child> child_;
    double cold_start_ms_ = 0;
    int port_ = -1;
};

// `loginscope serve --port 0`; the port from its first line.
class Serve {
public:
    explicit Serve(const std::string& binary) : started_(Clock::now()), child_({binary, "serve", "--port", "0"}, true) {
        const std::string line = first_line(child_.out_fd(), std::chrono::seconds(10));
        cold_start_ms_ = std::chrono::duration<double, std::milli>(Clock::now() - started_).count();
        const std::string prefix = "listening on http://127.0.0.1:";
        if (line.rfind(prefix, 0) != 0) die("loginscope serve did not announce its port (first line: \"" + line + "\")");
        port_ = std::atoi(line.c_str() + prefix.size());
        if (port_ <= 0) die("loginscope serve announced a bad port: " + line);
    }
    int port() const { return port_; }
    bool alive() { return !child_.exited(); }
    double cpu() const { return cpu_seconds(child_.pid()); }
    double rss_mb() const { return rss_of(child_.pid()); }
    double cold_start_ms() const { return cold_start_ms_; }  // exec to the banner

private:
    Clock::time_point started_;
    Child child_;
    int port_ = -1;
    double cold_start_ms_ = 0;
};

// ---- the load generator ---------------------------------------------------------------------

// Where each request's js_code comes from; shared by every connection of a point. Empty when none
// is left (the point is then void and rerun with more codes).
class CodeSource {
public:
    virtual ~CodeSource() = default;
    virtual bool next(std::string& code) = 0;
};

// Codes issued by serve, each handed out once.
class IssuedCodes : public CodeSource {
public:
    explicit IssuedCodes(std::vector<std::string> codes) : codes_(std::move(codes)) {}
    bool next(std::string& code) override {
        const size_t i = next_.fetch_add(1, std::memory_order_relaxed);
        if (i >= codes_.size()) return false;
        code = codes_[i];
        return true;
    }
    size_t used() const { return std::min(next_.load(), codes_.size()); }

private:
    std::vector<std::string> codes_;
    std::atomic<size_t> next_{0};
};

// Code-shaped strings for nginx, which ignores them: the requests have the same size as serve's.
class SyntheticCodes : public CodeSource {
public:
    explicit SyntheticCodes(size_t length) : length_(length) {}
    bool next(std::string& code) override {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(next_.fetch_add(1)));
        code.assign(length_ > 16 ? length_ - 16 : 0, 'c');
        code += buf;
        return true;
    }

private:
    size_t length_;
    std::atomic<uint64_t> next_{0};
};

struct Target {
    int port = 0;
    std::string appid, secret;
};

// One server at one connection count: one timed window, or several added up (rounds).
struct PointResult {
    double seconds = 0;
    long ok = 0;            // successful answers inside the window
    long errors = 0;        // answers that were not successes, and dropped connections (whole run)
    long unanswered = 0;    // requests still waiting for an answer when the run gave up on them
    bool codes_ran_out = false;
    std::string first_error;
    std::vector<long> per_conn;          // answers inside the window, per connection (and round)
    std::vector<uint32_t> latency_ns;    // every answer inside the window
    double p50_ms = 0, p99_ms = 0;
    double server_cpu = 0;   // CPU seconds the server used during the turn(s), warm-up included
    long answers = 0;        // every answer of the turn(s), warm-up included

    // The server's CPU time per answer: its cost, whatever else the machine was doing.
    double cpu_us_per_answer() const { return answers ? server_cpu / double(answers) * 1e6 : 0; }

    double rps() const { return seconds > 0 ? ok / seconds : 0; }
    long min_conn() const { return per_conn.empty() ? 0 : *std::min_element(per_conn.begin(), per_conn.end()); }
    long max_conn() const { return per_conn.empty() ? 0 : *std::max_element(per_conn.begin(), per_conn.end()); }

    void add(const PointResult& r) {
        seconds += r.seconds;
        server_cpu += r.server_cpu;
        answers += r.answers;
        ok += r.ok;
        errors += r.errors;
        unanswered += r.unanswered;
        codes_ran_out = codes_ran_out || r.codes_ran_out;
        if (first_error.empty()) first_error = r.first_error;
        per_conn.insert(per_conn.end(), r.per_conn.begin(), r.per_conn.end());
        latency_ns.insert(latency_ns.end(), r.latency_ns.begin(), r.latency_ns.end());
        percentiles();
    }
    void percentiles() {
        if (latency_ns.empty()) return;
        // The q-quantile: the smallest latency that at least q of all answers did not exceed.
        auto pct = [&](double q) {
            const size_t rank = std::max<size_t>(1, size_t(std::ceil(q * double(latency_ns.size()))));
            std::nth_element(latency_ns.begin(), latency_ns.begin() + long(rank - 1), latency_ns.end());
            return latency_ns[rank - 1] / 1e6;
        };
        p50_ms = pct(0.50);
        p99_ms = pct(0.99);
    }
};

// A "WeChat answered with a session" check, the same for both servers.
bool is_success(int status, const char* body, size_t len) {
    if (status != 200) return false;
    const std::string_view b(body, len);
    return b.find("\"errcode\"") == std::string_view::npos && b.find("\"session_key\":\"") != std::string_view::npos &&
           b.find("\"openid\":\"") != std::string_view::npos;
}

// Case-insensitive search of a lower-case needle.
size_t find_header(std::string_view head, std::string_view lower_needle) {
    if (head.size() < lower_needle.size()) return std::string_view::npos;
    for (size_t i = 0; i + lower_needle.size() <= head.size(); ++i) {
        size_t j = 0;
        while (j < lower_needle.size() && std::tolower(static_cast<unsigned char>(head[i + j])) == lower_needle[j]) ++j;
        if (j == lower_needle.size()) return i;
    }
    return std::string_view::npos;
}

struct Conn {
    int fd = -1;
    std::string code;         // the js_code of the request being sent
    std::string out;          // the request being sent
    size_t out_done = 0;
    std::string in;           // bytes of the answer so far
    bool in_flight = false;
    bool finished = false;    // no more requests on this connection
    Clock::time_point sent_at;
    long in_window = 0;
    std::vector<uint32_t> latency_ns;  // answers inside the window
};

epoll_event watch(uint32_t events, Conn* c) {
    epoll_event ev{};
    ev.events = events;
    ev.data.ptr = c;
    return ev;
}

class LoadRun {
public:
    LoadRun(const Target& t, CodeSource& codes, int conns, int threads, double warmup, double seconds)
        : target_(t), codes_(codes), conns_(size_t(conns)), threads_(std::max(1, std::min(threads, conns))),
          warmup_(warmup), seconds_(seconds) {
        prefix_ = "GET /sns/jscode2session?appid=" + t.appid + "&secret=" + t.secret + "&js_code=";
        suffix_ = "&grant_type=authorization_code HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(t.port) +
                  "\r\nUser-Agent: loginscope_serve_bench\r\nAccept: */*\r\n\r\n";
    }

    PointResult run() {
        for (auto& c : conns_) {
            c.fd = connect_loopback(target_.port);
            if (c.fd < 0) die("cannot connect to 127.0.0.1:" + std::to_string(target_.port));
            c.latency_ns.reserve(size_t(200000 / conns_.size() + 1024));
        }
        start_ = Clock::now();
        window_from_ = start_ + to_duration(warmup_);
        window_to_ = window_from_ + to_duration(seconds_);
        give_up_ = window_to_ + std::chrono::seconds(2);
        std::vector<std::thread> threads;
        for (int t = 0; t < threads_; ++t) threads.emplace_back([this, t] { loop(t); });
        for (auto& t : threads) t.join();

        PointResult r;
        r.seconds = seconds_;
        r.answers = answers_;
        r.ok = ok_;
        r.errors = errors_;
        r.codes_ran_out = ran_out_;
        r.first_error = first_error_;
        for (auto& c : conns_) {
            r.per_conn.push_back(c.in_window);
            r.unanswered += c.in_flight;
            r.latency_ns.insert(r.latency_ns.end(), c.latency_ns.begin(), c.latency_ns.end());
            if (c.fd >= 0) close(c.fd);
        }
        r.percentiles();
        return r;
    }

private:
    static Clock::duration to_duration(double s) {
        return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
    }

    void error(const std::string& what) {
        std::lock_guard<std::mutex> lock(mu_);
        ++errors_;
        if (first_error_.empty()) first_error_ = what;
    }

    // Starts the connection's next request, or finishes it when the run is over.
    void start_request(Conn& c, int ep, Clock::time_point now) {
        if (now >= window_to_) {
            c.finished = true;
            return;
        }
        if (!codes_.next(c.code)) {
            std::lock_guard<std::mutex> lock(mu_);
            ran_out_ = true;
            c.finished = true;
            return;
        }
        c.out.assign(prefix_);
        c.out += c.code;
        c.out += suffix_;
        c.out_done = 0;
        c.in.clear();
        c.in_flight = true;
        c.sent_at = Clock::now();
        flush(c, ep);
    }

    // Writes what is left of the request; waits for EPOLLOUT when the socket is full.
    void flush(Conn& c, int ep) {
        while (c.out_done < c.out.size()) {
            const ssize_t n = send(c.fd, c.out.data() + c.out_done, c.out.size() - c.out_done, MSG_NOSIGNAL);
            if (n > 0) {
                c.out_done += size_t(n);
                continue;
            }
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                epoll_event ev = watch(EPOLLIN | EPOLLOUT, &c);
                epoll_ctl(ep, EPOLL_CTL_MOD, c.fd, &ev);
                return;
            }
            drop(c, ep, "send: " + std::string(std::strerror(errno)));
            return;
        }
        epoll_event ev = watch(EPOLLIN, &c);
        epoll_ctl(ep, EPOLL_CTL_MOD, c.fd, &ev);
    }

    // Closes c's connection and watches a new one in its place; false (c finished, an error counted)
    // when no new one can be made.
    bool reconnect(Conn& c, int ep) {
        epoll_ctl(ep, EPOLL_CTL_DEL, c.fd, nullptr);
        close(c.fd);
        c.fd = connect_loopback(target_.port);
        if (c.fd < 0) {
            error("reconnect failed");
            c.finished = true;
            return false;
        }
        fcntl(c.fd, F_SETFL, O_NONBLOCK);
        epoll_event ev = watch(EPOLLIN, &c);
        epoll_ctl(ep, EPOLL_CTL_ADD, c.fd, &ev);
        return true;
    }

    // The connection failed: count it, and carry on over a new one.
    void drop(Conn& c, int ep, const std::string& why) {
        error(why);
        c.in_flight = false;
        if (reconnect(c, ep)) start_request(c, ep, Clock::now());
    }

    // Reads what arrived; when the answer is complete, records it and starts the next request.
    void on_readable(Conn& c, int ep) {
        char buf[16384];
        for (;;) {
            const ssize_t n = recv(c.fd, buf, sizeof buf, 0);
            if (n > 0) {
                c.in.append(buf, size_t(n));
                if (size_t(n) < sizeof buf) break;
                continue;
            }
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
            if (n < 0 && errno == EINTR) continue;
            drop(c, ep, n == 0 ? "connection closed by the server" : "recv: " + std::string(std::strerror(errno)));
            return;
        }
        if (!c.in_flight) {
            drop(c, ep, "bytes nobody asked for");
            return;
        }
        const size_t head_end = c.in.find("\r\n\r\n");
        if (head_end == std::string::npos) return;
        const std::string_view head(c.in.data(), head_end + 2);
        if (head.size() < 12 || head.compare(0, 7, "HTTP/1.") != 0) {
            drop(c, ep, "not an HTTP answer");
            return;
        }
        const int status = std::atoi(head.data() + 9);
        const size_t cl = find_header(head, "\r\ncontent-length:");
        if (cl == std::string_view::npos) {
            drop(c, ep, "answer without Content-Length");
            return;
        }
        const size_t body_len = size_t(std::strtoul(head.data() + cl + 17, nullptr, 10));
        if (c.in.size() < head_end + 4 + body_len) return;
        if (c.in.size() > head_end + 4 + body_len) {
            drop(c, ep, "more bytes than the answer");
            return;
        }
        const auto now = Clock::now();
        c.in_flight = false;
        const bool ok = is_success(status, c.in.data() + head_end + 4, body_len);
        answers_.fetch_add(1, std::memory_order_relaxed);
        if (!ok) error("HTTP " + std::to_string(status) + ": " + c.in.substr(head_end + 4, 200));
        if (now >= window_from_ && now < window_to_) {
            ++c.in_window;
            c.latency_ns.push_back(uint32_t(std::min<int64_t>(
                std::chrono::duration_cast<std::chrono::nanoseconds>(now - c.sent_at).count(), UINT32_MAX)));
            if (ok) ok_.fetch_add(1, std::memory_order_relaxed);
        }
        // The server ends keep-alive here (its per-connection limit): a new connection, no error.
        if (find_header(head, "\r\nconnection: close") != std::string_view::npos && !reconnect(c, ep)) return;
        start_request(c, ep, now);
    }

    void loop(int t) {
        const int ep = epoll_create1(EPOLL_CLOEXEC);
        std::vector<Conn*> mine;
        for (size_t i = size_t(t); i < conns_.size(); i += size_t(threads_)) mine.push_back(&conns_[i]);
        for (Conn* c : mine) {
            fcntl(c->fd, F_SETFL, O_NONBLOCK);
            epoll_event ev = watch(EPOLLIN, c);
            epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
        }
        for (Conn* c : mine) start_request(*c, ep, Clock::now());
        std::vector<epoll_event> events(mine.size());
        for (;;) {
            const bool busy = std::any_of(mine.begin(), mine.end(), [](Conn* c) { return !c->finished; });
            if (!busy || Clock::now() >= give_up_) break;
            const int n = epoll_wait(ep, events.data(), int(events.size()), 20);
            for (int i = 0; i < n; ++i) {
                Conn& c = *static_cast<Conn*>(events[size_t(i)].data.ptr);
                if (c.finished && !c.in_flight) continue;
                if (events[size_t(i)].events & EPOLLOUT) flush(c, ep);
                if (events[size_t(i)].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) on_readable(c, ep);
            }
        }
        close(ep);
    }

    Target target_;
    CodeSource& codes_;
    std::vector<Conn> conns_;
    int threads_;
    double warmup_, seconds_;
    std::string prefix_, suffix_;
    Clock::time_point start_, window_from_, window_to_, give_up_;
    std::atomic<long> ok_{0};
    std::atomic<long> answers_{0};
    std::mutex mu_;
    long errors_ = 0;
    bool ran_out_ = false;
    std::string first_error_;
};

// ---- serve's side: apps and codes over the admin API ----------------------------------------

Target serve_target(int port) {
    httplib::Client admin("127.0.0.1", port);
    admin.set_read_timeout(30, 0);
    auto res = admin.Get("/__admin/apps");
    if (!res || res->status != 200) die("GET /__admin/apps failed");
    const json apps = json::parse(res->body, nullptr, false);
    if (apps.is_discarded() || !apps.contains("apps")) die("GET /__admin/apps: not the expected JSON");
    for (auto& a : apps["apps"])
        if (a.value("platform", "") == "wechat") return {port, a["appid"], a["secret"]};
    die("serve lists no WeChat mini program");
}

// `count` fresh codes: WeChat counts exchanges per user and minute, so at most a quota's worth per
// user, over as many users (named by `run`) as it takes.
std::vector<std::string> issue_codes(int port, const Target& t, size_t count, const std::string& run) {
    const int per_user = ls::WeChatPolicy{}.quota_per_user_minute;
    httplib::Client admin("127.0.0.1", port);
    admin.set_read_timeout(30, 0);
    admin.set_keep_alive(true);
    admin.set_tcp_nodelay(true);  // else every POST (head and body written apart) waits out a delayed ACK
    std::vector<std::string> codes;
    codes.reserve(count);
    for (size_t user = 0; codes.size() < count; ++user) {
        const int n = int(std::min<size_t>(size_t(per_user), count - codes.size()));
        const json body{{"appid", t.appid}, {"user", "bench-" + run + "-" + std::to_string(user)}, {"count", n}};
        auto res = admin.Post("/__admin/codes", body.dump(), "application/json");
        if (!res || res->status != 200) die("POST /__admin/codes failed" + (res ? ": " + res->body : std::string()));
        const json j = json::parse(res->body, nullptr, false);
        if (!j.is_discarded() && j.contains("codes")) {
            for (auto& c : j["codes"]) codes.push_back(c.get<std::string>());
        } else if (!j.is_discarded() && j.contains("code")) {
            // A serve from before "count" (--loginscope of an older build): one code per call.
            codes.push_back(j["code"].get<std::string>());
            const json one{{"appid", t.appid}, {"user", body["user"]}};
            for (int i = 1; i < n; ++i) {
                auto r = admin.Post("/__admin/codes", one.dump(), "application/json");
                const json c = r ? json::parse(r->body, nullptr, false) : json();
                if (!r || r->status != 200 || !c.contains("code")) die("POST /__admin/codes failed");
                codes.push_back(c["code"].get<std::string>());
            }
        } else {
            die("POST /__admin/codes: no codes in " + res->body.substr(0, 200));
        }
    }
    return codes;
}

// POST /__admin/reset: serve forgets codes, sessions and events, and rewinds its clock.
void reset_serve(int port) {
    httplib::Client admin("127.0.0.1", port);
    admin.set_read_timeout(30, 0);
    auto res = admin.Post("/__admin/reset", "", "application/json");
    if (!res || res->status != 200) die("POST /__admin/reset failed");
}

// A real exchange, its answer becoming nginx's static body.
std::string one_real_answer(const Target& t) {
    const auto codes = issue_codes(t.port, t, 1, "answer");
    httplib::Client c("127.0.0.1", t.port);
    httplib::Params p{{"appid", t.appid}, {"secret", t.secret}, {"js_code", codes[0]}, {"grant_type", "authorization_code"}};
    auto res = c.Get("/sns/jscode2session", p, httplib::Headers{});
    if (!res || !is_success(res->status, res->body.data(), res->body.size()))
        die("serve did not answer a fresh code with a session: " + (res ? res->body : std::string("no answer")));
    return res->body;
}

// ---- main -----------------------------------------------------------------------------------

Options parse_options(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) die(a + ": needs a value");
            return argv[++i];
        };
        try {
            if (a == "--warmup") {
                o.warmup = std::stod(value());
            } else if (a == "--conns") {
                o.conns.clear();
                std::stringstream ss(value());
                for (std::string n; std::getline(ss, n, ',');) o.conns.push_back(std::stoi(n));
            } else if (a == "--client-threads") {
                o.client_threads = std::stoi(value());
            } else if (a == "--rounds") {
                o.rounds = std::stoi(value());
            } else if (a == "--idle-conns") {
                o.idle_conns = std::stoul(value());
            } else if (a == "--loginscope") {
                o.loginscope = value();
            } else if (!a.empty() && a[0] != '-') {
                o.seconds = std::stod(a);
            } else {
                die("usage: loginscope_serve_bench [seconds-per-point] [--warmup S] [--conns 1,8,64] [--rounds R] "
                    "[--client-threads T] [--idle-conns N] [--loginscope PATH]");
            }
        } catch (const std::logic_error&) {
            die(a + ": not a number");
        }
    }
    if (o.seconds <= 0 || o.warmup < 0 || o.conns.empty() || o.rounds < 1)
        die("seconds must be > 0, warm-up >= 0, rounds >= 1, connections given");
    for (int n : o.conns)
        if (n < 1 || n > 1000) die("connections must be 1..1000");
    return o;
}

template <class... Args>
std::string fmt(const char* f, Args... v) {
    char buf[160];
    std::snprintf(buf, sizeof buf, f, v...);
    return buf;
}

}  // namespace

int main(int argc, char** argv) {
    const Options opt = parse_options(argc, argv);
    signal(SIGPIPE, SIG_IGN);
    raise_open_files();
    const auto nginx_bin = find_nginx();
    if (!nginx_bin)
        die("nginx not found (install the Debian package: bash third_party/install-deps.sh, or set LOGINSCOPE_NGINX)");

    char tmpl[] = "/tmp/loginscope-serve-bench-XXXXXX";
    if (!mkdtemp(tmpl)) die("mkdtemp: " + std::string(std::strerror(errno)));
    const fs::path dir = tmpl;
    g_temp_dir = dir.string();
    chmod(dir.c_str(), 0755);  // nginx workers may run as another user than the master

    int status = 0;
    {
        if (access(opt.loginscope.c_str(), X_OK) != 0) die("not an executable: " + opt.loginscope);
        Serve serve(opt.loginscope);
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        const double serve_idle_rss = serve.rss_mb();  // before any request
        const Target serve_t = serve_target(serve.port());
        const std::string answer = one_real_answer(serve_t);
        Nginx nginx(*nginx_bin, dir, answer);
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        const double nginx_idle_rss = nginx.rss_mb();
        const Target nginx_t{nginx.port(), serve_t.appid, serve_t.secret};
        const size_t code_len = issue_codes(serve.port(), serve_t, 1, "probe")[0].size();
        const int threads = opt.client_threads > 0 ? opt.client_threads : int(cores());

        std::printf("serve vs nginx on 127.0.0.1: %u cores, nginx %u workers, load generator %d epoll thread(s), "
                    "%.1f s per point in %d turns each (%.1f s warm-up per turn)\n",
                    cores(), Nginx::workers(), threads, opt.seconds, opt.rounds, opt.warmup);
        std::printf("static nginx answer (%zu bytes, from a real serve exchange): %s\n\n", answer.size(), answer.c_str());

        IdleResult idle_nginx, idle_serve;
        if (opt.idle_conns) {
            progress("nginx, " + std::to_string(opt.idle_conns) + " idle connections and a fresh client");
            idle_nginx = idle_point(nginx.port(), opt.idle_conns);
            progress("serve, " + std::to_string(opt.idle_conns) + " idle connections and a fresh client");
            idle_serve = idle_point(serve.port(), opt.idle_conns);
        }

        struct Row { int conns; PointResult nginx, serve; };
        std::vector<Row> rows;
        const double slice = opt.seconds / opt.rounds;
        for (int n : opt.conns) {
            Row row{n, {}, {}};
            // nginx and serve take turns, `rounds` times, so that whatever else the machine does
            // weighs on both alike; each turn has its own warm-up and connections.
            for (int round = 0; round < opt.rounds; ++round) {
                SyntheticCodes fake(code_len);
                progress("nginx, " + std::to_string(n) + " connection(s), round " + std::to_string(round + 1));
                const double ngx_cpu = nginx.cpu();
                PointResult ngx = LoadRun(nginx_t, fake, n, threads, opt.warmup, slice).run();
                ngx.server_cpu = nginx.cpu() - ngx_cpu;
                row.nginx.add(ngx);
                // Enough codes for serve to run at nginx's rate with room to spare; if serve runs
                // out anyway (it was faster), the turn is rerun with twice as many. Each attempt
                // starts from a reset serve (no codes, sessions or journal left from before), so
                // every turn measures the same state of the same process.
                size_t want = size_t(ngx.rps() * (opt.warmup + slice) * 1.2) + 2000;
                for (int attempt = 0;; ++attempt) {
                    reset_serve(serve.port());
                    progress("issuing " + std::to_string(want) + " codes");
                    IssuedCodes codes(issue_codes(serve.port(), serve_t, want, std::to_string(n) + "-" + std::to_string(attempt)));
                    progress("serve, " + std::to_string(n) + " connection(s), round " + std::to_string(round + 1));
                    const double srv_cpu = serve.cpu();
                    PointResult srv = LoadRun(serve_t, codes, n, threads, opt.warmup, slice).run();
                    srv.server_cpu = serve.cpu() - srv_cpu;
                    if (!srv.codes_ran_out) {
                        row.serve.add(srv);
                        break;
                    }
                    if (attempt == 3) die("serve kept running out of codes");
                    want *= 2;
                }
                if (!serve.alive()) die("loginscope serve exited during the run");
            }
            rows.push_back(row);
            std::fprintf(stderr, "  %d connection(s): nginx %.0f req/s, serve %.0f req/s\n", n, row.nginx.rps(), row.serve.rps());
        }

        const char* row_fmt = "%5s | %8s %8s %5s | %9s %9s | %9s %9s | %-20s %-20s | %9s %9s | %s\n";
        std::printf(row_fmt, "conns", "nginx/s", "serve/s", "ratio", "p50 nginx", "p50 serve", "p99 nginx", "p99 serve",
                    "nginx least/most", "serve least/most", "CPU nginx", "CPU serve", "errors");
        for (auto& r : rows) {
            auto per = [](const PointResult& p) {
                return std::to_string(p.min_conn()) + "/" + std::to_string(p.max_conn()) +
                       fmt(" (%.2f)", p.max_conn() ? double(p.min_conn()) / double(p.max_conn()) : 0.0);
            };
            std::printf(row_fmt, std::to_string(r.conns).c_str(), fmt("%.0f", r.nginx.rps()).c_str(), fmt("%.0f", r.serve.rps()).c_str(),
                        fmt("%.2f", r.nginx.rps() > 0 ? r.serve.rps() / r.nginx.rps() : 0.0).c_str(), fmt("%.3f", r.nginx.p50_ms).c_str(),
                        fmt("%.3f", r.serve.p50_ms).c_str(), fmt("%.3f", r.nginx.p99_ms).c_str(), fmt("%.3f", r.serve.p99_ms).c_str(),
                        per(r.nginx).c_str(), per(r.serve).c_str(), fmt("%.1f", r.nginx.cpu_us_per_answer()).c_str(),
                        fmt("%.1f", r.serve.cpu_us_per_answer()).c_str(),
                        (std::to_string(r.nginx.errors) + "/" + std::to_string(r.serve.errors)).c_str());
        }
        std::printf("nginx/s, serve/s: successful answers per second; ratio: serve/nginx; p50, p99: latency in ms;\n"
                    "least/most: answers inside the timed windows of the least and the most busy connection (of all\n"
                    "turns) and their ratio; CPU: the server processes' user+system microseconds per answer, warm-up\n"
                    "included, whatever else the machine was doing; errors: nginx/serve.\n\n");

        bool broken = false;
        for (auto& r : rows) {
            for (auto* p : {&r.nginx, &r.serve})
                if (p->errors || p->unanswered) {
                    std::printf("!! %s at %d connection(s): %ld errors, %ld unanswered%s%s\n", p == &r.nginx ? "nginx" : "serve",
                                r.conns, p->errors, p->unanswered, p->first_error.empty() ? "" : "; first: ",
                                p->first_error.c_str());
                    if (p->errors) broken = true;
                }
        }
        auto row_for = [&](int n) -> const Row* {
            for (auto& r : rows)
                if (r.conns == n) return &r;
            return nullptr;
        };
        auto target = [](bool pass, const char* what, const std::string& measured) {
            std::printf("%s  %-52s %s\n", pass ? "PASS" : "FAIL", what, measured.c_str());
        };
        std::printf("%-44s %12s %12s\n", "", "nginx", "serve");
        std::printf("%-44s %9.1f ms %9.1f ms\n", "cold start (exec to listening)", nginx.cold_start_ms(), serve.cold_start_ms());
        std::printf("%-44s %9.1f MB %9.1f MB\n", "idle RSS (all processes)", nginx_idle_rss, serve_idle_rss);
        auto fresh = [](const IdleResult& r) {
            return r.fresh_max_ms < 0 ? std::string("not answered") : fmt("%.1f", r.fresh_median_ms) + fmt("/%.1f ms", r.fresh_max_ms);
        };
        if (opt.idle_conns) {
            std::printf("%-44s %12zu %12zu\n", "idle connections held", idle_nginx.held, idle_serve.held);
            std::printf("%-44s %12s %12s\n", "  then a fresh client, median/max", fresh(idle_nginx).c_str(), fresh(idle_serve).c_str());
        }
        std::printf("\n");

        // Targets (issue 13).
        for (int n : {8, 64})
            if (const Row* r = row_for(n)) {
                const double ratio = r->nginx.rps() > 0 ? r->serve.rps() / r->nginx.rps() : 0;
                target(ratio >= 0.9, fmt("serve >= 0.9x nginx's throughput at %d connections", n).c_str(), fmt("%.2fx", ratio));
            }
        if (const Row* r = row_for(8))
            target(r->serve.p99_ms <= 2.0, "serve p99 <= 2 ms at 8 connections", fmt("%.3f ms", r->serve.p99_ms));
        if (const Row* r = row_for(64)) {
            const long lo = r->serve.min_conn(), hi = r->serve.max_conn();
            const double even = hi ? double(lo) / double(hi) : 0.0;
            target(even >= 0.5 && r->serve.unanswered == 0, "no connection starves at 64 (least/most >= 0.5)",
                   std::to_string(lo) + "/" + std::to_string(hi) + fmt(" = %.2f", even));
        }
        if (opt.idle_conns)
            target(idle_serve.held >= opt.idle_conns && idle_serve.fresh_max_ms >= 0 && idle_serve.fresh_max_ms <= 200,
                   fmt("%zu idle connections + a fresh client <= 200 ms", opt.idle_conns).c_str(),
                   fmt("%zu held, ", idle_serve.held) + fresh(idle_serve));
        target(serve.cold_start_ms() <= 50, "cold start <= 50 ms", fmt("%.1f ms", serve.cold_start_ms()));
        target(serve_idle_rss <= 20, "idle RSS <= 20 MB", fmt("%.1f MB", serve_idle_rss));
        if (broken) {
            std::printf("the run is not valid: some answers were not successes\n");
            status = 2;
        }
    }
    std::error_code ec;
    fs::remove_all(dir, ec);
    return status;
}
