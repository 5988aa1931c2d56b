// univerifyStyle (PLATFORM-FACTS §5.4): every documented default, overrides, keys the docs do not
// list kept and ignored, rejections of known keys that name the full key, the JSON round trip, the privacy items the page shows, and the CSS helpers.
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "loginscope/univerify.hpp"

using namespace ls;
using nlohmann::json;

namespace {
// The message of the std::invalid_argument univerify_style_from_json throws ("" when it does not).
std::string rejection(const json& j) {
    try {
        univerify_style_from_json(j);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "";
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }
}  // namespace

// ---- defaults ---------------------------------------------------------------------------------

TEST_CASE("a default univerifyStyle has every default of the docs", "[univerify][style]") {
    const UniverifyStyle s;
    CHECK_FALSE(s.fullScreen);
    CHECK(s.backgroundColor == "#ffffff");
    CHECK(s.backgroundImage.empty());
    CHECK(s.icon.path.empty());
    CHECK(s.icon.width == "60px");
    CHECK(s.icon.height == "60px");
    CHECK(s.closeIcon.width == "60px");
    CHECK(s.closeIcon.height == "60px");
    CHECK(s.phoneNum.color == "#202020");
    CHECK(s.slogan.color == "#BBBBBB");

    CHECK(s.authButton.normalColor == "#3479f5");
    CHECK(s.authButton.highlightColor == "#2861c5");
    CHECK(s.authButton.disabledColor == "#73aaf5");
    CHECK(s.authButton.textColor == "#ffffff");
    CHECK(s.authButton.title == "本机号码一键登录");
    CHECK(s.authButton.borderRadius == "24px");

    CHECK(s.otherLoginButton.visible);
    CHECK(s.otherLoginButton.normalColor.empty());      // transparent
    CHECK(s.otherLoginButton.highlightColor.empty());   // transparent
    CHECK(s.otherLoginButton.borderColor.empty());      // transparent
    CHECK(s.otherLoginButton.textColor == "#656565");
    CHECK(s.otherLoginButton.title == "其他登录方式");

    CHECK(s.privacyTerms.defaultCheckBoxState);
    CHECK_FALSE(s.privacyTerms.isCenterHint);
    CHECK(s.privacyTerms.uncheckedImage.empty());
    CHECK(s.privacyTerms.checkedImage.empty());
    CHECK(s.privacyTerms.checkBoxSize == 12);
    CHECK(s.privacyTerms.textColor == "#BBBBBB");
    CHECK(s.privacyTerms.termsColor == "#5496E3");
    CHECK(s.privacyTerms.prefix == "我已阅读并同意");
    CHECK(s.privacyTerms.suffix == "并使用本机号码登录");
    CHECK(s.privacyTerms.privacyItems.empty());

    CHECK(s.buttons.iconWidth == "45px");
    CHECK(s.buttons.list.empty());
}

TEST_CASE("an empty univerifyStyle object parses to the defaults", "[univerify][style]") {
    const UniverifyStyle s = univerify_style_from_json(json::object());
    CHECK(univerify_style_to_json(s) == univerify_style_to_json(UniverifyStyle{}));
    // The same keys with empty sub-objects change nothing either.
    const UniverifyStyle t = univerify_style_from_json(json{{"icon", json::object()},
                                                            {"authButton", json::object()},
                                                            {"otherLoginButton", json::object()},
                                                            {"privacyTerms", json::object()},
                                                            {"buttons", json::object()}});
    CHECK(univerify_style_to_json(t) == univerify_style_to_json(UniverifyStyle{}));
}

// ---- overrides --------------------------------------------------------------------------------

TEST_CASE("univerifyStyle overrides replace only the keys given", "[univerify][style]") {
    const json j = R"({
        "fullScreen": true,
        "backgroundColor": "#000000",
        "backgroundImage": "/static/bg.png",
        "icon": {"path": "/static/logo.png", "width": "80px"},
        "closeIcon": {"path": "/static/close.png", "height": "30px"},
        "phoneNum": {"color": "#ff0000"},
        "slogan": {"color": "#00FF00"},
        "authButton": {"normalColor": "#111111", "title": "一键登录", "borderRadius": "8px"},
        "otherLoginButton": {"visible": false, "normalColor": "#222222", "title": "换个方式", "borderColor": ""},
        "privacyTerms": {"defaultCheckBoxState": false, "isCenterHint": true, "checkBoxSize": 16,
                         "textColor": "#333333", "termsColor": "#444444", "prefix": "同意", "suffix": "并登录",
                         "uncheckedImage": "/static/u.png", "checkedImage": "/static/c.png",
                         "privacyItems": [{"url": "https://a.example/terms", "title": "用户服务协议"}]},
        "buttons": {"iconWidth": "50px", "list": [{"provider": "apple", "iconPath": "/static/apple.png"},
                                                   {"provider": "weixin"}]}
    })"_json;
    const UniverifyStyle s = univerify_style_from_json(j);
    CHECK(s.fullScreen);
    CHECK(s.backgroundColor == "#000000");
    CHECK(s.backgroundImage == "/static/bg.png");
    CHECK(s.icon.path == "/static/logo.png");
    CHECK(s.icon.width == "80px");
    CHECK(s.icon.height == "60px");  // not given: default
    CHECK(s.closeIcon.path == "/static/close.png");
    CHECK(s.closeIcon.width == "60px");
    CHECK(s.closeIcon.height == "30px");
    CHECK(s.phoneNum.color == "#ff0000");
    CHECK(s.slogan.color == "#00FF00");

    CHECK(s.authButton.normalColor == "#111111");
    CHECK(s.authButton.highlightColor == "#2861c5");
    CHECK(s.authButton.disabledColor == "#73aaf5");
    CHECK(s.authButton.textColor == "#ffffff");
    CHECK(s.authButton.title == "一键登录");
    CHECK(s.authButton.borderRadius == "8px");

    CHECK_FALSE(s.otherLoginButton.visible);
    CHECK(s.otherLoginButton.normalColor == "#222222");
    CHECK(s.otherLoginButton.title == "换个方式");
    CHECK(s.otherLoginButton.textColor == "#656565");
    CHECK(s.otherLoginButton.borderColor.empty());

    CHECK_FALSE(s.privacyTerms.defaultCheckBoxState);
    CHECK(s.privacyTerms.isCenterHint);
    CHECK(s.privacyTerms.checkBoxSize == 16);
    CHECK(s.privacyTerms.textColor == "#333333");
    CHECK(s.privacyTerms.termsColor == "#444444");
    CHECK(s.privacyTerms.prefix == "同意");
    CHECK(s.privacyTerms.suffix == "并登录");
    CHECK(s.privacyTerms.uncheckedImage == "/static/u.png");
    CHECK(s.privacyTerms.checkedImage == "/static/c.png");
    REQUIRE(s.privacyTerms.privacyItems.size() == 1);
    CHECK(s.privacyTerms.privacyItems[0].url == "https://a.example/terms");
    CHECK(s.privacyTerms.privacyItems[0].title == "用户服务协议");

    CHECK(s.buttons.iconWidth == "50px");
    REQUIRE(s.buttons.list.size() == 2);
    CHECK(s.buttons.list[0].provider == "apple");
    CHECK(s.buttons.list[0].iconPath == "/static/apple.png");
    CHECK(s.buttons.list[1].provider == "weixin");
    CHECK(s.buttons.list[1].iconPath.empty());
}

