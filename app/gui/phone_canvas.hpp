#pragma once
// The phone's drawing surface, shared by the phone panel and the pages drawn inside it: a 360×720
// design space (the screen area, origin top-left) scaled to fit; text never goes below min_px.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "imgui.h"
#include "probes.hpp"

namespace ls::gui {

constexpr float kPhoneW = 360, kPhoneH = 720, kBezel = 12;
constexpr float kScreenW = kPhoneW - 2 * kBezel, kScreenH = kPhoneH - 2 * kBezel;
constexpr float kStatusH = 30, kNavH = 44;
constexpr float kScreenRadius = 34;
constexpr ImU32 kWhite = IM_COL32(255, 255, 255, 255);
constexpr ImU32 kLine = IM_COL32(0xE5, 0xE5, 0xE5, 255);

// The English gloss (phone_gloss.cpp): while collecting, every Chinese line the canvas draws is
// noted; draw_phone_glosses() then writes each one's English under it and returns what it wrote.
void begin_phone_texts(bool collect);
void forget_phone_texts();  // what was noted so far lies under an overlay: not glossed
void note_phone_text(const std::string& text, ImVec2 top_left, ImVec2 size, float size_px);
std::vector<std::string> draw_phone_glosses(ImFont* font);
std::string english_gloss(std::string_view zh);  // "" when the table has none

// Maps the phone's design space to pixels.
struct Canvas {
    ImDrawList* dl;
    ImVec2 origin;
    float s;
    ImFont* font;
    // false: drawing only, no ImGui items (a page under another page: in ImGui 1.86 even a disabled
    // item takes the hover from a later one it overlaps).
    bool live = true;
    float min_px = 12;  // no text smaller (presenter mode raises it to stay legible on a projector)

    ImVec2 pt(float x, float y) const { return ImVec2(origin.x + x * s, origin.y + y * s); }
    float px(float size) const { return std::max(min_px, std::round(size * s)); }
    void fill(float x0, float y0, float x1, float y1, ImU32 c, float r = 0, ImDrawFlags f = 0) const {
        dl->AddRectFilled(pt(x0, y0), pt(x1, y1), c, r * s, f);
    }
    ImVec2 measure(float size, const std::string& t) const {
        return font->CalcTextSizeA(px(size), FLT_MAX, 0, t.c_str());
    }
    // Text whose vertical centre is at design y.
    void text(float x, float y, float size, ImU32 c, const std::string& t) const {
        const ImVec2 p = pt(x, y), m = measure(size, t);
        put(ImVec2(p.x, p.y - m.y * 0.5f), m, size, c, t);
    }
    void text_centered(float cx, float y, float size, ImU32 c, const std::string& t) const {
        const ImVec2 p = pt(cx, y), m = measure(size, t);
        put(ImVec2(p.x - m.x * 0.5f, p.y - m.y * 0.5f), m, size, c, t);
    }
    void text_right(float x, float y, float size, ImU32 c, const std::string& t) const {
        const ImVec2 p = pt(x, y), m = measure(size, t);
        put(ImVec2(p.x - m.x, p.y - m.y * 0.5f), m, size, c, t);
    }
    void put(ImVec2 at, ImVec2 m, float size, ImU32 c, const std::string& t) const {
        dl->AddText(font, px(size), at, c, t.c_str());
        note_phone_text(t, at, m, px(size));
    }
    // An invisible ImGui button over a design-space rect; returns true when clicked.
    bool hit(const char* id, float x0, float y0, float x1, float y1, bool enabled) const {
        if (!live) return false;
        ImGui::SetCursorScreenPos(pt(x0, y0));
        ImGui::BeginDisabled(!enabled);
        const bool pressed = ImGui::InvisibleButton(id, ImVec2(std::max(1.0f, (x1 - x0) * s), std::max(1.0f, (y1 - y0) * s)));
        ImGui::EndDisabled();
        return pressed;
    }
};

// A probe for the item hit() just made; nothing when the canvas is not live (there is no item).
inline void probe_live(const Canvas& c, const char* key, std::string text = {}) {
    if (c.live) probe_item(key, std::move(text));
}

// A dialog's main button: `side` from both edges, y0..y1, filled in `colour` (`held` while pressed),
// its label white; true when tapped. Its probe is `probe`.
inline bool dialog_button(const Canvas& c, const char* id, const char* probe, float side, float y0, float y1, ImU32 colour,
                          ImU32 held, float rounding, const char* label, bool enabled) {
    const bool tapped = c.hit(id, side, y0, kScreenW - side, y1, enabled);
    probe_live(c, probe, label);
    c.fill(side, y0, kScreenW - side, y1, c.live && ImGui::IsItemActive() ? held : colour, rounding);
    c.text_centered(kScreenW * 0.5f, (y0 + y1) * 0.5f, 17, kWhite, label);
    return tapped;
}

// A dialog's text button (取消 under the main one), 40 high from y0, centred; true when tapped.
inline bool dialog_text_button(const Canvas& c, const char* id, const char* probe, float y0, float size, ImU32 colour,
                               ImU32 held, const char* label, bool enabled) {
    const float cx = kScreenW * 0.5f, y1 = y0 + 40;
    const bool tapped = c.hit(id, cx - 60, y0, cx + 60, y1, enabled);
    probe_live(c, probe, label);
    c.text_centered(cx, (y0 + y1) * 0.5f, size, c.live && ImGui::IsItemActive() ? held : colour, label);
    return tapped;
}

}  // namespace ls::gui
