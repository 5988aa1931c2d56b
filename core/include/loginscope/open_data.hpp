#pragma once
// WeChat open data (PLATFORM-FACTS §1.6): rawData signed with sha1(rawData + session_key), and
// encryptedData = base64(AES-128-CBC(PKCS#7) of the user JSON), key = base64-decoded session_key,
// iv = base64-decoded iv, with a watermark {appid, timestamp} the server must check.
#include <stdexcept>
#include <string>

namespace ls {

// Unusable input (bad base64, a key or iv that is not 16 bytes, bad padding): the message names
// the argument ("session_key: must decode to 16 bytes, got 12").
struct CryptoError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string open_data_signature(const std::string& raw_data, const std::string& session_key);  // hex sha1
// encryptedData (base64) for `plain` with the base64 session_key and iv.
std::string encrypt_open_data(const std::string& plain, const std::string& session_key, const std::string& iv);
// The plaintext of base64 `data`; throws CryptoError.
std::string decrypt_open_data(const std::string& data, const std::string& session_key, const std::string& iv);
// watermark.appid of decrypted open data, "" when the JSON has none.
std::string watermark_appid(const std::string& plain);

}  // namespace ls
