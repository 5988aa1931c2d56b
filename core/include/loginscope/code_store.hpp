#pragma once
// Short-lived, single-use credentials (authorization codes) keyed by their text: what every
// platform's code exchange has in common. Not thread-safe: its owner locks.
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

namespace ls {

class CodeStore {
public:
    enum class Take { Ok, Unknown, Used, Expired };

    void put(const std::string& code, const std::string& user, int64_t expires_ms);
    // Accepts the code once while it lives (checked in this order: unknown, used, expired); on Ok
    // the code is used up and `user` names whose it was.
    Take take(const std::string& code, int64_t now_ms, std::string* user = nullptr);
    void use_up(const std::string& code);  // an answer that implies the code is gone (injected 40163)
    std::optional<int64_t> next_expiry(int64_t after_ms) const;
    void clear() { codes_.clear(); }

private:
    struct Entry { std::string user; int64_t expires_ms; bool used = false; };
    std::unordered_map<std::string, Entry> codes_;
};

}  // namespace ls
