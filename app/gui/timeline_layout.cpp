#include "timeline_layout.hpp"

#include <algorithm>
#include <cfloat>
#include <climits>

namespace ls::gui {

TimelineLanes timeline_lanes(Flow flow) { return {flow_catalog()[size_t(flow)].cloud_lifeline != nullptr}; }

int TimelineLanes::of(const LifetimeBar& b) const {
    if (b.life.subject == "code") return 0;
    if (b.life.subject == "token") return 1;
    return platform();  // session_key, access tokens: they live at the platform
}

int TimelineLanes::of(const Event& e) const {
    const int cloud_lane = cloud ? 2 : 1;
    switch (e.actor) {
        case Actor::Client: return 0;
        case Actor::DevServer: return 1;
        case Actor::CloudFunction: return cloud_lane;
        case Actor::Platform: return platform();
        default: break;
    }
    switch (e.hop) {
        case Hop::ClientToDev: return 1;
        case Hop::DevToCloudFunction: return cloud_lane;
        case Hop::DevToPlatform:
        case Hop::PlatformResponse: return platform();
        default: return 0;
    }
}

namespace {

// Per lane and row: how far bars are drawn (pixels) and until when the row is taken (ms).
struct Coverage {
    float x[kMaxTimelineLanes][2];
    int64_t until[kMaxTimelineLanes][2];
    Coverage() {
        for (int l = 0; l < kMaxTimelineLanes; ++l)
            for (int k = 0; k < 2; ++k) {
                x[l][k] = -FLT_MAX;
                until[l][k] = INT64_MIN;
            }
    }
    // The first row free at the bar's start, else the one that frees first.
    int slot_for(int lane, const LifetimeBar& b) {
        int best = 0;
        for (int k = 0; k < 2; ++k) {
            if (until[lane][k] <= b.life.from_ms) {
                best = k;
                break;
            }
            if (until[lane][k] < until[lane][best]) best = k;
        }
        until[lane][best] = std::max(until[lane][best], std::max(b.life.until_ms, b.ended_ms));
        return best;
    }
};

}  // namespace

std::vector<BarShape> timeline_bars(const std::vector<LifetimeBar>& bars, const TimeScale& s, int64_t now,
                                    const TimelineLanes& lanes) {
    std::vector<BarShape> out;
    Coverage cover;
    for (size_t i = 0; i < bars.size(); ++i) {
        const LifetimeBar& b = bars[i];
        BarShape shape;
        shape.bar = i;
        shape.lane = lanes.of(b);
        shape.slot = cover.slot_for(shape.lane, b);
        const bool ended = b.ended_ms >= 0;
        shape.from_ms = b.life.from_ms;
        shape.lived_ms = ended ? b.ended_ms : std::min(now, b.life.until_ms);
        shape.end_ms = ended ? b.ended_ms : b.life.until_ms;  // what ended early has no planned rest
        if (shape.end_ms < s.t0 || double(shape.from_ms) > s.t1()) continue;
        float& covered = cover.x[shape.lane][shape.slot];
        shape.x_start = std::max(s.x0, s.x(double(shape.from_ms)));
        shape.x_from = std::max(shape.x_start, covered);
        shape.x_lived = std::max(shape.x_start + 2, std::min(s.x1, s.x(double(shape.lived_ms))));
        shape.x_end = ended ? shape.x_lived : std::min(s.x1, s.x(double(shape.end_ms)));
        if (std::max(shape.x_lived, shape.x_end) <= covered + 1) continue;  // adds nothing visible
        covered = std::max(shape.x_lived, shape.x_end);
        out.push_back(shape);
    }
    return out;
}

std::vector<MarkerShape> timeline_markers(const std::vector<Event>& events, const TimeScale& s, const TimelineLanes& lanes) {
    auto first_at_or_after = [&](double t) {
        return std::partition_point(events.begin(), events.end(), [t](const Event& e) { return double(e.t_ms) < t; });
    };
    std::vector<MarkerShape> out;
    long last[kMaxTimelineLanes] = {-1, -1, -1, -1};  // each lane's latest marker in `out`
    const double margin = 6 * s.ms_per_px;     // a marker half outside the plot still shows
    const auto end = first_at_or_after(s.t1() + margin);
    for (auto it = first_at_or_after(s.t0 - margin); it != end; ++it) {
        MarkerShape m;
        m.event = size_t(it - events.begin());
        m.lane = lanes.of(*it);
        m.x = float(int(s.x(double(it->t_ms))));  // whole pixels: one marker per column
        m.status = event_status(*it);
        long& prev = last[m.lane];
        if (prev >= 0 && out[size_t(prev)].x == m.x) {
            if (int(m.status) > int(out[size_t(prev)].status)) out[size_t(prev)] = m;
            continue;
        }
        prev = long(out.size());
        out.push_back(m);
    }
    return out;
}

}  // namespace ls::gui
