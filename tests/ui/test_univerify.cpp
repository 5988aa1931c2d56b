// The univerify one-click page in the phone, headless: it draws in both layouts, and its checkbox,
// login, other-login, close and custom buttons reach the engine through the worker with the
// callbacks and page state of PLATFORM-FACTS §5.5–5.6. Plus the style editor and the Faults tab.
#include <algorithm>

#include "harness.hpp"

#include "gui/panels.hpp"
#include "loginscope/catalog.hpp"

using namespace ls;
using namespace ls::gui;
using namespace ls::gui::test;

namespace {

// Tall enough that the whole Setup panel (phone line, DCloud app, uni API) is on screen.
const ImVec2 kTall(1280, 1800);

EngineConfig univerify_config() { return flow_config(Flow::Univerify); }

constexpr const char* kHalfStyle = R"({
  "backgroundColor": "#fafafa",
  "authButton": {"normalColor": "#e54d42", "title": "本机号码一键登录", "borderRadius": "8px"},
  "otherLoginButton": {"borderColor": "#dddddd", "normalColor": "#f0f0f0"},
  "closeIcon": {"path": "univerify/close.png", "width": "40px", "height": "40px"},
  "privacyTerms": {"defaultCheckBoxState": false, "checkBoxSize": 16, "textColor": "#999999",
                   "privacyItems": [{"url": "https://example.com/t", "title": "用户服务协议"},
                                    {"url": "", "title": "ignored: no url"},
                                    {"url": "https://example.com/p", "title": "隐私政策"},
                                    {"url": "https://example.com/x", "title": "third: not shown"}]}
})";

constexpr const char* kFullStyle = R"({
  "fullScreen": true,
  "backgroundImage": "univerify/background.png",
  "icon": {"path": "univerify/logo.png", "width": "72px", "height": "72px"},
  "phoneNum": {"color": "#111111"},
  "slogan": {"color": "#999999"},
  "authButton": {"normalColor": "#e54d42", "title": "一键登录"},
  "privacyTerms": {"checkedImage": "univerify/checked.png", "uncheckedImage": "univerify/unchecked.png",
                   "isCenterHint": true, "defaultCheckBoxState": false},
  "buttons": {"iconWidth": "40px", "list": [{"provider": "apple", "iconPath": "/static/apple.png"},
                                            {"provider": "weixin", "iconPath": "/static/weixin.png"}]}
})";

void use_style(AppState& s, const char* json) {
    UniverifyStyleDraft& d = s.ui.setup.univerify_style;
    d.loaded = true;
    set_style_json(d, json);
    INFO(d.error);
    REQUIRE(d.error.empty());
}

// uni.login from the toolbar: the page opens and uni.login waits for a tap.
void open_page(Headless& h, AppState& s, const char* style) {
    use_style(s, style);
    tap(h, s, "toolbar.login");
    REQUIRE(s.engine().univerify_page().open);
    REQUIRE(s.engine().univerify_page().login_pending);
    REQUIRE(h.has_probe("univerify.login_button"));
}

// The half-screen page open on a tall window, uni.login waiting.
struct HalfPage {
    Headless h{false, kTall};
    AppState s{univerify_config()};
    HalfPage() { open_page(h, s, kHalfStyle); }
};

size_t console_count(const AppState& s, const std::string& part) {
    return size_t(std::count_if(s.console().begin(), s.console().end(),
                                [&](const std::string& l) { return l.find(part) != std::string::npos; }));
}

}  // namespace

TEST_CASE("the univerify page draws 500 frames in half and full screen with a non-default style") {
    for (const char* style : {kHalfStyle, kFullStyle}) {
        Headless h(false, kTall);
        AppState s(univerify_config());
        open_page(h, s, style);
        h.frames(s, 250);
        tap(h, s, "univerify.login_button");  // unchecked: the hint shows too
        REQUIRE(s.engine().univerify_page().hint_visible);
        h.frames(s, 250);
        CHECK(h.probe("univerify.page").text == (style == kFullStyle ? "full" : "half"));
        CHECK(h.probe("univerify.number").text == "138****8000");
        CHECK(h.probe("univerify.slogan").text.find("中国移动") == 0);
        CHECK_FALSE(h.has_probe("univerify.missing_images"));
    }
}

TEST_CASE_METHOD(HalfPage, "the agreement line: prefix, the carrier's term, at most two valid items, suffix") {
    const std::string term = carrier_info(Carrier::ChinaMobile).term;
    CHECK(h.probe("univerify.terms").text == "我已阅读并同意" + term + "《用户服务协议》《隐私政策》并使用本机号码登录");
}

