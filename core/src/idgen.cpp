#include "loginscope/idgen.hpp"

#include <cctype>

#include "loginscope/crypto.hpp"

namespace ls {

uint64_t IdGenerator::next() {
    // splitmix64's state only ever advances by the constant, so one fetch_add is a whole draw.
    constexpr uint64_t kGamma = 0x9e3779b97f4a7c15ULL;
    uint64_t z = state_.fetch_add(kGamma, std::memory_order_relaxed) + kGamma;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

std::string IdGenerator::alnum(size_t n) {
    static const char kChars[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    std::string s(n, '0');
    for (auto& c : s) c = kChars[next() % 62];
    return s;
}

std::string IdGenerator::hex(size_t n) {
    static const char kHex[] = "0123456789abcdef";
    std::string s(n, '0');
    for (auto& c : s) c = kHex[next() & 15];
    return s;
}

std::string IdGenerator::wechat_code() {
    // Observed codes start with "0" and a digit (051v…, 0716…).
    return "0" + std::to_string(next() % 10) + alnum(30);
}

std::string IdGenerator::wechat_openid() { return "o" + alnum(27); }
std::string IdGenerator::wechat_unionid() { return "o" + alnum(27); }

std::string IdGenerator::univerify_openid() {
    std::string upper = hex(32);
    for (auto& c : upper) c = char(std::toupper(static_cast<unsigned char>(c)));
    return upper + hex(36);
}

std::string IdGenerator::session_key() {
    std::string raw(16, '\0');
    for (auto& c : raw) c = static_cast<char>(next() & 0xff);
    return base64_encode(raw);
}

std::string IdGenerator::rid() { return hex(8) + "-" + hex(8) + "-" + hex(8); }

std::string IdGenerator::token(const char* prefix) { return std::string(prefix) + alnum(24); }

}  // namespace ls
