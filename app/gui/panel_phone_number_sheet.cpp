// WeChat's phone-number sheet (手机号快速验证, profile_sheet.hpp): the frame of WeChat's sheets, the
// request, the number bound to the account (masked) with WeChat's tick, then 拒绝 / 允许. The exact
// wording and buttons are an assumption (wechat.phone.sheet_layout).
#include "probes.hpp"
#include "profile_sheet.hpp"

namespace ls::gui {

namespace {
constexpr float kSide = 24;
constexpr ImU32 kRowBg = IM_COL32(0xF7, 0xF7, 0xF7, 255);

void number_row(const Canvas& c, const std::string& masked, float y0) {
    const float y1 = y0 + 56, cy = (y0 + y1) * 0.5f;
    c.fill(kSide, y0, kScreenW - kSide, y1, kRowBg, 8);
    c.text(kSide + 14, cy - 9, 17, palette::text, masked);
    c.text(kSide + 14, cy + 12, 12, palette::text_dim, "微信绑定号码");
    const float tx = kScreenW - kSide - 22;
    const ImVec2 tick[3] = {c.pt(tx - 6, cy), c.pt(tx - 1.5f, cy + 4.5f), c.pt(tx + 7, cy - 5)};
    c.dl->AddPolyline(tick, 3, palette::wechat_green, 0, std::max(1.5f, 2.2f * c.s));
    probe_text("phone_number.number", masked);
}
}  // namespace

void draw_phone_number_sheet(const Canvas& c, const PhoneNumberSheetView& v, Intents& out) {
    probe_text("phone_number.sheet", v.app_name + " 申请获取并验证你的手机号");
    number_row(c, v.masked_number, wechat_sheet_frame(c, v.app_name, "申请获取并验证你的手机号", "用于登录和账号安全验证"));
    wechat_sheet_buttons(c, "phone", v.enabled, out);
}

}  // namespace ls::gui
