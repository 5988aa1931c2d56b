// The univerify one-click page in the real window (GLFW + OpenGL 3, PNG icons as textures): the
// half and full layouts with a non-default style show its colours and images.
#include "screenshot.hpp"

using namespace ls::gui::test;

namespace {

constexpr int kPhoneX0 = 270, kPhoneX1 = 530;  // the phone's columns at 1280x720

constexpr const char* kHalf = R"({
  "name": "univerify half screen, red login button, unchecked box and its hint",
  "flow": "univerify",
  "steps": [
    {"action": "pre_login", "expect": {"ok": true}},
    {"action": "univerify_login", "style": {
      "authButton": {"normalColor": "#e54d42"},
      "privacyTerms": {"defaultCheckBoxState": false,
                       "privacyItems": [{"url": "https://example.com/t", "title": "用户服务协议"}]}},
     "expect": {"pending": true}},
    {"action": "page_tap_login", "expect": {"pending": true, "page_hint": true}}
  ]
})";

constexpr const char* kFull = R"({
  "name": "univerify full screen, red login button, custom checkbox images, two custom buttons",
  "flow": "univerify",
  "steps": [
    {"action": "univerify_login", "style": {
      "fullScreen": true,
      "backgroundImage": "univerify/background.png",
      "authButton": {"normalColor": "#e54d42", "title": "一键登录"},
      "privacyTerms": {"checkedImage": "univerify/checked.png", "uncheckedImage": "univerify/unchecked.png",
                       "checkBoxSize": 16, "defaultCheckBoxState": false},
      "buttons": {"list": [{"provider": "apple", "iconPath": "/static/apple.png"},
                           {"provider": "weixin", "iconPath": "/static/weixin.png"}]}},
     "expect": {"pending": true}},
    {"action": "page_toggle_checkbox", "expect": {"page_checked": true}}
  ]
})";

}  // namespace

TEST_CASE("screenshot: the univerify half-screen page with a red login button and the hint") {
    if (no_display()) return;
    const std::string out = scenario_shot("univerify-half", kHalf);
    Png png(out);
    CHECK(png.count_near(0xE5, 0x4D, 0x42, 6, kPhoneX0, kPhoneX1) > 2000);  // authButton.normalColor
    CHECK(png.count_near(0x34, 0x79, 0xF5, 6, kPhoneX0, kPhoneX1) < 50);    // not the default blue
    CHECK(png.count_near(0xF5, 0xC5, 0x42, 8, kPhoneX0, kPhoneX1) > 100);   // the hint's assumption badge
    std::remove(out.c_str());
}

TEST_CASE("screenshot: the univerify full-screen page with custom images and buttons") {
    if (no_display()) return;
    const std::string out = scenario_shot("univerify-full", kFull);
    Png png(out);
    CHECK(png.count_near(0xE5, 0x4D, 0x42, 6, kPhoneX0, kPhoneX1) > 2000);  // authButton.normalColor
    CHECK(png.count_near(0x07, 0xC1, 0x60, 10, kPhoneX0, kPhoneX1) > 150);  // weixin.png, a custom button
    CHECK(png.count_near(0xFF, 0x7A, 0x00, 10, kPhoneX0, kPhoneX1) > 40);   // checked.png after the tap
    CHECK(png.count_near(0x99, 0x99, 0x99, 0, kPhoneX0, kPhoneX1) < 400);   // no missing-image placeholders
    std::remove(out.c_str());
}
