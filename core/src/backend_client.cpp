// BackendClient (backend.hpp): a template filled with this attempt's values, sent with cpp-httplib's
// client over real HTTP; the cookies the backend sets are kept and sent back, as a browser would.
#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <mutex>
#include <random>

#include <httplib.h>

#include "loginscope/backend.hpp"
#include "loginscope/http.hpp"

namespace ls {

using nlohmann::json;

namespace {

struct Url {
    std::string host;
    int port = 80;
    std::string target = "/";  // path and query
};

// http://host[:port][/path][?query]; the profile's parser made sure of the scheme and the host.
std::optional<Url> parse_url(const std::string& url) {
    if (url.rfind("http://", 0) != 0) return std::nullopt;
    const std::string rest = url.substr(7);
    const size_t slash = rest.find_first_of("/?");
    const std::string authority = rest.substr(0, slash);
    Url u;
    if (slash != std::string::npos) u.target = rest[slash] == '?' ? "/" + rest.substr(slash) : rest.substr(slash);
    const size_t colon = authority.rfind(':');
    u.host = colon == std::string::npos ? authority : authority.substr(0, colon);
    if (colon != std::string::npos) {
        try {
            u.port = std::stoi(authority.substr(colon + 1));
        } catch (...) {
            return std::nullopt;
        }
    }
    if (u.host.empty() || u.port <= 0 || u.port > 65535) return std::nullopt;
    return u;
}

json fill_json(const json& j, const std::map<std::string, std::string>& values) {
    if (j.is_string()) return fill_placeholders(j.get<std::string>(), values);
    json out = j;
    if (j.is_object())
        for (auto& [k, v] : j.items()) out[k] = fill_json(v, values);
    if (j.is_array())
        for (size_t i = 0; i < j.size(); ++i) out[i] = fill_json(j[i], values);
    return out;
}

std::string encoded_pairs(const json& object, const std::map<std::string, std::string>& values) {
    std::string out;
    for (auto& [k, v] : object.items())
        out += (out.empty() ? "" : "&") + url_encode(k) + "=" + url_encode(fill_placeholders(v.get<std::string>(), values));
    return out;
}

}  // namespace

std::string fill_placeholders(const std::string& text, const std::map<std::string, std::string>& values) {
    std::string out;
    size_t from = 0;
    for (size_t at = text.find("{{"); at != std::string::npos; at = text.find("{{", from)) {
        const size_t end = text.find("}}", at);
        if (end == std::string::npos) break;
        out += text.substr(from, at - from);
        auto it = values.find(text.substr(at + 2, end - at - 2));
        if (it != values.end()) out += it->second;
        from = end + 2;
    }
    return out + text.substr(from);
}

BackendRequest BackendClient::prepare(const RequestTemplate& t, const std::map<std::string, std::string>& values) const {
    BackendRequest out;
    out.method = t.method;
    out.url = fill_placeholders(t.url, values);
    const std::optional<Url> u = parse_url(out.url);
    if (!u) {
        out.error = "not a usable http:// URL: " + out.url;
        return out;
    }
    out.host = u->host;
    out.port = u->port;
    out.target = u->target;
    for (auto& [k, v] : t.headers) out.headers.emplace_back(k, fill_placeholders(v, values));
    if (t.body == RequestTemplate::Body::Json) {
        out.body = fill_json(t.payload, values).dump();
        out.headers.emplace_back("Content-Type", "application/json");
    } else if (t.body == RequestTemplate::Body::Form) {
        out.body = encoded_pairs(t.payload, values);
        out.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    } else if (t.body == RequestTemplate::Body::Query) {
        out.target += (out.target.find('?') == std::string::npos ? "?" : "&") + encoded_pairs(t.payload, values);
        out.url = "http://" + u->host + ":" + std::to_string(u->port) + out.target;
    }
    std::string jar;
    for (auto& [name, value] : cookies_) jar += (jar.empty() ? "" : "; ") + name + "=" + value;
    if (!jar.empty()) out.headers.emplace_back("Cookie", jar);
    return out;
}

BackendReply BackendClient::send(const BackendRequest& r) {
    BackendReply out;
    out.request_line = r.method + " " + r.url;
    out.request_body = r.body;
    if (!r.error.empty()) {
        out.error = r.error;
        return out;
    }
    httplib::Request req;
    req.method = r.method;
    req.path = r.target;
    req.body = r.body;
    for (auto& [k, v] : r.headers) req.headers.emplace(k, v);

    httplib::Client client(r.host, r.port);
    const auto secs = timeout_.count() / 1000, usecs = (timeout_.count() % 1000) * 1000;
    client.set_connection_timeout(secs, usecs);
    client.set_read_timeout(secs, usecs);
    client.set_write_timeout(secs, usecs);
    const auto start = std::chrono::steady_clock::now();
    const httplib::Result res = client.send(req);
    out.took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    if (!res) {
        out.unreachable = res.error() == httplib::Error::Connection;
        out.timed_out = res.error() == httplib::Error::Read;
        out.error = out.unreachable ? "connection refused"
                    : out.timed_out ? "no reply within " + std::to_string(timeout_.count()) + " ms (or the connection closed)"
                                                        : httplib::to_string(res.error());
        return out;
    }
    out.status = res->status;
    out.body = res->body;
    for (auto& [k, v] : res->headers) {
        std::string name = k;
        for (char& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
        out.headers.emplace(name, v);
        if (name != "set-cookie") continue;
        const std::string pair = v.substr(0, v.find(';'));
        const size_t eq = pair.find('=');
        if (eq != std::string::npos) cookies_[pair.substr(0, eq)] = pair.substr(eq + 1);
    }
    return out;
}

std::string BackendClient::session_of(const BackendReply& reply, const SessionLocator& where) const {
    if (!reply.ok()) return "";
    if (where.kind == SessionLocator::Kind::Pointer) {
        const json body = json::parse(reply.body, nullptr, false);
        const json::json_pointer ptr(where.where);
        if (body.is_discarded() || !body.contains(ptr)) return "";
        const json& v = body.at(ptr);
        return v.is_string() ? v.get<std::string>() : v.is_null() ? "" : v.dump();
    }
    std::string name = where.where;
    if (where.kind == SessionLocator::Kind::Header) {
        for (char& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
        auto it = reply.headers.find(name);
        return it == reply.headers.end() ? "" : it->second;
    }
    auto range = reply.headers.equal_range("set-cookie");
    for (auto it = range.first; it != range.second; ++it) {
        const std::string pair = it->second.substr(0, it->second.find(';'));
        if (pair.rfind(name + "=", 0) == 0) return pair.substr(name.size() + 1);
    }
    return "";
}

std::string backend_unreachable(const RequestTemplate& t) {
    const BackendRequest r = BackendClient().prepare(t, {});
    if (!r.error.empty()) return r.error;
    addrinfo hints{}, *found = nullptr;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(r.host.c_str(), std::to_string(r.port).c_str(), &hints, &found) != 0 || !found)
        return "no such host: " + r.url;
    std::string problem = "connection refused";
    for (addrinfo* a = found; a; a = a->ai_next) {
        const int fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) continue;
        timeval limit{3, 0};  // Linux bounds connect() by the send timeout
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
        const bool up = connect(fd, a->ai_addr, a->ai_addrlen) == 0;
        if (!up && (errno == EINPROGRESS || errno == EAGAIN)) problem = "no answer within 3 s";
        close(fd);
        if (up) {
            freeaddrinfo(found);
            return "";
        }
    }
    freeaddrinfo(found);
    return "nothing listens at " + r.url + " (" + problem + ")";
}

namespace {

// Binds 127.0.0.1:`port` (0: the kernel picks) and lets it go; the port it had, 0 when it could not.
int bind_and_release(int port) {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return 0;
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(uint16_t(port));
    socklen_t len = sizeof a;
    int got = 0;
    if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 && getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
        got = ntohs(a.sin_port);
    close(fd);
    return got;
}

// The lowest port the kernel hands out on its own (Linux's default 32768).
int ephemeral_low() {
    std::ifstream range("/proc/sys/net/ipv4/ip_local_port_range");
    int low = 32768;
    range >> low;
    return low;
}

}  // namespace

int free_loopback_port() {
    static std::mutex mu;
    static std::mt19937 pick{std::random_device{}()};
    static const int low = ephemeral_low();
    if (low > 12000) {
        std::lock_guard<std::mutex> lock(mu);
        std::uniform_int_distribution<int> below(low - 10000, low - 1);
        for (int attempt = 0; attempt < 64; ++attempt)
            if (const int port = bind_and_release(below(pick))) return port;
    }
    return bind_and_release(0);
}

}  // namespace ls
