#include "loginscope/record_arena.hpp"

#include <cstdint>
#include <cstdlib>
#include <new>

namespace ls {

RecordArena::~RecordArena() {
    if (current_) std::free(current_);  // the others went with their last record
}

void* RecordArena::allocate(size_t bytes, size_t align) {
    if (bytes > kLarge) return ::operator new(bytes);
    size_t at = (used_ + align - 1) / align * align;
    if (!current_ || at + bytes > kBlock) {
        if (!current_ || current_->live) {  // a block still in use is left to its records
            void* block = std::aligned_alloc(kBlock, kBlock);
            if (!block) throw std::bad_alloc();
            current_ = new (block) Block;
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
        std::free(block);
        --blocks_;
    }
}

}  // namespace ls
