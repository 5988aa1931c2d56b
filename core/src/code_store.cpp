#include "loginscope/code_store.hpp"

#include <cstring>
#include <new>

#include "loginscope/catalog.hpp"

namespace ls {

namespace {
// FNV-1a, 64 bits: the same value on every machine, so a run is the same byte for byte. Two
// different codes alike in all 64 bits would share one record (the later wins); at a million dead
// codes that is a chance of about 3e-8.
uint64_t fnv1a(std::string_view s) {
    uint64_t h = 1469598103934665603ull;
    for (const unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    return h;
}

// After a sweep has emptied most of a table, give the bucket array back (it never shrinks by itself:
// two million codes leave 16 MB of empty buckets behind).
template <class Map>
void shrink_if_sparse(Map& m) {
    if (m.bucket_count() > 1024 && m.size() * 8 < m.bucket_count()) m.rehash(0);
}
}  // namespace

int64_t dead_code_memory_ms() { return assumed_int("codes.dead_memory_ms"); }

int64_t saturating_add(int64_t a, int64_t b) {
    int64_t sum;
    if (!__builtin_add_overflow(a, b, &sum)) return sum;
    return b > 0 ? INT64_MAX : INT64_MIN;
}

CodeStore::CodeStore(int64_t dead_memory_ms)
    : memory_ms_(dead_memory_ms),
      expiring_(std::less<int64_t>(), ArenaAllocator<char>(live_arena_)),
      dead_(0, std::hash<uint64_t>(), std::equal_to<uint64_t>(), ArenaAllocator<char>(dead_arena_)),
      forgetting_(ArenaAllocator<char>(dead_arena_)) {}

CodeStore::~CodeStore() { clear(); }

void CodeStore::put(const std::string& code, const Grant& grant, int64_t expires_ms, const std::string& scope) {
    forget(code);
    const size_t bytes = sizeof(Live) + code.size() + grant.user.size() + grant.payload.size();
    Live* l = new (live_arena_.allocate(bytes, alignof(Live))) Live;
    l->hash = fnv1a(code);
    l->code_size = uint32_t(code.size());
    l->user_size = uint32_t(grant.user.size());
    l->payload_size = uint32_t(grant.payload.size());
    char* text = const_cast<char*>(l->text());
    std::memcpy(text, code.data(), code.size());
    std::memcpy(text + code.size(), grant.user.data(), grant.user.size());
    std::memcpy(text + code.size() + grant.user.size(), grant.payload.data(), grant.payload.size());
    l->scope = fnv1a(scope);
    l->expires_ms = expires_ms;
    l->queued = expiring_.emplace_hint(expiring_.end(), expires_ms, l);  // amortized O(1) in expiry order
    live_.insert(l->hash, l);
}

CodeStore::Live* CodeStore::find_live(const std::string& code, uint64_t hash) const {
    return live_.find(hash, [&](const Live& l) { return l.code() == code; });
}

// The live record goes, text and all.
void CodeStore::drop(Live* l) {
    if (l->used_ms != kNotUsed) --used_live_;
    expiring_.erase(l->queued);
    live_.erase(l->hash, l);
    const size_t bytes = l->bytes();
    l->~Live();
    live_arena_.deallocate(l, bytes);
}

void CodeStore::bury(Live* l) {
    const Dead d{l->scope, l->expires_ms, l->used_ms};
    dead_[l->hash] = d;
    forgetting_.emplace_back(forgotten_at(d), l->hash);
    drop(l);
}

void CodeStore::sweep(int64_t now_ms) {
    bool swept = false;
    while (!expiring_.empty() && expiring_.begin()->first <= now_ms) {
        bury(expiring_.begin()->second);
        swept = true;
    }
    // Records are queued as codes die, which is nearly but not quite the order they are forgotten
    // in (a code used early may expire late): one waiting at the front holds back those behind it
    // for at most a code's lifetime, and a lookup never answers from a record past its time.
    while (!forgetting_.empty() && forgetting_.front().first <= now_ms) {
        const auto [at, key] = forgetting_.front();
        forgetting_.pop_front();
        auto d = dead_.find(key);
        if (d != dead_.end() && forgotten_at(d->second) == at) dead_.erase(d);
        swept = true;
    }
    if (!swept) return;
    if (live_.empty() && dead_.empty()) return reset_containers();  // every block back, at once
    live_.shrink_if_sparse();
    shrink_if_sparse(dead_);
}

const CodeStore::Dead* CodeStore::remembered_dead(uint64_t hash, int64_t now_ms) const {
    auto d = dead_.find(hash);
    if (d == dead_.end() || now_ms >= forgotten_at(d->second)) return nullptr;
    return &d->second;
}

CodeStore::Seen CodeStore::seen(const std::string& code, int64_t now_ms, const std::string& scope) {
    sweep(now_ms);
    Seen s;
    const uint64_t hash = fnv1a(code);
    if (Live* l = find_live(code, hash)) {
        if (l->scope != fnv1a(scope)) return s;
        s.expires_ms = l->expires_ms;
        if (l->used_ms != kNotUsed) {
            s.state = Take::Used;
            s.used_ms = l->used_ms;
            return s;
        }
        s.state = Take::Ok;
        s.record = l;
        s.user = std::string_view(l->text() + l->code_size, l->user_size);
        s.payload = std::string_view(l->text() + l->code_size + l->user_size, l->payload_size);
        return s;
    }
    const Dead* d = remembered_dead(hash, now_ms);
    if (!d || d->scope != fnv1a(scope)) return s;
    s.expires_ms = d->expires_ms;
    if (d->used_ms != kNotUsed) {
        s.state = Take::Used;
        s.used_ms = d->used_ms;
    } else {
        s.state = Take::Expired;
    }
    return s;
}

CodeStore::Take CodeStore::take(const std::string& code, int64_t now_ms, std::string* user) {
    const Seen s = seen(code, now_ms);
    if (s.state != Take::Ok) return s.state;
    if (user) *user = std::string(s.user);
    use_up(s, now_ms);
    return Take::Ok;
}

// A used record stays whole until its expiry, when the sweep buries it with its time of use.
void CodeStore::mark_used(Live& l, int64_t now_ms) {
    if (l.used_ms == kNotUsed) ++used_live_;
    else if (now_ms < 0) return;  // used already, and this time is not known: the first stands
    l.used_ms = now_ms < 0 ? -1 : now_ms;
}

void CodeStore::use_up(const Seen& ok, int64_t now_ms) {
    if (ok.state == Take::Ok && ok.record) mark_used(*ok.record, now_ms);
}

void CodeStore::use_up(const std::string& code, int64_t now_ms) {
    const int64_t used = now_ms < 0 ? -1 : now_ms;
    const uint64_t hash = fnv1a(code);
    if (Live* l = find_live(code, hash)) return mark_used(*l, now_ms);
    auto d = dead_.find(hash);
    if (d != dead_.end() && (now_ms >= 0 || d->second.used_ms == kNotUsed)) d->second.used_ms = used;  // (expired and) used up
}

void CodeStore::forget(const std::string& code) {
    const uint64_t hash = fnv1a(code);
    if (Live* l = find_live(code, hash)) drop(l);
    dead_.erase(hash);  // its queue entry finds no record and goes
}

std::optional<int64_t> CodeStore::next_expiry(int64_t after_ms) const {
    for (auto it = expiring_.upper_bound(after_ms); it != expiring_.end(); ++it)
        if (it->second->used_ms == kNotUsed) return it->first;  // a used one can no longer be accepted
    return std::nullopt;
}

std::optional<int64_t> CodeStore::used_at(const std::string& code, int64_t now_ms) const {
    const uint64_t hash = fnv1a(code);
    if (const Live* l = find_live(code, hash))
        return l->used_ms == kNotUsed ? std::nullopt : std::optional<int64_t>(l->used_ms);
    const Dead* d = remembered_dead(hash, now_ms);
    if (!d || d->used_ms == kNotUsed) return std::nullopt;
    return d->used_ms;
}

void CodeStore::clear() {
    while (!expiring_.empty()) drop(expiring_.begin()->second);  // every live record is queued
    reset_containers();
}

// Empty containers, their tables and blocks given back.
void CodeStore::reset_containers() {
    live_.clear();
    expiring_.clear();
    used_live_ = 0;
    dead_ = ArenaMap<uint64_t, Dead>(0, std::hash<uint64_t>(), std::equal_to<uint64_t>(), ArenaAllocator<char>(dead_arena_));
    forgetting_ = Forgetting(ArenaAllocator<char>(dead_arena_));
}

}  // namespace ls
