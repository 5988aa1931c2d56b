#pragma once
// serve's memory as codes are issued and die: the resident set of a real `loginscope serve` after
// issuing many codes through POST /__admin/codes, after moving its clock past their lifetime, and a
// day later (past codes.dead_memory_ms), against the same serve with few codes (its journal as full).
#include <string>

#include "bench_gui.hpp"

namespace ls::bench {

struct MemoryOptions {
    std::string loginscope;  // the binary whose `serve` is measured
    long codes = 2000000;
};

void memory_figures(const MemoryOptions& opt, Line line);

}  // namespace ls::bench