// ---- rejections -------------------------------------------------------------------------------

TEST_CASE("univerifyStyle keeps and ignores keys the docs do not list, naming each in full", "[univerify][style]") {
    // Real apps' code carries such keys (privacyTerms.fontSize): the SDK ignores them, and so do we.
    auto ignored = [](const json& j) {
        std::vector<std::string> keys;
        for (const auto& i : univerify_style_from_json(j).ignored) keys.push_back(style_key(i.pointer));
        return keys;
    };
    using K = std::vector<std::string>;
    CHECK(ignored(json{{"fullscreen", true}}) == K{"fullscreen"});
    CHECK(ignored(json{{"authButton", {{"width", "100px"}}}}) == K{"authButton.width"});
    CHECK(ignored(json{{"privacyTerms", {{"fontSize", 12}}}}) == K{"privacyTerms.fontSize"});
    CHECK(ignored(json{{"phoneNum", {{"fontSize", 12}}}, {"slogan", {{"text", "x"}}}}) == K{"phoneNum.fontSize", "slogan.text"});
    CHECK(ignored(R"({"privacyTerms": {"privacyItems": [{"url": "u", "title": "t", "name": "n"}]}})"_json) ==
          K{"privacyTerms.privacyItems[0].name"});
    CHECK(ignored(R"({"buttons": {"list": [{"provider": "apple", "icon": "x"}]}})"_json) == K{"buttons.list[0].icon"});
    CHECK(ignored(json{{"a/b", 1}}) == K{"a/b"});  // JSON pointer escaping survives

    // An ignored key changes nothing else, and a known key of the wrong type is still refused.
    const UniverifyStyle s = univerify_style_from_json(json{{"privacyTerms", {{"fontSize", 12}, {"textColor", "#111111"}}}});
    CHECK(s.privacyTerms.textColor == "#111111");
    CHECK(starts_with(rejection(json{{"privacyTerms", {{"fontSize", 12}, {"textColor", 5}}}}), "univerifyStyle.privacyTerms.textColor:"));

    // The style writes back as it was read, ignored keys included.
    const json written = univerify_style_to_json(s);
    CHECK(written["privacyTerms"]["fontSize"] == 12);
    CHECK(univerify_style_to_json(univerify_style_from_json(written)) == written);
}

