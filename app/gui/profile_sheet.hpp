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

}  // namespace ls::gui
