#include "loginscope/http.hpp"

#include <cctype>
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

TransportResult delivered(Delivery d) {
    if (d.stream)
        while (d.stream(d.reply.body)) {}
    switch (d.action) {
        case SocketAction::None: return {d.reply, ""};
        case SocketAction::Hang: return {std::nullopt, "timeout"};
        case SocketAction::Reset:
        case SocketAction::Empty:
        case SocketAction::Cut: return {std::nullopt, "connection closed"};
    }
    return {std::nullopt, "unknown"};
}

TransportResult InProcessTransport::send(const HttpRequest& req) { return delivered(service_(req)); }

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
        reply.headers.assign(res->headers.begin(), res->headers.end());
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
