// Timeline (bottom tab): lanes for Client / Developer server / [Cloud function] / Platform, a bar for each code's,
// session_key's and token's life, a marker per event, the playhead at now; wheel zooms, drag pans.
// Only the visible time range is drawn: events are found by binary search on their time.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>

#include "i18n.hpp"
#include "panels.hpp"
#include "probes.hpp"
#include "timeline_layout.hpp"

#include "loginscope/clock.hpp"

namespace ls::gui {

namespace {

constexpr float kLabelW = 128, kAxisH = 20;
constexpr float kMarkersOnlyShare = 0.6f;  // a lane without lifetimes (the cloud function's) is lower

// A lane's title as shown; the server's is the team's backend's profile name when one answers.
std::string lane_name(const TimelineLanes& lanes, int lane, const std::string& backend) {
    if (lane == lanes.platform()) return tr("Platform");
    if (lanes.markers_only(lane)) return tr("Cloud function");
    if (lane == 0) return tr("Client");
    return backend.empty() ? tr("Developer server") : fit_text(backend, kLabelW - 12);
}

struct Plot {
    ImVec2 min, max;  // the whole canvas
    double t0, mpp;   // time at the plot's left edge, ms per pixel
    TimelineLanes lanes;
    std::string backend;
    float x0() const { return min.x + kLabelW; }
    float width() const { return max.x - x0(); }
    float share(int lane) const { return lanes.markers_only(lane) ? kMarkersOnlyShare : 1.0f; }
    float unit_h() const {
        float shares = 0;
        for (int l = 0; l < lanes.count(); ++l) shares += share(l);
        return (max.y - min.y - kAxisH) / shares;
    }
    float lane_h(int lane) const { return share(lane) * unit_h(); }
    float lane_y(int lane) const {
        float y = min.y + kAxisH;
        for (int l = 0; l < lane; ++l) y += lane_h(l);
        return y;
    }
    // Where a lane's markers sit: above its bars (24 px down in a roomy lane, mid-lane in a low one).
    float marker_y(int lane) const { return lane_y(lane) + std::min(24.0f, 0.5f * lane_h(lane)); }
    int lane_at(float y) const {
        for (int l = 0; l < lanes.count(); ++l)
            if (y >= lane_y(l) && y < lane_y(l) + lane_h(l)) return l;
        return -1;
    }
    double t1() const { return t0 + width() * mpp; }
    float x(double t) const { return x0() + float((t - t0) / mpp); }
    double t_at(float px) const { return t0 + (px - x0()) * mpp; }
    TimeScale scale() const { return {x0(), max.x, t0, mpp}; }
};

void fit_view(TimelineView& view, float width, int64_t now) {
    view.ms_per_px = 6.0 * 60 * 1000 / std::max(100.0f, width);
    view.t0 = now - 0.1 * width * view.ms_per_px;
}

void keep_playhead_visible(TimelineView& view, float width, int64_t now) {
    const double span = width * view.ms_per_px;
    if (now > view.t0 + span * 0.9 || now < view.t0) view.t0 = now - span * 0.1;
}

double nice_step(double mpp) {
    static const double steps[] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 15000, 30000,
                                   60000, 120000, 300000, 600000, 900000, 1800000, 3600000, 7200000, 21600000,
                                   43200000, 86400000};
    for (double s : steps)
        if (s / mpp >= 110) return s;
    return 86400000.0 * std::ceil(110 * mpp / 86400000.0);
}

// `c` with its alpha scaled by `a` (0..1).
ImU32 faded(ImU32 c, float a) {
    const unsigned alpha = unsigned(float((c >> IM_COL32_A_SHIFT) & 0xFF) * a + 0.5f);
    return (c & ~IM_COL32_A_MASK) | (alpha << IM_COL32_A_SHIFT);
}

// The canvas takes the theme's colours: window background, a faint text-coloured wash on every
// other lane, the border colour for lines, so it reads on light and dark alike.
void axis_and_lanes(ImDrawList* dl, const Plot& p) {
    const ImU32 bg = ImGui::GetColorU32(ImGuiCol_WindowBg);
    const ImU32 wash = ImGui::GetColorU32(ImGuiCol_Text, 0.035f);
    const ImU32 line = ImGui::GetColorU32(ImGuiCol_Border);
    const ImU32 dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    dl->AddRectFilled(p.min, p.max, bg);
    for (int lane = 0; lane < p.lanes.count(); ++lane) {
        const float y = p.lane_y(lane);
        if (lane % 2) dl->AddRectFilled(ImVec2(p.min.x, y), ImVec2(p.max.x, y + p.lane_h(lane)), wash);
        dl->AddLine(ImVec2(p.min.x, y), ImVec2(p.max.x, y), line);
        const std::string title = lane_name(p.lanes, lane, p.backend);
        dl->AddText(ImVec2(p.min.x + 8, y + 4), dim, title.c_str());
        probe_rect(("timeline.lane." + std::to_string(lane)).c_str(), ImVec2(p.min.x, y), ImVec2(p.max.x, y + p.lane_h(lane)));
        probe_text(("timeline.lane." + std::to_string(lane) + ".title").c_str(), title);
    }
    dl->AddLine(ImVec2(p.x0(), p.min.y), ImVec2(p.x0(), p.max.y), line);
    const double step = nice_step(p.mpp);
    for (double t = std::floor(p.t0 / step) * step; t <= p.t1(); t += step) {
        const float x = p.x(t);
        if (x < p.x0()) continue;
        dl->AddLine(ImVec2(x, p.min.y + kAxisH - 4), ImVec2(x, p.max.y), faded(line, 0.55f));
        const std::string label = format_clock(int64_t(t)).substr(0, step >= 1000 ? 8 : 12);
        dl->AddText(ImVec2(x + 3, p.min.y + 2), dim, label.c_str());
    }
}

void bar_label(ImDrawList* dl, const LifetimeBar& b, const BarShape& r, float y0, float bar_h) {
    const std::string label = b.life.subject + " " + b.life.id.substr(0, 8) + (b.end_kind.empty() ? "" : " · " + b.end_kind);
    const float font_px = std::min(ImGui::GetFontSize(), bar_h + 1);
    const float w = ImGui::GetFont()->CalcTextSizeA(font_px, FLT_MAX, 0, label.c_str()).x;
    const float right = std::max(r.x_lived, r.x_end);
    if (right - r.x_from < 40) return;
    const bool on_solid = w + 8 < r.x_lived - r.x_from;
    dl->PushClipRect(ImVec2(r.x_from, y0), ImVec2(right, y0 + bar_h), true);
    dl->AddText(nullptr, font_px, ImVec2(r.x_from + 4, y0 + (bar_h - font_px) * 0.5f),
                on_solid ? IM_COL32(255, 255, 255, 255) : ImGui::GetColorU32(ImGuiCol_Text), label.c_str());
    dl->PopClipRect();
}

void draw_bar(ImDrawList* dl, const Plot& p, const LifetimeBar& b, const BarShape& r) {
    const float lane_h = p.lane_h(r.lane);
    const float bar_h = std::max(8.0f, std::min(14.0f, (lane_h - 22) / 2));
    const float y0 = p.lane_y(r.lane) + lane_h - 3 - (r.slot + 1) * (bar_h + 2), y1 = y0 + bar_h;
    const ImU32 col = subject_color(b.life.subject);
    if (r.x_end > r.x_lived) {  // the planned rest of its life: pale, with the solid colour as outline
        const float from = std::max(r.x_from, r.x_lived);
        dl->AddRectFilled(ImVec2(from, y0), ImVec2(r.x_end, y1), (col & 0x00FFFFFF) | (0x38u << IM_COL32_A_SHIFT), 3);
        dl->AddRect(ImVec2(from, y0), ImVec2(r.x_end, y1), (col & 0x00FFFFFF) | (0x90u << IM_COL32_A_SHIFT), 3);
    }
    if (r.x_lived > r.x_from) dl->AddRectFilled(ImVec2(r.x_from, y0), ImVec2(r.x_lived, y1), col, 3);
    if (r.labelled()) bar_label(dl, b, r, y0, bar_h);
}

using EventIt = std::vector<Event>::const_iterator;
EventIt first_at_or_after(const std::vector<Event>& ev, double t) {
    return std::partition_point(ev.begin(), ev.end(), [t](const Event& e) { return double(e.t_ms) < t; });
}

void marker(ImDrawList* dl, ImVec2 c, Status s, bool selected) {
    const float r = 4.5f;
    const ImU32 col = status_color(s);
    if (s == Status::Fault)
        dl->AddTriangleFilled(ImVec2(c.x, c.y - r - 1), ImVec2(c.x + r + 1, c.y + r), ImVec2(c.x - r - 1, c.y + r), col);
    else
        dl->AddQuadFilled(ImVec2(c.x, c.y - r), ImVec2(c.x + r, c.y), ImVec2(c.x, c.y + r), ImVec2(c.x - r, c.y), col);
    if (selected) dl->AddCircle(c, r + 3, ImGui::GetColorU32(ImGuiCol_Text), 16, 1.5f);
}

void draw_markers(ImDrawList* dl, const Plot& p, const TimelineData& d) {
    for (const MarkerShape& m : timeline_markers(d.events, p.scale(), p.lanes))
        marker(dl, ImVec2(m.x, p.marker_y(m.lane)), m.status, d.selected == m.event);
    if (d.selected && *d.selected < d.events.size()) {  // on top, even where a more severe one won its column
        const Event& e = d.events[*d.selected];
        const float x = p.x(double(e.t_ms));
        if (x >= p.x0() && x <= p.max.x) marker(dl, ImVec2(x, p.marker_y(p.lanes.of(e))), event_status(e), true);
    }
}

void draw_playhead(ImDrawList* dl, const Plot& p, int64_t now) {
    const float x = p.x(double(now));
    if (x < p.x0() || x > p.max.x) return;
    dl->AddLine(ImVec2(x, p.min.y), ImVec2(x, p.max.y), palette::error, 2);
    char label[64];
    std::snprintf(label, sizeof label, tr("now %s"), format_clock(now).c_str());
    const ImVec2 size = ImGui::CalcTextSize(label);
    const float lx = std::min(x + 3, p.max.x - size.x - 4);
    dl->AddRectFilled(ImVec2(lx - 2, p.min.y + 1), ImVec2(lx + size.x + 2, p.min.y + kAxisH - 1), palette::error, 3);
    dl->AddText(ImVec2(lx, p.min.y + 2), IM_COL32(255, 255, 255, 255), label);
}

std::optional<size_t> event_under_mouse(const Plot& p, const std::vector<Event>& ev, ImVec2 m) {
    const int lane = p.lane_at(m.y);
    if (lane < 0 || m.x < p.x0()) return std::nullopt;
    const auto end = first_at_or_after(ev, p.t_at(m.x + 6));
    for (auto it = first_at_or_after(ev, p.t_at(m.x - 6)); it != end; ++it)
        if (p.lanes.of(*it) == lane) return size_t(it - ev.begin());
    return std::nullopt;
}

void hover_and_select(const Plot& p, const TimelineData& d, Intents& out) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    const auto hit = event_under_mouse(p, d.events, m);
    if (!hit) return;
    const Event& e = d.events[*hit];
    ImGui::BeginTooltip();
    ImGui::Text("%s  %s", format_clock(e.t_ms).c_str(), e.kind.c_str());
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32);
    ImGui::TextUnformatted(e.text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
    if (ImGui::IsMouseReleased(ImGuiMouseButton_Left) && ImGui::GetIO().MouseDragMaxDistanceSqr[0] < 16)
        out.select_event = *hit;
}

