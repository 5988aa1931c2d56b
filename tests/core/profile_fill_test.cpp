// 头像昵称填写 (PLATFORM-FACTS §6.6): the engine's state behind the page — what the form holds, when
// WeChat's verdict lands on the virtual clock, the input's maxlength, what the phone shows over the
// page — and the scenario fields that drive it. The flows themselves are the scenarios in
// assets/scenarios/avatar-nickname/.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "loginscope/catalog.hpp"
#include "loginscope/engine.hpp"
#include "loginscope/scenario.hpp"
#include "refusal.hpp"

using namespace ls;
using nlohmann::json;

namespace {
EngineConfig mp(const std::string& content_check = "pass", const std::string& base_library = "3.8.0") {
    EngineConfig c;
    c.transport = TransportMode::InProcess;
    c.env.content_check = content_check;
    c.env.base_library = base_library;
    return c;
}

int64_t time_of(const Engine& e, const std::string& kind, const std::string& text_part = "") {
    for (const Event& ev : e.journal().all())
        if (ev.kind == kind && ev.text.find(text_part) != std::string::npos) return ev.t_ms;
    return -1;
}
}  // namespace

TEST_CASE("a picked picture becomes the form's avatar as a temporary path, the sheet lying over the page until then", "[profile-fill]") {
    Engine e(mp());
    CHECK(e.choose_avatar().pending);
    CHECK(e.overlay() == PhoneOverlay::AvatarSheet);
    const ActionResult r = e.avatar_sheet(AvatarSource::Album);
    REQUIRE(r.ok);
    CHECK(e.overlay() == PhoneOverlay::None);
    const std::string url = e.profile_fill().avatar_url;
    CHECK(url.rfind("http://tmp/", 0) == 0);
    CHECK(url.size() == std::string("http://tmp/").size() + 40 + std::string(".jpeg").size());
    // A second pick is a new temporary file.
    e.choose_avatar();
    e.avatar_sheet(AvatarSource::Camera);
    CHECK(e.profile_fill().avatar_url != url);
}

TEST_CASE("a rejected picture leaves the form's avatar as it was and WeChat's toast up until the next step", "[profile-fill]") {
    Engine e(mp("reject"));
    e.choose_avatar();
    e.avatar_sheet(AvatarSource::WeChat);  // the account's own avatar: not checked again
    const std::string own = e.profile_fill().avatar_url;
    REQUIRE_FALSE(own.empty());
    e.choose_avatar();
    const ActionResult r = e.avatar_sheet(AvatarSource::Album);
    CHECK_FALSE(r.ok);
    CHECK(e.profile_fill().avatar_url == own);
    CHECK(e.profile_fill().notice == "无法使用该头像");
    CHECK(e.journal().all().back().kind == "action.fail");
    e.call_api();
    CHECK(e.profile_fill().notice.empty());
}

TEST_CASE("the nickname check's verdict lands the assumed delay after bindblur, and a rejected nickname is cleared then", "[profile-fill]") {
    Engine e(mp("reject"));
    CHECK(e.nickname_focus().pending);
    CHECK(e.overlay() == PhoneOverlay::NicknameKeyboard);
    CHECK(e.profile_fill().suggests);
    e.nickname_type("坏昵称");
    CHECK(e.profile_fill().nickname == "坏昵称");
    const ActionResult r = e.nickname_done();
    CHECK_FALSE(r.ok);
    CHECK(e.overlay() == PhoneOverlay::None);
    CHECK(e.profile_fill().nickname.empty());
    CHECK(e.profile_fill().notice == "无法使用该昵称");
    const int64_t blur = time_of(e, "console", "bindblur");
    const int64_t verdict = time_of(e, "content.verdict");
    REQUIRE(blur >= 0);
    CHECK(verdict - blur == assumed_int("wechat.content_check.delay_ms"));
    CHECK(time_of(e, "nickname.changed", "cleared") == verdict);
}

TEST_CASE("the nickname input keeps the first 140 characters as JavaScript counts them", "[profile-fill]") {
    Engine e(mp());
    e.nickname_focus();
    std::string chinese;
    for (int i = 0; i < 150; ++i) chinese += "昵";
    CHECK(e.nickname_type(chinese).detail.find("maxlength 140") != std::string::npos);
    CHECK(e.profile_fill().nickname.size() == 140 * std::string("昵").size());
    std::string emoji;  // two UTF-16 units each: 70 fit
    for (int i = 0; i < 71; ++i) emoji += "\xF0\x9F\x98\x80";
    e.nickname_type(emoji);
    CHECK(e.profile_fill().nickname.size() == 70 * 4);
}

TEST_CASE("the fill steps answer without a sheet or a keyboard to act on, and reset clears the form", "[profile-fill]") {
    Engine e(mp());
    CHECK(e.avatar_sheet(AvatarSource::Album).detail == "no avatar sheet is open");
    CHECK(e.nickname_type("x").detail == "the nickname input is not focused");
    CHECK(e.nickname_done().detail == "the nickname input is not focused");
    CHECK(e.profile_submit().detail.find("the nickname is empty") != std::string::npos);
    e.nickname_focus();
    e.nickname_use_wechat();
    e.profile_submit();
    CHECK(e.profile_fill().submitted);
    CHECK(e.profile_fill().nickname == "alice");
    e.reset(1);
    CHECK(e.profile_fill().nickname.empty());
    CHECK_FALSE(e.profile_fill().submitted);
}

TEST_CASE("the fill overlays are a mini program's: another flow's page never shows them", "[profile-fill]") {
    EngineConfig c = mp();
    c.flow = Flow::Swan;
    Engine e(c);
    e.choose_avatar();
    e.nickname_focus();
    CHECK(e.overlay() == PhoneOverlay::None);
}

TEST_CASE("a scenario's content_check and nickname text are checked, naming the field", "[profile-fill][scenario]") {
    const auto error = [](const json& j) { return test::refusal<ScenarioError>([&] { parse_scenario(j, "fill.json"); }); };
    json bad_verdict = {{"name", "n"}, {"flow", "wechat-mp"}, {"environment", {{"content_check", "maybe"}}}, {"steps", json::array()}};
    CHECK(error(bad_verdict).find("content_check") != std::string::npos);
    json text_elsewhere = {{"name", "n"}, {"flow", "wechat-mp"}, {"steps", {{{"action", "login"}, {"text", "x"}}}}};
    CHECK(error(text_elsewhere).find("text") != std::string::npos);
    json good = {{"name", "n"},
                 {"flow", "wechat-mp"},
                 {"environment", {{"content_check", "timeout"}}},
                 {"steps", {{{"action", "nickname_type"}, {"text", "Bob"}}}}};
    const Scenario s = parse_scenario(good, "fill.json");
    CHECK(s.config.env.content_check == "timeout");
    CHECK(s.steps.at(0).text == "Bob");
}
