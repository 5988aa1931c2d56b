// WeChat's authorization page (app_login.hpp), as WeChat shows it when an App's SDK hands off with
// SendAuth: WeChat's grey title bar with a back arrow and "微信", the requesting App's icon and
// name, what it asks for, the account row, then a full-width green 允许 over a grey 拒绝. A dark
// "正在打开微信…" banner shows for the first moment, as the hand-off happens. Design units are the
// phone's 360-px design space.
#include <cctype>

#include "app_login.hpp"
#include "images.hpp"
#include "probes.hpp"

namespace ls::gui {

namespace {

constexpr float kSide = 24;
constexpr float kButtonH = 46;
constexpr float kHandoffSeconds = 1.2f;
constexpr ImU32 kBarGrey = IM_COL32(0xED, 0xED, 0xED, 255);
constexpr ImU32 kGreyButton = IM_COL32(0xF2, 0xF2, 0xF2, 255);
constexpr ImU32 kGreyPressed = IM_COL32(0xDE, 0xDE, 0xDE, 255);
constexpr ImU32 kAvatar = IM_COL32(0xD8, 0xDC, 0xE0, 255);

void title_bar(const Canvas& c) {
    const float y0 = kStatusH, y1 = kStatusH + kNavH, cy = (y0 + y1) * 0.5f;
    c.fill(0, y0, kScreenW, y1, kBarGrey);
    const ImVec2 arrow[3] = {c.pt(24, cy - 8), c.pt(16, cy), c.pt(24, cy + 8)};  // WeChat's back chevron
    c.dl->AddPolyline(arrow, 3, palette::text, 0, std::max(1.5f, 2.0f * c.s));
    c.text_centered(kScreenW * 0.5f, cy, 17, palette::text, "微信");
}

// Text wrapped to the design width `w`, top-left at (x, y); returns its height in design units.
float wrapped(const Canvas& c, float x, float y, float w, float size, ImU32 col, const std::string& t) {
    c.dl->AddText(c.font, c.px(size), c.pt(x, y), col, t.c_str(), nullptr, w * c.s);
    return c.font->CalcTextSizeA(c.px(size), FLT_MAX, w * c.s, t.c_str()).y / c.s;
}

void user_row(const Canvas& c, const std::string& user, float y0) {
    const float y1 = y0 + 64, cy = (y0 + y1) * 0.5f;
    c.dl->AddLine(c.pt(kSide, y0), c.pt(kScreenW - kSide, y0), kLine);
    c.dl->AddLine(c.pt(kSide, y1), c.pt(kScreenW - kSide, y1), kLine);
    const float ax = kSide + 20;
    c.dl->AddCircleFilled(c.pt(ax, cy), 20 * c.s, kAvatar, 32);
    if (!user.empty()) c.text_centered(ax, cy, 16, kWhite, std::string(1, char(std::toupper(user[0]))));
    c.text(ax + 32, cy - 10, 16, palette::text, user.empty() ? "微信用户" : user);
    c.text(ax + 32, cy + 12, 12, palette::text_dim, "微信个人信息");
    const float tx = kScreenW - kSide - 10;
    const ImVec2 tick[3] = {c.pt(tx - 7, cy), c.pt(tx - 2, cy + 5), c.pt(tx + 7, cy - 5)};
    c.dl->AddPolyline(tick, 3, palette::wechat_green, 0, std::max(1.5f, 2.2f * c.s));
    probe_text("wechat_auth.user", user);
}

bool page_button(const Canvas& c, const char* id, float y0, const char* label, bool primary, bool enabled) {
    const float x0 = kSide, x1 = kScreenW - kSide, y1 = y0 + kButtonH;
    const bool pressed = c.hit(id, x0, y0, x1, y1, enabled);
    const bool held = c.live && ImGui::IsItemActive();
    const ImU32 bg = primary ? (held ? palette::wechat_green_pressed : palette::wechat_green) : (held ? kGreyPressed : kGreyButton);
    c.fill(x0, y0, x1, y1, bg, 8);
    c.text_centered(kScreenW * 0.5f, (y0 + y1) * 0.5f, 17, primary ? kWhite : palette::wechat_green, label);
    return pressed;
}

float* handoff_since() { return ImGui::GetStateStorage()->GetFloatRef(ImGui::GetID("##wechat_auth_since"), -1.0f); }

// The hand-off: shown for a moment after the page first appears (per phone window, real time).
void handoff_banner(const Canvas& c) {
    float* since = handoff_since();
    const float now = float(ImGui::GetTime());
    if (*since < 0) *since = now;
    const float age = now - *since;
    if (age > kHandoffSeconds) return;
    // a strip under the title bar, above the App's icon, fading out at the end
    const float fade = std::clamp((kHandoffSeconds - age) / 0.3f, 0.0f, 1.0f);
    const float y0 = kStatusH + kNavH, y1 = y0 + 28;
    c.fill(0, y0, kScreenW, y1, IM_COL32(0xE6, 0xF8, 0xEE, int(255 * fade)));
    c.text_centered(kScreenW * 0.5f, (y0 + y1) * 0.5f, 13, IM_COL32(0x07, 0xC1, 0x60, int(255 * fade)), "正在打开微信…");
    probe_text("wechat_auth.handoff", "正在打开微信…");
}

}  // namespace

void wechat_auth_closed() { *handoff_since() = -1.0f; }

void native_app_icon(const Canvas& c, float cx, float cy, float half) {
    const PageImage& logo = page_image("univerify/logo.png");
    if (logo.tex)
        c.dl->AddImageRounded(logo.tex, c.pt(cx - half, cy - half), c.pt(cx + half, cy + half), ImVec2(0, 0), ImVec2(1, 1), kWhite,
                              half * 0.47f * c.s);
    else
        c.fill(cx - half, cy - half, cx + half, cy + half, palette::univerify_blue, half * 0.47f);
}

void draw_wechat_auth(const Canvas& c, const WechatAuthView& v, Intents& out) {
    c.fill(0, kStatusH, kScreenW, kScreenH, kWhite, kScreenRadius, ImDrawFlags_RoundCornersBottom);
    title_bar(c);
    probe_text("wechat_auth.page", v.app_name + " 申请获得以下权限");

    const float cx = kScreenW * 0.5f;
    native_app_icon(c, cx, 150, 32);
    c.text_centered(cx, 206, 17, palette::text, v.app_name);

    const float title_y = 262;
    c.dl->AddLine(c.pt(kSide, title_y - 26), c.pt(kScreenW - kSide, title_y - 26), kLine);
    // WeChat sets the request in a heavier weight: draw it twice, offset by a hair.
    c.text(kSide, title_y, 17, palette::text, "申请获得以下权限");
    c.text(kSide + 0.6f / c.s, title_y, 17, palette::text, "申请获得以下权限");
    c.dl->AddCircleFilled(c.pt(kSide + 3, title_y + 30), 2.5f * c.s, palette::text_dim, 12);
    const float h = wrapped(c, kSide + 12, title_y + 20, kScreenW - 2 * kSide - 12, 14, palette::text_dim,
                            "获得你的公开信息（昵称、头像、地区及性别）");

    user_row(c, v.user, title_y + 20 + h + 20);

    const float by = kScreenH - 48 - kButtonH * 2 - 12;
    if (page_button(c, "##wechat_auth_allow", by, "允许", true, v.enabled)) out.step = make_step("wechat_auth_allow");
    probe_live(c, "wechat_auth.allow");
    if (page_button(c, "##wechat_auth_deny", by + kButtonH + 12, "拒绝", false, v.enabled)) out.step = make_step("wechat_auth_deny");
    probe_live(c, "wechat_auth.deny");
    handoff_banner(c);
}

}  // namespace ls::gui
