#include "loginscope/http.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <list>
#include <string_view>
#include <vector>

#include <httplib.h>

namespace ls {

std::string url_encode(const std::string& s) {
    static const char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size() + 8);
    for (unsigned char c : s) {
        if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += char(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

std::string HttpRequest::target() const {
    std::string t = path;
    char sep = '?';
    for (auto& [k, v] : query) {
        t += sep;
        t += url_encode(k) + "=" + url_encode(v);
        sep = '&';
    }
    return t;
}

TransportResult InProcessTransport::send(const HttpRequest& req) {
    Delivery d = service_(req);
    switch (d.action) {
        case SocketAction::None: return {d.reply, ""};
        case SocketAction::Hang: return {std::nullopt, "timeout"};
        case SocketAction::Reset:
        case SocketAction::Empty:
        case SocketAction::Cut: return {std::nullopt, "connection closed"};
    }
    return {std::nullopt, "unknown"};
}

// ---- the server side -----------------------------------------------------------------------
//
// A small HTTP/1.1 server of our own (cpp-httplib's server cost about a dozen system calls and two
// TCP segments per keep-alive request, starved connections beyond its fixed pool and never handed
// a handler its socket): every connection gets a thread at once, a request costs one recv and its
// reply one send, and socket faults act on the socket the connection holds. Requests and replies
// keep cpp-httplib 0.11's shape, which HttpTransport and existing clients were written against:
// path and query decoding, form bodies merged into the query, headers and status lines.

namespace {

constexpr size_t kMaxRequestLine = 8192;             // longer: 414 (cpp-httplib's limit)
constexpr size_t kMaxHead = 64 * 1024;               // request line and headers; longer: 431
constexpr size_t kMaxBody = 64 * 1024 * 1024;        // longer: 413
constexpr size_t kMaxFormBody = 8192;                // a form body longer than this: 413 (cpp-httplib)
constexpr int kKeepAliveSeconds = 30;                // an idle keep-alive connection is closed after this
constexpr int kReadTimeoutMs = 5000;                 // the rest of a started request must come within this
constexpr int kWriteTimeoutSeconds = 5;
constexpr size_t kMaxRequestsPerConnection = 100000; // then "Connection: close"
const std::string kKeepAliveHeader =
    "Keep-Alive: timeout=" + std::to_string(kKeepAliveSeconds) + ", max=" + std::to_string(kMaxRequestsPerConnection) + "\r\n";

// Linux: connect(AF_UNSPEC) on a connected TCP socket aborts it with an RST, nothing else sent.
void reset_connection(int fd) {
    if (fd < 0) return;
    sockaddr sa{};
    sa.sa_family = AF_UNSPEC;
    (void)::connect(fd, &sa, sizeof sa);
}

void close_without_reply(int fd) {
    if (fd >= 0) ::shutdown(fd, SHUT_RDWR);
}

// Every accepted connection gets a thread at once: an idle one takes it, or a new one starts (up
// to kMaxThreads; beyond that, connections wait their turn). A keep-alive connection holds its
// thread until it closes, so a fixed pool would leave connection N+1 unanswered while the first N
// stay open. A thread idle for kIdleRetire goes away: a burst of connections does not pin threads.
class ConnectionThreads {
public:
    static constexpr size_t kMaxThreads = 1024;
    static constexpr std::chrono::seconds kIdleRetire{10};

    ~ConnectionThreads() { shutdown(); }

    void enqueue(std::function<void()> fn) {
        std::unique_lock<std::mutex> lock(mu_);
        reap(lock);
        jobs_.push_back(std::move(fn));
        if (idle_ >= jobs_.size() || threads_.size() >= kMaxThreads) {
            cv_.notify_one();
            return;
        }
        threads_.emplace_back();
        auto self = std::prev(threads_.end());
        *self = std::thread([this, self] { work(self); });
    }

    // Runs what is queued, then joins every thread.
    void shutdown() {
        std::list<std::thread> all;
        {
            std::lock_guard<std::mutex> lock(mu_);
            stopping_ = true;
            cv_.notify_all();
            all.swap(threads_);
            retired_.clear();
        }
        for (auto& t : all)
            if (t.joinable()) t.join();
    }

private:
    using Slot = std::list<std::thread>::iterator;

    void work(Slot self) {
        std::unique_lock<std::mutex> lock(mu_);
        for (;;) {
            ++idle_;
            cv_.wait_for(lock, kIdleRetire, [&] { return stopping_ || !jobs_.empty(); });
            --idle_;
            if (jobs_.empty()) {
                // Idle too long (the next enqueue() joins this thread), or stopping (shutdown() does).
                if (!stopping_) retired_.push_back(self);
                return;
            }
            auto fn = std::move(jobs_.front());
            jobs_.pop_front();
            lock.unlock();
            fn();
            lock.lock();
        }
    }

    // Joins the threads that retired (each is past its last use of the lock, or about to be).
    void reap(std::unique_lock<std::mutex>& lock) {
        if (retired_.empty()) return;
        std::list<std::thread> gone;
        for (Slot s : retired_) gone.splice(gone.end(), threads_, s);
        retired_.clear();
        lock.unlock();
        for (auto& t : gone) t.join();
        lock.lock();
    }

    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<std::function<void()>> jobs_;
    std::list<std::thread> threads_;
    std::vector<Slot> retired_;
    size_t idle_ = 0;
    bool stopping_ = false;
};

const char* reason_phrase(int status) {
    switch (status) {
        case 100: return "Continue";
        case 200: return "OK";
        case 201: return "Created";
        case 202: return "Accepted";
        case 204: return "No Content";
        case 301: return "Moved Permanently";
        case 302: return "Found";
        case 304: return "Not Modified";
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 408: return "Request Timeout";
        case 409: return "Conflict";
        case 413: return "Payload Too Large";
        case 414: return "URI Too Long";
        case 429: return "Too Many Requests";
        case 431: return "Request Header Fields Too Large";
        case 500: return "Internal Server Error";
        case 501: return "Not Implemented";
        case 502: return "Bad Gateway";
        case 503: return "Service Unavailable";
        case 504: return "Gateway Timeout";
        default: return "Internal Server Error";  // cpp-httplib's word for a status it does not name
    }
}

bool hex_value(std::string_view s, size_t at, size_t n, int& out) {
    if (at + n > s.size()) return false;
    out = 0;
    for (size_t i = at; i < at + n; ++i) {
        const char c = s[i];
        const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) return false;
        out = out * 16 + d;
    }
    return true;
}

void append_utf8(int code, std::string& out) {
    if (code < 0x80) {
        out += char(code);
    } else if (code < 0x800) {
        out += char(0xC0 | (code >> 6));
        out += char(0x80 | (code & 0x3F));
    } else if (code < 0xD800 || (code >= 0xE000 && code < 0x10000)) {
        out += char(0xE0 | (code >> 12));
        out += char(0x80 | ((code >> 6) & 0x3F));
        out += char(0x80 | (code & 0x3F));
    }  // a lone surrogate is dropped
}

// %XX and %uXXXX (as UTF-8) decoded, anything malformed kept as written; '+' is a space in a query.
std::string decode_url(std::string_view s, bool plus_is_space) {
    if (s.find('%') == std::string_view::npos && (!plus_is_space || s.find('+') == std::string_view::npos))
        return std::string(s);
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        int v = 0;
        if (s[i] == '%' && i + 1 < s.size() && s[i + 1] == 'u' && hex_value(s, i + 2, 4, v)) {
            append_utf8(v, out);
            i += 5;
        } else if (s[i] == '%' && i + 1 < s.size() && s[i + 1] != 'u' && hex_value(s, i + 1, 2, v)) {
            out += char(v);
            i += 2;
        } else {
            out += plus_is_space && s[i] == '+' ? ' ' : s[i];
        }
    }
    return out;
}

// Calls fn on each piece of [b, e) between `d`s, trimmed of spaces and tabs, skipping empty pieces.
template <class F>
void split_trimmed(const char* b, const char* e, char d, F fn) {
    while (b <= e) {
        const char* end = std::find(b, e, d);
        const char* x = b;
        const char* y = end;
        while (x < y && (*x == ' ' || *x == '\t')) ++x;
        while (y > x && (y[-1] == ' ' || y[-1] == '\t')) --y;
        if (x < y) fn(x, y);
        if (end == e) break;
        b = end + 1;
    }
}

// k=v&k2=v2 into `out`: a later value of a key replaces an earlier one, a pair repeated verbatim
// counts once, a key without '=' has the empty value, and "k=a=b" means k=b.
void parse_query_text(std::string_view text, std::map<std::string, std::string>& out) {
    std::string_view seen_here[16];  // the pairs so far; a longer query spills into `seen_more`
    size_t seen_count = 0;
    std::vector<std::string_view> seen_more;
    split_trimmed(text.data(), text.data() + text.size(), '&', [&](const char* b, const char* e) {
        const std::string_view pair(b, size_t(e - b));
        if (std::find(seen_here, seen_here + seen_count, pair) != seen_here + seen_count ||
            std::find(seen_more.begin(), seen_more.end(), pair) != seen_more.end())
            return;
        if (seen_count < std::size(seen_here)) {
            seen_here[seen_count++] = pair;
        } else {
            seen_more.push_back(pair);
        }
        std::string_view key, value;
        bool first = true;
        split_trimmed(b, e, '=', [&](const char* b2, const char* e2) {
            (first ? key : value) = std::string_view(b2, size_t(e2 - b2));
            first = false;
        });
        if (!key.empty()) out[decode_url(key, true)] = decode_url(value, true);
    });
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
    return true;
}

bool known_method(std::string_view m) {
    static constexpr std::string_view kMethods[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "PRI"};
    return std::find(std::begin(kMethods), std::end(kMethods), m) != std::end(kMethods);
}

// One accepted connection's bytes: what arrived and is not consumed yet.
class Wire {
public:
    explicit Wire(int fd) : fd_(fd) {}

    const char* data() const { return buf_.data() + pos_; }
    size_t size() const { return buf_.size() - pos_; }
    void consume(size_t n) {
        pos_ += n;
        if (pos_ == buf_.size()) {
            buf_.clear();
            pos_ = 0;
        } else if (pos_ > 65536) {
            buf_.erase(0, pos_);
            pos_ = 0;
        }
    }
    // More bytes; false on end of stream, error or timeout. Between requests the idle keep-alive
    // timeout applies (SO_RCVTIMEO, set at accept), inside a request the read timeout.
    bool fill(bool inside_request) {
        if (inside_request) {
            pollfd p{fd_, POLLIN, 0};
            int r;
            while ((r = ::poll(&p, 1, kReadTimeoutMs)) < 0 && errno == EINTR) {}
            if (r <= 0) return false;
        }
        char tmp[16384];
        ssize_t n;
        while ((n = ::recv(fd_, tmp, sizeof tmp, 0)) < 0 && errno == EINTR) {}
        if (n <= 0) return false;
        buf_.append(tmp, size_t(n));
        return true;
    }
    bool ensure(size_t n) {
        while (size() < n)
            if (!fill(true)) return false;
        return true;
    }
    // A line (without its CR LF) of at most `max` bytes, consumed; nullopt when it does not come.
    std::optional<std::string> line(size_t max) {
        for (;;) {
            const char* nl = static_cast<const char*>(memchr(data(), '\n', size()));
            if (nl) {
                size_t len = size_t(nl - data());
                std::string l(data(), len > 0 && nl[-1] == '\r' ? len - 1 : len);
                consume(len + 1);
                return l;
            }
            if (size() > max || !fill(true)) return std::nullopt;
        }
    }

private:
    int fd_;
    std::string buf_;
    size_t pos_ = 0;
};

bool send_all(int fd, const char* p, size_t n) {
    while (n > 0) {
        const ssize_t w = ::send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        p += w;
        n -= size_t(w);
    }
    return true;
}

// Status line and headers, in cpp-httplib's order (headers sorted by name).
std::string reply_head(int status, const std::string* content_type, size_t length, bool close,
                       const std::string& exception_what = "") {
    std::string h;
    h.reserve(160 + (content_type ? content_type->size() : 0));
    h += "HTTP/1.1 ";
    h += std::to_string(status);
    h += ' ';
    h += reason_phrase(status);
    h += "\r\n";
    if (close) h += "Connection: close\r\n";
    h += "Content-Length: ";
    h += std::to_string(length);
    h += "\r\n";
    if (content_type) {
        h += "Content-Type: ";
        h += *content_type;
        h += "\r\n";
    }
    if (!exception_what.empty()) h += "EXCEPTION_WHAT: " + exception_what + "\r\n";
    if (!close) h += kKeepAliveHeader;
    h += "\r\n";
    return h;
}

bool send_empty(int fd, int status, bool close) {
    const std::string h = reply_head(status, nullptr, 0, close);
    return send_all(fd, h.data(), h.size());
}

// The reply to a request that could not be read (400, 413, 414, 431): a small JSON body in the error
// shape of the endpoint `target` names, where it has one, so that platform's clients read it as they
// read its other errors — WeChat's errcode -1 ("system error"), Baidu's OAuth invalid_request,
// uniCloud's 4001 ("请求参数异常") — else {"error"}, as the admin API and the developer server answer.
// `target` is what could be read of the request target ("" when not even that).
bool send_protocol_error(int fd, int status, std::string_view target, bool close) {
    const char* why = status == 413   ? "request body too large"
                      : status == 414 ? "request target too long"
                      : status == 431 ? "request header fields too large"
                                      : "malformed request";
    const std::string_view path = target.substr(0, target.find('?'));
    auto under = [&](std::string_view prefix) { return path.substr(0, prefix.size()) == prefix; };
    std::string body;
    if (under("/sns/") || under("/cgi-bin/") || under("/wxa/") || under("/donut/"))
        body = std::string(R"({"errcode":-1,"errmsg":")") + why + "\"}";
    else if (under("/oauth/"))
        body = std::string(R"({"error":"invalid_request","error_description":")") + why + "\"}";
    else if (under("/univerify/"))
        body = std::string(R"({"code":4001,"success":false,"message":")") + why + "\"}";
    else
        body = std::string(R"({"error":")") + why + "\"}";
    static const std::string kJson = "application/json";
    const std::string out = reply_head(status, &kJson, body.size(), close) + body;
    return send_all(fd, out.data(), out.size());
}

// The target of a request line, as far as it is there (at most 256 bytes: enough to name the endpoint).
std::string target_of(std::string_view line) {
    const size_t space = line.find(' ');
    if (space == std::string_view::npos) return "";
    line.remove_prefix(space + 1);
    return std::string(line.substr(0, std::min({line.find(' '), line.find('\r'), line.find('\n'), size_t(256)})));
}

// The request head: request line, then header lines, up to the blank line.
struct Head {
    std::string method, target, version;
    std::vector<std::pair<std::string, std::string>> headers;  // as sent, in order
    // The first value of a header, by case-insensitive name (cpp-httplib's get_header_value).
    const std::string* find(std::string_view name) const {
        for (auto& [k, v] : headers)
            if (iequals(k, name)) return &v;
        return nullptr;
    }
};

enum class HeadResult { Ok, Closed, Bad, TooLong, UriTooLong };

HeadResult read_head(Wire& in, Head& head) {
    // The end of the head: a blank line, CR LF or bare LF. Blank lines before the request line
    // (a client's stray CR LF after a body) are skipped, as RFC 9112 §2.2 asks.
    size_t scanned = 0;
    size_t head_len = 0;
    for (;;) {
        while (in.size() && (in.data()[0] == '\r' || in.data()[0] == '\n')) {
            in.consume(1);
            scanned = 0;
        }
        const char* d = in.data();
        for (size_t i = scanned; i < in.size(); ++i) {
            if (d[i] != '\n') continue;
            if (i + 1 < in.size() && d[i + 1] == '\n') { head_len = i + 2; break; }
            if (i + 2 < in.size() && d[i + 1] == '\r' && d[i + 2] == '\n') { head_len = i + 3; break; }
        }
        const void* nl = memchr(in.data(), '\n', in.size());
        if (!nl && in.size() > kMaxRequestLine) {
            head.target = target_of({in.data(), in.size()});
            return HeadResult::UriTooLong;
        }
        if (head_len > kMaxHead || (!head_len && in.size() > kMaxHead)) {
            head.target = target_of({in.data(), in.size()});
            return HeadResult::TooLong;
        }
        if (head_len) break;
        scanned = in.size() > 2 ? in.size() - 2 : 0;
        if (!in.fill(in.size() > 0)) return HeadResult::Closed;
    }
    const char* p = in.data();
    const char* end = p + head_len;
    auto next_line = [&](std::string_view& l) {
        const char* nl = std::find(p, end, '\n');
        l = std::string_view(p, size_t(nl - p));
        if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
        p = nl < end ? nl + 1 : end;
    };
    std::string_view line;
    next_line(line);
    HeadResult result = HeadResult::Ok;
    if (line.size() > kMaxRequestLine) {
        result = HeadResult::UriTooLong;
        head.target = target_of(line);
    } else {
        std::vector<std::string_view> parts;
        split_trimmed(line.data(), line.data() + line.size(), ' ', [&](const char* b, const char* e) {
            parts.emplace_back(b, size_t(e - b));
        });
        if (parts.size() != 3 || !known_method(parts[0]) || (parts[2] != "HTTP/1.1" && parts[2] != "HTTP/1.0")) {
            result = HeadResult::Bad;
            head.target = target_of(line);
        } else {
            head.method.assign(parts[0]);
            head.target.assign(parts[1]);
            head.version.assign(parts[2]);
        }
    }
    while (p < end) {
        next_line(line);
        const size_t colon = line.find(':');
        if (line.empty() || colon == std::string_view::npos) continue;  // a line without a name: ignored
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
        while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
        head.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
    }
    in.consume(head_len);
    return result;
}

enum class BodyResult { Ok, Closed, Bad, TooLarge };

BodyResult read_chunked(Wire& in, std::string& body) {
    for (;;) {
        auto size_line = in.line(1024);
        if (!size_line) return BodyResult::Closed;
        char* stop = nullptr;
        const unsigned long long n = std::strtoull(size_line->c_str(), &stop, 16);
        if (stop == size_line->c_str()) return BodyResult::Bad;
        if (n > kMaxBody || body.size() + n > kMaxBody) return BodyResult::TooLarge;
        if (n == 0) {
            for (;;) {  // trailer lines, up to the blank one
                auto trailer = in.line(kMaxHead);
                if (!trailer) return BodyResult::Closed;
                if (trailer->empty()) return BodyResult::Ok;
            }
        }
        if (!in.ensure(size_t(n) + 2)) return BodyResult::Closed;
        body.append(in.data(), size_t(n));
        in.consume(size_t(n));
        if (in.data()[0] == '\r') in.consume(1);
        if (in.size() && in.data()[0] == '\n') in.consume(1);
    }
}

BodyResult read_body(int fd, Wire& in, const Head& head, std::string& body) {
    const std::string* te = head.find("Transfer-Encoding");
    const std::string* expect = head.find("Expect");
    const std::string* cl = head.find("Content-Length");
    size_t length = 0;
    if (!(te && iequals(*te, "chunked")) && cl) {
        // Leading digits; none at all reads as no body (cpp-httplib: "abc" is 0).
        for (char c : *cl) {
            if (c < '0' || c > '9') break;
            length = length * 10 + size_t(c - '0');
            if (length > kMaxBody) return BodyResult::TooLarge;
        }
    }
    const bool chunked = te && iequals(*te, "chunked");
    if (expect && iequals(*expect, "100-continue") && (chunked || in.size() < length)) {
        static const char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
        if (!send_all(fd, kContinue, sizeof kContinue - 1)) return BodyResult::Closed;
    }
    if (chunked) return read_chunked(in, body);
    if (!in.ensure(length)) return BodyResult::Closed;
    body.assign(in.data(), length);
    in.consume(length);
    return BodyResult::Ok;
}

// The request as a service sees it: path and query decoded, headers as sent (a repeated header:
// the last one), and a form body's fields in the query too, after (and over) the target's.
HttpRequest to_request(Head& head, std::string body) {
    HttpRequest req;
    req.method = std::move(head.method);
    std::string target = head.target.substr(0, head.target.find('#'));
    const size_t q = target.find('?');
    req.path = decode_url(target.substr(0, q), false);
    if (q != std::string::npos) parse_query_text(std::string_view(target).substr(q + 1), req.query);
    for (auto& [k, v] : head.headers) req.headers[k] = v;
    const std::string* type = head.find("Content-Type");
    if (type && type->rfind("application/x-www-form-urlencoded", 0) == 0) parse_query_text(body, req.query);
    req.body = std::move(body);
    return req;
}

}  // namespace

// The listening socket, its accept thread and the connections' threads.
struct HttpHost::Server {
    int listen_fd = -1;
    std::thread acceptor;
    ConnectionThreads threads;
    std::atomic<bool> stopping{false};
    std::atomic<uint64_t> published{0};  // port() releases, each accept acquires (see port())
    std::mutex conns_mu;
    std::vector<int> conns;  // open connections: the destructor wakes them (shutdown)
};

HttpHost::HttpHost(Service s, std::string bind_host, int port)
    : server_(std::make_unique<Server>()), service_(std::move(s)) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    if (::getaddrinfo(bind_host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0) found = nullptr;
    for (addrinfo* a = found; a && server_->listen_fd < 0; a = a->ai_next) {
        const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) continue;
        const int one = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (::bind(fd, a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd, SOMAXCONN) == 0) {
            server_->listen_fd = fd;
        } else {
            ::close(fd);
        }
    }
    if (found) ::freeaddrinfo(found);
    if (server_->listen_fd < 0) {
        port_ = -1;
        return;
    }
    sockaddr_storage local{};
    socklen_t len = sizeof local;
    ::getsockname(server_->listen_fd, reinterpret_cast<sockaddr*>(&local), &len);
    port_ = local.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&local)->sin6_port)
                                        : ntohs(reinterpret_cast<sockaddr_in*>(&local)->sin_port);
    server_->acceptor = std::thread([this] { accept_loop(); });
}

