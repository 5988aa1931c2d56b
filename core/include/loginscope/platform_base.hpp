#pragma once
// What the simulated platforms (Baidu, DCloud univerify, the WeChat Open Platform, the multi-terminal
// app) have in common: the clock, ids and journal they answer with, the app registered with them
// under one lock, and the way an exchange endpoint journals its answer. CodePlatform adds the
// single-use login codes most of them issue.
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "loginscope/clock.hpp"
#include "loginscope/code_store.hpp"
#include "loginscope/http.hpp"
#include "loginscope/idgen.hpp"
#include "loginscope/journal.hpp"

namespace ls {

// The query parameter `k`, "" when absent; valid while `req` is. A walk over the keys in order, not
// find(): that would build a std::string of `k` on every call of a platform's hot path.
inline const std::string& query_param(const HttpRequest& req, std::string_view k) {
    static const std::string absent;
    for (const auto& [key, value] : req.query) {
        const int order = std::string_view(key).compare(k);
        if (order == 0) return value;
        if (order > 0) break;
    }
    return absent;
}

// Journals `e` as the refusal of the platform API `api`: kind exchange.error, text
// "API rejected: ERR (WHY)", links[link] = err.
inline void journal_rejection(Journal& journal, Event& e, const std::string& api, const std::string& err,
                              const std::string& why, const char* link = "errcode") {
    e.kind = "exchange.error";
    e.text = api + " rejected: " + err + " (" + why + ")";
    e.links[link] = err;
    journal.record(std::move(e));
}

// Journals `e` as an accepted exchange: kind exchange.ok, `text`, `links` added in order, and the
// lifetime of the credential `consumed` ended.
inline void journal_acceptance(Journal& journal, Event& e, std::string text, const Links& links,
                               const std::string& consumed) {
    e.kind = "exchange.ok";
    e.text = std::move(text);
    for (const auto& [k, v] : links) e.links[k] = v;
    e.ends = consumed;
    journal.record(std::move(e));
}

template <class App>
class PlatformBase {
public:
    void set_app(const App& app) {
        std::lock_guard<std::mutex> lock(mu_);
        app_ = app;
    }
    App app() const {
        std::lock_guard<std::mutex> lock(mu_);
        return app_;
    }

protected:
    PlatformBase(VirtualClock& clock, IdGenerator& ids, Journal& journal) : clock_(clock), ids_(ids), journal_(journal) {}

    VirtualClock& clock_;
    IdGenerator& ids_;
    Journal& journal_;
    mutable std::mutex mu_;
    App app_;
};

// A platform that issues single-use login codes (CodeStore), each valid for a fixed time.
template <class App>
class CodePlatform : public PlatformBase<App> {
public:
    std::optional<int64_t> next_expiry(int64_t after_ms) const {
        std::lock_guard<std::mutex> lock(this->mu_);
        return codes_.next_expiry(after_ms);
    }
    void sweep() {  // forgets what is dead by now (CodeStore)
        std::lock_guard<std::mutex> lock(this->mu_);
        codes_.sweep(this->clock_.now_ms());
    }
    // The openid this platform gave `user` (for a claim like trust-client-openid's); "" before any login.
    std::string openid_of(const std::string& user) const {
        std::lock_guard<std::mutex> lock(this->mu_);
        auto it = openids_.find(user);
        return it == openids_.end() ? "" : it->second;
    }
    void reset() {  // forgets every code and openid
        std::lock_guard<std::mutex> lock(this->mu_);
        codes_.clear();
        openids_.clear();
    }

protected:
    using PlatformBase<App>::PlatformBase;

    // Holds `code` for `user` for ttl_ms from now, first dropping what is dead, and journals its
    // code.issued at `hop` saying `text` (with `links` added): the code and its expiry.
    std::pair<std::string, int64_t> issue(const std::string& code, const std::string& user, uint32_t flow, Hop hop,
                                          int64_t ttl_ms, std::string text, const Links& links = {}) {
        const int64_t now = this->clock_.now_ms(), expires = add_ms(now, ttl_ms);
        {
            std::lock_guard<std::mutex> lock(this->mu_);
            codes_.sweep(now);
            codes_.put(code, user, expires);
        }
        Event e = code_issued_event(now, flow, hop, code, user, expires, std::move(text));
        for (const auto& [k, v] : links) e.links[k] = v;
        this->journal_.record(std::move(e));
        return {code, expires};
    }

    // The id `ids` holds for `user`, made by `make` the first time (openids stay stable per user).
    template <class Map, class Make>
    static const std::string& stable_id(Map& ids, const std::string& user, Make make) {
        std::string& id = ids[user];
        if (id.empty()) id = make();
        return id;
    }

    CodeStore codes_;
    std::unordered_map<std::string, std::string> openids_;  // user → openid (see stable_id)
};

}  // namespace ls
