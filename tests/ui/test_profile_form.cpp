// 头像昵称填写 in the phone, headless (PLATFORM-FACTS §6.6): the logged-in mini program page's avatar
// button opens WeChat's sheet; the nickname input raises a keyboard whose keys type (as does the
// computer's keyboard), offers the WeChat nickname, and 完成 blurs it; 保存 submits the form. A
// refusal of WeChat's content check is WeChat's own toast, not the app's error dialog.
#include "harness.hpp"

using namespace ls;
using namespace ls::gui;
using namespace ls::gui::test;

namespace {

EngineConfig fill_config(const std::string& content_check = "pass") {
    EngineConfig cfg = in_process_config();
    cfg.env.content_check = content_check;
    return cfg;
}

bool keyboard_up(const Engine& e) { return e.profile_fill().keyboard; }

struct LoggedIn {
    Headless h;
    AppState s;
    explicit LoggedIn(const std::string& content_check = "pass") : s(fill_config(content_check)) {
        REQUIRE(tap_result(h, s, "phone.login_button").ok);
        REQUIRE(h.has_probe("phone.choose_avatar"));
    }
    void open_keyboard() {
        tap(h, s, "phone.nickname_input");
        REQUIRE(keyboard_up(s.engine()));
        REQUIRE(s.engine().last_result()->pending);
        for (const char* p : {"nickname_keyboard.done", "nickname_keyboard.suggestion", "nickname_keyboard.key.q"}) REQUIRE(h.has_probe(p));
    }
    void type_keys(const std::string& letters) {
        for (char c : letters) tap(h, s, std::string("nickname_keyboard.key.") + c);
    }
};

}  // namespace

TEST_CASE("the avatar button opens WeChat's sheet over the page, and a picture from the album becomes the page's avatar") {
    LoggedIn t;
    CHECK(t.h.probe("phone.choose_avatar").text == "default");
    tap_open_dialog(t.h, t.s, "phone.choose_avatar", &Engine::avatar_sheet_open,
                    {"avatar_sheet.wechat", "avatar_sheet.album", "avatar_sheet.camera", "avatar_sheet.cancel"});
    frames_with_dialog(t.h, t.s, &Engine::avatar_sheet_open);
    CHECK_FALSE(t.h.has_probe("phone.choose_avatar"));  // the sheet covers the page
    const ActionResult r = answer_dialog(t.h, t.s, "avatar_sheet.album", &Engine::avatar_sheet_open);
    CHECK(r.ok);
    const std::string url = t.s.engine().profile_fill().avatar_url;
    CHECK(url.rfind("http://tmp/", 0) == 0);
    CHECK(t.h.probe("phone.choose_avatar").text == url);
}

TEST_CASE("取消 on the avatar sheet closes it and keeps the default avatar") {
    LoggedIn t;
    tap_open_dialog(t.h, t.s, "phone.choose_avatar", &Engine::avatar_sheet_open, {"avatar_sheet.cancel"});
    answer_dialog(t.h, t.s, "avatar_sheet.cancel", &Engine::avatar_sheet_open);
    CHECK(t.h.probe("phone.choose_avatar").text == "default");
    CHECK_FALSE(t.h.has_probe("phone.error_modal"));
}

TEST_CASE("the keyboard's keys and the computer's keyboard type into the nickname, ⌫ deletes, 完成 and 保存 keep it") {
    LoggedIn t;
    t.open_keyboard();
    CHECK(t.h.probe("nickname_keyboard.suggestion").text == "alice");
    t.type_keys("bo");
    ImGui::GetIO().AddInputCharactersUTF8("bx");  // the computer's keyboard
    t.h.frame(t.s);
    REQUIRE(t.h.wait_idle(t.s));
    CHECK(t.s.engine().profile_fill().nickname == "bobx");
    tap(t.h, t.s, "nickname_keyboard.key.back");
    CHECK(t.s.engine().profile_fill().nickname == "bob");
    CHECK(t.h.probe("nickname_keyboard.text").text == "bob");
    tap(t.h, t.s, "nickname_keyboard.done");
    REQUIRE(t.h.wait_idle(t.s));
    CHECK_FALSE(keyboard_up(t.s.engine()));
    CHECK(t.h.probe("phone.nickname_input").text == "bob");
    REQUIRE(tap_result(t.h, t.s, "phone.profile_submit").ok);
    CHECK(t.s.engine().profile_fill().submitted);
    CHECK(t.h.probe("phone.profile_filled").text == "资料已保存");
}

TEST_CASE("keystrokes made while a step runs are not lost: they go with the next step") {
    LoggedIn t;
    t.open_keyboard();
    for (const char* ch : {"a", "b", "c", "d", "e", "f"}) {  // one character a frame, never waiting for the engine
        ImGui::GetIO().AddInputCharactersUTF8(ch);
        t.h.frame(t.s);
    }
    REQUIRE(t.h.wait_idle(t.s));
    t.h.frames(t.s, 3);
    REQUIRE(t.h.wait_idle(t.s));
    CHECK(t.s.engine().profile_fill().nickname == "abcdef");
}

TEST_CASE("the WeChat nickname above the keyboard fills the input in one tap") {
    LoggedIn t;
    t.open_keyboard();
    tap(t.h, t.s, "nickname_keyboard.suggestion");
    CHECK(t.s.engine().profile_fill().nickname == "alice");
    CHECK(t.h.probe("nickname_keyboard.text").text == "alice");
    t.type_keys("x");
    CHECK(t.s.engine().profile_fill().nickname == "alicex");
}

TEST_CASE("a nickname WeChat's check rejects is cleared with WeChat's toast, not the app's error dialog") {
    LoggedIn t("reject");
    t.open_keyboard();
    t.type_keys("bad");
    tap(t.h, t.s, "nickname_keyboard.done");
    REQUIRE(t.h.wait_idle(t.s));
    CHECK(t.s.engine().profile_fill().nickname.empty());
    CHECK(t.h.probe("phone.toast").text == "无法使用该昵称");
    CHECK_FALSE(t.h.has_probe("phone.error_modal"));
    CHECK(t.h.probe("phone.nickname_input").text.empty());
    // The toast goes with the next thing the user does; the keyboard starts from the cleared value.
    t.open_keyboard();
    CHECK_FALSE(t.h.has_probe("phone.toast"));
    CHECK(t.h.probe("nickname_keyboard.text").text.empty());
}

TEST_CASE("保存 with no nickname: the page's own dialog asks for one") {
    LoggedIn t;
    const ActionResult r = tap_result(t.h, t.s, "phone.profile_submit");
    CHECK_FALSE(r.ok);
    CHECK(t.h.has_probe("phone.error_modal"));
}

TEST_CASE("Setup's content check: choosing 不通过 makes WeChat refuse the next nickname") {
    Headless h(false, ImVec2(1280, 900));
    AppState s(fill_config());
    h.choose(s, "setup.content_check", "pass", "reject");
    REQUIRE(h.wait_idle(s));
    CHECK(s.engine().environment().content_check == "reject");
    REQUIRE(tap_result(h, s, "phone.login_button").ok);
    tap(h, s, "phone.nickname_input");
    tap(h, s, "nickname_keyboard.suggestion");
    tap(h, s, "nickname_keyboard.done");
    CHECK(s.engine().profile_fill().nickname.empty());
    CHECK(h.probe("phone.toast").text == "无法使用该昵称");
}