void HttpHost::accept_loop() {
    Server& srv = *server_;
    while (!srv.stopping) {
        const int fd = ::accept4(srv.listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) {
            if (srv.stopping) break;
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
                std::this_thread::sleep_for(std::chrono::milliseconds(10));  // out of descriptors: let some close
            continue;
        }
        (void)srv.published.load(std::memory_order_acquire);
        const int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // a reply is one segment, sent at once
        const timeval idle{kKeepAliveSeconds, 0}, write_limit{kWriteTimeoutSeconds, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &idle, sizeof idle);
        ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &write_limit, sizeof write_limit);
        {
            std::lock_guard<std::mutex> lock(srv.conns_mu);
            srv.conns.push_back(fd);
        }
        srv.threads.enqueue([this, fd] {
            try {
                serve_connection(fd);
            } catch (...) {
                // Out of memory or the like while reading a request: this connection ends, the host serves on.
            }
            std::lock_guard<std::mutex> lock(server_->conns_mu);
            auto& c = server_->conns;
            c.erase(std::find(c.begin(), c.end(), fd));
            ::close(fd);  // under the lock: the destructor never shuts down a reused descriptor
        });
    }
}

void HttpHost::serve_connection(int fd) {
    Wire in(fd);
    for (size_t served = 1; !server_->stopping; ++served) {
        Head head;
        const HeadResult hr = read_head(in, head);
        if (hr == HeadResult::Closed) return;
        if (hr != HeadResult::Ok) {
            // The stream can no longer be trusted to be at a request boundary: answer and close.
            send_protocol_error(fd, hr == HeadResult::UriTooLong ? 414 : hr == HeadResult::TooLong ? 431 : 400, head.target, true);
            return;
        }
        std::string body;
        const BodyResult br = read_body(fd, in, head, body);
        if (br == BodyResult::Closed) return;
        if (br != BodyResult::Ok) {
            send_protocol_error(fd, br == BodyResult::TooLarge ? 413 : 400, head.target, true);
            return;
        }
        const std::string* connection = head.find("Connection");
        const bool close = head.version == "HTTP/1.0" || (connection && iequals(*connection, "close")) ||
                           served >= kMaxRequestsPerConnection || server_->stopping;
        const std::string* type = head.find("Content-Type");
        if (type && type->rfind("application/x-www-form-urlencoded", 0) == 0 && body.size() > kMaxFormBody) {
            if (!send_protocol_error(fd, 413, head.target, close) || close) return;
            continue;
        }
        if (head.method != "GET" && head.method != "POST" && head.method != "PUT" && head.method != "DELETE") {
            if (!send_empty(fd, 404, close) || close) return;  // a method no service answers
            continue;
        }

        Delivery d;
        std::string exception_what;
        try {
            d = handle(to_request(head, std::move(body)));
        } catch (const std::exception& e) {
            exception_what = e.what();
            d = {};
            d.reply.status = 500;
        } catch (...) {
            exception_what = "unknown exception";
            d = {};
            d.reply.status = 500;
        }
        if (!exception_what.empty()) {
            std::replace(exception_what.begin(), exception_what.end(), '\r', ' ');
            std::replace(exception_what.begin(), exception_what.end(), '\n', ' ');
            const std::string h = reply_head(500, nullptr, 0, close, exception_what);
            if (!send_all(fd, h.data(), h.size()) || close) return;
            continue;
        }
        switch (d.action) {
            case SocketAction::None: {
                std::string out = reply_head(d.reply.status, &d.reply.content_type, d.reply.body.size(), close);
                out += d.reply.body;  // head and body in one send: one segment for a small reply
                if (!send_all(fd, out.data(), out.size()) || close) return;
                break;
            }
            case SocketAction::Reset: reset_connection(fd); return;
            case SocketAction::Empty: close_without_reply(fd); return;
            case SocketAction::Hang: {
                std::unique_lock<std::mutex> lock(hang_mu_);
                const uint64_t epoch = hang_epoch_;
                hang_cv_.wait_for(lock, std::chrono::milliseconds(hang_limit_ms_.load()),
                                  [&] { return hang_epoch_ != epoch || server_->stopping; });
                reset_connection(fd);
                return;
            }
            case SocketAction::Cut: {
                // The declared length is the whole body; the connection closes after `cut_after`
                // bytes of it, as a real truncated reply does.
                std::string out = reply_head(d.reply.status, &d.reply.content_type, d.reply.body.size(), false);
                out.append(d.reply.body, 0, std::min(d.cut_after, d.reply.body.size()));
                send_all(fd, out.data(), out.size());
                close_without_reply(fd);
                return;
            }
        }
    }
}

