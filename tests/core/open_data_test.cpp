// Open data (PLATFORM-FACTS §1.6) and the signed-call HMAC (§1.4). Vectors were computed with the
// openssl and sha1sum command-line tools, an implementation independent of ours:
//   printf '%s' "$P" | openssl enc -aes-128-cbc -K 00112233445566778899aabbccddeeff -iv 0f0e0d0c0b0a09080706050403020100 | base64 -w0
//   printf '%s' '{"nickName":"Band"}HyVFkGl5F5OQWJZZaNzBBg==' | sha1sum
//   printf '' | openssl dgst -sha256 -hmac 'HyVFkGl5F5OQWJZZaNzBBg=='
#include <catch2/catch.hpp>

#include "loginscope/crypto.hpp"
#include "loginscope/open_data.hpp"

using namespace ls;

namespace {
const std::string kKey = "ABEiM0RVZneImaq7zN3u/w==";  // 00112233…eeff
const std::string kIv = "Dw4NDAsKCQgHBgUEAwIBAA==";   // 0f0e0d…00
const std::string kPlain =
    R"({"openId":"oGZUI0egBJY1zhBYw2KhdUfwVJJE","nickName":"Band","watermark":{"appid":"wx5f0d3c8a9b1e2d47","timestamp":1700000000}})";
const std::string kCipher =
    "hJpscKwdk5C+8M4/fRzS8D/KalF5RwqKl9mn8WNziyY5d+ilYRPvZpDhRV4z/ohJsmyYfwA2HH5CY1qwVCHL4pWqPYvus7oxaIBLL3DWhrzBXAMcW336zSxxJGfNBmdu3qfGf7J3c3IAWXa2vDuAf1k7TbniEOH2SlJtUBWiIeU=";
}  // namespace

TEST_CASE("open data encrypts exactly as openssl aes-128-cbc with PKCS7 padding", "[crypto][open-data]") {
    CHECK(encrypt_open_data(kPlain, kKey, kIv) == kCipher);
}

TEST_CASE("open data decrypts openssl's ciphertext and reads the watermark", "[crypto][open-data]") {
    const std::string plain = decrypt_open_data(kCipher, kKey, kIv);
    CHECK(plain == kPlain);
    CHECK(watermark_appid(plain) == "wx5f0d3c8a9b1e2d47");
    CHECK(watermark_appid(R"({"nickName":"Band"})").empty());
}

TEST_CASE("open data signature is sha1 of rawData followed by session_key", "[crypto][open-data]") {
    CHECK(open_data_signature(R"({"nickName":"Band"})", "HyVFkGl5F5OQWJZZaNzBBg==") ==
          "19036804514e3177482cf7382c6a337cf79b246d");
}

TEST_CASE("the signed-call HMAC keys on the session_key string and signs the body", "[crypto][open-data]") {
    // §1.4: key = the base64 session_key's ASCII bytes, message = the request body ("" for GET).
    CHECK(hmac_sha256_hex("HyVFkGl5F5OQWJZZaNzBBg==", "") == "252b75c92698025afe925b29cca5517fdf9ee67aae072cf3225ebf3a53783058");
    CHECK(hmac_sha256_hex("HyVFkGl5F5OQWJZZaNzBBg==", R"({"a":1})") ==
          "e6da237c579986b32c7990268067f1c5fd58a2bb349896a463ff91d90946ef62");
}

TEST_CASE("decrypting with another session_key fails on the padding", "[crypto][open-data]") {
    const std::string other = base64_encode(std::string(16, '\x42'));
    CHECK_THROWS_WITH(decrypt_open_data(kCipher, other, kIv), Catch::Contains("bad padding"));
}

TEST_CASE("open data rejects keys ivs and data that are not what WeChat sends", "[crypto][open-data]") {
    CHECK_THROWS_WITH(decrypt_open_data(kCipher, "not base64!", kIv), Catch::StartsWith("session_key: not base64"));
    CHECK_THROWS_WITH(decrypt_open_data(kCipher, base64_encode("twelve bytes"), kIv),
                      Catch::StartsWith("session_key: must decode to 16 bytes, got 12"));
    CHECK_THROWS_WITH(decrypt_open_data(kCipher, kKey, base64_encode("short")), Catch::StartsWith("iv: must decode to 16 bytes"));
    CHECK_THROWS_WITH(decrypt_open_data("%%%%", kKey, kIv), Catch::StartsWith("data: not base64"));
    CHECK_THROWS_WITH(decrypt_open_data(base64_encode("fifteen bytes!!"), kKey, kIv), Catch::StartsWith("data: must be a multiple of 16"));
    CHECK_THROWS_WITH(encrypt_open_data(kPlain, kKey, "AAAA"), Catch::StartsWith("iv: must decode to 16 bytes"));
}
