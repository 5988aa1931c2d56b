// Issue 13: `serve` under hostile local clients. Each case reproduces what a probe found on the
// hand-written server (one thread per connection capped at 1,024, no deadline for a whole request,
// every body read whole, Content-Length and Transfer-Encoding both honoured, the journal answered
// as one string per reader) and holds the HttpHost on Asio and Beast to the fix.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "loginscope/admin_api.hpp"
#include "loginscope/engine.hpp"
#include "loginscope/http.hpp"
#include "raw_http.hpp"

using namespace ls;
using nlohmann::json;
using namespace raw_http;
using SteadyClock = std::chrono::steady_clock;

namespace {

double ms_since(SteadyClock::time_point t) {
    return std::chrono::duration<double, std::milli>(SteadyClock::now() - t).count();
}

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

size_t rss_bytes() {
    std::ifstream statm("/proc/self/statm");
    size_t pages = 0, resident = 0;
    statm >> pages >> resident;
    return resident * size_t(sysconf(_SC_PAGESIZE));
}

// The platform endpoints and the admin API on a loopback port, as `serve` runs them.
struct Served {
    Engine engine{[] {
        EngineConfig c;
        c.transport = TransportMode::Http;
        return c;
    }()};
    Served() {
        engine.set_admin_service(make_admin_service(engine));
        engine.prepare_packs();  // as serve does while it starts: raw() reads only until a short quiet
    }
    int port() { return engine.platform_port(); }
};

struct Echo {
    explicit Echo(HttpDeadlines d = {})
        : host([](const HttpRequest& r) { return Delivery{{200, json{{"path", r.path}, {"body", r.body}}.dump()}}; },
               "127.0.0.1", 0, HttpHost::ServiceCalls::OnIoThreads, d) {}
    HttpHost host;
};

bool closed_by_peer(int fd, int within_ms) { return receive(fd, within_ms).find("<EOF>") != std::string::npos; }

}  // namespace

