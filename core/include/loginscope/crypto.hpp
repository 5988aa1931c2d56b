#pragma once
// Thin, value-returning wrappers over OpenSSL for the open-data and signing facts (PLATFORM-FACTS §1.4, §1.6).
#include <optional>
#include <string>

namespace ls {

std::string base64_encode(const std::string& bytes);
std::optional<std::string> base64_decode(const std::string& text);  // nullopt on bad input
std::string sha1_hex(const std::string& data);
std::string hmac_sha256_hex(const std::string& key, const std::string& message);

}  // namespace ls