TEST_CASE("univerifyStyle rejects a value of the wrong type naming the key", "[univerify][style]") {
    CHECK(starts_with(rejection(json::array()), "univerifyStyle:"));
    CHECK(starts_with(rejection(json{{"fullScreen", "true"}}), "univerifyStyle.fullScreen:"));
    CHECK(starts_with(rejection(json{{"backgroundImage", 3}}), "univerifyStyle.backgroundImage:"));
    CHECK(starts_with(rejection(json{{"authButton", "blue"}}), "univerifyStyle.authButton:"));
    CHECK(starts_with(rejection(json{{"phoneNum", "#202020"}}), "univerifyStyle.phoneNum:"));
    CHECK(starts_with(rejection(json{{"authButton", {{"title", 1}}}}), "univerifyStyle.authButton.title:"));
    CHECK(starts_with(rejection(json{{"otherLoginButton", {{"visible", 1}}}}), "univerifyStyle.otherLoginButton.visible:"));
    CHECK(starts_with(rejection(json{{"privacyTerms", {{"defaultCheckBoxState", "false"}}}}),
                      "univerifyStyle.privacyTerms.defaultCheckBoxState:"));
    CHECK(starts_with(rejection(json{{"privacyTerms", {{"isCenterHint", 0}}}}), "univerifyStyle.privacyTerms.isCenterHint:"));
    CHECK(starts_with(rejection(json{{"privacyTerms", {{"checkBoxSize", "12"}}}}), "univerifyStyle.privacyTerms.checkBoxSize:"));
    CHECK(starts_with(rejection(json{{"privacyTerms", {{"checkBoxSize", 0}}}}), "univerifyStyle.privacyTerms.checkBoxSize:"));
    CHECK(starts_with(rejection(json{{"privacyTerms", {{"prefix", json::array()}}}}), "univerifyStyle.privacyTerms.prefix:"));
    CHECK(starts_with(rejection(R"({"privacyTerms": {"privacyItems": [{"url": 5, "title": "t"}]}})"_json),
                      "univerifyStyle.privacyTerms.privacyItems[0].url:"));
    CHECK(starts_with(rejection(R"({"privacyTerms": {"privacyItems": ["not an object"]}})"_json),
                      "univerifyStyle.privacyTerms.privacyItems[0]:"));
}

