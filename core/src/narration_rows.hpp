#pragma once
// The narration's prose rows (narration_rows.cpp), before narration.cpp adds one per flaw.* kind.
#include <vector>

#include "loginscope/narration.hpp"

namespace ls {

const std::vector<NarrationEntry>& narration_rows();

}  // namespace ls
