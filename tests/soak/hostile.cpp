#include "hostile.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <iomanip>
#include <sstream>
#include <string_view>

#include <nlohmann/json.hpp>

namespace hostile {

namespace {

using nlohmann::json;

// serve's documented deadlines (serve --help): a connection waiting for a request is closed after
// kIdle, a request head must be whole within kHead of its first byte. A close is checked against
// them with kEarly of leeway for the clocks of two processes, and must come within kLate after
// (the host sweeps four times a second; kLate leaves room for a loaded machine).
constexpr double kIdle = 30, kHead = 10;
constexpr double kEarly = 0.5, kLate = 5;
constexpr auto kTrickleEvery = std::chrono::milliseconds(200);

double seconds_since(Clock::time_point t, Clock::time_point now) { return std::chrono::duration<double>(now - t).count(); }

// A blocking TCP connection to 127.0.0.1:port; connect and every send give up after 5 s. -1 on failure.
int open_connection(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    timeval five{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &five, sizeof five);
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(uint16_t(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

bool send_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        bytes.remove_prefix(size_t(n));
    }
    return true;
}

// The first reply in `bytes`: status, headers (names in lower case), body by Content-Length; `extra`
// is what followed it.
struct Reply {
    bool whole = false;
    int status = 0;
    std::map<std::string, std::string> headers;
    std::string body;
    size_t extra = 0;
};

Reply parse_reply(const std::string& bytes) {
    Reply r;
    const size_t end = bytes.find("\r\n\r\n");
    if (bytes.compare(0, 9, "HTTP/1.1 ") != 0 || end == std::string::npos) return r;
    r.status = std::atoi(bytes.c_str() + 9);
    std::istringstream head(bytes.substr(0, end));
    std::string line;
    std::getline(head, line);  // the status line
    while (std::getline(head, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const size_t colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string name = line.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return char(std::tolower(c)); });
        const size_t value = line.find_first_not_of(' ', colon + 1);
        r.headers[name] = value == std::string::npos ? "" : line.substr(value);
    }
    const size_t length = r.headers.count("content-length") ? std::strtoul(r.headers["content-length"].c_str(), nullptr, 10) : 0;
    if (bytes.size() < end + 4 + length) return r;
    r.whole = true;
    r.body = bytes.substr(end + 4, length);
    r.extra = bytes.size() - (end + 4 + length);
    return r;
}

// Reads until the peer closes (FIN or RST) or `until`, and once a whole reply is in, for at most
// `after_reply` more (serve closes right after a refusal); `closed` says whether the peer closed.
std::string read_to_close(int fd, Clock::time_point until, std::chrono::milliseconds after_reply, bool& closed) {
    std::string got;
    char buf[16384];
    closed = false;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
        if (left <= 0) return got;
        pollfd p{fd, POLLIN, 0};
        const int ready = ::poll(&p, 1, int(left));
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) return got;
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            closed = true;
            return got;
        }
        got.append(buf, size_t(n));
        if (parse_reply(got).whole) until = std::min(until, Clock::now() + after_reply);
    }
}

// The error shape of the endpoint a refused request named (http_wire's protocol_error).
enum class Shape { WeChat, Baidu, Univerify, Plain };

bool in_shape(const std::string& body, Shape shape) {
    const json j = json::parse(body, nullptr, false);
    if (!j.is_object()) return false;
    switch (shape) {
        case Shape::WeChat: return j.value("errcode", 0) == -1 && j.value("errmsg", "") != "";
        case Shape::Baidu: return j.value("error", "") == "invalid_request" && j.value("error_description", "") != "";
        case Shape::Univerify: return j.value("code", 0) == 4001 && j.value("success", true) == false;
        case Shape::Plain: return j.value("error", "") != "";
    }
    return false;
}

// One hostile request: `bytes` sent at once, then (a growing chunked body) `chunks` chunks of 4 KiB.
struct Attack {
    std::string kind;
    std::string bytes;
    int chunks;
    int status;  // the refusal it must get
    Shape shape;
};