TEST_CASE("univerifyStyle rejects a malformed colour naming the key", "[univerify][style]") {
    const std::string why = ": must be a colour like #3479f5";
    CHECK(rejection(json{{"backgroundColor", "white"}}) == "univerifyStyle.backgroundColor" + why);
    CHECK(rejection(json{{"phoneNum", {{"color", "#2020"}}}}) == "univerifyStyle.phoneNum.color" + why);
    CHECK(rejection(json{{"slogan", {{"color", "BBBBBB"}}}}) == "univerifyStyle.slogan.color" + why);
    CHECK(rejection(json{{"authButton", {{"normalColor", "#3479fg"}}}}) == "univerifyStyle.authButton.normalColor" + why);
    CHECK(rejection(json{{"authButton", {{"highlightColor", ""}}}}) == "univerifyStyle.authButton.highlightColor" + why);
    CHECK(rejection(json{{"authButton", {{"disabledColor", "#73aaf5ff"}}}}) == "univerifyStyle.authButton.disabledColor" + why);
    CHECK(rejection(json{{"authButton", {{"textColor", "rgb(1,2,3)"}}}}) == "univerifyStyle.authButton.textColor" + why);
    CHECK(rejection(json{{"otherLoginButton", {{"textColor", ""}}}}) == "univerifyStyle.otherLoginButton.textColor" + why);
    CHECK(rejection(json{{"otherLoginButton", {{"normalColor", "red"}}}}) == "univerifyStyle.otherLoginButton.normalColor" + why);
    CHECK(rejection(json{{"otherLoginButton", {{"borderColor", "#12"}}}}) == "univerifyStyle.otherLoginButton.borderColor" + why);
    CHECK(rejection(json{{"privacyTerms", {{"textColor", "#bbb"}}}}) == "univerifyStyle.privacyTerms.textColor" + why);
    CHECK(rejection(json{{"privacyTerms", {{"termsColor", "5496E3"}}}}) == "univerifyStyle.privacyTerms.termsColor" + why);
}

TEST_CASE("univerifyStyle accepts an empty transparent colour only where the docs allow it", "[univerify][style]") {
    const UniverifyStyle s = univerify_style_from_json(
        json{{"otherLoginButton", {{"normalColor", ""}, {"highlightColor", ""}, {"borderColor", ""}}}});
    CHECK(s.otherLoginButton.normalColor.empty());
    CHECK(s.otherLoginButton.highlightColor.empty());
    CHECK(s.otherLoginButton.borderColor.empty());
    CHECK_FALSE(rejection(json{{"backgroundColor", ""}}).empty());
}

TEST_CASE("univerifyStyle rejects a malformed px size naming the key", "[univerify][style]") {
    const std::string why = ": must be a size like \"24px\"";
    CHECK(rejection(json{{"icon", {{"width", "wide"}}}}) == "univerifyStyle.icon.width" + why);
    CHECK(rejection(json{{"icon", {{"height", "60pt"}}}}) == "univerifyStyle.icon.height" + why);
    CHECK(rejection(json{{"closeIcon", {{"width", "-1px"}}}}) == "univerifyStyle.closeIcon.width" + why);
    CHECK(rejection(json{{"authButton", {{"borderRadius", "24em"}}}}) == "univerifyStyle.authButton.borderRadius" + why);
    CHECK(rejection(json{{"otherLoginButton", {{"borderRadius", "px"}}}}) == "univerifyStyle.otherLoginButton.borderRadius" + why);
    CHECK(rejection(json{{"buttons", {{"iconWidth", ""}}}}) == "univerifyStyle.buttons.iconWidth" + why);
    // A number where a "24px" string belongs is a type error, still named in full.
    CHECK(starts_with(rejection(json{{"icon", {{"width", 60}}}}), "univerifyStyle.icon.width:"));
}

