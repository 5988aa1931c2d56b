// The small helpers the engine's translation units share (engine_internal.hpp) and the base
// library's version checks (engine.hpp).
#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "engine_internal.hpp"
#include "loginscope/engine.hpp"

namespace ls {

int code_number(const std::string& code) {
    char* end = nullptr;
    const long v = std::strtol(code.c_str(), &end, 10);
    return !code.empty() && *end == '\0' ? int(v) : -1;
}

size_t js_length(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80 ? (c >= 0xF0 ? 2 : 1) : 0;
    return n;
}

res_json request_res(const TransportResult& t) {
    if (!t.ok()) return res_json{{"errMsg", "request:fail " + t.error}};
    res_json data = res_json::parse(t.reply->body, nullptr, false);
    if (data.is_discarded()) data = t.reply->body;
    return res_json{{"data", std::move(data)}, {"statusCode", t.reply->status}, {"errMsg", "request:ok"}};
}

HttpRequest app_post(const std::string& path, const nlohmann::json& body, const std::string& bearer) {
    HttpRequest req;
    req.method = "POST";
    req.path = path;
    req.headers["Content-Type"] = "application/json";
    if (!bearer.empty()) req.headers["Authorization"] = "Bearer " + bearer;
    req.body = body.dump();
    return req;
}

bool valid_base_library(const std::string& version) {
    if (version.empty() || version.size() > 32 || version.front() == '.' || version.back() == '.') return false;
    for (size_t i = 0; i < version.size(); ++i) {
        const char c = version[i];
        if (c == '.' ? version[i + 1] == '.' : !std::isdigit(static_cast<unsigned char>(c))) return false;
    }
    return true;
}

bool valid_content_check(const std::string& verdict) {
    return verdict == "pass" || verdict == "reject" || verdict == "timeout";
}

int compare_versions(const std::string& a, const std::string& b) {
    size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
        long x = 0, y = 0;  // a part beyond 9 digits saturates (valid_base_library caps the length)
        for (; i < a.size() && a[i] != '.'; ++i) x = std::min(x * 10 + (a[i] - '0'), 999999999L);
        for (; j < b.size() && b[j] != '.'; ++j) y = std::min(y * 10 + (b[j] - '0'), 999999999L);
        if (x != y) return x < y ? -1 : 1;
        ++i, ++j;
    }
    return 0;
}

}  // namespace ls
