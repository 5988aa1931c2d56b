#pragma once
// The timeline's geometry as data: for a view of the journal, where each lifetime bar and each event
// marker goes. draw_timeline draws exactly these shapes, so tests judge them against the journal.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "panels.hpp"

namespace ls::gui {

// The plot's time axis: pixel x0 is time t0, each pixel ms_per_px further; the plot ends at x1.
struct TimeScale {
    float x0 = 0, x1 = 0;
    double t0 = 0, ms_per_px = 1;
    float x(double t) const { return x0 + float((t - t0) / ms_per_px); }
    double t_at(float px) const { return t0 + (px - x0) * ms_per_px; }
    double t1() const { return t_at(x1); }
};

// The lanes of a flow, top to bottom: 0 Client (codes), 1 Developer server (tokens), then, where the
// flow has a uniCloud cloud function (univerify), a lane for its events only (2), and last Platform
// (session_keys, access tokens). An event goes to its actor's lane, an engine event to its hop's.
constexpr int kMaxTimelineLanes = 4;
struct TimelineLanes {
    bool cloud = false;
    int count() const { return cloud ? 4 : 3; }
    int platform() const { return cloud ? 3 : 2; }
    bool markers_only(int lane) const { return cloud && lane == 2; }  // no lifetime lives there
    int of(const Event& e) const;
    int of(const LifetimeBar& b) const;
};
TimelineLanes timeline_lanes(Flow flow);

// A lifetime bar as drawn: solid from its start to `lived_ms` — its use, replacement or expiry, or now
// while it lives — then pale to `end_ms`, its planned expiry; what ended early has no pale rest
// (end_ms == lived_ms). Pixels are clipped to the plot; `x_from` is where this bar starts to add to
// what earlier bars in its row already cover (so a lane costs at most one rect per pixel).
struct BarShape {
    size_t bar = 0;  // index into the bars
    int lane = 0;
    int slot = 0;    // 0: the lane's bottom row, 1: the row above (two bars alive at once)
    int64_t from_ms = 0, lived_ms = 0, end_ms = 0;
    float x_start = 0;  // the bar's start, clipped to the plot
    float x_from = 0, x_lived = 0, x_end = 0;
    bool labelled() const { return x_from == x_start; }  // its start is drawn: so is its label
};
// The bars visible on `scale` at time `now`, in the journal's order.
std::vector<BarShape> timeline_bars(const std::vector<LifetimeBar>& bars, const TimeScale& scale, int64_t now,
                                    const TimelineLanes& lanes);

// An event's marker: one per lane and pixel column, the most severe status of that column winning.
struct MarkerShape {
    size_t event = 0;  // index into the events
    int lane = 0;
    float x = 0;
    Status status = Status::Ok;
};
// The markers of the events visible on `scale` (events are sorted by time: found by binary search).
std::vector<MarkerShape> timeline_markers(const std::vector<Event>& events, const TimeScale& scale, const TimelineLanes& lanes);

}  // namespace ls::gui
