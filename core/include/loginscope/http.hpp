#pragma once
// HTTP as the simulated actors see it. A service answers with a Delivery (the reply plus, when a
// fault says so, what happens to the socket); a Transport carries a request to a service either
// in-process (for speed) or over a real loopback TCP connection (for fidelity). Both realise the
// same faults, so in-process and HTTP runs produce the same journal.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace httplib { class Server; class Client; }

namespace ls {

struct HttpRequest {
    std::string method = "GET";
    std::string path;
    std::map<std::string, std::string> query;
    std::map<std::string, std::string> headers;
    std::string body;

    std::string target() const;  // path?query (query in key order, URL-encoded)
};

struct HttpReply {
    int status = 200;
    std::string body;
    std::string content_type = "application/json";
};

// What a fault does to the connection carrying the reply.
enum class SocketAction { None, Reset, Empty, Hang, Cut };

struct Delivery {
    HttpReply reply;
    SocketAction action = SocketAction::None;
    size_t cut_after = 0;  // SocketAction::Cut: bytes of the body that get through
};

using Service = std::function<Delivery(const HttpRequest&)>;

struct TransportResult {
    std::optional<HttpReply> reply;  // absent when the exchange failed below HTTP
    std::string error;               // "connection reset", "connection closed", "timeout", …
    bool ok() const { return reply.has_value(); }
};

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

// A real cpp-httplib server on 127.0.0.1 (port 0 = ephemeral) that answers every path with a
// Service and realises socket faults for real: RST, FIN without a reply, a body cut short, a hang.
class HttpHost {
public:
    explicit HttpHost(Service s, std::string bind_host = "127.0.0.1", int port = 0);
    ~HttpHost();
    HttpHost(const HttpHost&) = delete;
    HttpHost& operator=(const HttpHost&) = delete;

    int port() const { return port_; }
    bool listening() const { return port_ > 0; }
    // A hung request holds its connection this long (real time) and then resets it.
    void set_hang_limit_ms(int ms) { hang_limit_ms_ = ms; }
    void release_hangs();  // wake every hung handler now (reset, shutdown)

private:
    Delivery handle(const HttpRequest& req);
    std::unique_ptr<httplib::Server> server_;
    Service service_;
    int port_ = 0;
    std::thread listener_;
    std::atomic<int> hang_limit_ms_{2000};
    std::mutex hang_mu_;
    std::condition_variable hang_cv_;
    uint64_t hang_epoch_ = 0;
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
