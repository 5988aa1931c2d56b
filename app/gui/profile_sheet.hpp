#pragma once
// WeChat's authorization sheet for wx.getUserProfile (PLATFORM-FACTS §6.3), drawn inside the phone
// over the mini program: the page dimmed, a white sheet from the bottom with the mini program's
// icon and name, what it asks for, the WeChat user it would share, and 拒绝 / 允许.
#include <string>

#include "panels.hpp"
#include "phone_canvas.hpp"

namespace ls::gui {

struct ProfileSheetView {
    std::string app_name;  // the mini program's name, as its title bar shows it
    std::string user;      // the WeChat user whose nickname and avatar would be shared
    bool enabled = true;   // taps are taken: nothing in flight, no dialog on top
};
void draw_profile_sheet(const Canvas& c, const ProfileSheetView& v, Intents& out);

// The frame WeChat's sheets share: the page dimmed, the white sheet, the mini program's icon and name,
// `request` in bold and `detail` in grey; returns where the sheet's own row goes.
float wechat_sheet_frame(const Canvas& c, const std::string& app_name, const char* request, const char* detail);
// 拒绝 and 允许 at the sheet's foot: the steps "<key>_deny" / "<key>_allow", probes "<key>.deny" / ".allow".
void wechat_sheet_buttons(const Canvas& c, const char* key, bool enabled, Intents& out);

// WeChat's phone-number sheet (手机号快速验证, PLATFORM-FACTS §1.7), the same frame: what the mini
// program asks for, the number bound to the account (masked) with its tick, 拒绝 / 允许.
struct PhoneNumberSheetView {
    std::string app_name;
    std::string masked_number;  // 138****8000
    bool enabled = true;
};
void draw_phone_number_sheet(const Canvas& c, const PhoneNumberSheetView& v, Intents& out);

}  // namespace ls::gui
