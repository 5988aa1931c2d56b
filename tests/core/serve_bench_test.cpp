// What `serve` under load rests on (tests/bench/serve_vs_nginx.cpp measures it): HttpHost's own
// HTTP/1.1 server — every keep-alive connection answered at once, the wire format and request
// decoding `serve` has always had — the bulk code issue of the admin API, and code2Session's
// answer written without a JSON object.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "loginscope/admin_api.hpp"
#include "loginscope/engine.hpp"
#include "loginscope/http.hpp"
#include "loginscope/wechat_platform.hpp"
#include "raw_http.hpp"
#include "recv_watch.hpp"

using namespace ls;
using nlohmann::json;
using namespace raw_http;

namespace {

size_t count_of(const std::string& hay, const std::string& needle) {
    size_t n = 0;
    for (size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
    return n;
}

// A host that echoes what it was asked as JSON.
struct Echo {
    HttpHost host{[](const HttpRequest& r) {
        json q = json::object(), h = json::object();
        for (auto& [k, v] : r.query) q[k] = v;
        for (auto& [k, v] : r.headers) h[k] = v;
        return Delivery{{200, json{{"method", r.method}, {"path", r.path}, {"query", q}, {"headers", h}, {"body", r.body}}.dump()}};
    }};
    json ask(const std::string& request) {
        const std::string got = raw(host.port(), request);
        const size_t body = got.find("\r\n\r\n");
        REQUIRE(body != std::string::npos);
        return json::parse(got.substr(body + 4, got.find("<EOF>") == std::string::npos ? std::string::npos : got.size() - body - 9));
    }
};

}  // namespace

TEST_CASE("HttpHost answers every one of 64 keep-alive connections at once", "[http][serve]") {
    Echo e;
    std::vector<int> fds;
    for (int i = 0; i < 64; ++i) fds.push_back(connect_to(e.host.port()));
    // Every connection asks twice, all of them open together: none may wait for another to close.
    for (int round = 0; round < 2; ++round) {
        for (int fd : fds) send_text(fd, "GET /x?n=" + std::to_string(round) + " HTTP/1.1\r\nHost: t\r\n\r\n");
        for (int fd : fds) {
            const std::string got = receive_reply(fd);
            INFO("round " << round);
            CHECK(got.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
            CHECK(got.find("Keep-Alive: timeout=30, max=100000\r\n") != std::string::npos);
            CHECK(got.find("<EOF>") == std::string::npos);
        }
    }
    for (int fd : fds) close(fd);
}

TEST_CASE("HttpHost replies with cpp-httplib's status line and headers and answers pipelined requests in order", "[http][serve]") {
    HttpHost host([](const HttpRequest& r) {
        return Delivery{{r.path == "/created" ? 201 : 504, "{\"a\":1}", "application/json"}};
    });
    const std::string got = raw(host.port(), "GET /created HTTP/1.1\r\nHost: t\r\n\r\n");
    CHECK(got ==
          "HTTP/1.1 201 Created\r\nContent-Length: 7\r\nContent-Type: application/json\r\n"
          "Keep-Alive: timeout=30, max=100000\r\n\r\n{\"a\":1}");
    // Pipelined requests are answered in order; "Connection: close" is honoured and said.
    const std::string two = raw(host.port(), "GET /created HTTP/1.1\r\nHost: t\r\n\r\nGET /other HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    CHECK(count_of(two, "HTTP/1.1 ") == 2);
    CHECK(two.find("HTTP/1.1 201 Created") < two.find("HTTP/1.1 504 Gateway Timeout"));
    CHECK(two.find("Connection: close\r\n") != std::string::npos);
    CHECK(two.size() > 5);
    CHECK(two.substr(two.size() - 5) == "<EOF>");
    // HTTP/1.0: one answer, then the connection closes.
    const std::string old = raw(host.port(), "GET /created HTTP/1.0\r\n\r\n");
    CHECK(old.rfind("HTTP/1.1 201 Created\r\nConnection: close\r\n", 0) == 0);
    CHECK(old.substr(old.size() - 5) == "<EOF>");
}

// After a short read HttpHost waits for the socket's next edge without trying recv again
// (drained_read.hpp): whatever the moment the next bytes arrive — with the answer still on its way,
// just after it, split anywhere, two requests at once — none may be missed and leave a client waiting.
TEST_CASE("HttpHost answers a keep-alive client however its next request is split and timed", "[http][serve]") {
    Echo e;
    const int fd = connect_to(e.host.port());
    REQUIRE(fd >= 0);
    const int on = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);  // each piece its own segment, at once
    auto request = [](int n, size_t pad = 0) {
        return "GET /x?n=" + std::to_string(n) + " HTTP/1.1\r\nHost: t\r\nX-Pad: " + std::string(pad, 'p') + "\r\n\r\n";
    };
    auto answered = [](const std::string& got, int n) { return got.find("\"n\":\"" + std::to_string(n) + "\"") != std::string::npos; };
    for (int n = 0; n < 400; ++n) {
        INFO("request " << n);
        // Heads of 2,048 bytes and about fill one read whole (a read that is not short).
        const std::string req = request(n, n % 50 == 7 ? 2048 - request(n).size() + n % 3 : 0);
        const size_t split = size_t(n * 7) % req.size();
        REQUIRE(send_text(fd, req.substr(0, split)));
        if (n % 3 == 1) std::this_thread::sleep_for(std::chrono::microseconds(300));
        REQUIRE(send_text(fd, req.substr(split)));
        if (n % 4 == 2) {  // the next request pipelined behind this one, in two writes
            const std::string next = request(1000 + n);
            REQUIRE(send_text(fd, next.substr(0, 9)));
            std::this_thread::sleep_for(std::chrono::microseconds(100));
            REQUIRE(send_text(fd, next.substr(9)));
            std::string got = receive_reply(fd, 2000);
            if (!answered(got, 1000 + n)) got += receive_reply(fd, 2000);
            REQUIRE(answered(got, n));
            REQUIRE(answered(got, 1000 + n));
            continue;
        }
        REQUIRE(answered(receive_reply(fd, 2000), n));
    }
    close(fd);
}

// nginx's economy, which the 64-connection benchmark rests on: once a request has been read, serve
// tries no read before the client's next request arrives (Asio alone would, and fail with EAGAIN).
TEST_CASE("a keep-alive request costs serve one recv: no read is tried before the next request arrives", "[http][serve]") {
    Echo e;
    const int fd = connect_to(e.host.port());
    REQUIRE(fd >= 0);
    const std::string request = "GET /x HTTP/1.1\r\nHost: t\r\n\r\n";
    REQUIRE(send_text(fd, request));
    REQUIRE(receive_reply(fd).rfind("HTTP/1.1 200 OK", 0) == 0);  // the first read, at accept, may come early
    const size_t before = recv_watch::would_block();
    for (int n = 0; n < 50; ++n) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));  // serve has answered and waits
        REQUIRE(send_text(fd, request));
        REQUIRE(receive_reply(fd).rfind("HTTP/1.1 200 OK", 0) == 0);
    }
    CHECK(recv_watch::would_block() - before <= 2);  // Asio's own read: one per request
    close(fd);
}

