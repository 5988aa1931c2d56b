#pragma once
// Memory for records that die roughly in the order they were made — codes expire in the order they
// were issued — in 64 KiB blocks filled front to back, each given back whole when the last record in
// it goes. With plain malloc the holes dead codes leave sit between the journal's events, on pages
// those events keep resident: serve kept ~190 MB a day after two million codes died. Space freed
// inside a block is not reused until the whole block is free, so records that die at very different
// times belong in different arenas. Blocks are mappings of their own (not the heap's, where the room
// beside an aligned block kept other data resident); a block given back waits in a small pool shared
// by every arena (2 MiB at most) for the next one needed, so an arena turning over maps nothing.
// Not thread-safe: its owner locks (the pool locks itself).
#include <cstddef>

namespace ls {

class RecordArena {
public:
    RecordArena() = default;
    RecordArena(const RecordArena&) = delete;
    RecordArena& operator=(const RecordArena&) = delete;
    ~RecordArena();

    void* allocate(size_t bytes, size_t align);  // align <= 16
    void deallocate(void* p, size_t bytes);  // `bytes` as allocated
    size_t blocks() const { return blocks_; }  // blocks held now

private:
    static constexpr size_t kBlock = 64 * 1024;
    static constexpr size_t kLarge = 1024;  // larger requests (bucket arrays) go to operator new
    struct Block { size_t live = 0; };      // at the start of every block, which is kBlock-aligned
    static constexpr size_t kFirst = 16;    // where records start in a block

    Block* current_ = nullptr;
    size_t used_ = 0;  // bytes used of current_
    size_t blocks_ = 0;
};

// A standard allocator over a RecordArena, for containers and strings of records.
template <class T>
struct ArenaAllocator {
    using value_type = T;
    static_assert(alignof(T) <= 16, "records are aligned to at most 16 bytes");
    RecordArena* arena;

    explicit ArenaAllocator(RecordArena& a) : arena(&a) {}
    template <class U>
    ArenaAllocator(const ArenaAllocator<U>& other) : arena(other.arena) {}
    T* allocate(size_t n) { return static_cast<T*>(arena->allocate(n * sizeof(T), alignof(T))); }
    void deallocate(T* p, size_t n) { arena->deallocate(p, n * sizeof(T)); }
    template <class U>
    bool operator==(const ArenaAllocator<U>& other) const { return arena == other.arena; }
    template <class U>
    bool operator!=(const ArenaAllocator<U>& other) const { return arena != other.arena; }
};

}  // namespace ls