TEST_CASE("univerifyStyle rejects privacyItems that is not an array", "[univerify][style]") {
    const std::string why = rejection(R"({"privacyTerms": {"privacyItems": {"url": "u", "title": "t"}}})"_json);
    CHECK(starts_with(why, "univerifyStyle.privacyTerms.privacyItems:"));
    CHECK(starts_with(rejection(json{{"privacyTerms", {{"privacyItems", "用户服务协议"}}}}), "univerifyStyle.privacyTerms.privacyItems:"));
}

TEST_CASE("univerifyStyle rejects buttons.list that is not an array", "[univerify][style]") {
    CHECK(starts_with(rejection(R"({"buttons": {"list": {"provider": "apple"}}})"_json), "univerifyStyle.buttons.list:"));
}

TEST_CASE("univerifyStyle rejects a custom button without a provider", "[univerify][style]") {
    const json missing = R"({"buttons": {"list": [{"provider": "apple"}, {"iconPath": "/static/x.png"}]}})"_json;
    CHECK(rejection(missing) == "univerifyStyle.buttons.list[1].provider: required");
    const json empty = R"({"buttons": {"list": [{"provider": "", "iconPath": "/static/x.png"}]}})"_json;
    CHECK(rejection(empty) == "univerifyStyle.buttons.list[0].provider: required");
    CHECK(starts_with(rejection(R"({"buttons": {"list": [{"provider": 7}]}})"_json), "univerifyStyle.buttons.list[0].provider:"));
}

// ---- round trip -------------------------------------------------------------------------------

TEST_CASE("univerify_style_to_json round-trips through univerify_style_from_json", "[univerify][style]") {
    SECTION("defaults") {
        const json a = univerify_style_to_json(UniverifyStyle{});
        const json b = univerify_style_to_json(univerify_style_from_json(a));
        CHECK(a == b);
    }
    SECTION("every key changed") {
        UniverifyStyle s;
        s.fullScreen = true;
        s.backgroundColor = "#010203";
        s.backgroundImage = "/static/bg.png";
        s.icon = {"/static/logo.png", "70px", "71px"};
        s.closeIcon = {"/static/close.png", "20px", "21px"};
        s.phoneNum.color = "#0A0B0C";
        s.slogan.color = "#0d0e0f";
        s.authButton.normalColor = "#100000";
        s.authButton.highlightColor = "#200000";
        s.authButton.disabledColor = "#300000";
        s.authButton.textColor = "#400000";
        s.authButton.title = "登录";
        s.authButton.borderRadius = "10px";
        s.otherLoginButton.visible = false;
        s.otherLoginButton.normalColor = "#500000";
        s.otherLoginButton.highlightColor = "#600000";
        s.otherLoginButton.textColor = "#700000";
        s.otherLoginButton.title = "其他";
        s.otherLoginButton.borderColor = "#800000";
        s.otherLoginButton.borderRadius = "0px";
        s.privacyTerms.defaultCheckBoxState = false;
        s.privacyTerms.isCenterHint = true;
        s.privacyTerms.uncheckedImage = "/static/u.png";
        s.privacyTerms.checkedImage = "/static/c.png";
        s.privacyTerms.checkBoxSize = 24;
        s.privacyTerms.textColor = "#900000";
        s.privacyTerms.termsColor = "#a00000";
        s.privacyTerms.prefix = "p";
        s.privacyTerms.suffix = "s";
        s.privacyTerms.privacyItems = {{"https://a", "A"}, {"", "no url"}, {"https://c", "C"}};
        s.buttons.iconWidth = "40px";
        s.buttons.list = {{"apple", "/static/apple.png"}, {"weixin", ""}};
        const json a = univerify_style_to_json(s);
        const UniverifyStyle back = univerify_style_from_json(a);
        CHECK(univerify_style_to_json(back) == a);
        CHECK(back.privacyTerms.privacyItems.size() == 3);  // parsing keeps them; the page filters
        CHECK(back.buttons.list.size() == 2);
        CHECK(back.icon.height == "71px");
        CHECK(back.closeIcon.path == "/static/close.png");
    }
}

