#pragma once
// The App flows' pages drawn inside the phone (PLATFORM-FACTS §2, §6.1, §6.2): WeChat's
// authorization page, which comes to the front when an App hands off to WeChat (wx.weixinAppLogin,
// uni.login weixin), the Sign in with Apple sheet (uni.login apple), and the Baidu app's account
// login dialog (swan's login button while Baidu is logged out, §4.1).
#include <string>

#include "panels.hpp"
#include "loginscope/platform_pack.hpp"
#include "phone_canvas.hpp"

namespace ls::gui {

constexpr const char* kNativeAppName = "示例App";

struct WechatAuthView {
    std::string app_name;  // the App that asked WeChat to log in
    std::string user;      // the WeChat user logged in on the phone
    bool enabled = true;   // taps are taken: nothing in flight, no dialog on top
};
// A full-screen WeChat page over the App, with a short "正在打开微信…" hand-off banner on top.
void draw_wechat_auth(const Canvas& c, const WechatAuthView& v, Intents& out);
// Call while the page is not showing: the next time it opens, the hand-off banner shows again.
void wechat_auth_closed();

struct AppleSheetView {
    std::string app_name;
    std::string user;  // the Apple ID's owner: name row, and the email it would share
    bool enabled = true;
};
// The iOS bottom sheet: the page dimmed, white sheet, black 继续 and a 取消 text button.
void draw_apple_sheet(const Canvas& c, const AppleSheetView& v, Intents& out);

struct BaiduDialogView {
    std::string app_name;  // the smart program whose login button was tapped
    std::string number;    // the phone's number, shown masked (138****8000)
    bool enabled = true;
};
// The Baidu app's account login dialog (swan, Baidu logged out): a bottom sheet with a blue
// 一键登录 and 取消 / ×. Its layout is an assumption and carries the tag.
void draw_baidu_dialog(const Canvas& c, const BaiduDialogView& v, Intents& out);

// A platform pack's own dialog (PackSheet: title, lines, buttons that each take a step): a bottom
// sheet, the first button in the pack's brand colour, the rest as text buttons. Packs' dialogs are
// their platforms' own UI, undocumented: the sheet carries the assumption tag.
struct PackSheetView {
    const PackSheet& sheet;
    Flow flow;  // whose brand colour its first button has
    bool enabled = true;
};
void draw_pack_sheet(const Canvas& c, const PackSheetView& v, Intents& out);

// The App's icon (assets/univerify/logo.png, or a drawn stand-in), a rounded square.
void native_app_icon(const Canvas& c, float cx, float cy, float half);
// The Apple logo, drawn (no font has it): an apple of `h` design units high centred on (cx, cy).
void apple_glyph(const Canvas& c, float cx, float cy, float h, ImU32 col, ImU32 bg);  // bg: the bite

}  // namespace ls::gui
