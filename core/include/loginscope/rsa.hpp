#pragma once
// RSA signatures as Alipay's OpenAPI v2 gateway uses them (PLATFORM-FACTS-MORE §1.2): value-returning
// wrappers over OpenSSL's EVP interface. "RSA2" is SHA256withRSA, "RSA" is SHA1withRSA, both with
// PKCS#1 v1.5 padding; a signature travels as standard base64.
//
// Keys are accepted in every form a developer copies them around in:
//  - a public key as an SPKI PEM ("-----BEGIN PUBLIC KEY-----"), a PKCS#1 PEM ("RSA PUBLIC KEY"), or
//    the bare base64 body Alipay's console shows (what alipay-sdk is usually configured with);
//  - a private key as a PKCS#8 PEM ("PRIVATE KEY"), a PKCS#1 PEM ("RSA PRIVATE KEY"), or either's bare
//    base64 body (Alipay's key tool hands out PKCS#8; alipay-sdk defaults to PKCS#1).
// Line breaks and spaces inside a bare body are ignored. Nothing here ever throws or puts key
// material in a message: a key that does not parse, or is not RSA, makes a call fail quietly.
#include <optional>
#include <string>

namespace ls {

struct RsaKeyPair {
    std::string private_pem;  // PKCS#8: -----BEGIN PRIVATE KEY-----
    std::string public_pem;   // SPKI:   -----BEGIN PUBLIC KEY-----
};

// A fresh pair (about 100 ms for 2048 bits). Throws std::runtime_error only if OpenSSL cannot
// generate at all.
RsaKeyPair rsa_generate(int bits = 2048);

// Process-wide demo pairs, generated on first use (thread-safe) and then shared, so that the many
// engines a test run builds do not each pay for key generation. The platform's pair signs the
// gateway's responses (its public key is what an SDK is given as `alipayPublicKey`); the demo app's
// pair is the developer server's (its public key is registered with the platform).
const RsaKeyPair& demo_platform_keys();
const RsaKeyPair& demo_app_keys();

// "RSA2" or "RSA".
bool rsa_sign_type_known(const std::string& sign_type);

// base64 of the signature of `message` (its bytes as given: UTF-8 in Alipay's case) with
// `private_key`; nullopt when the key is unusable or the sign type unknown.
std::optional<std::string> rsa_sign(const std::string& private_key, const std::string& message,
                                    const std::string& sign_type);
// Whether `signature_b64` is `message` signed with the private half of `public_key`. False, never an
// exception, for a bad key, bad base64, an unknown sign type or a wrong signature.
bool rsa_verify(const std::string& public_key, const std::string& message, const std::string& signature_b64,
                const std::string& sign_type);

// Whether the key parses as an RSA key of that kind (any accepted form).
bool rsa_public_key_usable(const std::string& public_key);
bool rsa_private_key_usable(const std::string& private_key);

// The SPKI PEM of the public half of `private_key`; nullopt when it is unusable.
std::optional<std::string> rsa_public_key_of(const std::string& private_key);
// `private_key` as a PKCS#1 PEM ("-----BEGIN RSA PRIVATE KEY-----"), the form alipay-sdk expects by
// default; nullopt when it is unusable.
std::optional<std::string> rsa_private_key_pkcs1(const std::string& private_key);
// The base64 body of a PEM on one line, as Alipay's console shows a key ("MIIBIjANBg…").
std::string pem_body(const std::string& pem);

}  // namespace ls
