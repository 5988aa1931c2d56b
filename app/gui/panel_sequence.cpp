// Sequence (bottom tab): the live sequence diagram of every message between the actors, like the
// official login sequence picture. Rows are clipped (ImGuiListClipper): only visible arrows are drawn.
#include "i18n.hpp"
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <string>
#include <vector>

#include "panels.hpp"
#include "probes.hpp"
#include "sequence_layout.hpp"

#include "loginscope/clock.hpp"

namespace ls::gui {

namespace {

// Sizes in the UI font's units, so the diagram grows with the UI scale and presenter mode.
float em() { return ImGui::GetFontSize() / 16.0f; }
float row_h() { return std::round(26 * em()); }

struct Columns {
    float left, time_w, width;
    int count;  // lifelines: 3, or 4 with a cloud function
    float x(int col) const { return left + time_w + (col + 0.5f) * (width - time_w) / float(count); }
};

float text_w(const std::string& s) { return ImGui::CalcTextSize(s.c_str()).x; }

// A head's title as drawn: one line, or, where that is wider than `max_w` (four lifelines, a large
// font), two: split before its parenthesis ("Platform" / "(DCloud + carrier)"), else at the space
// that balances the lines best, each line cut to `max_w` if it still does not fit.
std::vector<std::string> head_lines(const std::string& title, float max_w) {
    if (text_w(title) <= max_w) return {title};
    auto split = [&](size_t end, size_t start) {
        return std::vector<std::string>{fit_text(title.substr(0, end), max_w), fit_text(title.substr(start), max_w)};
    };
    for (const char* paren : {" (", "（"}) {
        const size_t at = title.find(paren);
        const size_t skip = paren[0] == ' ' ? 1 : 0;
        if (at != std::string::npos && at > 0 && text_w(title.substr(0, at)) <= max_w && text_w(title.substr(at + skip)) <= max_w)
            return split(at, at + skip);
    }
    size_t best = std::string::npos;
    float best_w = FLT_MAX;
    for (size_t at = title.find(' '); at != std::string::npos; at = title.find(' ', at + 1)) {
        const float w = std::max(text_w(title.substr(0, at)), text_w(title.substr(at + 1)));
        if (w < best_w) best_w = w, best = at;
    }
    return best == std::string::npos ? std::vector<std::string>{fit_text(title, max_w)} : split(best, best + 1);
}

// The server's lifeline is the team's backend's when one answers: "shop-api (your backend)".
void lifeline_heads(const Columns& c, Flow flow, const std::string& backend) {
    std::vector<std::string> titles;
    for (const char* t : sequence_lifeline_titles(flow)) titles.push_back(tr(t));
    if (!backend.empty()) titles[1] = trf("%s (your backend)", backend.c_str());
    const float max_w = (c.width - c.time_w) / float(c.count) - 28;  // 10 padding a side, 8 between heads
    std::vector<std::vector<std::string>> lines;
    size_t rows = 1;
    for (const std::string& t : titles) rows = std::max(rows, lines.emplace_back(head_lines(t, max_w)).size());
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float y = ImGui::GetCursorScreenPos().y;
    const float line_h = ImGui::GetTextLineHeight();
    const float h = rows == 1 ? ImGui::GetFrameHeight() : float(rows) * line_h + 2 * ImGui::GetStyle().FramePadding.y;
    // The heads take the theme's frame, border and text colours (light and dark themes).
    const ImU32 bg = ImGui::GetColorU32(ImGuiCol_FrameBg), edge = ImGui::GetColorU32(ImGuiCol_Border);
    const ImU32 fg = ImGui::GetColorU32(ImGuiCol_Text);
    for (int i = 0; i < c.count; ++i) {
        const std::vector<std::string>& head = lines[size_t(i)];
        float w = 0;
        for (const std::string& l : head) w = std::max(w, text_w(l));
        const float half = w * 0.5f + 10;
        probe_rect(("sequence.lifeline." + std::to_string(i)).c_str(), ImVec2(c.x(i) - half, y), ImVec2(c.x(i) + half, y + h));
        probe_text(("sequence.lifeline." + std::to_string(i) + ".title").c_str(), titles[size_t(i)]);
        dl->AddRectFilled(ImVec2(c.x(i) - half, y), ImVec2(c.x(i) + half, y + h), bg, 4);
        dl->AddRect(ImVec2(c.x(i) - half, y), ImVec2(c.x(i) + half, y + h), edge, 4);
        const float top = y + (h - float(head.size()) * line_h) * 0.5f;
        for (size_t k = 0; k < head.size(); ++k)
            dl->AddText(ImVec2(c.x(i) - text_w(head[k]) * 0.5f, top + float(k) * line_h), fg, head[k].c_str());
    }
    ImGui::Dummy(ImVec2(c.width, h + 2));
}

void lifelines(const Columns& c) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 top = ImGui::GetWindowPos();
    const float bottom = top.y + ImGui::GetWindowHeight();
    const ImU32 col = ImGui::GetColorU32(ImGuiCol_TextDisabled, 0.6f);
    for (int i = 0; i < c.count; ++i)
        for (float y = top.y; y < bottom; y += 8)
            dl->AddLine(ImVec2(c.x(i), y), ImVec2(c.x(i), y + 4), col);
}

void arrow(ImDrawList* dl, float xa, float xb, float y, ImU32 col) {
    const float u = em();
    dl->AddLine(ImVec2(xa, y), ImVec2(xb, y), col, 1.6f * u);
    const float dir = xb > xa ? -1.0f : 1.0f;
    dl->AddTriangleFilled(ImVec2(xb, y), ImVec2(xb + dir * 8 * u, y - 4 * u), ImVec2(xb + dir * 8 * u, y + 4 * u), col);
}

void message_row(const Columns& c, const SequenceData& d, size_t index, Intents& out) {
    const std::vector<Event>& events = d.events;
    const bool selected = d.selected == index;
    const Event& e = events[index];
    SequenceArrow a = sequence_arrow(events, index, d.flow);
    // A message that broke a live invariant is drawn as an error, like a flaw's.
    a.flaw |= std::find(d.broken.begin(), d.broken.end(), index) != d.broken.end();
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float u = em();
    if (ImGui::Selectable(("##msg" + std::to_string(index)).c_str(), selected, 0, ImVec2(c.width, row_h() - 4 * u)))
        out.select_event = index;
    probe_item(("sequence.row." + std::to_string(index)).c_str(), a.label);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddText(ImVec2(at.x + 2, at.y + 4 * u), ImGui::GetColorU32(ImGuiCol_TextDisabled), format_clock(e.t_ms).c_str());
    const ImU32 col = a.color();
    const float y = at.y + row_h() - 8 * u;
    const float xa = c.x(a.from), xb = c.x(a.to);
    if (a.from == a.to)
        dl->AddBezierCubic(ImVec2(xa, y - 10 * u), ImVec2(xa + 30 * u, y - 12 * u), ImVec2(xa + 30 * u, y), ImVec2(xa, y), col, 1.5f * u);
    else
        arrow(dl, xa, xb, y, col);
    const float lx = std::min(xa, xb) + 6;
    // A row holds one message: its label may run on past the arrow's end to the diagram's edge (four
    // lifelines, or a large font, leave an arrow between neighbours too short for it).
    const float span = std::max(std::max(std::abs(xb - xa), 160.0f * u) - 12 * u, c.left + c.width - lx - 8 * u);
    const std::string label = fit_text(a.label, span);
    dl->AddText(ImVec2(lx, y - ImGui::GetTextLineHeight() - 2), ImGui::GetColorU32(ImGuiCol_Text), label.c_str());
}

// A band across the lifelines saying how much virtual time passed: a fast-forward sign (drawn: the
// fonts have no ⏩) and "5 min 00 s later".
void time_jump_row(const Columns& c, const SequenceRow& row) {
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float u = em();
    ImGui::Dummy(ImVec2(c.width, row_h() - 4 * u));
    const std::string label = trf("%s later", duration_text(row.jump_ms).c_str());
    probe_item(("sequence.jump." + std::to_string(row.event)).c_str(), label);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float y = at.y + (row_h() - 4 * u) * 0.5f;
    const ImU32 dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    for (float x = c.left + c.time_w; x < c.left + c.width; x += 10 * u)
        dl->AddLine(ImVec2(x, y), ImVec2(x + 5 * u, y), dim, 1.0f * u);
    const ImVec2 size = ImGui::CalcTextSize(label.c_str());
    const float icon = 14 * u, pad = 6 * u;
    const float x0 = c.x(1) - (icon + pad + size.x) * 0.5f;
    dl->AddRectFilled(ImVec2(x0 - pad, y - size.y * 0.5f - 2 * u), ImVec2(x0 + icon + pad + size.x + pad, y + size.y * 0.5f + 2 * u),
                      ImGui::GetColorU32(ImGuiCol_WindowBg), 4 * u);
    const float h = 4.5f * u;
    for (float x : {x0, x0 + icon * 0.5f})
        dl->AddTriangleFilled(ImVec2(x, y - h), ImVec2(x + icon * 0.5f, y), ImVec2(x, y + h), dim);
    dl->AddText(ImVec2(x0 + icon + pad, y - size.y * 0.5f), dim, label.c_str());
}

// The rows follow the newest arrow while the view is at the bottom; scrolled up by the user (wheel,
// scrollbar) they stay put, and a bar below offers to jump back to the latest. Whether the view is
// away from the bottom is kept in the diagram window's storage (the next frame lays the bar out).
struct FollowState {
    ImGuiID away_id, jump_id;
    FollowState() : away_id(ImGui::GetID("##scrolled_away")), jump_id(ImGui::GetID("##jump_to_latest")) {}
    bool away() const { return ImGui::GetStateStorage()->GetBool(away_id, false); }
    void set_away(bool on) const { ImGui::GetStateStorage()->SetBool(away_id, on); }
    bool jump() const { return ImGui::GetStateStorage()->GetBool(jump_id, false); }
    void set_jump(bool on) const { ImGui::GetStateStorage()->SetBool(jump_id, on); }
};

}  // namespace

