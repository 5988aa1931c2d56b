#pragma once
// How many recv() calls in this process found nothing to read (EAGAIN): the reads tried before their
// bytes arrived, each a system call for nothing. The core tests' binary interposes recv for this
// (recv_watch.cpp); every call still goes to the C library's recv, unchanged.
#include <cstddef>

namespace recv_watch {
size_t would_block();  // since the process started, on every thread
}
