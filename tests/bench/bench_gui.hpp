#pragma once
// The GUI figures of the benchmark (frame build time, time to first frame).
#include <functional>

namespace ls::bench {

using Line = void (*)(const char* what, double value, const char* unit, double reference, const char* ref_what,
                      double target, bool higher_is_better);
void gui_figures(double budget, Line line);

}  // namespace ls::bench
