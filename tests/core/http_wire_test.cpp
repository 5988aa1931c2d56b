// http_wire as serve's connections use it: each request read into the storage of the one before
// (RequestReader::take(HttpRequest&, bool&)), replies built in a reused buffer, and query_param's
// ordered walk. The wire module is private to the core, hence the relative include.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "../../core/src/http_wire.hpp"
#include "loginscope/platform_base.hpp"

using ls::HttpRequest;
using ls::wire::RequestReader;

namespace {

// Feeds `bytes` whole and takes the request, into `into` when given, else into a fresh one.
HttpRequest read_one(RequestReader& reader, const std::string& bytes, HttpRequest* into = nullptr) {
    size_t used = 0;
    REQUIRE(reader.feed(bytes, used) == RequestReader::Status::Ready);
    REQUIRE(used == bytes.size());
    bool close = false;
    if (!into) return reader.take(close);
    reader.take(*into, close);
    return *into;
}

void check_same(const HttpRequest& a, const HttpRequest& b) {
    CHECK(a.method == b.method);
    CHECK(a.path == b.path);
    CHECK(a.query == b.query);
    CHECK(a.headers == b.headers);
    CHECK(a.body == b.body);
}

std::string form_post(const std::string& target, const std::string& body) {
    return "POST " + target + " HTTP/1.1\r\nHost: two\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
}

}  // namespace

TEST_CASE("a connection reads each request into the storage of the one before and keeps nothing of it", "[http-wire][serve]") {
    const std::string long_value(100, 'v');  // longer than a kept string: its node is not shelved
    std::string many = "GET /many?";
    for (int i = 0; i < 40; ++i) many += "k" + std::to_string(i) + "=" + std::to_string(i) + "&";
    many += " HTTP/1.1\r\nHost: many\r\n\r\n";
    const std::vector<std::string> requests = {
        "GET /sns/jscode2session?appid=wx1&secret=s1&js_code=c1&dup=1&dup=2&long=" + long_value +
            " HTTP/1.1\r\nHost: one\r\nX-One: 1\r\n\r\n",
        form_post("/path%20two?appid=b&only=q", "js_code=c2&appid=z&secret=%41%42"),
        many,
        "GET /dup?a=1&a=2&b=x&a=3 HTTP/1.1\r\nHost: three\r\nX-Dup: 1\r\nX-Dup: 2\r\n\r\n",  // the shelf is full here
        "GET /bare HTTP/1.1\r\nHost: three\r\n\r\n",
        "GET /sns/jscode2session?appid=wx1&secret=s1&js_code=c3&grant_type=authorization_code HTTP/1.1\r\nHost: one\r\n\r\n",
    };
    RequestReader reused_reader, fresh_reader;
    HttpRequest kept;
    std::vector<HttpRequest> seen;
    for (const std::string& bytes : requests) {
        const HttpRequest reused = read_one(reused_reader, bytes, &kept);
        check_same(reused, read_one(fresh_reader, bytes));
        seen.push_back(reused);
    }

    CHECK(seen[0].query.at("dup") == "2");  // a later value of a key replaces an earlier one
    CHECK(seen[0].query.at("long") == long_value);
    CHECK(seen[0].headers.at("X-One") == "1");

    const HttpRequest& form = seen[1];
    CHECK(form.method == "POST");
    CHECK(form.path == "/path two");
    CHECK(form.query == std::map<std::string, std::string>{{"appid", "z"}, {"js_code", "c2"}, {"only", "q"}, {"secret", "AB"}});
    CHECK(form.headers.count("X-One") == 0);
    CHECK(form.headers.at("Host") == "two");
    CHECK(form.body == "js_code=c2&appid=z&secret=%41%42");

    CHECK(seen[2].query.size() == 40);
    CHECK(seen[2].query.at("k39") == "39");
    CHECK(seen[3].query == std::map<std::string, std::string>{{"a", "3"}, {"b", "x"}});
    CHECK(seen[3].headers.at("X-Dup") == "2");  // a repeated header: the last
    CHECK(seen[4].query.empty());
    CHECK(seen[4].body.empty());
    CHECK(seen[4].headers == std::map<std::string, std::string>{{"Host", "three"}});
    CHECK(seen[5].query == std::map<std::string, std::string>{
                               {"appid", "wx1"}, {"grant_type", "authorization_code"}, {"js_code", "c3"}, {"secret", "s1"}});
}