Intents draw_sequence(const SequenceData& d) {
    Intents out;
    const ImVec2 top = ImGui::GetCursorScreenPos();
    const Columns cols{ImGui::GetCursorScreenPos().x, ImGui::CalcTextSize("00:00:00.000").x + 16,
                       ImGui::GetContentRegionAvail().x, sequence_lifeline_count(d.flow)};
    lifeline_heads(cols, d.flow, d.backend);
    const FollowState follow;  // the ids of the diagram's window, not the rows' child
    const bool away = follow.away(), jump = follow.jump();
    const float bar_h = away ? ImGui::GetFrameHeightWithSpacing() : 0.0f;
    ImGui::BeginChild("sequence_rows", ImVec2(0, -bar_h), false);
    lifelines(cols);
    if (d.messages.empty()) ImGui::TextDisabled("%s", tr("No messages yet: press Login."));
    const std::vector<SequenceRow> rows = sequence_rows(d.events, d.messages);
    ImGuiListClipper clipper;
    clipper.Begin(int(rows.size()), row_h());
    while (clipper.Step())
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            const SequenceRow& row = rows[size_t(r)];
            if (row.jump_ms > 0)
                time_jump_row(cols, row);
            else
                message_row(cols, d, row.event, out);
        }
    // A scroll target applies at the next Begin, clamped to the content then known: "as far as it
    // goes" lands exactly on the bottom, so the next frame still reads as at the bottom.
    const bool at_bottom = jump || ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1;
    if (at_bottom) ImGui::SetScrollY(1e9f);
    probe_text("sequence.count", std::to_string(d.messages.size()));
    probe_text("sequence.following", at_bottom ? "yes" : "no");
    ImGui::EndChild();
    const ImVec2 rows_max = ImGui::GetItemRectMax();
    follow.set_away(!at_bottom);
    follow.set_jump(false);
    if (away) {
        if (ImGui::Button(tr_id("Jump to latest").c_str(), ImVec2(-1, 0))) follow.set_jump(true);
        probe_item("sequence.jump_to_latest");
    }
    probe_rect("sequence.area", top, rows_max);  // the walkthrough's picture
    return out;
}

}  // namespace ls::gui
