#include "loginscope/record_arena.hpp"

#include <cstdint>
#include <mutex>
#include <new>

#include <sys/mman.h>

namespace ls {

namespace {
// A block of its own mapping, aligned to its size: twice the size mapped, the unaligned rest unmapped
// at once. aligned_alloc() would take it from the heap with up to a block's size beside it, which
// other allocations then fill and keep resident (16 MB more for a journal of 100,000 events).
void* map_block(size_t size) {
    void* p = mmap(nullptr, 2 * size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    const uintptr_t at = reinterpret_cast<uintptr_t>(p), aligned = (at + size - 1) & ~uintptr_t(size - 1);
    if (aligned > at) munmap(p, aligned - at);
    if (const uintptr_t end = at + 2 * size; end > aligned + size) munmap(reinterpret_cast<void*>(aligned + size), end - aligned - size);
    return reinterpret_cast<void*>(aligned);
}

// Blocks given back lately, kept for the next block any arena needs. A full journal frees a block
// as it fills one; mapping and unmapping each (page faults, and every unmap a TLB flush on the other
// cores) made `serve` ~19 % dearer per answer. At most kSpare blocks (2 MiB) wait; the rest are unmapped.
class SparePool {
public:
    void* take(size_t size) {
        {
            std::lock_guard lock(mu_);
            if (count_) return blocks_[--count_];
        }
        return map_block(size);
    }
    void give(void* block, size_t size) {
        {
            std::lock_guard lock(mu_);
            if (count_ < kSpare) return void(blocks_[count_++] = block);
        }
        munmap(block, size);
    }

private:
    static constexpr size_t kSpare = 32;
    std::mutex mu_;
    void* blocks_[kSpare] = {};
    size_t count_ = 0;
};

SparePool& spare_blocks() {
    static SparePool* pool = new SparePool;  // never destroyed: arenas may outlive any static
    return *pool;
}
}  // namespace

RecordArena::~RecordArena() {
    if (current_) spare_blocks().give(current_, kBlock);  // the others went with their last record
}

void* RecordArena::allocate(size_t bytes, size_t align) {
    if (bytes > kLarge) return ::operator new(bytes);
    size_t at = (used_ + align - 1) / align * align;
    if (!current_ || at + bytes > kBlock) {
        if (!current_ || current_->live) {  // a block still in use is left to its records
            current_ = new (spare_blocks().take(kBlock)) Block;
            ++blocks_;
        }
        at = kFirst;
    }
    used_ = at + bytes;
    ++current_->live;
    return reinterpret_cast<char*>(current_) + at;
}

void RecordArena::deallocate(void* p, size_t bytes) {
    if (bytes > kLarge) return ::operator delete(p);
    Block* block = reinterpret_cast<Block*>(reinterpret_cast<uintptr_t>(p) & ~uintptr_t(kBlock - 1));
    if (--block->live) return;
    if (block == current_) {
        used_ = kFirst;  // empty: filled again from the front
    } else {
        spare_blocks().give(block, kBlock);
        --blocks_;
    }
}

}  // namespace ls
