// WeChat's getUserProfile authorization sheet (profile_sheet.hpp). Layout copies WeChat's sheet:
// a header row (round icon + name), the request in bold, the data it covers in grey, the account
// row, then two equal buttons: 拒绝 in WeUI's grey and 允许 in WeChat green. Design units are the
// phone's 360-px design space.
#include <cctype>

#include "profile_sheet.hpp"
#include "probes.hpp"

namespace ls::gui {

namespace {

constexpr float kSheetH = 316;
constexpr float kSide = 24;
constexpr float kButtonW = 120, kButtonH = 44, kButtonGap = 16;
constexpr ImU32 kGreyButton = IM_COL32(0xF2, 0xF2, 0xF2, 255);
constexpr ImU32 kGreyPressed = IM_COL32(0xDE, 0xDE, 0xDE, 255);
constexpr ImU32 kRowBg = IM_COL32(0xF7, 0xF7, 0xF7, 255);
constexpr ImU32 kAvatar = IM_COL32(0xD8, 0xDC, 0xE0, 255);

// The mini program's icon: a green disc with the first character when it fits.
void app_icon(const Canvas& c, float cx, float cy, float r) {
    c.dl->AddCircleFilled(c.pt(cx, cy), r * c.s, palette::wechat_green, 32);
    if (c.px(11) <= 1.3f * r * c.s) c.text_centered(cx, cy, 11, kWhite, "示");
}

// The account the profile comes from: avatar with the initial, nickname, "微信个人信息", a tick.
void user_row(const Canvas& c, const std::string& user, float y0) {
    const float y1 = y0 + 56, cy = (y0 + y1) * 0.5f;
    c.fill(kSide, y0, kScreenW - kSide, y1, kRowBg, 8);
    const float ax = kSide + 12 + 16;
    c.dl->AddCircleFilled(c.pt(ax, cy), 16 * c.s, kAvatar, 32);
    if (!user.empty()) c.text_centered(ax, cy, 14, kWhite, std::string(1, char(std::toupper(user[0]))));
    c.text(ax + 16 + 10, cy - 9, 15, palette::text, user.empty() ? "微信用户" : user);
    c.text(ax + 16 + 10, cy + 11, 12, palette::text_dim, "微信个人信息");
    // the selected account's tick
    const float tx = kScreenW - kSide - 22;
    const ImVec2 tick[3] = {c.pt(tx - 6, cy), c.pt(tx - 1.5f, cy + 4.5f), c.pt(tx + 7, cy - 5)};
    c.dl->AddPolyline(tick, 3, palette::wechat_green, 0, std::max(1.5f, 2.2f * c.s));
    probe_text("profile.user", user);
}

bool sheet_button(const Canvas& c, const char* id, float x0, float y0, const char* label, bool primary, bool enabled) {
    const float x1 = x0 + kButtonW, y1 = y0 + kButtonH;
    const bool pressed = c.hit(id, x0, y0, x1, y1, enabled);
    const bool held = c.live && ImGui::IsItemActive();
    const ImU32 bg = primary ? (held ? palette::wechat_green_pressed : palette::wechat_green) : (held ? kGreyPressed : kGreyButton);
    c.fill(x0, y0, x1, y1, bg, 8);
    c.text_centered((x0 + x1) * 0.5f, (y0 + y1) * 0.5f, 17, primary ? kWhite : palette::text, label);
    return pressed;
}

}  // namespace

float wechat_sheet_frame(const Canvas& c, const std::string& app_name, const char* request, const char* detail) {
    const float top = kScreenH - kSheetH;
    c.fill(0, 0, kScreenW, kScreenH, IM_COL32(0, 0, 0, 128), kScreenRadius);  // the page, dimmed
    c.fill(0, top, kScreenW, kScreenH, kWhite, kScreenRadius, ImDrawFlags_RoundCornersBottom);
    c.fill(0, top, kScreenW, top + 32, kWhite, 16, ImDrawFlags_RoundCornersTop);

    const float head_y = top + 32;
    app_icon(c, kSide + 11, head_y, 11);
    c.text(kSide + 30, head_y, 15, palette::text, app_name);
    const float name_w = c.measure(15, app_name).x / c.s;
    c.text(kSide + 30 + name_w + 6, head_y, 15, palette::text_dim, "申请");

    const float title_y = top + 80;
    // WeChat sets the request in a heavier weight: draw it twice, offset by a hair.
    c.text(kSide, title_y, 18, palette::text, request);
    c.text(kSide + 0.6f / c.s, title_y, 18, palette::text, request);
    c.text(kSide, title_y + 30, 14, palette::text_dim, detail);
    return title_y + 58;
}

void wechat_sheet_buttons(const Canvas& c, const char* key, bool enabled, Intents& out) {
    const float by = kScreenH - 40 - kButtonH, cx = kScreenW * 0.5f;
    const std::string k = key;
    if (sheet_button(c, ("##" + k + "_deny").c_str(), cx - kButtonGap * 0.5f - kButtonW, by, "拒绝", false, enabled))
        out.step = make_step(k + "_deny");
    probe_live(c, (k + ".deny").c_str());
    if (sheet_button(c, ("##" + k + "_allow").c_str(), cx + kButtonGap * 0.5f, by, "允许", true, enabled))
        out.step = make_step(k + "_allow");
    probe_live(c, (k + ".allow").c_str());
}

void draw_profile_sheet(const Canvas& c, const ProfileSheetView& v, Intents& out) {
    probe_text("profile.sheet", v.app_name + " 申请获取以下权限");
    user_row(c, v.user, wechat_sheet_frame(c, v.app_name, "申请获取以下权限", "获得你的公开信息(昵称、头像等)"));
    wechat_sheet_buttons(c, "profile", v.enabled, out);
}

}  // namespace ls::gui
