// Timeline (bottom tab): lanes for Client / Developer server / Platform, a bar for each code's,
// session_key's and token's life, a marker per event, the playhead at now; wheel zooms, drag pans.
// Only the visible time range is drawn: events are found by binary search on their time.
#include <algorithm>
#include <cfloat>
#include <climits>
#include <cmath>
#include <cstdio>

#include "i18n.hpp"
#include "panels.hpp"
#include "probes.hpp"

#include "loginscope/clock.hpp"

namespace ls::gui {

namespace {

constexpr float kLabelW = 128, kAxisH = 20;
constexpr const char* kLaneNames[3] = {"Client", "Developer server", "Platform"};

int lane_of_subject(const std::string& subject) {
    if (subject == "code") return 0;
    if (subject == "token") return 1;
    return 2;  // session_key lives at WeChat
}

int lane_of_event(const Event& e) {
    switch (e.actor) {
        case Actor::Client: return 0;
        case Actor::DevServer: return 1;
        case Actor::Platform: return 2;
        default: break;
    }
    switch (e.hop) {
        case Hop::ClientToDev: return 1;
        case Hop::DevToPlatform:
        case Hop::PlatformResponse: return 2;
        default: return 0;
    }
}

struct Plot {
    ImVec2 min, max;  // the whole canvas
    double t0, mpp;   // time at the plot's left edge, ms per pixel
    float x0() const { return min.x + kLabelW; }
    float width() const { return max.x - x0(); }
    float lane_h() const { return (max.y - min.y - kAxisH) / 3.0f; }
    float lane_y(int lane) const { return min.y + kAxisH + lane * lane_h(); }
    double t1() const { return t0 + width() * mpp; }
    float x(double t) const { return x0() + float((t - t0) / mpp); }
    double t_at(float px) const { return t0 + (px - x0()) * mpp; }
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
    for (int lane = 0; lane < 3; ++lane) {
        const float y = p.lane_y(lane);
        if (lane % 2) dl->AddRectFilled(ImVec2(p.min.x, y), ImVec2(p.max.x, y + p.lane_h()), wash);
        dl->AddLine(ImVec2(p.min.x, y), ImVec2(p.max.x, y), line);
        dl->AddText(ImVec2(p.min.x + 8, y + 4), dim, tr(kLaneNames[lane]));
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

// Per lane and slot, how far (in pixels) bars are already drawn: a bar overlapping an earlier one
// only draws its extension, so a lane costs at most one rect per pixel however many bars it has.
struct Coverage {
    float x[3][2];
    int64_t until[3][2];
    Coverage() {
        for (int l = 0; l < 3; ++l)
            for (int k = 0; k < 2; ++k) {
                x[l][k] = -FLT_MAX;
                until[l][k] = INT64_MIN;
            }
    }
    // The first slot free at `from`, else the one that frees first.
    int slot_for(int lane, const LifetimeBar& b) {
        int best = 0;
        for (int k = 0; k < 2; ++k) {
            if (until[lane][k] <= b.life.from_ms) { best = k; break; }
            if (until[lane][k] < until[lane][best]) best = k;
        }
        until[lane][best] = std::max(until[lane][best], std::max(b.life.until_ms, b.ended_ms));
        return best;
    }
};

void bar_label(ImDrawList* dl, const LifetimeBar& b, float xa, float xl, float xp, float y0, float bar_h) {
    const std::string label = b.life.subject + " " + b.life.id.substr(0, 8) + (b.end_kind.empty() ? "" : " · " + b.end_kind);
    const float font_px = std::min(ImGui::GetFontSize(), bar_h + 1);
    const float w = ImGui::GetFont()->CalcTextSizeA(font_px, FLT_MAX, 0, label.c_str()).x;
    if (std::max(xl, xp) - xa < 40) return;
    const bool on_solid = w + 8 < xl - xa;
    dl->PushClipRect(ImVec2(xa, y0), ImVec2(std::max(xl, xp), y0 + bar_h), true);
    dl->AddText(nullptr, font_px, ImVec2(xa + 4, y0 + (bar_h - font_px) * 0.5f),
                on_solid ? IM_COL32(255, 255, 255, 255) : ImGui::GetColorU32(ImGuiCol_Text), label.c_str());
    dl->PopClipRect();
}

void draw_bar(ImDrawList* dl, const Plot& p, const LifetimeBar& b, int slot, float& covered, int64_t now) {
    const int lane = lane_of_subject(b.life.subject);
    const float bar_h = std::max(8.0f, std::min(14.0f, (p.lane_h() - 22) / 2));
    const float y0 = p.lane_y(lane) + p.lane_h() - 3 - (slot + 1) * (bar_h + 2), y1 = y0 + bar_h;
    const ImU32 col = subject_color(b.life.subject);
    const int64_t lived_until = b.ended_ms >= 0 ? b.ended_ms : std::min(now, b.life.until_ms);
    const float x_start = std::max(p.x0(), p.x(double(b.life.from_ms)));
    const float xa = std::max(x_start, covered);
    const float xl = std::max(x_start + 2, std::min(p.max.x, p.x(double(lived_until))));
    // What ended early (a code used, a key replaced) has no planned rest to show.
    const float xp = b.ended_ms >= 0 ? xl : std::min(p.max.x, p.x(double(b.life.until_ms)));
    if (std::max(xl, xp) <= covered + 1) return;
    covered = std::max(xl, xp);
    if (xp > xl) {  // the planned rest of its life: pale, with the solid colour as outline
        dl->AddRectFilled(ImVec2(std::max(xa, xl), y0), ImVec2(xp, y1), (col & 0x00FFFFFF) | (0x38u << IM_COL32_A_SHIFT), 3);
        dl->AddRect(ImVec2(std::max(xa, xl), y0), ImVec2(xp, y1), (col & 0x00FFFFFF) | (0x90u << IM_COL32_A_SHIFT), 3);
    }
    if (xl > xa) dl->AddRectFilled(ImVec2(xa, y0), ImVec2(xl, y1), col, 3);
    if (xa == x_start) bar_label(dl, b, xa, xl, xp, y0, bar_h);
}

void draw_bars(ImDrawList* dl, const Plot& p, const std::vector<LifetimeBar>& bars, int64_t now) {
    Coverage cover;
    for (const LifetimeBar& b : bars) {
        const int lane = lane_of_subject(b.life.subject);
        const int slot = cover.slot_for(lane, b);
        if (b.life.until_ms < p.t0 && (b.ended_ms < 0 || b.ended_ms < p.t0)) continue;
        if (b.life.from_ms > p.t1()) continue;
        draw_bar(dl, p, b, slot, cover.x[lane][slot], now);
    }
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

// One marker per lane and pixel column; a more severe status wins the column.
void draw_markers(ImDrawList* dl, const Plot& p, const TimelineData& d) {
    const auto& ev = d.events;
    int last_x[3] = {-1, -1, -1};
    int last_sev[3] = {-1, -1, -1};
    const auto end = first_at_or_after(ev, p.t1() + 6 * p.mpp);
    for (auto it = first_at_or_after(ev, p.t0 - 6 * p.mpp); it != end; ++it) {
        const int lane = lane_of_event(*it);
        const int x = int(p.x(double(it->t_ms)));
        const Status st = event_status(*it);
        const int sev = int(st);
        if (x == last_x[lane] && sev <= last_sev[lane]) continue;
        last_x[lane] = x;
        last_sev[lane] = sev;
        const bool selected = d.selected && *d.selected == size_t(it - ev.begin());
        marker(dl, ImVec2(float(x), p.lane_y(lane) + 24), st, selected);
    }
    if (d.selected && *d.selected < ev.size()) {
        const Event& e = ev[*d.selected];
        const float x = p.x(double(e.t_ms));
        if (x >= p.x0() && x <= p.max.x) marker(dl, ImVec2(x, p.lane_y(lane_of_event(e)) + 24), event_status(e), true);
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
    const int lane = int((m.y - p.min.y - kAxisH) / p.lane_h());
    if (lane < 0 || lane > 2 || m.x < p.x0()) return std::nullopt;
    const auto end = first_at_or_after(ev, p.t_at(m.x + 6));
    for (auto it = first_at_or_after(ev, p.t_at(m.x - 6)); it != end; ++it)
        if (lane_of_event(*it) == lane) return size_t(it - ev.begin());
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
    ImGui::TextDisabled(tr("wheel: zoom · drag: pan · view %s"), format_duration(int64_t(width * view.ms_per_px)).c_str());
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
    Plot p{at, ImVec2(at.x + size.x, at.y + size.y), view.t0, view.ms_per_px};
    zoom_and_pan(view, p);
    p.t0 = view.t0;
    p.mpp = view.ms_per_px;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(p.min, p.max, true);
    axis_and_lanes(dl, p);
    dl->PushClipRect(ImVec2(p.x0(), p.min.y), p.max, true);
    draw_bars(dl, p, d.bars, d.now_ms);
    draw_markers(dl, p, d);
    draw_playhead(dl, p, d.now_ms);
    dl->PopClipRect();
    dl->PopClipRect();
    if (ImGui::IsItemHovered()) hover_and_select(p, d, out);
    return out;
}

}  // namespace ls::gui