TEST_CASE_METHOD(HalfPage, "clicking the page's checkbox flips it and uni.getCheckBoxState reports it") {
    REQUIRE_FALSE(s.engine().univerify_page().checked);  // defaultCheckBoxState: false
    CHECK(h.probe("univerify.checkbox").text == "unchecked");
    tap(h, s, "univerify.checkbox");
    CHECK(s.engine().univerify_page().checked);
    CHECK(h.probe("univerify.checkbox").text == "checked");
    tap(h, s, "setup.get_checkbox_state");
    REQUIRE(s.engine().last_result());
    CHECK(s.engine().last_result()->ok);
    CHECK(s.engine().last_result()->detail == "true");
    tap(h, s, "univerify.checkbox");
    CHECK_FALSE(s.engine().univerify_page().checked);
    CHECK(s.engine().get_checkbox_state().detail == "false");
}

TEST_CASE_METHOD(HalfPage, "login with the box unchecked shows the hint (an assumption) and calls nothing") {
    const size_t callbacks = console_count(s, "uni.login");
    tap(h, s, "univerify.login_button");
    const UniverifyPageState page = s.engine().univerify_page();
    CHECK(page.open);
    CHECK(page.login_pending);
    CHECK(page.hint_visible);
    CHECK(h.probe("univerify.hint").text == find_assumption("univerify.unchecked_hint")->value);
    REQUIRE(s.engine().last_result());
    CHECK(s.engine().last_result()->pending);
    CHECK_FALSE(s.engine().last_result()->errcode);
    CHECK(console_count(s, "uni.login") == callbacks);  // neither success, fail nor complete
    CHECK(s.engine().identity().token.empty());
    CHECK_FALSE(h.has_probe("phone.error_modal"));
    tap(h, s, "univerify.checkbox");  // ticking the box hides the hint
    CHECK_FALSE(h.has_probe("univerify.hint"));
}

TEST_CASE_METHOD(HalfPage, "login with the box checked succeeds: authResult, then our token") {
    tap(h, s, "univerify.checkbox");
    const ActionResult r = tap_result(h, s, "univerify.login_button");
    CHECK(r.ok);
    CHECK_FALSE(r.token.empty());
    CHECK(s.engine().identity().token == r.token);
    CHECK_FALSE(s.engine().univerify_page().login_pending);
    CHECK(console_count(s, "uni.login success") == 1);
    CHECK(h.has_probe("phone.logged_in"));
}

TEST_CASE_METHOD(HalfPage, "the other-login button fails uni.login with 30002") {
    const ActionResult r = tap_result(h, s, "univerify.other_login");
    CHECK_FALSE(r.ok);
    CHECK(r.errMsg == "login:fail 用户点击了其他登录方式");
    CHECK(r.errcode == 30002);
    CHECK(h.probe("phone.error_modal").text.find("30002") != std::string::npos);
}

TEST_CASE_METHOD(HalfPage, "the close icon fails uni.login with 30003 and closes the page") {
    const ActionResult r = tap_result(h, s, "univerify.close");
    CHECK_FALSE(r.ok);
    CHECK(r.errcode == 30003);
    CHECK_FALSE(s.engine().univerify_page().open);
    CHECK_FALSE(h.has_probe("univerify.login_button"));
}

TEST_CASE("custom button N without a univerifyManager: the page closes, uni.login fails with 30008 and N") {
    Headless h(false, kTall);
    AppState s(univerify_config());
    open_page(h, s, kFullStyle);
    CHECK(h.probe("univerify.custom_button.1").text == "weixin");
    const ActionResult r = tap_result(h, s, "univerify.custom_button.1");
    CHECK_FALSE(r.ok);
    CHECK(r.errcode == 30008);
    CHECK_FALSE(s.engine().univerify_page().open);
    CHECK(console_count(s, "\"index\":1") >= 1);
    CHECK(console_count(s, "\"provider\":\"weixin\"") >= 1);
}

TEST_CASE("custom button N with a univerifyManager and a subscriber: the page stays, nothing fails") {
    Headless h(false, kTall);
    AppState s(univerify_config());
    tap(h, s, "setup.get_manager");
    tap(h, s, "setup.on_buttons_click");
    REQUIRE(s.engine().univerify_page().button_subscribers == 1);
    open_page(h, s, kFullStyle);
    const ActionResult r = tap_result(h, s, "univerify.custom_button.0");
    CHECK(r.ok);
    CHECK_FALSE(r.errcode);
    CHECK(s.engine().univerify_page().open);
    CHECK(s.engine().univerify_page().login_pending);
    CHECK(console_count(s, "onButtonsClick") == 1);
    CHECK(console_count(s, "\"provider\":\"apple\"") == 1);
    CHECK(console_count(s, "uni.login fail") == 0);
    tap(h, s, "toolbar.close_auth_view");
    CHECK_FALSE(s.engine().univerify_page().open);
}

TEST_CASE("custom buttons show in full screen only") {
    Headless h(false, kTall);
    AppState s(univerify_config());
    std::string half = kFullStyle;
    half.replace(half.find("\"fullScreen\": true"), 18, "\"fullScreen\": false");
    open_page(h, s, half.c_str());
    CHECK_FALSE(h.has_probe("univerify.custom_button.0"));
}

