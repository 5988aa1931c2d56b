#include "bench_gui.hpp"

namespace ls::bench {
void gui_figures(double, Line) {}
}  // namespace ls::bench