TEST_CASE("HttpHost decodes path and query as cpp-httplib did", "[http][serve]") {
    Echo e;
    const json j = e.ask("GET /a%2Fb+c?k=a+b%2Bc&dup=1&dup=2&bare&x=1=2&%6Bey=%u00e9&bad=%zz#frag HTTP/1.1\r\nHost: t\r\nX-Name:  v  \r\n\r\n");
    CHECK(j["method"] == "GET");
    CHECK(j["path"] == "/a/b+c");  // '+' is a space only in the query
    CHECK(j["query"]["k"] == "a b+c");
    CHECK(j["query"]["dup"] == "2");  // a repeated key: the last value
    CHECK(j["query"]["bare"] == "");
    CHECK(j["query"]["x"] == "2");
    CHECK(j["query"]["key"] == "\xc3\xa9");  // %uXXXX as UTF-8
    CHECK(j["query"]["bad"] == "%zz");
    CHECK(j["headers"]["X-Name"] == "v");
}

TEST_CASE("HttpHost reads Content-Length and chunked and 100-continue bodies and puts a form body into the query", "[http][serve]") {
    Echo e;
    CHECK(e.ask("POST /p HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello")["body"] == "hello");
    CHECK(e.ask("POST /p HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhel\r\n2;ext=1\r\nlo\r\n0\r\n\r\n")["body"] == "hello");
    const json form = e.ask(
        "POST /p?appid=query&only=q HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 17\r\n\r\n"
        "appid=body&code=c");
    CHECK(form["query"]["appid"] == "body");  // the body's fields come after, and over, the target's
    CHECK(form["query"]["only"] == "q");
    CHECK(form["query"]["code"] == "c");
    CHECK(form["body"] == "appid=body&code=c");

    const int fd = connect_to(e.host.port());
    send_text(fd, "POST /p HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
    CHECK(receive(fd) == "HTTP/1.1 100 Continue\r\n\r\n");
    send_text(fd, "ok");
    CHECK(receive_reply(fd).find("\"body\":\"ok\"") != std::string::npos);
    close(fd);
}

TEST_CASE("HttpHost rejects what it cannot read and closes the connection", "[http][serve]") {
    Echo e;
    for (const std::string bad : {"garbage\r\n\r\n", "FROB /x HTTP/1.1\r\nHost: t\r\n\r\n", "GET /x HTTP/2.0\r\n\r\n", "GET /x\r\n\r\n"}) {
        INFO(bad);
        const std::string got = raw(e.host.port(), bad);
        CHECK(got.rfind("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n", 0) == 0);
        CHECK(got.substr(got.size() - 5) == "<EOF>");
    }
    CHECK(raw(e.host.port(), "GET /" + std::string(9000, 'a') + " HTTP/1.1\r\nHost: t\r\n\r\n").rfind("HTTP/1.1 414 URI Too Long", 0) == 0);
    CHECK(raw(e.host.port(), "OPTIONS /x HTTP/1.1\r\nHost: t\r\n\r\n").rfind("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n", 0) == 0);
    const std::string form(9000, 'a');
    CHECK(raw(e.host.port(), "POST /x HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 9000\r\n\r\n" + form)
              .rfind("HTTP/1.1 413 Payload Too Large", 0) == 0);
}

namespace {
// The JSON body of a raw reply that must carry `status`, its Content-Type JSON; discarded when not.
json error_body(const std::string& reply, int status) {
    INFO(reply.substr(0, 300));
    CHECK(reply.rfind("HTTP/1.1 " + std::to_string(status) + " ", 0) == 0);
    const size_t head = reply.find("\r\n\r\n");
    if (head == std::string::npos) return json(json::value_t::discarded);
    CHECK(reply.substr(0, head + 2).find("\r\nContent-Type: application/json\r\n") != std::string::npos);
    std::string body = reply.substr(head + 4);
    if (body.size() >= 5 && body.compare(body.size() - 5, 5, "<EOF>") == 0) body.resize(body.size() - 5);
    CHECK(body.size() < 200);  // small: a line a client can log
    return json::parse(body, nullptr, false);
}
}  // namespace

// Found by a probe of `serve`: 400, 413, 414 and 431 came with an empty body, which a platform's
// client cannot parse as that platform's error. Each now carries one, in the shape of the endpoint
// it was meant for where that is known (WeChat errcode/errmsg, Baidu OAuth, uniCloud), else {"error"}.
TEST_CASE("serve answers a request it cannot read with a small JSON body in the endpoint's error shape", "[http][serve]") {
    EngineConfig cfg;
    cfg.transport = TransportMode::Http;
    Engine engine(cfg);
    engine.set_admin_service(make_admin_service(engine));
    const int platform = engine.platform_port(), dev = engine.dev_port();
    const std::string form(9000, 'a'), long_query(9000, 'q'), big_header = "X-Fill: " + std::string(70 * 1024, 'h') + "\r\n";
    const std::string huge_body = "Content-Length: 70000000\r\n\r\n";  // over the body limit: refused before it is sent

    // WeChat's endpoints: errcode -1 (its "system error") and an errmsg saying what was wrong.
    json j = error_body(raw(platform, "POST /sns/jscode2session HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                                      "Content-Length: 9000\r\n\r\n" + form), 413);
    CHECK(j["errcode"] == -1);
    CHECK_THAT(j["errmsg"].get<std::string>(), Catch::Contains("too large"));
    j = error_body(raw(platform, "GET /sns/jscode2session?js_code=" + long_query + " HTTP/1.1\r\nHost: t\r\n\r\n"), 414);
    CHECK(j["errcode"] == -1);
    CHECK_THAT(j["errmsg"].get<std::string>(), Catch::Contains("too long"));
    j = error_body(raw(platform, "GET /cgi-bin/token?grant_type=client_credential HTTP/1.1\r\nHost: t\r\n" + big_header + "\r\n"), 431);
    CHECK(j["errcode"] == -1);
    j = error_body(raw(platform, "POST /wxa/checksession HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"), 400);
    CHECK(j["errcode"] == -1);
    // Baidu's OAuth shape and uniCloud's.
    j = error_body(raw(platform, "POST /oauth/jscode2sessionkey HTTP/1.1\r\nHost: t\r\n" + huge_body), 413);
    CHECK(j["error"] == "invalid_request");
    CHECK(j["error_description"].is_string());
    j = error_body(raw(platform, "POST /univerify/getPhoneNumber HTTP/1.1\r\nHost: t\r\n" + huge_body), 413);
    CHECK(j["success"] == false);
    CHECK(j["code"].is_number_integer());
    CHECK(j["message"].is_string());
    // The admin API, the developer server, and a request too broken to name its endpoint: {"error"}.
    for (const auto& [port, request] : std::vector<std::pair<int, std::string>>{
             {platform, "POST /__admin/codes HTTP/1.1\r\nHost: t\r\n" + huge_body},
             {dev, "POST /api/login HTTP/1.1\r\nHost: t\r\n" + huge_body},
             {dev, "GET /api/me HTTP/1.1\r\nHost: t\r\n" + big_header + "\r\n"},
             {platform, "garbage\r\n\r\n"}}) {
        INFO(request.substr(0, 60));
        const int status = request.find("X-Fill") != std::string::npos ? 431 : request == "garbage\r\n\r\n" ? 400 : 413;
        j = error_body(raw(port, request), status);
        CHECK(j["error"].is_string());
    }
}

TEST_CASE("HttpHost turns a service's exception into a 500 and serves on", "[http][serve]") {
    HttpHost host([](const HttpRequest& r) -> Delivery {
        if (r.path == "/throw") throw std::runtime_error("boom");
        return {{200, "{}"}};
    });
    const int fd = connect_to(host.port());
    send_text(fd, "GET /throw HTTP/1.1\r\nHost: t\r\n\r\n");
    const std::string got = receive_reply(fd);
    CHECK(got.rfind("HTTP/1.1 500 Internal Server Error\r\n", 0) == 0);
    CHECK(got.find("EXCEPTION_WHAT: boom\r\n") != std::string::npos);
    send_text(fd, "GET /fine HTTP/1.1\r\nHost: t\r\n\r\n");
    CHECK(receive_reply(fd).rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
    close(fd);
}

TEST_CASE("HttpHost shuts down at once with idle keep-alive connections open", "[http][serve]") {
    std::vector<int> fds;
    auto e = std::make_unique<Echo>();
    for (int i = 0; i < 16; ++i) {
        fds.push_back(connect_to(e->host.port()));
        send_text(fds.back(), "GET /x HTTP/1.1\r\nHost: t\r\n\r\n");
        CHECK(receive_reply(fds.back()).rfind("HTTP/1.1 200 OK", 0) == 0);
    }
    const auto start = std::chrono::steady_clock::now();
    e.reset();  // every connection waits for its next request: they must not hold the host up
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
    for (int fd : fds) {
        CHECK(receive(fd) == "<EOF>");  // the server closed them
        close(fd);
    }
}

TEST_CASE("POST /__admin/codes with count issues that many codes and each exchanges once", "[admin][serve]") {
    EngineConfig cfg;
    cfg.transport = TransportMode::Http;
    Engine engine(cfg);
    engine.set_admin_service(make_admin_service(engine));
    httplib::Client c("127.0.0.1", engine.platform_port());
    c.set_read_timeout(5, 0);
    const auto& app = engine.config().app;
    auto post = [&](const json& body) { return c.Post("/__admin/codes", body.dump(), "application/json"); };

    auto res = post({{"appid", app.appid}, {"user", "bulk"}, {"count", 5}});
    REQUIRE(res);
    REQUIRE(res->status == 200);
    const json j = json::parse(res->body);
    CHECK(j["expires_in"] == 300);
    REQUIRE(j["codes"].size() == 5);
    std::set<std::string> distinct;
    for (auto& code : j["codes"]) {
        distinct.insert(code.get<std::string>());
        httplib::Params p{{"appid", app.appid}, {"secret", app.secret}, {"js_code", code.get<std::string>()},
                          {"grant_type", "authorization_code"}};
        auto first = c.Get("/sns/jscode2session", p, httplib::Headers{});
        auto again = c.Get("/sns/jscode2session", p, httplib::Headers{});
        REQUIRE(first);
        REQUIRE(again);
        CHECK(json::parse(first->body).contains("session_key"));
        CHECK(json::parse(again->body)["errcode"] == 40163);
    }
    CHECK(distinct.size() == 5);
    CHECK(engine.platform().openid_of(app.appid, "bulk") != "");

    for (const json& count : {json(0), json(10001), json("3"), json(2.5)}) {
        auto bad = post({{"appid", app.appid}, {"count", count}});
        REQUIRE(bad);
        CHECK(bad->status == 400);
        CHECK(bad->body.find("count") != std::string::npos);
    }
    auto unknown = post({{"appid", "wxnope"}, {"count", 2}});
    REQUIRE(unknown);
    CHECK(unknown->status == 400);
    CHECK(unknown->body.find("wxnope") != std::string::npos);
}

TEST_CASE("code2Session's answer is the bytes nlohmann::json would write", "[wechat][serve]") {
    const std::string unionid = "oU\"n\\i\x01";
    for (const auto& [openid, key] : std::vector<std::pair<std::string, std::string>>{
             {"oAbc-_123", "qyeKhLptHBcM9cEYPIYHYw=="}, {"tab\there\nnl\r\b\f", "/slash\x1f"}, {"caf\xc3\xa9", "k"}}) {
        json j{{"session_key", key}, {"openid", openid}};
        CHECK(WeChatPlatform::session_answer(openid, key, nullptr) == j.dump());
        j["unionid"] = unionid;
        CHECK(WeChatPlatform::session_answer(openid, key, &unionid) == j.dump());
    }
}
