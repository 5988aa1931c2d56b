#pragma once
// Short-lived, single-use credentials (authorization codes, one-click access tokens) keyed by their
// text: what every platform's exchange has in common. Not thread-safe: its owner locks.
//
// Memory follows the lifetime. A code is held whole until its expiry; using it only marks it, so an
// exchange costs one lookup. Once expired it leaves a compact record (a hash of its text, its expiry,
// when it was used) that keeps every answer as before — "used", "expired" — until
// dead_code_memory_ms() after its expiry (assumptions(): codes.dead_memory_ms); from then on it
// answers as a code never issued. Every call that carries the time first sweeps what died by then, in
// expiry order: amortized O(1) per code, driven by the virtual clock only. Live codes and dead
// records live in arenas of their own (record_arena.hpp), so what they held leaves the process as
// they go.
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "loginscope/flat_index.hpp"
#include "loginscope/record_arena.hpp"

namespace ls {

// How long a dead credential keeps its own answer after its expiry (the assumption codes.dead_memory_ms).
int64_t dead_code_memory_ms();
// a + b for times and durations, held at INT64_MAX / INT64_MIN instead of wrapping.
int64_t saturating_add(int64_t a, int64_t b);

class CodeStore {
    struct Live;  // a live code's record (below)

public:
    enum class Take { Ok, Unknown, Used, Expired };
    // What a code stands for.
    struct Grant {
        std::string user;
        std::string payload;  // what its exchange hands out with it (WeChat: that login's session_key)
    };
    // What presenting a code meets (checked in this order: unknown, used, expired).
    struct Seen {
        Take state = Take::Unknown;
        std::string_view user, payload;  // when Ok; valid until the next non-const call
        int64_t expires_ms = 0;          // unless Unknown
        int64_t used_ms = -1;            // when Used: when (-1: not known)
        Live* record = nullptr;          // when Ok: the code's record, for use_up(Seen); valid as the views
    };

    explicit CodeStore(int64_t dead_memory_ms = dead_code_memory_ms());
    CodeStore(const CodeStore&) = delete;
    CodeStore& operator=(const CodeStore&) = delete;
    ~CodeStore();

    // A new code. `scope` (an appid, an openid): presented under another scope, the code is unknown.
    void put(const std::string& code, const Grant& grant, int64_t expires_ms, const std::string& scope = "");
    void put(const std::string& code, const std::string& user, int64_t expires_ms) { put(code, Grant{user, ""}, expires_ms); }
    // What presenting `code` under `scope` at now_ms meets; the code stays as it is.
    Seen seen(const std::string& code, int64_t now_ms, const std::string& scope = "");
    // Accepts the code once while it lives; on Ok the code is used up and `user` names whose it was.
    Take take(const std::string& code, int64_t now_ms, std::string* user = nullptr);
    // An answer that implies the code is gone (a live or expired code answers "used" from now on;
    // injected 40163). `now_ms` < 0: the time is not known.
    void use_up(const std::string& code, int64_t now_ms = -1);
    // The same for the code a seen() just found Ok, without looking it up again.
    void use_up(const Seen& ok, int64_t now_ms);
    // An answer that implies it never was (injected 40029): the code answers as unknown.
    void forget(const std::string& code);
    // Drops what is dead at now_ms: expired codes become compact records, records past their memory go.
    void sweep(int64_t now_ms);

    // The earliest expiry after `after_ms` of a code that can still be accepted.
    std::optional<int64_t> next_expiry(int64_t after_ms) const;
    // When `code` was used, while it is remembered at now_ms (any scope).
    std::optional<int64_t> used_at(const std::string& code, int64_t now_ms) const;
    size_t size() const { return live_.size() - used_live_; }  // codes that can be accepted: not used, not swept as expired
    size_t remembered() const { return dead_.size(); }  // compact records of expired codes, used or not
    size_t blocks() const { return live_arena_.blocks() + dead_arena_.blocks(); }  // arena blocks held
    void clear();

private:
    template <class K, class V>
    using ArenaMap = std::unordered_map<K, V, std::hash<K>, std::equal_to<K>, ArenaAllocator<std::pair<const K, V>>>;
    // Every record held whole, in expiry order.
    using ExpiryQueue = std::multimap<int64_t, Live*, std::less<int64_t>, ArenaAllocator<std::pair<const int64_t, Live*>>>;
    static constexpr int64_t kNotUsed = INT64_MIN;
    // A live code: this record, then its text — the code, the user, the payload — in one allocation
    // of the live arena, so a lookup reaches the record and its key at once. Records never move.
    struct Live {
        uint64_t hash = 0;   // of the code (FNV-1a, as the dead records' keys)
        uint64_t scope = 0;  // hash of the scope
        int64_t expires_ms = 0;
        int64_t used_ms = kNotUsed;  // used before its expiry: when (-1: not known)
        ExpiryQueue::iterator queued;
        uint32_t code_size = 0, user_size = 0, payload_size = 0;
        const char* text() const { return reinterpret_cast<const char*>(this + 1); }
        std::string_view code() const { return {text(), code_size}; }
        size_t bytes() const { return sizeof(Live) + code_size + user_size + payload_size; }
    };
    struct Dead {
        uint64_t scope = 0;
        int64_t expires_ms = 0;
        int64_t used_ms = kNotUsed;
    };
    using Forgetting = std::deque<std::pair<int64_t, uint64_t>, ArenaAllocator<std::pair<int64_t, uint64_t>>>;

    Live* find_live(const std::string& code, uint64_t hash) const;
    void bury(Live* l);
    void mark_used(Live& l, int64_t now_ms);
    void drop(Live* l);
    int64_t forgotten_at(const Dead& d) const { return saturating_add(d.expires_ms, memory_ms_); }
    const Dead* remembered_dead(uint64_t hash, int64_t now_ms) const;
    void reset_containers();

    int64_t memory_ms_;
    RecordArena live_arena_, dead_arena_;  // before the containers: they go first
    FlatIndex<Live> live_;                  // live records by the hash of their code
    ExpiryQueue expiring_;                  // live codes in expiry order
    size_t used_live_ = 0;                  // live records already used
    ArenaMap<uint64_t, Dead> dead_;          // hash of the code → its record (dead arena)
    Forgetting forgetting_;                 // (forgotten at, hash), nearly in time order (dead arena)
};

}  // namespace ls
