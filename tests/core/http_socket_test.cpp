// HttpHost realises socket faults for real: a plain cpp-httplib client on loopback sees exactly
// what it would see from a misbehaving server.
#include <catch2/catch.hpp>

#include <chrono>
#include <mutex>

#include <httplib.h>

#include "loginscope/http.hpp"

using namespace ls;

namespace {
const std::string kBody = R"({"openid":"oAAAAAAAAAAAAAAAAAAAAAAAAAAA","session_key":"AAAAAAAAAAAAAAAAAAAAAA=="})";

// The service runs on the host's threads and the test on its own; a socket between them orders
// them in fact but not for the C++ memory model (nor ThreadSanitizer), so the state is locked.
struct Fixture {
    std::mutex mu;
    Delivery next_;
    HttpRequest seen_;
    int calls_ = 0;
    HttpHost host{[this](const HttpRequest& r) {
        std::lock_guard<std::mutex> lock(mu);
        seen_ = r;
        ++calls_;
        return next_;
    }};
    void reply_with(Delivery d) {
        std::lock_guard<std::mutex> lock(mu);
        next_ = std::move(d);
    }
    HttpRequest seen() {
        std::lock_guard<std::mutex> lock(mu);
        return seen_;
    }
    int calls() {
        std::lock_guard<std::mutex> lock(mu);
        return calls_;
    }
    httplib::Client client() {
        httplib::Client c("127.0.0.1", host.port());
        c.set_read_timeout(3, 0);
        c.set_connection_timeout(2, 0);
        return c;
    }
};
}  // namespace

TEST_CASE("HttpHost listens on an ephemeral loopback port and serves the reply", "[http]") {
    Fixture f;
    REQUIRE(f.host.listening());
    CHECK(f.host.port() > 0);
    f.reply_with({{200, kBody}});
    auto res = f.client().Get("/sns/jscode2session?appid=wx1&js_code=a%2Bb&grant_type=authorization_code");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->body == kBody);
    CHECK(res->get_header_value("Content-Type") == "application/json");
    CHECK(f.seen().method == "GET");
    CHECK(f.seen().path == "/sns/jscode2session");
    CHECK(f.seen().query.at("js_code") == "a+b");
    CHECK(f.seen().query.at("grant_type") == "authorization_code");
}

TEST_CASE("HttpHost passes POST bodies and headers to the service", "[http]") {
    Fixture f;
    f.reply_with({{201, "{}"}});
    httplib::Headers h{{"Authorization", "Bearer tok_1"}};
    auto res = f.client().Post("/api/login", h, R"({"code":"x"})", "application/json");
    REQUIRE(res);
    CHECK(res->status == 201);
    CHECK(f.seen().method == "POST");
    CHECK(f.seen().body == R"({"code":"x"})");
    CHECK(f.seen().headers.at("Authorization") == "Bearer tok_1");
}

TEST_CASE("a ConnectionReset delivery gives the client an error and no response", "[http]") {
    Fixture f;
    f.reply_with({{200, kBody}, SocketAction::Reset});
    auto res = f.client().Get("/x");
    CHECK_FALSE(res);
    CHECK(res.error() != httplib::Error::Success);
    CHECK(f.calls() == 1);
}

TEST_CASE("an Empty delivery closes the connection without a response", "[http]") {
    Fixture f;
    f.reply_with({{200, kBody}, SocketAction::Empty});
    auto res = f.client().Get("/x");
    CHECK_FALSE(res);
    CHECK(res.error() == httplib::Error::Read);
}

TEST_CASE("a Cut delivery gives a read error and not a full body", "[http]") {
    Fixture f;
    f.reply_with({{200, kBody}, SocketAction::Cut, 10});
    std::string received;
    auto c = f.client();
    auto res = c.Get("/x", [&](const char* data, size_t n) {
        received.append(data, n);
        return true;
    });
    CHECK_FALSE(res);
    CHECK(res.error() == httplib::Error::Read);
    CHECK(received.size() <= 10);
    CHECK(kBody.compare(0, received.size(), received) == 0);
}

TEST_CASE("a Hang delivery holds the connection until the hang limit and then resets it", "[http]") {
    Fixture f;
    f.host.set_hang_limit_ms(200);
    f.reply_with({{200, kBody}, SocketAction::Hang});
    auto c = f.client();
    const auto start = std::chrono::steady_clock::now();
    auto res = c.Get("/x");
    const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    CHECK_FALSE(res);
    CHECK(waited >= 150);
    CHECK(waited < 2500);
}

TEST_CASE("a caller with a shorter read timeout reports timeout on a hang", "[http]") {
    Fixture f;
    f.host.set_hang_limit_ms(1500);
    f.reply_with({{200, kBody}, SocketAction::Hang});
    HttpTransport t(f.host.port(), 200);
    HttpRequest req;
    req.path = "/x";
    const TransportResult r = t.send(req);
    CHECK_FALSE(r.ok());
    CHECK(r.error == "timeout");
    f.host.release_hangs();
}

TEST_CASE("HttpTransport maps socket faults to the errors wx.request reports and recovers", "[http]") {
    Fixture f;
    HttpTransport t(f.host.port(), 1000);
    HttpRequest req;
    req.path = "/x";
    f.reply_with({{200, kBody}, SocketAction::Reset});
    CHECK(t.send(req).error == "connection closed");  // assumption wechat.request.fail_errmsg
    f.reply_with({{200, kBody}, SocketAction::Empty});
    CHECK(t.send(req).error == "connection closed");
    f.reply_with({{200, kBody}, SocketAction::Cut, 4});
    CHECK(t.send(req).error == "connection closed");
    f.reply_with({{200, kBody}});
    const TransportResult ok = t.send(req);  // the transport recovers after broken connections
    REQUIRE(ok.ok());
    CHECK(ok.reply->body == kBody);
}

TEST_CASE("InProcessTransport maps socket faults like HttpTransport", "[http]") {
    Delivery next;
    InProcessTransport t([&](const HttpRequest&) { return next; });
    HttpRequest req;
    next = {{200, kBody}, SocketAction::Reset};
    CHECK(t.send(req).error == "connection closed");
    next = {{200, kBody}, SocketAction::Empty};
    CHECK(t.send(req).error == "connection closed");
    next = {{200, kBody}, SocketAction::Cut, 4};
    CHECK(t.send(req).error == "connection closed");
    next = {{200, kBody}, SocketAction::Hang};
    CHECK(t.send(req).error == "timeout");
    next = {{404, "{}"}};
    const TransportResult r = t.send(req);
    REQUIRE(r.ok());
    CHECK(r.reply->status == 404);
}

TEST_CASE("HttpTransport reports connection refused when nobody listens", "[http]") {
    int port = 0;
    {
        HttpHost h([](const HttpRequest&) { return Delivery{}; });
        port = h.port();
    }
    HttpTransport t(port, 300);
    HttpRequest req;
    req.path = "/x";
    const TransportResult r = t.send(req);
    CHECK_FALSE(r.ok());
    CHECK(r.error == "connection refused");
}

TEST_CASE("request targets are URL-encoded in key order", "[http]") {
    HttpRequest r;
    r.path = "/sns/jscode2session";
    r.query = {{"js_code", "a b+c"}, {"appid", "wx1"}};
    CHECK(r.target() == "/sns/jscode2session?appid=wx1&js_code=a%20b%2Bc");
    CHECK(url_encode("AZaz09-_.~") == "AZaz09-_.~");
    CHECK(url_encode("/=&") == "%2F%3D%26");
}
