#include "loginscope/code_store.hpp"

namespace ls {

void CodeStore::put(const std::string& code, const std::string& user, int64_t expires_ms) {
    codes_[code] = {user, expires_ms, false};
}

CodeStore::Take CodeStore::take(const std::string& code, int64_t now_ms, std::string* user) {
    auto it = codes_.find(code);
    if (it == codes_.end()) return Take::Unknown;
    if (it->second.used) return Take::Used;
    if (now_ms >= it->second.expires_ms) return Take::Expired;
    it->second.used = true;
    if (user) *user = it->second.user;
    return Take::Ok;
}

void CodeStore::use_up(const std::string& code) {
    auto it = codes_.find(code);
    if (it != codes_.end()) it->second.used = true;
}

std::optional<int64_t> CodeStore::next_expiry(int64_t after_ms) const {
    std::optional<int64_t> best;
    for (auto& [c, e] : codes_)
        if (!e.used && e.expires_ms > after_ms && (!best || e.expires_ms < *best)) best = e.expires_ms;
    return best;
}

}  // namespace ls
