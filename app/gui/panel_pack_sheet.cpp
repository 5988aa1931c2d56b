// A platform pack's own dialog over the phone (app_login.hpp): whatever its PackSheet says, drawn as
// a bottom sheet — the page dimmed, the title, the lines, the first button filled in the pack's brand
// colour and the others as text buttons under it. Each button takes the step its sheet names, so a
// pack needs no drawing code of its own. Design units are the phone's 360-px design space.
#include "app_login.hpp"
#include "i18n.hpp"
#include "probes.hpp"

namespace ls::gui {

namespace {
constexpr float kSide = 24;
constexpr ImU32 kGrey = IM_COL32(0x99, 0x99, 0x99, 255);

// The tag that says the layout is LoginScope's guess (in the interface's language; its probe stays "assumption").
void assumption_tag(const Canvas& c, float top) {
    const std::string tag = tr("assumption");
    const float tw = c.measure(9, tag).x / c.s + 8, th = c.measure(9, tag).y / c.s + 2;
    c.fill(14, top + 12, 14 + tw, top + 12 + th, palette::assumption, 4);
    c.text_centered(14 + tw * 0.5f, top + 12 + th * 0.5f, 9, IM_COL32(0x33, 0x2B, 0x00, 255), tag);
    probe_text("pack_sheet.assumption", "assumption");
}
}  // namespace

void draw_pack_sheet(const Canvas& c, const PackSheetView& v, Intents& out) {
    const PackSheet& s = v.sheet;
    const float rows = float(s.lines.size()), buttons = float(s.buttons.size());
    const float height = 120 + rows * 26 + 62 + std::max(0.0f, buttons - 1) * 44;
    const float top = kScreenH - height, cx = kScreenW * 0.5f;
    c.fill(0, 0, kScreenW, kScreenH, IM_COL32(0, 0, 0, 110), kScreenRadius);  // the page, dimmed
    c.fill(0, top, kScreenW, kScreenH, kWhite, kScreenRadius, ImDrawFlags_RoundCornersBottom);
    c.fill(0, top, kScreenW, top + 40, kWhite, 16, ImDrawFlags_RoundCornersTop);
    assumption_tag(c, top);
    c.text_centered(cx, top + 62, 19, palette::text, s.title);
    c.text_centered(cx + 0.6f / c.s, top + 62, 19, palette::text, s.title);  // bold: drawn twice
    std::string probe = s.title;
    float y = top + 100;
    for (const std::string& line : s.lines) {
        c.text_centered(cx, y, 13, kGrey, line);
        probe += " · " + line;
        y += 26;
    }
    probe_text("pack_sheet.text", probe);
    y += 10;
    for (size_t i = 0; i < s.buttons.size(); ++i) {
        const auto& [label, step] = s.buttons[i];
        const std::string id = "##pack_sheet_" + std::to_string(i), key = "pack_sheet." + step;
        const float h = i == 0 ? 48 : 40;
        const bool tapped = i == 0 ? dialog_button(c, id.c_str(), key.c_str(), kSide, y, y + h, brand_color(v.flow),
                                                   brand_color_pressed(v.flow), 24, label.c_str(), v.enabled)
                                   : dialog_text_button(c, id.c_str(), key.c_str(), y, 15, IM_COL32(0x57, 0x6B, 0x95, 255),
                                                        palette::text, label.c_str(), v.enabled);
        if (tapped) out.step = make_step(step);
        y += h + (i == 0 ? 10 : 4);
    }
}

}  // namespace ls::gui