TEST_CASE("a fresh client is answered within 200 ms while 5,000 connections sit idle or trickle a head", "[http][hostile]") {
    Echo e;
    // Client and server sockets share this process's open-file limit (HttpHost raised it to the hard limit).
    rlimit r{};
    getrlimit(RLIMIT_NOFILE, &r);
    const size_t wanted = 5000;
    const size_t possible = r.rlim_cur > 600 ? size_t(r.rlim_cur - 300) / 2 : 0;
    const size_t n = std::min(wanted, possible);
    if (n < wanted) WARN("the open-file limit " << r.rlim_cur << " holds only " << n << " idle connections");
    REQUIRE(n >= 1100);  // beyond the old server's 1,024 threads at the least
    std::vector<int> fds;
    for (size_t i = 0; i < n; ++i) {
        const int fd = connect_to(e.host.port());
        REQUIRE(fd >= 0);
        // Every fifth one trickles: a request line and one header line, and then nothing more yet.
        if (i % 5 == 0) send_text(fd, "GET /slow HTTP/1.1\r\nHost: t\r\n");
        fds.push_back(fd);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // let the server take them all in
    for (int round = 0; round < 3; ++round) {
        const auto start = SteadyClock::now();
        const std::string got = raw(e.host.port(), "GET /fresh HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", 2000);
        const double took = ms_since(start);
        INFO("round " << round << ": " << took << " ms");
        CHECK(got.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
        CHECK(got.find("\"/fresh\"") != std::string::npos);
        CHECK(took <= 200);
    }
    for (int fd : fds) close(fd);
}

TEST_CASE("a request head must arrive whole within its deadline and a body by its size", "[http][hostile]") {
    HttpDeadlines d;
    d.head = std::chrono::milliseconds(800);
    d.body = std::chrono::milliseconds(800);
    d.idle = std::chrono::milliseconds(1500);
    Echo e(d);
    // One header line every 300 ms: each read is quick, the whole head is not.
    const int slow_head = connect_to(e.host.port());
    // A body declared 100 bytes long, sent a byte every 300 ms.
    const int slow_body = connect_to(e.host.port());
    // Nothing at all: closed as idle, later.
    const int idle = connect_to(e.host.port());
    REQUIRE(slow_head >= 0);
    REQUIRE(slow_body >= 0);
    REQUIRE(idle >= 0);
    send_text(slow_body, "POST /p HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n");
    const auto start = SteadyClock::now();
    bool head_closed = false, body_closed = false;
    for (int i = 0; ms_since(start) < 4000 && !(head_closed && body_closed); ++i) {
        if (!head_closed) head_closed = !send_text(slow_head, i == 0 ? "GET /p HTTP/1.1\r\n" : "X-Line: " + std::to_string(i) + "\r\n");
        if (!body_closed) body_closed = !send_text(slow_body, "x");
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        if (!head_closed) head_closed = closed_by_peer(slow_head, 1);
        if (!body_closed) body_closed = closed_by_peer(slow_body, 1);
    }
    const double took = ms_since(start);
    CHECK(head_closed);
    CHECK(body_closed);
    CHECK(took < 3000);
    CHECK(closed_by_peer(idle, 2500));
    close(slow_head);
    close(slow_body);
    close(idle);
}

TEST_CASE("a platform endpoint refuses a body over its limit from the head, in its own error shape, before the body is sent", "[http][hostile]") {
    Served s;
    const auto start = SteadyClock::now();
    // 50 MB declared, not one byte of it sent: the answer must not wait for it.
    std::string got = raw(s.port(), "POST /sns/jscode2session HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\nContent-Length: 50000000\r\n\r\n");
    CHECK(got.rfind("HTTP/1.1 413 Payload Too Large\r\n", 0) == 0);
    CHECK(got.find(R"({"errcode":-1,"errmsg":"request body too large"})") != std::string::npos);
    CHECK(got.find("<EOF>") != std::string::npos);
    got = raw(s.port(), "POST /oauth/jscode2sessionkey HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\nContent-Length: 70000\r\n\r\n");
    CHECK(got.rfind("HTTP/1.1 413 ", 0) == 0);
    CHECK(got.find(R"("error":"invalid_request")") != std::string::npos);
    CHECK(ms_since(start) < 1500);
    // Chunked, growing past 64 KiB: refused when it gets there.
    const int fd = connect_to(s.port());
    send_text(fd, "POST /sns/jscode2session HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n");
    const std::string piece(16384, 'a');
    for (int i = 0; i < 5; ++i) send_text(fd, "4000\r\n" + piece + "\r\n");
    got = receive(fd);
    CHECK(got.rfind("HTTP/1.1 413 ", 0) == 0);
    close(fd);
    // Within the limit it is read and answered as before.
    got = raw(s.port(), "POST /sns/jscode2session HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello");
    CHECK(got.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
}

TEST_CASE("a request whose length is ambiguous is refused and its connection closed, never read as two", "[http][hostile]") {
    Served s;
    s.engine.journal().record(platform_event(0, 0, Hop::None));
    const std::string reset = "POST /__admin/reset HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n";
    struct Case { std::string name, head, body; int status; };
    const std::vector<Case> cases = {
        {"Content-Length and chunked", "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n" + reset, 400},
        {"chunked and Content-Length", "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", "0\r\n\r\n" + reset, 400},
        {"two Content-Lengths", "Content-Length: 5\r\nContent-Length: 60\r\n", "hello" + reset, 400},
        {"xchunked", "Transfer-Encoding: xchunked\r\n", "0\r\n\r\n" + reset, 400},
        {"gzip, chunked", "Transfer-Encoding: gzip, chunked\r\n", "0\r\n\r\n" + reset, 501},
        {"chunked twice", "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n" + reset, 400},
        {"Content-Length -5", "Content-Length: -5\r\n", reset, 400},
        {"Content-Length 0x40", "Content-Length: 0x40\r\n", reset, 400},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        const std::string got = raw(s.port(), "POST /wxa/checksession HTTP/1.1\r\nHost: t\r\n" + c.head + "\r\n" + c.body);
        CHECK(got.rfind("HTTP/1.1 " + std::to_string(c.status) + " ", 0) == 0);
        CHECK(got.find("\"errcode\":-1") != std::string::npos);  // WeChat's shape: the endpoint's own
        CHECK(got.find("HTTP/1.1 200") == std::string::npos);    // the smuggled reset never ran…
        CHECK(got.substr(got.size() - 5) == "<EOF>");             // …and the connection is gone
    }
    CHECK(s.engine.journal().size() >= 1);  // not reset
    // HTTP/1.1 must name its Host (RFC 9112 §3.2); HTTP/1.0 need not.
    CHECK(raw(s.port(), "GET /wxa/checksession HTTP/1.1\r\n\r\n").rfind("HTTP/1.1 400 ", 0) == 0);
    CHECK(raw(s.port(), "GET /wxa/checksession HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").rfind("HTTP/1.1 400 ", 0) == 0);
    CHECK(raw(s.port(), "GET /__admin/apps HTTP/1.0\r\n\r\n").rfind("HTTP/1.1 200 ", 0) == 0);
}

TEST_CASE("GET /__admin/events streams the journal: eight slow readers of a 30 MB journal hold no copy of it", "[http][hostile][admin]") {
    Served s;
    // 4,000 events of 8 KiB text each: about 33 MB of JSON.
    for (int i = 0; i < 4000; ++i) {
        Event e = platform_event(i, 0, Hop::None);
        e.kind = "bulk";
        e.text = std::string(8000, char('a' + i % 26));
        s.engine.journal().record(std::move(e));
    }
    const size_t before = rss_bytes();
    std::vector<int> readers;
    for (int i = 0; i < 8; ++i) {
        const int fd = connect_to(s.port());
        REQUIRE(fd >= 0);
        int small = 4096;
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        send_text(fd, "GET /__admin/events HTTP/1.1\r\nHost: t\r\n\r\n");
        readers.push_back(fd);
    }
    // Each reader takes a little and then stops reading: the server may hold a piece for each, no more.
    for (int fd : readers) {
        char buf[8192];
        pollfd p{fd, POLLIN, 0};
        REQUIRE(poll(&p, 1, 3000) == 1);
        CHECK(recv(fd, buf, sizeof buf, 0) > 0);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    const double grew_mb = double(rss_bytes()) / 1e6 - double(before) / 1e6;
    INFO("RSS grew " << grew_mb << " MB with 8 readers stalled");
    // One whole copy per reader was 8 × 33 MB of string, and more for the JSON. Under a sanitizer RSS
    // says little (ASan keeps what is freed in quarantine): the plain build holds the bound.
    if (!kSanitized) CHECK(grew_mb < 40);
    for (int fd : readers) close(fd);

    // A whole read is the whole journal, as JSON, in order.
    httplib::Client c("127.0.0.1", s.port());
    c.set_read_timeout(20, 0);
    auto res = c.Get("/__admin/events");
    REQUIRE(res);
    CHECK(res->get_header_value("Transfer-Encoding") == "chunked");
    const json all = json::parse(res->body);
    REQUIRE(all.size() == 4000);
    CHECK(all[0]["seq"] == 0);
    CHECK(all[3999]["seq"] == 3999);
    CHECK(all[17]["text"] == std::string(8000, char('a' + 17 % 26)));
}

TEST_CASE("GET /__admin/events?since=SEQ&limit=N pages through the journal and refuses a malformed page", "[http][admin]") {
    Served s;
    for (int i = 0; i < 300; ++i) {
        Event e = platform_event(i, 0, Hop::None);
        e.kind = "n" + std::to_string(i);
        s.engine.journal().record(std::move(e));
    }
    httplib::Client c("127.0.0.1", s.port());
    std::vector<std::string> kinds;
    uint64_t since = 0;
    for (int page = 0; page < 10; ++page) {
        auto res = c.Get(("/__admin/events?since=" + std::to_string(since) + "&limit=128").c_str());
        REQUIRE(res);
        REQUIRE(res->status == 200);
        const json j = json::parse(res->body);
        CHECK(j.size() <= 128);
        if (j.empty()) break;
        for (auto& e : j) kinds.push_back(e["kind"]);
        since = j.back()["seq"].get<uint64_t>() + 1;
    }
    REQUIRE(kinds.size() == 300);
    CHECK(kinds.front() == "n0");
    CHECK(kinds.back() == "n299");
    CHECK(json::parse(c.Get("/__admin/events?since=299")->body).size() == 1);
    CHECK(json::parse(c.Get("/__admin/events?since=5000")->body).empty());
    CHECK(json::parse(c.Get("/__admin/events?limit=0")->body).empty());
    for (const std::string bad : {"since=-1", "since=abc", "limit=1.5", "limit=", "since=99999999999999999999"}) {
        INFO(bad);
        auto res = c.Get(("/__admin/events?" + bad).c_str());
        REQUIRE(res);
        CHECK(res->status == 400);
        CHECK_THAT(res->body, Catch::Contains(bad.substr(0, bad.find('='))));
    }
}

// Found by fuzzing the request reader (issue 13): the answer to a head depended on where the
// client's writes happened to end.
TEST_CASE("a head is judged the same whether it arrives in one write or in pieces", "[http][hostile]") {
    Served s;
    const std::string bad = "POST /sns/jscode2session HTTP/1.1\r\nHost: a\r\nX-A: " + std::string(60, 'b') + "\r\n\x01junk\r\n\r\n";
    const std::string whole = raw(s.port(), bad);
    CHECK(whole.rfind("HTTP/1.1 400 ", 0) == 0);
    const int fd = connect_to(s.port());
    REQUIRE(fd >= 0);
    send_text(fd, bad.substr(0, 60));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    send_text(fd, bad.substr(60));
    const auto start = SteadyClock::now();
    const std::string pieces = receive(fd, 3000);
    close(fd);
    CHECK(pieces == whole);
    CHECK(ms_since(start) < 1000);
    // A version too short to judge in its first piece (found by the fuzzer: Beast waited for a
    // CR LF CR LF that never came) and a head ended by bare LFs: 400 at once, however it came.
    for (const std::vector<std::string>& parts : {std::vector<std::string>{"GMT /# H\r\n", "\n", "GMT /# HTTP/1.1\r\nHost: a\r\n"},
                                                 std::vector<std::string>{"GET /x HTTP/1.1\nHost: a\n", "\nGET /y"}}) {
        const int fd3 = connect_to(s.port());
        REQUIRE(fd3 >= 0);
        for (const auto& p : parts) {
            send_text(fd3, p);
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        const std::string got = receive(fd3, 2000);
        close(fd3);
        CHECK(got.rfind("HTTP/1.1 400 ", 0) == 0);
        CHECK(got.find("<EOF>") != std::string::npos);
    }
    // A request line over the limit names its endpoint from its first 8,193 bytes, however they came.
    const std::string long_line = std::string(8189, 'G') + " /sns/jscode2session HTTP/1.1\r\nHost: a\r\n\r\n";
    const std::string one = raw(s.port(), long_line);
    const int fd2 = connect_to(s.port());
    REQUIRE(fd2 >= 0);
    send_text(fd2, long_line.substr(0, 8194));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    send_text(fd2, long_line.substr(8194));
    const std::string two = receive(fd2);
    close(fd2);
    CHECK(one.rfind("HTTP/1.1 414 ", 0) == 0);
    CHECK(two == one);
}