TEST_CASE("query_param finds a key among its neighbours in order and nothing that only starts like it", "[http-wire]") {
    HttpRequest req;
    req.query = {{"", "empty"}, {"app", "1"}, {"appid", "2"}, {"appid2", "3"}, {"b", "4"}};
    CHECK(ls::query_param(req, "appid") == "2");
    CHECK(ls::query_param(req, "app") == "1");
    CHECK(ls::query_param(req, "appid2") == "3");
    CHECK(ls::query_param(req, "b") == "4");
    CHECK(ls::query_param(req, "") == "empty");
    CHECK(ls::query_param(req, "ap").empty());
    CHECK(ls::query_param(req, "appid1").empty());
    CHECK(ls::query_param(req, "zzz").empty());
    req.query.clear();
    CHECK(ls::query_param(req, "appid").empty());
}

TEST_CASE("a reply built in a reused buffer is the head and the body and nothing of the reply before", "[http-wire][serve]") {
    std::string out(5000, 'x');  // what a bigger reply left
    for (const bool close : {false, true}) {
        ls::HttpReply reply{201, R"({"openid":"o"})", "application/json; charset=utf-8"};
        ls::wire::reply_into(out, reply, close);
        CHECK(out == ls::wire::reply_head(201, &reply.content_type, reply.body.size(), close) + reply.body);
        CHECK(out.rfind("HTTP/1.1 201 Created\r\n", 0) == 0);
        CHECK(out.find("Content-Length: 14\r\n") != std::string::npos);
        CHECK((out.find("Connection: close\r\n") != std::string::npos) == close);
    }
}

TEST_CASE("after its answer a request keeps little of its storage whatever it was", "[http-wire][serve]") {
    // The largest a head allows: a target of nearly 8 KB (a long path, hundreds of query fields),
    // hundreds of headers, and a 200 KB body.
    std::string target = "/" + std::string(2000, 'p') + "?";
    for (int i = 0; target.size() < 7900; ++i) target += "k" + std::to_string(i) + "=v&";
    std::string head = "POST " + target + " HTTP/1.1\r\nHost: big\r\n";
    for (int i = 0; i < 500; ++i) head += "X-H" + std::to_string(i) + ": " + std::string(40, 'h') + "\r\n";
    const std::string body(200 * 1024, 'b');
    head += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";

    RequestReader reader;
    HttpRequest req;
    const HttpRequest big = read_one(reader, head + body, &req);
    REQUIRE(big.query.size() > 300);
    REQUIRE(big.headers.size() > 500);
    REQUIRE(big.body.size() == body.size());

    reader.recycle(req);
    CHECK(req.query.empty());
    CHECK(req.headers.empty());
    CHECK(req.path.capacity() <= RequestReader::kMaxKeptString);
    CHECK(req.method.capacity() <= RequestReader::kMaxKeptString);
    CHECK(req.body.capacity() <= RequestReader::kMaxKeptBody);

    // The next request reads as it would into a fresh one.
    const std::string next = "GET /sns/jscode2session?appid=wx1&js_code=c HTTP/1.1\r\nHost: small\r\n\r\n";
    RequestReader fresh_reader;
    check_same(read_one(reader, next, &req), read_one(fresh_reader, next));
}

// Found by fuzz_http: take() let go of a path longer than a kept string after reading it, so a request
// to such a path arrived with none ("" instead of the path) and was answered as another.
TEST_CASE("a path longer than a kept string arrives whole, into a reused request and a fresh one", "[http-wire][serve]") {
    const std::string path = "/" + std::string(90, 'p') + "/code2session";
    const std::string bytes = "GET " + path + "?appid=wx1 HTTP/1.1\r\nHost: one\r\n\r\n";
    RequestReader reader;
    HttpRequest kept;
    CHECK(read_one(reader, "GET /short HTTP/1.1\r\nHost: one\r\n\r\n", &kept).path == "/short");
    CHECK(read_one(reader, bytes, &kept).path == path);
    CHECK(read_one(reader, bytes, &kept).path == path);
    CHECK(read_one(reader, bytes).path == path);
    CHECK(read_one(reader, bytes).query.at("appid") == "wx1");
}
