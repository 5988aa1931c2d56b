// wx.getUserProfile as the mini program's base library has it (PLATFORM-FACTS §6.3): from 2.27.1 the
// withdrawn API answers the anonymous profile without a sheet, still signed and encrypted with the
// session_key; before 2.10.4 it does not exist; desc is required (≤ 30 characters) and lang names
// the language of the region fields.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "loginscope/catalog.hpp"
#include "loginscope/crypto.hpp"
#include "loginscope/engine.hpp"
#include "loginscope/open_data.hpp"

using namespace ls;
using nlohmann::json;

namespace {
Engine engine_on(const std::string& base_library, TransportMode t = TransportMode::InProcess) {
    EngineConfig c;
    c.seed = 17;
    c.transport = t;
    c.env.base_library = base_library;
    return Engine(c);
}

const Event* last_of(const std::vector<Event>& ev, const std::string& kind) {
    for (auto it = ev.rbegin(); it != ev.rend(); ++it)
        if (it->kind == kind) return &*it;
    return nullptr;
}

// The res printed by the success callback of wx.getUserProfile.
json profile_res(const Engine& e) {
    const std::string prefix = "wx.getUserProfile success ";
    for (const Event& ev : e.journal().all())
        if (ev.kind == "console" && ev.text.rfind(prefix, 0) == 0) return json::parse(ev.text.substr(prefix.size()));
    return json();
}
}  // namespace

TEST_CASE("base library versions compare part by part as numbers", "[profile][environment]") {
    CHECK(compare_versions("2.27.1", "2.27.0") > 0);
    CHECK(compare_versions("2.27.10", "2.27.9") > 0);
    CHECK(compare_versions("2.27", "2.27.0") == 0);
    CHECK(compare_versions("3.0.0", "2.99.99") > 0);
    CHECK(compare_versions("2.10.3", "2.10.4") < 0);
    CHECK(valid_base_library("2.27.1"));
    CHECK(valid_base_library("3"));
    for (const char* bad : {"", "2..1", ".2", "2.", "v2.27.1", "2.27.1-beta", "2,27"}) {
        INFO(bad);
        CHECK_FALSE(valid_base_library(bad));
    }
}

TEST_CASE("a new world starts on a current base library, named in the assumptions table", "[profile][environment]") {
    const Assumption* a = find_assumption("wechat.base_library.default");
    REQUIRE(a);
    CHECK(Environment{}.base_library == a->value);
    CHECK(compare_versions(Environment{}.base_library, "2.27.1") >= 0);
}

TEST_CASE("from base library 2.27.1 getUserProfile answers 微信用户 at once, signed with the session_key", "[profile]") {
    const TransportMode t = GENERATE(TransportMode::InProcess, TransportMode::Http);
    const std::string version = GENERATE(std::string("2.27.1"), std::string("3.8.0"));
    INFO(version);
    Engine e = engine_on(version, t);
    REQUIRE(e.login().ok);
    const ActionResult r = e.get_user_profile();
    CHECK(r.ok);
    CHECK_FALSE(r.pending);
    CHECK_FALSE(e.profile_sheet_open());
    CHECK(r.http_status == 200);  // the developer server verified and decrypted it

    const json res = profile_res(e);
    REQUIRE(res.is_object());
    CHECK(res["userInfo"]["nickName"] == "微信用户");
    CHECK(res["userInfo"]["avatarUrl"].get<std::string>().rfind("https://thirdwx.qlogo.cn/mmopen/vi_32/", 0) == 0);
    CHECK(res["userInfo"]["gender"] == 0);
    CHECK(res["userInfo"]["country"] == "");

    const auto ev = e.journal().all();
    CHECK(last_of(ev, "profile.sheet_opened") == nullptr);
    REQUIRE(last_of(ev, "profile.anonymous"));
    const Event* signed_ = last_of(ev, "profile.signed");
    REQUIRE(signed_);
    const std::string key = signed_->links.value("session_key");
    CHECK(res["signature"] == open_data_signature(res["rawData"], key));
    const json plain = json::parse(decrypt_open_data(res["encryptedData"], key, res["iv"]));
    CHECK(plain["nickName"] == "微信用户");
    CHECK_FALSE(plain.contains("openId"));  // WeChat's tip: getUserProfile's encryptedData has no openId, no unionId
    CHECK_FALSE(plain.contains("unionId"));
    CHECK(plain["watermark"]["appid"] == e.config().app.appid);
    CHECK(last_of(ev, "open_data.signature_ok"));
}

TEST_CASE("up to 2.27.0 getUserProfile opens WeChat's sheet and returns the user's own nickname", "[profile]") {
    Engine e = engine_on("2.27.0");
    REQUIRE(e.login().ok);
    REQUIRE(e.get_user_profile().pending);
    CHECK(e.profile_sheet_open());
    CHECK(e.profile_sheet(true).ok);
    const json res = profile_res(e);
    CHECK(res["userInfo"]["nickName"] == "alice");
    CHECK(res["userInfo"]["language"] == "en");  // lang defaults to en
}

TEST_CASE("lang names the language getUserProfile answers in", "[profile]") {
    Engine e = engine_on("2.27.0");
    REQUIRE(e.login().ok);
    ProfileRequest zh;
    zh.lang = "zh_TW";
    REQUIRE(e.get_user_profile(true, zh).pending);
    REQUIRE(e.profile_sheet(true).ok);
    CHECK(profile_res(e)["userInfo"]["language"] == "zh_TW");
    const auto ev = e.journal().all();
    CHECK(last_of(ev, "api.call")->text == "wx.getUserProfile({desc: '用于完善会员资料', lang: 'zh_TW'})");
}

TEST_CASE("getUserProfile refuses a missing desc or one over 30 characters before any sheet", "[profile]") {
    const std::string version = GENERATE(std::string("2.27.0"), std::string("3.8.0"));
    Engine e = engine_on(version);
    REQUIRE(e.login().ok);
    ProfileRequest none;
    none.desc.reset();
    const ActionResult missing = e.get_user_profile(true, none);
    CHECK_FALSE(missing.ok);
    CHECK_FALSE(missing.pending);
    CHECK(missing.errMsg == find_assumption("wechat.profile.no_desc_errmsg")->value);

    ProfileRequest exact, over;
    exact.desc = std::string(30, 'x');
    over.desc = std::string(31, 'x');
    CHECK_FALSE(e.get_user_profile(true, over).pending);
    CHECK(e.get_user_profile(true, over).errMsg == find_assumption("wechat.profile.long_desc_errmsg")->value);
    // 30 Chinese characters are 30 characters, not 90 bytes.
    ProfileRequest chinese;
    chinese.desc = "";
    for (int i = 0; i < 30; ++i) *chinese.desc += "资";
    const ActionResult ok = e.get_user_profile(true, chinese);
    CHECK((ok.ok || ok.pending));
    CHECK(e.get_user_profile(true, exact).errMsg != find_assumption("wechat.profile.long_desc_errmsg")->value);
}

TEST_CASE("before base library 2.10.4 wx.getUserProfile does not exist: the call throws", "[profile]") {
    Engine e = engine_on("2.10.3");
    REQUIRE(e.login().ok);
    const ActionResult r = e.get_user_profile();
    CHECK_FALSE(r.ok);
    CHECK_FALSE(r.pending);
    CHECK(r.errMsg == "TypeError: wx.getUserProfile is not a function");
    CHECK(profile_res(e).is_null());
    CHECK_FALSE(e.profile_sheet_open());
}