int HttpHost::port() const {
    if (server_) server_->published.fetch_add(1, std::memory_order_release);
    return port_;
}

Delivery HttpHost::handle(const HttpRequest& req) { return service_(req); }

void HttpHost::release_hangs() {
    std::lock_guard<std::mutex> lock(hang_mu_);
    ++hang_epoch_;
    hang_cv_.notify_all();
}

HttpHost::~HttpHost() {
    Server& srv = *server_;
    srv.stopping = true;
    release_hangs();  // after `stopping`: a hang that begins from now on does not wait at all
    if (srv.listen_fd >= 0) {
        ::shutdown(srv.listen_fd, SHUT_RDWR);  // wakes accept()
        if (srv.acceptor.joinable()) srv.acceptor.join();
        ::close(srv.listen_fd);
    }
    {
        // Wake every connection waiting for its next request; one inside a service finishes it first.
        std::lock_guard<std::mutex> lock(srv.conns_mu);
        for (int fd : srv.conns) ::shutdown(fd, SHUT_RDWR);
    }
    srv.threads.shutdown();
}

HttpTransport::HttpTransport(int port, int read_timeout_ms)
    : client_(std::make_unique<httplib::Client>("127.0.0.1", port)), read_timeout_ms_(read_timeout_ms) {
    client_->set_tcp_nodelay(true);
    client_->set_keep_alive(true);
    client_->set_connection_timeout(2, 0);
    client_->set_read_timeout(read_timeout_ms / 1000, (read_timeout_ms % 1000) * 1000);
}

HttpTransport::~HttpTransport() = default;

TransportResult HttpTransport::send(const HttpRequest& req) {
    std::lock_guard<std::mutex> lock(mu_);
    httplib::Headers headers;
    for (auto& [k, v] : req.headers) headers.emplace(k, v);
    const auto start = std::chrono::steady_clock::now();
    httplib::Result res = req.method == "POST"
                              ? client_->Post(req.target().c_str(), headers, req.body, "application/json")
                              : client_->Get(req.target().c_str(), headers);
    if (res) {
        HttpReply reply;
        reply.status = res->status;
        reply.body = res->body;
        reply.content_type = res->get_header_value("Content-Type");
        return {reply, ""};
    }
    switch (res.error()) {
        case httplib::Error::Read: {
            const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
            if (waited.count() >= read_timeout_ms_ * 9 / 10) return {std::nullopt, "timeout"};
            // cpp-httplib reports an RST, a FIN and a short body alike; so does the in-process transport.
            return {std::nullopt, "connection closed"};
        }
        case httplib::Error::Connection: return {std::nullopt, "connection refused"};
        default: return {std::nullopt, httplib::to_string(res.error())};
    }
}

}  // namespace ls