TEST_CASE("univerify_style_to_json writes every documented key", "[univerify][style]") {
    const json j = univerify_style_to_json(UniverifyStyle{});
    for (const char* k : {"fullScreen", "backgroundColor", "backgroundImage", "icon", "closeIcon", "phoneNum", "slogan",
                          "authButton", "otherLoginButton", "privacyTerms", "buttons"})
        CHECK(j.contains(k));
    CHECK(j["authButton"]["title"] == "本机号码一键登录");
    CHECK(j["privacyTerms"]["checkBoxSize"] == 12);
    CHECK(j["privacyTerms"]["privacyItems"].is_array());
    CHECK(j["buttons"]["list"].is_array());
    CHECK(j["buttons"]["iconWidth"] == "45px");
}

// ---- shown privacy items ----------------------------------------------------------------------

TEST_CASE("shown_privacy_items keeps at most two items", "[univerify][style]") {
    UniverifyStyle s;
    s.privacyTerms.privacyItems = {{"https://a", "A"}, {"https://b", "B"}, {"https://c", "C"}};
    const auto shown = shown_privacy_items(s);
    REQUIRE(shown.size() == 2);
    CHECK(shown[0].title == "A");
    CHECK(shown[1].title == "B");
    CHECK(shown_privacy_items(UniverifyStyle{}).empty());
}

TEST_CASE("shown_privacy_items drops items missing url or title", "[univerify][style]") {
    UniverifyStyle s;
    s.privacyTerms.privacyItems = {{"", "no url"}, {"https://a", "A"}, {"https://no-title", ""}, {"", ""}, {"https://c", "C"},
                                   {"https://d", "D"}};
    const auto shown = shown_privacy_items(s);
    REQUIRE(shown.size() == 2);
    CHECK(shown[0].url == "https://a");
    CHECK(shown[0].title == "A");
    CHECK(shown[1].url == "https://c");
    CHECK(shown[1].title == "C");
}

