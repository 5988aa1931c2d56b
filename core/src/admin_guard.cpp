// The admin API's lock for a `serve` reachable from other machines (admin_api.hpp).
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <cctype>
#include <cstdio>
#include <stdexcept>

#include "loginscope/admin_api.hpp"

namespace ls {

namespace {

bool iequals(const std::string& a, const char* b) {
    size_t i = 0;
    for (; i < a.size() && b[i]; ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
    return i == a.size() && !b[i];
}

// The token the request carries: `Authorization: Bearer T` or `X-Admin-Token: T` (any header case).
std::string presented_token(const HttpRequest& req) {
    for (const auto& [name, value] : req.headers) {
        if (iequals(name, "x-admin-token")) return value;
        if (iequals(name, "authorization") && value.size() > 7 && iequals(value.substr(0, 7), "bearer ")) return value.substr(7);
    }
    return {};
}

// Equal without telling, through timing, how much of a guess was right.
bool same_secret(const std::string& a, const std::string& b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

Service require_admin_token(Service admin, std::string token) {
    return [admin = std::move(admin), token = std::move(token)](const HttpRequest& req) -> Delivery {
        if (same_secret(presented_token(req), token)) return admin(req);
        // Nothing about the expected token, nor an echo of what was sent.
        return Delivery{HttpReply{401, R"({"error":"admin_token_required","message":"send Authorization: Bearer <admin token>"})"}};
    };
}

std::string new_admin_token() {
    unsigned char bytes[16];
    if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no random bytes for the admin token");
    std::string hex;
    char two[3];
    for (unsigned char b : bytes) {
        std::snprintf(two, sizeof two, "%02x", b);
        hex += two;
    }
    return hex;
}

bool is_loopback_bind(const std::string& bind) {
    return bind == "localhost" || bind == "::1" || bind == "[::1]" || bind.rfind("127.", 0) == 0;
}

std::string url_host(const std::string& bind) {
    return bind.find(':') != std::string::npos && bind.front() != '[' ? "[" + bind + "]" : bind;
}

}  // namespace ls