// The request smuggled behind an ambiguous one: were it ever read, serve would forget the round's
// codes, sessions and journal (the soak checks the journal survives every round).
const std::string kSmuggled =
    "POST /__admin/reset HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";

std::vector<Attack> attacks() {
    const std::string host = "Host: 127.0.0.1\r\n";
    const std::string last_chunk = "0\r\n\r\n";
    auto post = [&](const std::string& target, const std::string& headers) {
        return "POST " + target + " HTTP/1.1\r\n" + host + headers + "\r\n";
    };
    return {
        {"huge: Content-Length 50000000 to /oauth/jscode2sessionkey",
         post("/oauth/jscode2sessionkey", "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 50000000\r\n"), 0, 413,
         Shape::Baidu},
        {"huge: Content-Length 50000000 to /sns/jscode2session",
         post("/sns/jscode2session", "Content-Type: application/json\r\nContent-Length: 50000000\r\n"), 0, 413, Shape::WeChat},
        {"huge: chunked body growing past 64 KiB to /sns/jscode2session",
         post("/sns/jscode2session", "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"), 24, 413, Shape::WeChat},
        {"smuggle: Content-Length (over it all) and chunked",
         post("/sns/jscode2session", "Content-Length: " + std::to_string(last_chunk.size() + kSmuggled.size()) +
                                         "\r\nTransfer-Encoding: chunked\r\n") + last_chunk + kSmuggled,
         0, 400, Shape::WeChat},
        {"smuggle: chunked and a short Content-Length",
         post("/oauth/jscode2sessionkey", "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n") + last_chunk + kSmuggled, 0, 400,
         Shape::Baidu},
        {"smuggle: two Content-Lengths", post("/univerify/getPhoneNumber", "Content-Length: 2\r\nContent-Length: 40\r\n") + "{}" + kSmuggled,
         0, 400, Shape::Univerify},
        {"smuggle: Transfer-Encoding xchunked", post("/sns/jscode2session", "Transfer-Encoding: xchunked\r\n") + last_chunk + kSmuggled, 0,
         400, Shape::WeChat},
        {"smuggle: Transfer-Encoding gzip, chunked",
         post("/oauth/jscode2sessionkey", "Transfer-Encoding: gzip, chunked\r\n") + last_chunk + kSmuggled, 0, 501, Shape::Baidu},
        {"smuggle: Content-Length -5", post("/wxa/checksession", "Content-Length: -5\r\n") + kSmuggled, 0, 400, Shape::WeChat},
        {"smuggle: Content-Length 0x40", post("/cgi-bin/token", "Content-Length: 0x40\r\n") + kSmuggled, 0, 400, Shape::WeChat},
        {"smuggle: HTTP/1.1 without Host",
         "POST /__admin/codes HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}" + kSmuggled, 0, 400,
         Shape::Plain},
    };
}

std::string printable(std::string s, size_t max) {
    if (s.size() > max) s.resize(max);
    for (auto& ch : s)
        if (static_cast<unsigned char>(ch) < 0x20) ch = '.';
    return s;
}

