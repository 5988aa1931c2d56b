#pragma once
// HTTP as the simulated actors see it. A service answers with a Delivery (the reply plus, when a
// fault says so, what happens to the socket); a Transport carries a request to a service either
// in-process (for speed) or over a real loopback TCP connection (for fidelity). Both realise the
// same faults, so in-process and HTTP runs produce the same journal.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace httplib { class Client; }

namespace ls {

struct HttpRequest {
    std::string method = "GET";
    std::string path;
    std::map<std::string, std::string> query;
    std::map<std::string, std::string> headers;
    std::string body;

    std::string target() const;  // path?query (query in key order, URL-encoded)
};

// A header field as it travelled: name and value; a name may come more than once (Set-Cookie).
using HeaderField = std::pair<std::string, std::string>;

struct HttpReply {
    int status = 200;
    std::string body;
    std::string content_type = "application/json";
    std::vector<HeaderField> headers;  // as received over a socket (every field); empty in process
};

// What a fault does to the connection carrying the reply.
enum class SocketAction { None, Reset, Empty, Hang, Cut };

struct Delivery {
    HttpReply reply;
    SocketAction action = SocketAction::None;
    size_t cut_after = 0;  // SocketAction::Cut: bytes of the body that get through
    // A body too large to build whole (GET /__admin/events): set, it stands for reply.body and is
    // called until it returns false, each call appending the next piece to `out`. Over HTTP each
    // piece is a chunk, sent when the client has taken the one before, so a slow reader holds one
    // piece, never the whole body. Called from one thread at a time.
    std::function<bool(std::string& out)> stream;
};

using Service = std::function<Delivery(const HttpRequest&)>;

struct TransportResult {
    std::optional<HttpReply> reply;  // absent when the exchange failed below HTTP
    std::string error;               // "connection reset", "connection closed", "timeout", …
    bool ok() const { return reply.has_value(); }
};

// What the caller of a service sees of its Delivery: the reply, or the error a dropped one gives
// ("timeout" for a hang, "connection closed" for a reset, an empty or a cut reply).
TransportResult delivered(Delivery d);

class Transport {
public:
    virtual ~Transport() = default;
    virtual TransportResult send(const HttpRequest& req) = 0;
};

class InProcessTransport : public Transport {
public:
    explicit InProcessTransport(Service s) : service_(std::move(s)) {}
    TransportResult send(const HttpRequest& req) override;

private:
    Service service_;
};

// A real HTTP/1.1 server on 127.0.0.1 (port 0 = ephemeral), on Boost.Asio and Beast's parser
// (http_host.cpp, http_wire.cpp): answers every path with a Service (GET, POST, PUT, DELETE) and
// realises socket faults for real: RST, FIN without a reply, a body cut short, a hang. A few I/O
// threads hold every connection, so thousands of idle or trickling clients never keep a fresh one
// waiting; every phase of a request has a deadline and every size a limit (http_wire.hpp).
// What every HttpHost refuses, before it spends the memory a request asks for (serve --help lists
// them): a request line over kRequestLine bytes (414), a head over kHead (431), a body over kBody, or
// over kPlatformBody to a platform endpoint, or a form body over kFormBody (413) — answered in the
// endpoint's own error shape, and the connection closed. Connections: as many as the open-file
// limit allows (raised to its hard limit at start), the idle ones closed first near it.
struct HttpLimits {
    static constexpr size_t kRequestLine = 8192;
    static constexpr size_t kHead = 64 * 1024;
    static constexpr size_t kBody = 1024 * 1024;
    static constexpr size_t kPlatformBody = 64 * 1024;
    static constexpr size_t kFormBody = 8192;
    // The bodies all connections of the process may hold at once (declared, or a chunked one's
    // limit): beyond it a request is answered 503 before its body is read.
    static constexpr size_t kBodiesInFlight = 256 * 1024 * 1024;
};

// How long each phase of a connection may take, in real time (serve --help lists the defaults): a
// connection waiting for its next request is closed after `idle`; a request's line and headers must
// arrive within `head` of its first byte, its body within `body` plus a second per `body_min_rate`
// bytes it declares; a reply must be taken within `write`.
struct HttpDeadlines {
    std::chrono::milliseconds idle{30000}, head{10000}, body{10000}, write{10000};
    uint64_t body_min_rate = 16 * 1024;
};

class HttpHost {
public:
    // Where the service is called: on the I/O threads (it must not block: the platform endpoints,
    // the admin API), or on worker threads of its own (it may wait, as the developer server does
    // for the platform).
    enum class ServiceCalls { OnIoThreads, OnWorkers };

    explicit HttpHost(Service s, std::string bind_host = "127.0.0.1", int port = 0,
                      ServiceCalls calls = ServiceCalls::OnIoThreads, HttpDeadlines deadlines = {});
    ~HttpHost();
    HttpHost(const HttpHost&) = delete;
    HttpHost& operator=(const HttpHost&) = delete;

    // The port clients are to be given. Whoever asks is about to publish it, so what the asker did
    // before (e.g. `serve` setting the admin API on an engine whose host already runs) happens-before
    // every connection accepted after the call — visibly so to ThreadSanitizer too, which cannot see
    // the causality through a client in another process.
    int port() const;
    bool listening() const { return port_ > 0; }
    // A hung request holds its connection this long (real time) and then resets it.
    void set_hang_limit_ms(int ms) { hang_limit_ms_ = ms; }
    int hang_limit_ms() const { return hang_limit_ms_; }
    void release_hangs();  // end every hang now (reset, shutdown)

    struct Server;  // the acceptor, the I/O loops, the workers (http_host.cpp)
    struct Loop;    // one I/O thread and its connections (http_host.cpp)

private:
    std::unique_ptr<Server> server_;
    int port_ = 0;
    std::atomic<int> hang_limit_ms_{2000};
};

class HttpTransport : public Transport {
public:
    // `read_timeout_ms` is real time: the longest a caller waits before it reports "timeout".
    HttpTransport(int port, int read_timeout_ms);
    ~HttpTransport() override;
    TransportResult send(const HttpRequest& req) override;

private:
    std::mutex mu_;
    std::unique_ptr<httplib::Client> client_;
    int read_timeout_ms_;
};

std::string url_encode(const std::string& s);

}  // namespace ls