TEST_CASE("shown_privacy_items of a parsed style ignores items without url", "[univerify][style]") {
    const UniverifyStyle s = univerify_style_from_json(
        R"({"privacyTerms": {"privacyItems": [{"title": "无链接"}, {"url": "https://a", "title": "用户服务协议"}]}})"_json);
    REQUIRE(s.privacyTerms.privacyItems.size() == 2);
    const auto shown = shown_privacy_items(s);
    REQUIRE(shown.size() == 1);
    CHECK(shown[0].title == "用户服务协议");
}

// ---- CSS helpers and masking ------------------------------------------------------------------

TEST_CASE("css_px reads px sizes", "[univerify][style]") {
    REQUIRE(css_px("24px"));
    CHECK(*css_px("24px") == 24.0f);
    CHECK(*css_px("60px") == 60.0f);
    CHECK(*css_px("0px") == 0.0f);
    CHECK(*css_px("12.5px") == Approx(12.5f));
    CHECK(*css_px("45") == 45.0f);  // a bare number is px
}

TEST_CASE("css_px rejects sizes that are not px", "[univerify][style]") {
    CHECK_FALSE(css_px(""));
    CHECK_FALSE(css_px("px"));
    CHECK_FALSE(css_px("wide"));
    CHECK_FALSE(css_px("-1px"));
    CHECK_FALSE(css_px("24pt"));
    CHECK_FALSE(css_px("24em"));
    CHECK_FALSE(css_px("24%"));
    CHECK_FALSE(css_px("24pxx"));
}

TEST_CASE("css_px rejects trailing text after px", "[univerify][style]") {
    // "nullopt when malformed" (univerify.hpp): anything after the unit is malformed.
    CHECK_FALSE(css_px("24px junk"));
    CHECK_FALSE(css_px("24 px"));
}

TEST_CASE("css_rgb reads #rrggbb colours", "[univerify][style]") {
    REQUIRE(css_rgb("#3479f5"));
    CHECK(*css_rgb("#3479f5") == 0x3479f5u);
    CHECK(*css_rgb("#ffffff") == 0xffffffu);
    CHECK(*css_rgb("#BBBBBB") == 0xbbbbbbu);
    CHECK(*css_rgb("#5496E3") == 0x5496e3u);
    CHECK(*css_rgb("#000000") == 0u);
}

TEST_CASE("css_rgb rejects colours that are not #rrggbb", "[univerify][style]") {
    CHECK_FALSE(css_rgb(""));
    CHECK_FALSE(css_rgb("#fff"));
    CHECK_FALSE(css_rgb("3479f5"));
    CHECK_FALSE(css_rgb("#3479f5ff"));
    CHECK_FALSE(css_rgb("#3479fg"));
    CHECK_FALSE(css_rgb("#34 9f5"));
    CHECK_FALSE(css_rgb("white"));
}

TEST_CASE("mask_phone keeps the first 3 and last 4 digits", "[univerify][style]") {
    CHECK(mask_phone("13800138000") == "138****8000");
    CHECK(mask_phone("16612346666") == "166****6666");
    CHECK(mask_phone("13800138000").find("0013") == std::string::npos);
    CHECK(mask_phone("123456") == "123456");  // too short to mask
}

TEST_CASE("carriers have their slogan term and gateway code", "[univerify][style]") {
    CHECK(std::string(carrier_info(Carrier::ChinaMobile).slogan) == "中国移动");
    CHECK(std::string(carrier_info(Carrier::ChinaUnicom).slogan) == "中国联通");
    CHECK(std::string(carrier_info(Carrier::ChinaTelecom).slogan) == "中国电信");
    CHECK(std::string(carrier_info(Carrier::ChinaMobile).gateway_code) == "40101");
    CHECK(std::string(carrier_info(Carrier::ChinaUnicom).gateway_code) == "40201");
    CHECK(std::string(carrier_info(Carrier::ChinaTelecom).gateway_code) == "40301");
    CHECK(carrier_from_string("china_unicom") == Carrier::ChinaUnicom);
    CHECK_FALSE(carrier_from_string("china-unicom"));
}

TEST_CASE("the iOS-only options are drawn on iOS and fall back on Android, naming what was set", "[univerify][style]") {
    UniverifyStyle s;
    s.authButton.normalColor = "#e54d42";
    s.authButton.highlightColor = "#c23a30";
    s.otherLoginButton.borderColor = "#dddddd";
    s.closeIcon.width = "40px";

    std::vector<std::string> dropped;
    const UniverifyStyle ios = honoured_style(s, "ios", &dropped);
    CHECK(dropped.empty());
    CHECK(ios.authButton.highlightColor == "#c23a30");
    CHECK(ios.otherLoginButton.borderColor == "#dddddd");
    CHECK(ios.closeIcon.width == "40px");

    const UniverifyStyle android = honoured_style(s, "android", &dropped);
    CHECK(dropped == std::vector<std::string>{"authButton.highlightColor", "otherLoginButton.borderColor", "closeIcon.width"});
    CHECK(android.authButton.highlightColor == "#e54d42");  // the button keeps normalColor (assumption)
    CHECK(android.authButton.disabledColor == "#e54d42");
    CHECK(android.otherLoginButton.borderColor.empty());
    CHECK(android.closeIcon.width == "60px");
    CHECK(android.authButton.title == s.authButton.title);  // everything else as given

    dropped.clear();
    honoured_style(UniverifyStyle{}, "android", &dropped);
    CHECK(dropped.empty());  // the defaults are not "set"
}
