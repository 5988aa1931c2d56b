// The Baidu app's account login dialog (app_login.hpp), shown when a smart program's
// <button open-type="login"> is tapped while the Baidu app is logged out (PLATFORM-FACTS §4.1). Its
// real layout is undocumented, so this is a plausible one and says so with an "assumption" tag: the
// page dimmed, a white bottom sheet with the 百度 logo, "登录百度账号", the phone's masked number,
// a blue full-width 一键登录 and a 取消 text button, an × in the corner. Design units are the
// phone's 360-px design space.
#include "app_login.hpp"
#include "i18n.hpp"
#include "probes.hpp"

#include "loginscope/univerify.hpp"

namespace ls::gui {

namespace {

constexpr float kSheetH = 400;
constexpr float kSide = 24;
constexpr ImU32 kGrey = IM_COL32(0x99, 0x99, 0x99, 255);
constexpr ImU32 kRowBg = IM_COL32(0xF5, 0xF6, 0xF8, 255);

bool close_x(const Canvas& c, float cx, float cy, bool enabled) {
    const bool pressed = c.hit("##baidu_close_x", cx - 16, cy - 16, cx + 16, cy + 16, enabled);
    const float d = 6, w = std::max(1.2f, 1.8f * c.s);
    const ImU32 col = c.live && ImGui::IsItemActive() ? palette::text : kGrey;
    c.dl->AddLine(c.pt(cx - d, cy - d), c.pt(cx + d, cy + d), col, w);
    c.dl->AddLine(c.pt(cx - d, cy + d), c.pt(cx + d, cy - d), col, w);
    return pressed;
}

// The 百度 word mark: bold blue text (drawn twice, a hair apart; no bold face is loaded) after a paw.
void baidu_logo(const Canvas& c, float cx, float cy) {
    const float size = 26, w = c.measure(size, "百度").x / c.s, paw = 22, gap = 6;
    const float x0 = cx - (paw + gap + w) * 0.5f, px = x0 + paw * 0.5f;
    c.dl->AddCircleFilled(c.pt(px, cy + 4), 6.5f * c.s, palette::baidu_blue, 24);  // the pad
    for (int i = 0; i < 4; ++i) {                                                    // the toes
        const float tx = px - 7.5f + 5.0f * i, ty = cy - 4 - (i == 1 || i == 2 ? 3.5f : 0);
        c.dl->AddCircleFilled(c.pt(tx, ty), 2.6f * c.s, palette::baidu_blue, 16);
    }
    c.text(x0 + paw + gap, cy, size, palette::baidu_blue, "百度");
    c.text(x0 + paw + gap + 0.7f / c.s, cy, size, palette::baidu_blue, "百度");
}

}  // namespace

void draw_baidu_dialog(const Canvas& c, const BaiduDialogView& v, Intents& out) {
    const float top = kScreenH - kSheetH, cx = kScreenW * 0.5f;
    c.fill(0, 0, kScreenW, kScreenH, IM_COL32(0, 0, 0, 110), kScreenRadius);  // the page, dimmed
    c.fill(0, top, kScreenW, kScreenH, kWhite, kScreenRadius, ImDrawFlags_RoundCornersBottom);
    c.fill(0, top, kScreenW, top + 40, kWhite, 16, ImDrawFlags_RoundCornersTop);
    const std::string number = mask_phone(v.number);
    probe_text("baidu.dialog", "登录百度账号 " + number);

    // the tag: the layout is LoginScope's guess (the Baidu app draws its own UI, undocumented); the tag
    // is LoginScope's, so it is in the interface's language (its probe stays "assumption")
    const std::string tag = tr("assumption");
    const float tw = c.measure(9, tag).x / c.s + 8, th = c.measure(9, tag).y / c.s + 2;
    c.fill(14, top + 12, 14 + tw, top + 12 + th, palette::assumption, 4);
    c.text_centered(14 + tw * 0.5f, top + 12 + th * 0.5f, 9, IM_COL32(0x33, 0x2B, 0x00, 255), tag);
    probe_text("baidu.assumption", "assumption");
    if (close_x(c, kScreenW - kSide, top + 24, v.enabled)) out.step = make_step("baidu_dialog_close");
    probe_live(c, "baidu.close_x");

    baidu_logo(c, cx, top + 66);
    c.text_centered(cx, top + 112, 19, palette::text, "登录百度账号");
    c.text_centered(cx + 0.6f / c.s, top + 112, 19, palette::text, "登录百度账号");
    c.text_centered(cx, top + 138, 13, kGrey, v.app_name + " 申请使用百度账号登录");

    // the number the Baidu app would log in with
    const float ry = top + 162, ry1 = ry + 58;
    c.fill(kSide, ry, kScreenW - kSide, ry1, kRowBg, 10);
    c.text_centered(cx, ry + 22, 22, palette::text, number);
    c.text_centered(cx, ry + 45, 11, kGrey, "本机号码");
    probe_text("baidu.number", number);

    // 一键登录: Baidu blue, full width
    const float by = ry1 + 22, by1 = by + 48;
    if (dialog_button(c, "##baidu_log_in", "baidu.log_in", kSide, by, by1, palette::baidu_blue, palette::baidu_blue_pressed, 24,
                      "一键登录", v.enabled))
        out.step = make_step("baidu_dialog_log_in");
    if (dialog_text_button(c, "##baidu_close", "baidu.close", by1 + 6, 15, kGrey, palette::text, "取消", v.enabled))
        out.step = make_step("baidu_dialog_close");
    c.text_centered(cx, kScreenH - 50, 11, kGrey, "登录即表示同意");
    c.text_centered(cx, kScreenH - 32, 11, kGrey, "《百度用户协议》和《隐私政策》");
}

}  // namespace ls::gui
