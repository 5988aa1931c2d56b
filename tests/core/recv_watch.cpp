// recv as the C library has it, counted when it finds nothing to read (recv_watch.hpp). Defined in
// the test executable, it takes the place of libc's for the core (linked in statically) and for the
// shared libraries alike, and calls the next definition (libc's, or a sanitizer's) with errno kept.
#include "recv_watch.hpp"

#include <dlfcn.h>
#include <sys/types.h>

#include <atomic>
#include <cerrno>

namespace {
std::atomic<size_t> g_would_block{0};
using Recv = ssize_t (*)(int, void*, size_t, int);
}  // namespace

extern "C" ssize_t recv(int fd, void* buf, size_t n, int flags) {
    static const Recv next = reinterpret_cast<Recv>(dlsym(RTLD_NEXT, "recv"));
    const ssize_t got = next(fd, buf, n, flags);
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) g_would_block.fetch_add(1, std::memory_order_relaxed);
    return got;
}

size_t recv_watch::would_block() { return g_would_block.load(std::memory_order_relaxed); }