// Sends one attack on a fresh connection and judges what came back: returns the outcome, `failed`
// when it is not the refusal the attack must get.
std::string attack_once(int port, int deadline_ms, const Attack& a, bool& failed) {
    failed = true;
    const int fd = open_connection(port);
    if (fd < 0) return "could not connect";
    const auto until = Clock::now() + std::chrono::milliseconds(deadline_ms);
    bool sent = send_all(fd, a.bytes);
    // A body that grows chunk by chunk; serve may refuse (and stop reading) at any point of it.
    const std::string chunk = "1000\r\n" + std::string(4096, 'a') + "\r\n";
    for (int i = 0; sent && i < a.chunks; ++i) sent = send_all(fd, chunk);
    bool closed = false;
    const std::string got = read_to_close(fd, until, std::chrono::seconds(2), closed);
    ::close(fd);
    Reply r = parse_reply(got);
    if (!r.whole) return got.empty() ? (closed ? "closed without an answer" : "no answer within the deadline")
                                     : "not an HTTP reply: " + printable(got, 60);
    const std::string status = std::to_string(r.status);
    if (r.status >= 200 && r.status < 300) return "answered " + status + " (must be refused)";
    if (r.status != a.status) return "answered " + status + ", not " + std::to_string(a.status);
    if (!in_shape(r.body, a.shape)) return status + " not in the endpoint's error shape: " + printable(r.body, 80);
    if (r.extra) return status + " and then " + std::to_string(r.extra) + " more bytes (a second reply: the smuggled request was read)";
    if (!closed) return status + ", but the connection was kept open";
    if (r.headers["connection"] != "close") return status + " without Connection: close";
    failed = false;
    return status + ", closed";
}

}  // namespace

void Tally::add(const std::string& kind, const std::string& outcome, bool failed) {
    by_kind[kind][outcome]++;
    ++requests;
    if (!failed) return;
    ++failures;
    if (samples.size() < 12) samples.push_back(kind + ": " + outcome);
}

void Tally::merge(const Tally& t) {
    for (auto& [kind, outcomes] : t.by_kind)
        for (auto& [outcome, n] : outcomes) by_kind[kind][outcome] += n;
    requests += t.requests;
    failures += t.failures;
    for (auto& s : t.samples)
        if (samples.size() < 12) samples.push_back(s);
}