void zoom_and_pan(TimelineView& view, const Plot& p) {
    ImGuiIO& io = ImGui::GetIO();
    if (ImGui::IsItemHovered() && io.MouseWheel != 0) {
        const double t_mouse = p.t_at(io.MousePos.x);
        view.ms_per_px = std::clamp(view.ms_per_px * std::pow(1.25, -io.MouseWheel), 0.05, 3.6e6);
        view.t0 = t_mouse - (io.MousePos.x - p.x0()) * view.ms_per_px;
    }
    if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2)) {
        view.t0 -= io.MouseDelta.x * view.ms_per_px;
        view.follow = false;
    }
}

void controls(TimelineView& view, float width, int64_t now, Intents& out) {
    if (ImGui::Button(tr_id("+1 min").c_str())) out.advance_ms += 60 * 1000;
    probe_item("timeline.plus_1min");
    ImGui::SameLine();
    if (ImGui::Button(tr_id("+5 min").c_str())) out.advance_ms += 5 * 60 * 1000;
    probe_item("timeline.plus_5min");
    ImGui::SameLine();
    if (ImGui::Button(tr_id("Next expiry").c_str())) out.jump_to_next_expiry = true;
    probe_item("timeline.next_expiry");
    ImGui::SameLine();
    if (ImGui::Button(tr_id("Fit 6 min").c_str())) {
        fit_view(view, width, now);
        view.follow = true;
    }
    ImGui::SameLine();
    ImGui::Checkbox(tr_id("Follow now").c_str(), &view.follow);
    ImGui::SameLine();
    ImGui::TextDisabled(tr("wheel: zoom · drag: pan · view %s"), duration_text(int64_t(width * view.ms_per_px)).c_str());
}

}  // namespace

