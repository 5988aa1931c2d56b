#include "loginscope/rsa.hpp"

#include <cctype>
#include <memory>
#include <stdexcept>

#include <openssl/bio.h>
#include <openssl/encoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "loginscope/crypto.hpp"

namespace ls {

namespace {

struct PkeyFree {
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct MdCtxFree {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct BioFree {
    void operator()(BIO* b) const { BIO_free(b); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;
using Bio = std::unique_ptr<BIO, BioFree>;

// Leaves OpenSSL's per-thread error queue empty whatever happened, so a rejected key here never
// surfaces later as someone else's error (httplib, Beast).
struct ErrorQueueGuard {
    ~ErrorQueueGuard() { ERR_clear_error(); }
};

std::string without_spaces(const std::string& s) {
    std::string out;
    for (char c : s)
        if (!std::isspace(static_cast<unsigned char>(c))) out += c;
    return out;
}

// The DER bytes of a key in any accepted form: a PEM (its header and footer lines dropped, its body
// on one line or many) or a bare base64 body.
std::optional<std::string> key_der(const std::string& text) {
    std::string body;
    if (text.find("-----BEGIN") == std::string::npos) {
        body = text;
    } else {
        // A PEM may carry its body on the same "line" as the markers (alipay-sdk's one-line form):
        // cut at every "-----" pair instead of at newlines.
        size_t from = text.find("-----BEGIN");
        from = text.find("-----", from + 10);
        if (from == std::string::npos) return std::nullopt;
        const size_t to = text.find("-----END", from + 5);
        if (to == std::string::npos) return std::nullopt;
        body = text.substr(from + 5, to - from - 5);
    }
    return base64_decode(without_spaces(body));
}

bool is_rsa(const Pkey& k) { return k && EVP_PKEY_get_base_id(k.get()) == EVP_PKEY_RSA; }

Pkey parse_public(const std::string& text) {
    const auto der = key_der(text);
    if (!der || der->empty()) return nullptr;
    const auto* p = reinterpret_cast<const unsigned char*>(der->data());
    Pkey k(d2i_PUBKEY(nullptr, &p, long(der->size())));  // SPKI (the console's form)
    if (!k) {
        p = reinterpret_cast<const unsigned char*>(der->data());
        k.reset(d2i_PublicKey(EVP_PKEY_RSA, nullptr, &p, long(der->size())));  // PKCS#1 RSAPublicKey
    }
    return is_rsa(k) ? std::move(k) : nullptr;
}

Pkey parse_private(const std::string& text) {
    const auto der = key_der(text);
    if (!der || der->empty()) return nullptr;
    const auto* p = reinterpret_cast<const unsigned char*>(der->data());
    Pkey k(d2i_AutoPrivateKey(nullptr, &p, long(der->size())));  // PKCS#8 or PKCS#1
    return is_rsa(k) ? std::move(k) : nullptr;
}

const EVP_MD* digest_for(const std::string& sign_type) {
    if (sign_type == "RSA2") return EVP_sha256();
    if (sign_type == "RSA") return EVP_sha1();
    return nullptr;
}

std::string bio_text(BIO* b) {
    char* data = nullptr;
    const long n = BIO_get_mem_data(b, &data);
    return n > 0 ? std::string(data, size_t(n)) : std::string();
}

std::string private_pem(EVP_PKEY* k) {
    Bio b(BIO_new(BIO_s_mem()));
    if (!b || PEM_write_bio_PrivateKey(b.get(), k, nullptr, nullptr, 0, nullptr, nullptr) != 1) return "";
    return bio_text(b.get());
}

std::string public_pem(EVP_PKEY* k) {
    Bio b(BIO_new(BIO_s_mem()));
    if (!b || PEM_write_bio_PUBKEY(b.get(), k) != 1) return "";
    return bio_text(b.get());
}

}  // namespace

RsaKeyPair rsa_generate(int bits) {
    ErrorQueueGuard guard;
    Pkey k(EVP_RSA_gen(static_cast<unsigned int>(bits)));
    if (!k) throw std::runtime_error("OpenSSL could not generate an RSA key");
    RsaKeyPair pair{private_pem(k.get()), public_pem(k.get())};
    if (pair.private_pem.empty() || pair.public_pem.empty()) throw std::runtime_error("OpenSSL could not write an RSA key");
    return pair;
}

const RsaKeyPair& demo_platform_keys() {
    static const RsaKeyPair keys = rsa_generate();  // a function-local static: initialised once, thread-safe
    return keys;
}

const RsaKeyPair& demo_app_keys() {
    static const RsaKeyPair keys = rsa_generate();
    return keys;
}

bool rsa_sign_type_known(const std::string& sign_type) { return digest_for(sign_type) != nullptr; }

std::optional<std::string> rsa_sign(const std::string& private_key, const std::string& message,
                                    const std::string& sign_type) {
    ErrorQueueGuard guard;
    const EVP_MD* md = digest_for(sign_type);
    Pkey k = parse_private(private_key);
    MdCtx ctx(EVP_MD_CTX_new());
    if (!md || !k || !ctx || EVP_DigestSignInit(ctx.get(), nullptr, md, nullptr, k.get()) != 1) return std::nullopt;
    const auto* msg = reinterpret_cast<const unsigned char*>(message.data());
    size_t len = 0;
    if (EVP_DigestSign(ctx.get(), nullptr, &len, msg, message.size()) != 1) return std::nullopt;
    std::string sig(len, '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, msg, message.size()) != 1)
        return std::nullopt;
    sig.resize(len);
    return base64_encode(sig);
}

bool rsa_verify(const std::string& public_key, const std::string& message, const std::string& signature_b64,
                const std::string& sign_type) {
    ErrorQueueGuard guard;
    const EVP_MD* md = digest_for(sign_type);
    const auto sig = base64_decode(signature_b64);
    if (!md || !sig || sig->empty()) return false;
    Pkey k = parse_public(public_key);
    MdCtx ctx(EVP_MD_CTX_new());
    if (!k || !ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, k.get()) != 1) return false;
    return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig->data()), sig->size(),
                            reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
}

bool rsa_public_key_usable(const std::string& public_key) {
    ErrorQueueGuard guard;
    return parse_public(public_key) != nullptr;
}

bool rsa_private_key_usable(const std::string& private_key) {
    ErrorQueueGuard guard;
    return parse_private(private_key) != nullptr;
}

std::optional<std::string> rsa_public_key_of(const std::string& private_key) {
    ErrorQueueGuard guard;
    Pkey k = parse_private(private_key);
    if (!k) return std::nullopt;
    std::string pem = public_pem(k.get());
    if (pem.empty()) return std::nullopt;
    return pem;
}

std::optional<std::string> rsa_private_key_pkcs1(const std::string& private_key) {
    ErrorQueueGuard guard;
    Pkey k = parse_private(private_key);
    if (!k) return std::nullopt;
    // "type-specific" is RSAPrivateKey (PKCS#1) for an RSA key.
    OSSL_ENCODER_CTX* enc = OSSL_ENCODER_CTX_new_for_pkey(k.get(), EVP_PKEY_KEYPAIR, "PEM", "type-specific", nullptr);
    Bio b(BIO_new(BIO_s_mem()));
    const bool ok = enc && b && OSSL_ENCODER_to_bio(enc, b.get()) == 1;
    OSSL_ENCODER_CTX_free(enc);
    if (!ok) return std::nullopt;
    return bio_text(b.get());
}

std::string pem_body(const std::string& pem) {
    if (pem.find("-----BEGIN") == std::string::npos) return without_spaces(pem);
    const size_t from = pem.find("-----", pem.find("-----BEGIN") + 10);
    const size_t to = from == std::string::npos ? std::string::npos : pem.find("-----END", from + 5);
    if (to == std::string::npos) return "";
    return without_spaces(pem.substr(from + 5, to - from - 5));
}

}  // namespace ls