// A round of every attack, then a pause: a few hundred hostile requests a second at most, so the
// regular clients' pace stays the round's measure.
void Attacker::run(const std::atomic<bool>& stop, Tally& out) const {
    const std::vector<Attack> all = attacks();
    while (!stop) {
        for (const Attack& a : all) {
            if (stop) return;
            bool failed = false;
            const std::string outcome = attack_once(port_, deadline_ms_, a, failed);
            out.add(a.kind, outcome, failed);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

// ---- SlowClients ------------------------------------------------------------------------------

namespace {
// The head a trickler sends, byte by byte: a request line, then header lines without end.
char trickle_byte(size_t i) {
    static const std::string line = "GET /sns/jscode2session?appid=slow&js_code=slow HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    static const std::string header = "X-Trickle: a byte every 200 ms\r\n";
    return i < line.size() ? line[i] : header[(i - line.size()) % header.size()];
}
}  // namespace

SlowClients::~SlowClients() {
    std::vector<std::string> ignored;
    if (thread_.joinable()) stop(ignored);
}

void SlowClients::start() {
    for (int i = 0; i < silent_; ++i) open_one(false);
    for (int i = 0; i < trickling_; ++i) open_one(true);
    thread_ = std::thread([this] { run(); });
}

void SlowClients::open_one(bool trickle) {
    Conn c;
    c.fd = open_connection(port_);
    c.trickle = trickle;
    c.opened = Clock::now();
    if (c.fd < 0) {
        if (failures_.size() < 12) failures_.push_back("slow clients: could not connect");
        return;
    }
    (trickle ? trickle_kind_ : silent_kind_).opened++;
    if (trickle) {
        const char b = trickle_byte(c.sent++);
        send_all(c.fd, std::string_view(&b, 1));
    }
    conns_.push_back(std::move(c));
}

// serve closed `c`: no earlier than its deadline, and without a 2xx.
void SlowClients::closed_by_serve(const Conn& c, Clock::time_point now) {
    Kind& k = c.trickle ? trickle_kind_ : silent_kind_;
    const double life = seconds_since(c.opened, now);
    k.min_life = k.closed ? std::min(k.min_life, life) : life;
    k.max_life = k.closed ? std::max(k.max_life, life) : life;
    k.closed++;
    const double deadline = c.trickle ? kHead : kIdle;
    const char* what = c.trickle ? "a trickling head" : "a silent connection";
    std::ostringstream why;
    why << std::fixed << std::setprecision(1);
    if (life < deadline - kEarly) why << what << " was closed after " << life << " s, before its " << deadline << " s deadline";
    const Reply r = parse_reply(c.got);
    if (r.status >= 200 && r.status < 300) why << what << " was answered " << r.status;
    if (!why.str().empty() && failures_.size() < 12) failures_.push_back(why.str());
}

void SlowClients::run() {
    auto next_tick = Clock::now() + kTrickleEvery;
    std::vector<pollfd> polled;
    char buf[4096];
    while (!stop_) {
        polled.clear();
        for (auto& c : conns_) polled.push_back({c.fd, POLLIN, 0});
        const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next_tick - Clock::now()).count();
        ::poll(polled.data(), polled.size(), int(std::max<long long>(0, wait)));
        const auto now = Clock::now();
        std::vector<bool> gone(conns_.size(), false);
        for (size_t i = 0; i < conns_.size(); ++i) {
            if (!(polled[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            const ssize_t n = ::recv(conns_[i].fd, buf, sizeof buf, MSG_DONTWAIT);
            if (n > 0) conns_[i].got.append(buf, size_t(n));
            else if (n == 0 || (errno != EAGAIN && errno != EINTR)) gone[i] = true;
        }
        if (now >= next_tick) {
            next_tick += kTrickleEvery;
            for (size_t i = 0; i < conns_.size(); ++i) {
                Conn& c = conns_[i];
                if (!c.trickle || gone[i]) continue;
                const char b = trickle_byte(c.sent++);
                if (::send(c.fd, &b, 1, MSG_NOSIGNAL | MSG_DONTWAIT) != 1 && errno != EAGAIN) gone[i] = true;
            }
        }
        // The closed ones are replaced: the pressure stays the same all run long.
        int reopen_silent = 0, reopen_trickle = 0;
        for (size_t i = conns_.size(); i-- > 0;) {
            if (!gone[i]) continue;
            closed_by_serve(conns_[i], now);
            (conns_[i].trickle ? reopen_trickle : reopen_silent)++;
            ::close(conns_[i].fd);
            conns_.erase(conns_.begin() + long(i));
        }
        for (int i = 0; i < reopen_silent; ++i) open_one(false);
        for (int i = 0; i < reopen_trickle; ++i) open_one(true);
    }
}

std::string SlowClients::stop(std::vector<std::string>& failures) {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    const auto now = Clock::now();
    double oldest[2] = {0, 0};  // silent, trickling
    long open[2] = {0, 0};
    for (auto& c : conns_) {
        const double age = seconds_since(c.opened, now);
        const double deadline = c.trickle ? kHead : kIdle;
        oldest[c.trickle] = std::max(oldest[c.trickle], age);
        open[c.trickle]++;
        if (age > deadline + kLate && failures_.size() < 12) {
            std::ostringstream why;
            why << std::fixed << std::setprecision(1) << (c.trickle ? "a trickling head" : "a silent connection") << " still open after "
                << age << " s: serve did not enforce its " << deadline << " s deadline";
            failures_.push_back(why.str());
        }
        ::close(c.fd);
    }
    conns_.clear();
    failures.insert(failures.end(), failures_.begin(), failures_.end());
    std::ostringstream out;
    out << std::fixed << std::setprecision(1);
    auto describe = [&](const char* name, const Kind& k, double deadline, int i) {
        out << name << " (deadline " << deadline << " s): " << k.opened << " opened, " << k.closed << " closed by serve";
        if (k.closed) out << " after " << k.min_life << "–" << k.max_life << " s";
        out << ", " << open[i] << " open at the end (oldest " << oldest[i] << " s)";
    };
    describe("silent connections", silent_kind_, kIdle, 0);
    out << "; ";
    describe("heads trickled a byte every 200 ms", trickle_kind_, kHead, 1);
    return out.str();
}

}  // namespace hostile
