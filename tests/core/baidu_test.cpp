// Baidu (PLATFORM-FACTS §4): code format and lifetime, the form body, the OS error tables.
#include <catch2/catch.hpp>

#include <cctype>

#include "loginscope/baidu.hpp"
#include "loginscope/catalog.hpp"
#include "loginscope/engine.hpp"

using namespace ls;

TEST_CASE("Baidu codes have the doc sample's shape: 32 hex then 2 capitals", "[swan]") {
    VirtualClock clock;
    IdGenerator ids(5);
    Journal journal;
    BaiduPlatform baidu(clock, ids, journal);
    const auto [code, expires] = baidu.issue_code("alice", 0);
    REQUIRE(code.size() == 34);
    for (size_t i = 0; i < 32; ++i) CHECK(std::isxdigit(static_cast<unsigned char>(code[i])));
    CHECK(std::isupper(static_cast<unsigned char>(code[32])));
    CHECK(std::isupper(static_cast<unsigned char>(code[33])));
    CHECK(expires == 10 * 60 * 1000);
}

TEST_CASE("form bodies are split on ampersands and percent-decoded", "[swan]") {
    const auto f = parse_form("code=a%2Bb&client_id=k+1&sk=&flag");
    CHECK(f.at("code") == "a+b");
    CHECK(f.at("client_id") == "k 1");
    CHECK(f.at("sk").empty());
    CHECK(f.count("flag") == 1);
}

TEST_CASE("each OS has its own swan error table and 10007 only on iOS", "[swan]") {
    for (const char* code : {"201", "1001"}) CHECK(find_catalog_entry("swan-android", code, Hop::ClientCall) != nullptr);
    for (const char* code : {"202", "10001", "10002", "10004", "10007"})
        CHECK(find_catalog_entry("swan-ios", code, Hop::ClientCall) != nullptr);
    CHECK(find_catalog_entry("swan-android", "10007", Hop::ClientCall) == nullptr);
}

TEST_CASE("a logged-out Baidu app fails swan.login with the OS's own code", "[swan]") {
    EngineConfig c;
    c.flow = Flow::Swan;
    c.transport = TransportMode::InProcess;
    c.env.baidu_logged_in = false;
    c.env.os = "ios";
    CHECK(Engine(c).swan_login().errcode == 10004);
    c.env.os = "android";
    CHECK(Engine(c).swan_login().errcode == 1001);
}
