#pragma once
// An index of records by a 64-bit hash of their key, for lookups among millions of them at one cache
// miss into the table: open addressing with linear probing, at most 3/4 full, and deletion by
// backward shift (no tombstones). A slot holds the full hash and the record's address, so a probe
// only reaches a record whose hash is equal; the records themselves never move. The caller keeps the
// keys unique and the records alive while indexed. Not thread-safe: its owner locks.
//
// (std::unordered_map costs three to four misses per lookup here — bucket, previous node, node, key;
// Debian 12 packages no flat map that points at records it does not own.)
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ls {

template <class Record>
class FlatIndex {
public:
    // The record with this hash that `match` accepts, or nullptr.
    template <class Match>
    Record* find(uint64_t hash, Match&& match) const {
        if (slots_.empty()) return nullptr;
        for (size_t i = home(hash);; i = next(i)) {
            const Slot& s = slots_[i];
            if (!s.record) return nullptr;
            if (s.hash == hash && match(*s.record)) return s.record;
        }
    }

    void insert(uint64_t hash, Record* record) {
        if ((size_ + 1) * 4 > slots_.size() * 3) rebuild(slots_.empty() ? 16 : slots_.size() * 2);
        place(hash, record);
        ++size_;
    }

    // Removes `record`, indexed under `hash`; false if it is not there.
    bool erase(uint64_t hash, const Record* record) {
        if (slots_.empty()) return false;
        size_t hole = home(hash);
        while (slots_[hole].record != record) {
            if (!slots_[hole].record) return false;
            hole = next(hole);
        }
        // Backward shift: a later slot of the same run moves into the hole unless its home lies
        // cyclically in (hole, itself], where it would no longer be found.
        for (size_t i = next(hole); slots_[i].record; i = next(i)) {
            const size_t h = home(slots_[i].hash);
            const bool stays = hole <= i ? (hole < h && h <= i) : (hole < h || h <= i);
            if (stays) continue;
            slots_[hole] = slots_[i];
            hole = i;
        }
        slots_[hole] = Slot{};
        --size_;
        return true;
    }

    size_t size() const { return size_; }
    size_t capacity() const { return slots_.size(); }  // slots, full or not
    bool empty() const { return size_ == 0; }

    // After most records have gone, the table shrinks to what is left (it never does by itself).
    void shrink_if_sparse() {
        if (slots_.size() > 1024 && size_ * 8 < slots_.size()) {
            size_t n = 16;
            while (size_ * 2 > n) n *= 2;  // half full at most after shrinking
            rebuild(n);
        }
    }

    void clear() {
        std::vector<Slot>().swap(slots_);
        size_ = 0;
    }

private:
    struct Slot {
        uint64_t hash = 0;
        Record* record = nullptr;  // nullptr: empty
    };

    // Fibonacci hashing: the top bits of hash × 2^64/φ, so keys hashed with weak low bits spread too.
    size_t home(uint64_t hash) const { return size_t((hash * 0x9E3779B97F4A7C15ull) >> shift_); }
    size_t next(size_t i) const { return (i + 1) & (slots_.size() - 1); }

    void place(uint64_t hash, Record* record) {
        size_t i = home(hash);
        while (slots_[i].record) i = next(i);
        slots_[i] = Slot{hash, record};
    }

    void rebuild(size_t capacity) {  // a power of two
        std::vector<Slot> old(capacity);
        old.swap(slots_);
        shift_ = 64;
        for (size_t c = capacity; c > 1; c >>= 1) --shift_;
        for (const Slot& s : old)
            if (s.record) place(s.hash, s.record);
    }

    std::vector<Slot> slots_;
    unsigned shift_ = 64;
    size_t size_ = 0;
};

}  // namespace ls