TEST_CASE("a missing image falls back to a placeholder and is named on the page") {
    Headless h(false, kTall);
    AppState s(univerify_config());
    open_page(h, s, R"({"icon": {"path": "univerify/no-such-logo.png"}, "closeIcon": {"path": "../outside.png"}})");
    const std::string missing = h.probe("univerify.missing_images").text;
    CHECK(missing.find("icon.path: univerify/no-such-logo.png (not found)") != std::string::npos);
    CHECK(missing.find("closeIcon.path: ../outside.png (refused") != std::string::npos);
    h.frames(s, 3);  // drawn again and again, but journaled once per image
    int journaled = 0;
    for (const Event& e : s.engine().journal().all())
        if (e.kind == "asset.missing") {
            ++journaled;
            CHECK((e.text.find("no-such-logo.png") != std::string::npos || e.text.find("outside.png") != std::string::npos));
        }
    CHECK(journaled == 2);
    tap(h, s, "univerify.close");  // the placeholder is still the close button
    CHECK_FALSE(s.engine().univerify_page().open);
}

TEST_CASE("the style editor validates JSON as you type and keeps the last valid style") {
    UniverifyStyleDraft d;
    set_style_json(d, R"({"authButton": {"normalColor": "#e54d42"}})");
    REQUIRE(d.error.empty());
    CHECK(d.style.authButton.normalColor == "#e54d42");
    set_style_json(d, R"({"authButton": {"normalColor": "red"}})");
    CHECK(d.error.find("univerifyStyle.authButton.normalColor") != std::string::npos);
    CHECK(d.style.authButton.normalColor == "#e54d42");
    set_style_json(d, R"({"privacyTerms": {"prefx": "typo"}})");
    CHECK(d.error.empty());  // a key the docs do not list is ignored, as the SDK ignores it, and named below
    REQUIRE(d.style.ignored.size() == 1);
    CHECK(style_key(d.style.ignored[0].pointer) == "privacyTerms.prefx");
    set_style_json(d, R"({"fullScreen": tru)");
    CHECK(d.error.rfind("JSON parse error", 0) == 0);

    Headless h(false, kTall);
    AppState s(univerify_config());
    h.frames(s, 2);
    s.ui.setup.univerify_style.json = "{\"fullScreen\": 1}";
    set_style_json(s.ui.setup.univerify_style, s.ui.setup.univerify_style.json);
    h.frames(s, 2);
    CHECK(h.probe("univerify_style.error").text.find("fullScreen") != std::string::npos);
    h.click(s, "univerify_style.full_screen");  // the form rewrites the JSON from the last valid style
    CHECK(s.ui.setup.univerify_style.error.empty());
    CHECK(s.ui.setup.univerify_style.style.fullScreen);
    tap(h, s, "toolbar.login");
    CHECK(s.engine().univerify_page().style.fullScreen);
}

TEST_CASE("the Faults tab offers the univerify catalog's presets and phone changes") {
    Headless h(false, kTall);
    AppState s(univerify_config());
    h.click(s, "tab.faults");
    CHECK_FALSE(h.has_probe("faults.preset.code_been_used"));  // WeChat's presets belong to WeChat flows
    h.click(s, "faults.preset.number_failed");
    REQUIRE(s.engine().faults().size() == 1);
    CHECK(s.engine().faults()[0].code == "40047");
    tap(h, s, "toolbar.login");
    REQUIRE(s.engine().last_result()->errcode);
    CHECK(*s.engine().last_result()->errcode == 40047);

    h.click(s, "phone.modal_ok");
    h.click(s, "tab.faults");
    h.click(s, "faults.preset.data_off");
    CHECK_FALSE(s.engine().environment().line.cellular_data);
    CHECK_FALSE(s.ui.setup.env.line.cellular_data);  // the setup form follows
    h.click(s, "faults.preset.data_off");  // armed for the next call: a second click undoes it
    CHECK(s.engine().environment().line.cellular_data);
}

TEST_CASE("the style editor names the options the docs do not list, and uni.login journals that it ignored them") {
    Headless h(false, kTall);
    AppState s(univerify_config());
    use_style(s, R"({"privacyTerms": {"fontSize": 12, "textColor": "#111111"}})");
    h.frames(s, 2);
    CHECK(h.probe("univerify_style.ignored").text == "privacyTerms.fontSize");
    CHECK(h.probe("univerify_style.error").text.empty());
    tap(h, s, "toolbar.login");
    REQUIRE(s.engine().univerify_page().open);
    CHECK(s.engine().univerify_page().style.privacyTerms.textColor == "#111111");
    bool journaled = false;
    for (const Event& e : s.engine().journal().all())
        journaled = journaled || (e.kind == "univerify.style_ignored" && e.text.find("privacyTerms.fontSize") != std::string::npos);
    CHECK(journaled);
}
