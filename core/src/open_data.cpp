#include "loginscope/open_data.hpp"

#include <memory>

#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include "loginscope/crypto.hpp"

namespace ls {

namespace {
std::string decode16(const std::string& b64, const char* what) {
    auto bytes = base64_decode(b64);
    if (!bytes) throw CryptoError(std::string(what) + ": not base64");
    if (bytes->size() != 16)
        throw CryptoError(std::string(what) + ": must decode to 16 bytes, got " + std::to_string(bytes->size()));
    return *bytes;
}

using Ctx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

// One AES-128-CBC pass with PKCS#7 padding (OpenSSL's default); nullopt-free: throws on failure.
std::string aes128cbc(bool encrypt, const std::string& key, const std::string& iv, const std::string& in) {
    Ctx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    const auto* k = reinterpret_cast<const unsigned char*>(key.data());
    const auto* v = reinterpret_cast<const unsigned char*>(iv.data());
    if (!ctx || EVP_CipherInit_ex(ctx.get(), EVP_aes_128_cbc(), nullptr, k, v, encrypt ? 1 : 0) != 1)
        throw CryptoError("cipher: cannot initialise AES-128-CBC");
    std::string out(in.size() + 16, '\0');
    int n1 = 0, n2 = 0;
    auto* o = reinterpret_cast<unsigned char*>(out.data());
    if (EVP_CipherUpdate(ctx.get(), o, &n1, reinterpret_cast<const unsigned char*>(in.data()), int(in.size())) != 1)
        throw CryptoError("data: cannot be processed");
    if (EVP_CipherFinal_ex(ctx.get(), o + n1, &n2) != 1)
        throw CryptoError("data: bad padding (wrong session_key or iv, or not encrypted data)");
    out.resize(size_t(n1 + n2));
    return out;
}
}  // namespace

std::string open_data_signature(const std::string& raw_data, const std::string& session_key) {
    return sha1_hex(raw_data + session_key);
}

std::string encrypt_open_data(const std::string& plain, const std::string& session_key, const std::string& iv) {
    return base64_encode(aes128cbc(true, decode16(session_key, "session_key"), decode16(iv, "iv"), plain));
}

std::string decrypt_open_data(const std::string& data, const std::string& session_key, const std::string& iv) {
    const std::string key = decode16(session_key, "session_key"), v = decode16(iv, "iv");
    auto cipher = base64_decode(data);
    if (!cipher) throw CryptoError("data: not base64");
    if (cipher->empty() || cipher->size() % 16 != 0)
        throw CryptoError("data: must be a multiple of 16 bytes, got " + std::to_string(cipher->size()));
    return aes128cbc(false, key, v, *cipher);
}

std::string watermark_appid(const std::string& plain) {
    const auto j = nlohmann::json::parse(plain, nullptr, false);
    if (!j.is_object() || !j.contains("watermark") || !j["watermark"].is_object()) return "";
    const auto& w = j["watermark"];
    return w.contains("appid") && w["appid"].is_string() ? w["appid"].get<std::string>() : "";
}

}  // namespace ls
