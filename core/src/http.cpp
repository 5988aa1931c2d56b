#include "loginscope/http.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

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

namespace {

// cpp-httplib 0.11 does not hand the handler its socket. A socket fault needs it, so find the
// accepted connection whose local port is the server's and whose peer port is the request's.
int find_connection_fd(int local_port, int peer_port) {
    for (int fd = 3; fd < 4096; ++fd) {
        sockaddr_in local{}, peer{};
        socklen_t len = sizeof local;
        if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len) != 0 || local.sin_family != AF_INET) continue;
        if (ntohs(local.sin_port) != local_port) continue;
        len = sizeof peer;
        if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &len) != 0) continue;
        if (ntohs(peer.sin_port) == peer_port) return fd;
    }
    return -1;
}

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

HttpRequest to_request(const httplib::Request& r) {
    HttpRequest req;
    req.method = r.method;
    req.path = r.path;
    for (auto& [k, v] : r.params) req.query[k] = v;  // first value wins for repeated keys
    for (auto& [k, v] : r.headers) req.headers[k] = v;
    req.body = r.body;
    return req;
}

}  // namespace

HttpHost::HttpHost(Service s, std::string bind_host, int port)
    : server_(std::make_unique<httplib::Server>()), service_(std::move(s)) {
    auto& svr = *server_;
    // Trap: without TCP_NODELAY and a sized pool, cpp-httplib stalls ~40 ms per keep-alive request.
    svr.set_tcp_nodelay(true);
    svr.set_keep_alive_max_count(100000);
    svr.set_keep_alive_timeout(30);
    svr.new_task_queue = [] { return new httplib::ThreadPool(8); };
    auto route = [this](const httplib::Request& r, httplib::Response& res) {
        Delivery d = handle(to_request(r));
        const int fd = d.action == SocketAction::None ? -1 : find_connection_fd(port_, r.remote_port);
        switch (d.action) {
            case SocketAction::None:
                res.status = d.reply.status;
                res.set_content(d.reply.body, d.reply.content_type.c_str());
                break;
            case SocketAction::Reset: reset_connection(fd); break;
            case SocketAction::Empty: close_without_reply(fd); break;
            case SocketAction::Hang: {
                std::unique_lock<std::mutex> lock(hang_mu_);
                const uint64_t epoch = hang_epoch_;
                hang_cv_.wait_for(lock, std::chrono::milliseconds(hang_limit_ms_.load()),
                                  [&] { return hang_epoch_ != epoch; });
                reset_connection(fd);
                break;
            }
            case SocketAction::Cut: {
                res.status = d.reply.status;
                auto body = std::make_shared<std::string>(d.reply.body);
                const size_t cut = std::min(d.cut_after, body->size());
                // The declared length is the whole body; the provider stops early, so the
                // connection closes mid-body as a real truncated reply does.
                res.set_content_provider(body->size(), d.reply.content_type.c_str(),
                                         [body, cut](size_t offset, size_t, httplib::DataSink& sink) {
                                             if (offset < cut) sink.write(body->data() + offset, cut - offset);
                                             return offset < cut;
                                         });
                break;
            }
        }
    };
    svr.Get(".*", route);
    svr.Post(".*", route);
    svr.Put(".*", route);
    svr.Delete(".*", route);
    port_ = port == 0 ? svr.bind_to_any_port(bind_host.c_str()) : (svr.bind_to_port(bind_host.c_str(), port) ? port : -1);
    if (port_ > 0) {
        listener_ = std::thread([this] { server_->listen_after_bind(); });
        // stop() is a no-op until the listener runs; wait so the destructor can always stop it.
        while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
}

Delivery HttpHost::handle(const HttpRequest& req) { return service_(req); }

void HttpHost::release_hangs() {
    std::lock_guard<std::mutex> lock(hang_mu_);
    ++hang_epoch_;
    hang_cv_.notify_all();
}

HttpHost::~HttpHost() {
    release_hangs();
    server_->stop();
    if (listener_.joinable()) listener_.join();
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
