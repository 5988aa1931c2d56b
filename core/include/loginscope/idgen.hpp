#pragma once
// Seeded generation of every identifier the platforms hand out, in the formats observed in the
// wild (PLATFORM-FACTS §1.1): same seed and same call order → same identifiers, byte for byte.
//
// Thread-safe: every platform of an engine shares one generator, and `serve` calls them from its
// HTTP threads under different locks. Each draw is atomic, so concurrent callers never lose or
// repeat a draw; the identifiers they get are then as well-formed as ever, but which caller gets
// which depends on the interleaving (determinism holds for one caller at a time).
#include <atomic>
#include <cstdint>
#include <string>

namespace ls {

class IdGenerator {
public:
    explicit IdGenerator(uint64_t seed = 1) : state_(seed) {}
    void reseed(uint64_t seed) { state_.store(seed, std::memory_order_relaxed); }

    std::string wechat_code();     // 32 alphanumerics, e.g. 0716AVll20uHk94SLDml27etM946AVlq
    std::string wechat_openid();   // 28 chars starting with "o", e.g. oGZUI0egBJY1zhBYw2KhdUfwVJJE
    std::string wechat_unionid();  // same shape as an openid
    // univerify's openid, shaped like the doc sample's 68 characters: 32 upper-case hex digits, then
    // 36 lower-case ones (208E2FBE…2A14 124262bf…7636).
    std::string univerify_openid();
    std::string session_key();     // base64 of 16 random bytes (24 chars)
    std::string rid();             // request id in errmsg suffixes: 652d44d0-1d0af18b-5b069232
    std::string token(const char* prefix);  // our developer server's opaque login token

    uint64_t next();  // splitmix64
    std::string alnum(size_t n);
    std::string hex(size_t n);

private:
    std::atomic<uint64_t> state_;
};

}  // namespace ls