Intents draw_timeline(const TimelineData& d, TimelineView& view) {
    Intents out;
    const float plot_w = std::max(50.0f, ImGui::GetContentRegionAvail().x - kLabelW);
    if (view.ms_per_px <= 0) fit_view(view, plot_w, d.now_ms);
    controls(view, plot_w, d.now_ms, out);
    if (view.follow) keep_playhead_visible(view, plot_w, d.now_ms);
    const ImVec2 size(ImGui::GetContentRegionAvail().x, std::max(60.0f, ImGui::GetContentRegionAvail().y));
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##timeline_canvas", size);
    probe_item("timeline.canvas");
    Plot p{at, ImVec2(at.x + size.x, at.y + size.y), view.t0, view.ms_per_px, timeline_lanes(d.flow), d.backend};
    zoom_and_pan(view, p);
    p.t0 = view.t0;
    p.mpp = view.ms_per_px;
    probe_rect("timeline.plot", ImVec2(p.x0(), p.min.y), p.max);  // where time view.t0 is
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(p.min, p.max, true);
    axis_and_lanes(dl, p);
    dl->PushClipRect(ImVec2(p.x0(), p.min.y), p.max, true);
    for (const BarShape& r : timeline_bars(d.bars, p.scale(), d.now_ms, p.lanes)) draw_bar(dl, p, d.bars[r.bar], r);
    draw_markers(dl, p, d);
    draw_playhead(dl, p, d.now_ms);
    dl->PopClipRect();
    dl->PopClipRect();
    if (ImGui::IsItemHovered()) hover_and_select(p, d, out);
    return out;
}

}  // namespace ls::gui
