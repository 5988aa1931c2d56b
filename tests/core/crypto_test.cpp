// OpenSSL wrappers. Expected values were computed with the openssl CLI when the tests were written:
//   printf 'abc' | openssl dgst -sha1
//   printf '' | openssl dgst -sha1
//   printf 'The quick brown fox jumps over the lazy dog' | openssl dgst -sha256 -hmac key
//   printf '' | openssl dgst -sha256 -hmac 'HyVFkGl5F5OQWJZZaNzBBg=='
//   printf 'hello world' | base64 ;  printf '\x00\x01\x02\xff\xfe' | base64
#include <catch2/catch.hpp>

#include "loginscope/crypto.hpp"

TEST_CASE("sha1_hex matches openssl vectors", "[crypto]") {
    CHECK(ls::sha1_hex("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d");
    CHECK(ls::sha1_hex("") == "da39a3ee5e6b4b0d3255bfef95601890afd80709");
}

TEST_CASE("hmac_sha256_hex matches openssl vectors", "[crypto]") {
    CHECK(ls::hmac_sha256_hex("key", "The quick brown fox jumps over the lazy dog") ==
          "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    // checkSessionKey's signature: hmac_sha256 of "" keyed by the session_key's base64 text (§1.4).
    CHECK(ls::hmac_sha256_hex("HyVFkGl5F5OQWJZZaNzBBg==", "") ==
          "252b75c92698025afe925b29cca5517fdf9ee67aae072cf3225ebf3a53783058");
}

TEST_CASE("base64 encodes like the base64 tool", "[crypto]") {
    CHECK(ls::base64_encode("hello world") == "aGVsbG8gd29ybGQ=");
    CHECK(ls::base64_encode(std::string("\x00\x01\x02\xff\xfe", 5)) == "AAEC//4=");
    CHECK(ls::base64_encode("") == "");
}

TEST_CASE("base64 round trips arbitrary bytes of every length", "[crypto]") {
    std::string bytes;
    for (int len = 0; len < 40; ++len) {
        bytes.push_back(char((len * 37 + 11) & 0xff));
        const std::string enc = ls::base64_encode(bytes);
        auto dec = ls::base64_decode(enc);
        INFO("length " << bytes.size() << " " << enc);
        REQUIRE(dec);
        CHECK(*dec == bytes);
    }
    auto bin = ls::base64_decode("AAEC//4=");
    REQUIRE(bin);
    CHECK(*bin == std::string("\x00\x01\x02\xff\xfe", 5));
}

TEST_CASE("base64_decode rejects input that is not base64", "[crypto]") {
    CHECK_FALSE(ls::base64_decode("abc"));        // length not a multiple of 4
    CHECK_FALSE(ls::base64_decode("ab!d"));       // character outside the alphabet
    CHECK_FALSE(ls::base64_decode("a\x01" "cd")); // control byte
}
