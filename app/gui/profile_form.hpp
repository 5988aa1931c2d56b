#pragma once
// 头像昵称填写 (PLATFORM-FACTS §6.6) on the mini program's logged-in page: the avatar button
// (<button open-type="chooseAvatar">), the nickname input (<input type="nickname">) and the form's
// 保存 (form-type="submit"); over it WeChat's avatar sheet and the nickname keyboard. The page and the
// keyboard share the input's place: while the keyboard is up it draws what is being typed there.
#include <string>

#include "panels.hpp"
#include "phone_canvas.hpp"

namespace ls::gui {

// Where the form sits in the phone's design space.
namespace profile_form {
constexpr float kAvatarX = kScreenW * 0.5f, kAvatarY = 166, kAvatarR = 36;
constexpr float kInputX0 = 58, kInputX1 = 222, kInputY0 = 214, kInputY1 = 250;
constexpr float kSaveX0 = 230, kSaveX1 = kScreenW - 58;
}  // namespace profile_form

// The avatar button, the input showing `fill.nickname` (or its placeholder) and 保存.
void draw_profile_form(const Canvas& c, const ProfileFill& fill, bool enabled, Intents& out);
// The input's box with `text` in it, `caret` after it when focused.
void draw_nickname_input(const Canvas& c, const std::string& text, bool caret);

// WeChat's avatar sheet: 用微信头像 / 从相册选择 / 拍照, then 取消.
void draw_avatar_sheet(const Canvas& c, bool enabled, Intents& out);

// The keyboard of the focused nickname input: WeChat's nickname offered above it (2.21.2+), keys
// that type (so is the computer's keyboard), 完成 to blur. What is typed goes to the engine as
// nickname_type steps, one per change, as bindinput fires per keystroke.
struct NicknameKeyboardView {
    std::string value;            // the input's value in the engine
    std::string wechat_nickname;  // offered above the keyboard
    bool suggests = true;         // base library 2.21.2+
    bool enabled = true;          // nothing in flight: a step can start
};
void draw_nickname_keyboard(const Canvas& c, const NicknameKeyboardView& v, Intents& out);
void nickname_keyboard_closed();  // the overlay is gone: the next one starts from the engine's value

}  // namespace ls::gui
