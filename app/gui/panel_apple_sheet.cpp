// The Sign in with Apple sheet (app_login.hpp), as iOS shows it for ASAuthorizationController: the
// App dimmed, a white sheet rising from the bottom with rounded top corners, the Apple logo and
// "使用 Apple 登录", the App's icon and name, the name and email to share (the relay address
// "隐藏邮件地址" ticked), a black full-width 继续 and a 取消 text button. Design units are the
// phone's 360-px design space.
#include <cctype>
#include <cmath>

#include "app_login.hpp"
#include "probes.hpp"

namespace ls::gui {

namespace {

constexpr float kSheetH = 492;
constexpr float kSide = 20;
constexpr float kRowH = 50;
constexpr ImU32 kGroupBg = IM_COL32(0xF2, 0xF2, 0xF7, 255);  // iOS systemGroupedBackground
constexpr ImU32 kSeparator = IM_COL32(0xD8, 0xD8, 0xDC, 255);
constexpr ImU32 kIosBlue = IM_COL32(0x00, 0x7A, 0xFF, 255);
constexpr ImU32 kIosGrey = IM_COL32(0x8E, 0x8E, 0x93, 255);

// The close control in the sheet's corner: a grey disc with an ×.
bool close_button(const Canvas& c, float cx, float cy, bool enabled) {
    const bool pressed = c.hit("##apple_close", cx - 16, cy - 16, cx + 16, cy + 16, enabled);
    c.dl->AddCircleFilled(c.pt(cx, cy), 13 * c.s, IM_COL32(0xE5, 0xE5, 0xEA, 255), 24);
    const float d = 4.5f, w = std::max(1.2f, 1.8f * c.s);
    c.dl->AddLine(c.pt(cx - d, cy - d), c.pt(cx + d, cy + d), kIosGrey, w);
    c.dl->AddLine(c.pt(cx - d, cy + d), c.pt(cx + d, cy - d), kIosGrey, w);
    return pressed;
}

// One row of the grouped list: a label on the left, a value under it or to its right, a tick.
void row(const Canvas& c, float y0, const std::string& title, const std::string& sub, bool tick, bool last) {
    const float cy = y0 + kRowH * 0.5f;
    if (sub.empty()) {
        c.text(kSide + 16, cy, 16, palette::text, title);
    } else {
        c.text(kSide + 16, cy - 9, 15, palette::text, title);
        c.text(kSide + 16, cy + 11, 12, kIosGrey, sub);
    }
    if (tick) {
        const float tx = kScreenW - kSide - 20;
        const ImVec2 t[3] = {c.pt(tx - 7, cy), c.pt(tx - 2, cy + 5), c.pt(tx + 7, cy - 6)};
        c.dl->AddPolyline(t, 3, kIosBlue, 0, std::max(1.5f, 2.2f * c.s));
    }
    if (!last) c.dl->AddLine(c.pt(kSide + 16, y0 + kRowH), c.pt(kScreenW - kSide, y0 + kRowH), kSeparator);
}

}  // namespace

void apple_glyph(const Canvas& c, float cx, float cy, float h, ImU32 col, ImU32 bg) {
    const float u = h * c.s;
    const ImVec2 o = c.pt(cx, cy);
    auto at = [&](float x, float y) { return ImVec2(o.x + x * u, o.y + y * u); };
    // the body: two upper lobes and two lower ones, the top dip and bottom notch between them
    c.dl->AddCircleFilled(at(-0.19f, 0.02f), 0.29f * u, col, 32);
    c.dl->AddCircleFilled(at(0.19f, 0.02f), 0.29f * u, col, 32);
    c.dl->AddCircleFilled(at(-0.14f, 0.2f), 0.24f * u, col, 32);
    c.dl->AddCircleFilled(at(0.14f, 0.2f), 0.24f * u, col, 32);
    c.dl->AddCircleFilled(at(0.0f, 0.12f), 0.26f * u, col, 32);
    c.dl->AddCircleFilled(at(0.47f, 0.02f), 0.15f * u, bg, 24);  // the bite
    // the leaf: an ellipse tilted 45°
    ImVec2 leaf[16];
    for (int i = 0; i < 16; ++i) {
        const float a = float(i) * 6.2831853f / 16.0f, ex = 0.13f * std::cos(a), ey = 0.06f * std::sin(a);
        leaf[i] = at(0.07f + (ex - ey) * 0.7071f, -0.36f + (-ex - ey) * 0.7071f);
    }
    c.dl->AddConvexPolyFilled(leaf, 16, col);
}

void draw_apple_sheet(const Canvas& c, const AppleSheetView& v, Intents& out) {
    const float top = kScreenH - kSheetH, cx = kScreenW * 0.5f;
    c.fill(0, 0, kScreenW, kScreenH, IM_COL32(0, 0, 0, 102), kScreenRadius);  // the App, dimmed
    c.fill(0, top, kScreenW, kScreenH, kWhite, kScreenRadius, ImDrawFlags_RoundCornersBottom);
    c.fill(0, top, kScreenW, top + 40, kWhite, 14, ImDrawFlags_RoundCornersTop);
    probe_text("apple.sheet", "使用 Apple 登录 " + v.app_name);

    // header: the Apple logo and the title, centred together; the close control at the right
    const float hy = top + 30;
    const float title_w = c.measure(17, "使用 Apple 登录").x / c.s, glyph = 18, gap = 6;
    const float x0 = cx - (glyph + gap + title_w) * 0.5f;
    apple_glyph(c, x0 + glyph * 0.5f, hy - 1, glyph, palette::apple_black, kWhite);
    c.text(x0 + glyph + gap, hy, 17, palette::text, "使用 Apple 登录");
    c.text(x0 + glyph + gap + 0.6f / c.s, hy, 17, palette::text, "使用 Apple 登录");
    if (close_button(c, kScreenW - kSide - 8, hy, v.enabled)) out.step = make_step("apple_cancel");
    probe_live(c, "apple.close");
    c.dl->AddLine(c.pt(0, top + 56), c.pt(kScreenW, top + 56), kSeparator);

    // the App asking
    native_app_icon(c, cx, top + 100, 26);
    c.text_centered(cx, top + 146, 17, palette::text, v.app_name);
    c.text_centered(cx, top + 170, 13, kIosGrey, "使用你的 Apple ID 创建账户");

    // what is shared: the name, the real email, or a relay address ("隐藏邮件地址", ticked)
    const std::string user = v.user.empty() ? "用户" : v.user;
    const std::string name = std::string(1, char(std::toupper(user[0]))) + user.substr(1);
    const float ly = top + 196;
    c.fill(kSide, ly, kScreenW - kSide, ly + 3 * kRowH, kGroupBg, 10);
    row(c, ly, name, "", false, false);
    row(c, ly + kRowH, "共享我的电子邮件", user + "@icloud.com", false, false);
    row(c, ly + 2 * kRowH, "隐藏邮件地址", "转发至 " + user + "@icloud.com", true, true);
    probe_text("apple.user", name);

    // 继续: black, full width; 取消 under it as a text button
    const float by = ly + 3 * kRowH + 22, by1 = by + 50;
    if (dialog_button(c, "##apple_continue", "apple.continue", kSide, by, by1, palette::apple_black, palette::apple_black_pressed, 12,
                      "继续", v.enabled))
        out.step = make_step("apple_continue");
    if (dialog_text_button(c, "##apple_cancel", "apple.cancel", by1 + 8, 16, kIosBlue, kIosGrey, "取消", v.enabled))
        out.step = make_step("apple_cancel");
}

}  // namespace ls::gui
