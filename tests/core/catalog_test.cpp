// The catalog is the one table the fault menus, the validator and `catalog --json` read: it must
// hold every WeChat fact of PLATFORM-FACTS §1 with its exact wire text, and nothing the platform
// simulation cannot produce.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "loginscope/platform_pack.hpp"
#include "loginscope/catalog.hpp"
#include "loginscope/http.hpp"
#include "loginscope/wechat_platform.hpp"

using namespace ls;

namespace {
struct Fact { const char* code; const char* message; };
// PLATFORM-FACTS §1.2 (code2Session) wire messages, quoted exactly.
const Fact kCode2SessionFacts[] = {
    {"-1", "system error"},
    {"40029", "invalid code"},
    {"40163", "code been used"},
    {"45011", "api minute-quota reach limit mustslower retry next minute"},
    {"40226", "code blocked"},
    {"40013", "invalid appid"},
    {"40125", "invalid appsecret"},
};
}  // namespace

TEST_CASE("every code2Session error of the platform facts is in the catalog with its wire message", "[catalog]") {
    for (const Fact& f : kCode2SessionFacts) {
        INFO(f.code);
        const CatalogEntry* e = find_catalog_entry("wechat", f.code);
        REQUIRE(e != nullptr);
        CHECK(std::string(e->message) == f.message);
        CHECK(e->hop == Hop::PlatformResponse);
    }
    for (const char* code : {"41002", "41004", "41008"}) {  // documented codes whose text is not: labelled [U]
        INFO(code);
        const CatalogEntry* e = find_catalog_entry("wechat", code);
        REQUIRE(e != nullptr);
        CHECK(e->confidence == Confidence::Unknown);
    }
}

TEST_CASE("the client-side catalog holds the observed wx.login and checkSession errMsg strings", "[catalog]") {
    const CatalogEntry* timeout = find_catalog_entry("wechat", "login:fail timeout");
    REQUIRE(timeout != nullptr);
    CHECK(timeout->hop == Hop::ClientCall);
    const CatalogEntry* check = find_catalog_entry("wechat", "checkSession:fail session time out, need relogin");
    REQUIRE(check != nullptr);
    CHECK(check->hop == Hop::SessionCheck);
}

TEST_CASE("the platform answers every platform_response catalog entry in the catalog's wire shape", "[catalog]") {
    VirtualClock clock;
    IdGenerator ids(3);
    Journal journal;
    WeChatPlatform wx(clock, ids, journal);
    for (const CatalogEntry* e : catalog_for("wechat", Hop::PlatformResponse)) {
        INFO(e->code);
        const auto body = nlohmann::json::parse(wx.error_reply(e->code).body);
        CHECK(body.at("errcode").get<int>() == std::stoi(e->code));
        const std::string errmsg = body.at("errmsg");
        CHECK(errmsg.rfind(std::string(e->message) + ", rid: ", 0) == 0);
    }
}

TEST_CASE("every catalog entry names its platform hop code message and shape", "[catalog]") {
    for (const CatalogEntry& e : catalog()) {
        INFO(e.code);
        const std::string platform = e.platform;
        CHECK((platform == "wechat" || platform == "wechat-app" || platform == "swan" || platform == "swan-android" ||
               platform == "swan-ios" || platform == "uni-weixin" || platform == "uni-apple" || platform == "univerify" ||
               find_pack(platform)));
        // Hop::None only for a framework's own parameter check ("preLogin:fail provider error"): no fault injects it.
        CHECK((e.hop != Hop::None || std::string(e.code).find(":fail ") != std::string::npos));
        CHECK(std::string(e.message).size() > 0);
        CHECK(std::string(e.shape).size() > 0);
    }
}

TEST_CASE("the numeric assumptions the engine reads exist and are positive", "[catalog]") {
    for (const char* key : {"wechat.login.default_timeout_ms", "wechat.request.default_timeout_ms"}) {
        INFO(key);
        CHECK(assumed_int(key) > 0);
    }
    CHECK(find_assumption("wechat.login.offline_errmsg") != nullptr);
    CHECK(assumed_int("no.such.assumption") == 0);
}

TEST_CASE("catalog json lists entries and assumptions", "[catalog]") {
    const auto j = nlohmann::json::parse(catalog_json());
    CHECK(j.at("entries").size() == catalog().size());
    CHECK(j.at("assumptions").size() == assumptions().size());
}

TEST_CASE("every univerify code of the platform facts is in the catalog with its message", "[catalog]") {
    // PLATFORM-FACTS §5.8, quoted exactly.
    const Fact client[] = {{"-7", "uniAppid 缺失"}, {"1000", "当前 uniAppid 尚未开通一键登录"},
                           {"20202", "终端未开启SIM流量"}, {"30001", "当前网络环境不适合执行该操作"},
                           {"30004", "其他错误"}, {"30005", "预登录失败"}, {"30006", "一键登录失败"},
                           {"30007", "获取本机号码校验token失败"}, {"40004", "应用不存在"},
                           {"40047", "一键登录取号失败"}, {"40053", "手机号校验失败"},
                           {"40101", "移动-源IP鉴权失败"}, {"40201", "联通-源IP鉴权失败"}, {"40301", "电信-源IP鉴权失败"}};
    for (const Fact& f : client) {
        INFO(f.code);
        const CatalogEntry* e = find_catalog_entry("univerify", f.code, Hop::ClientCall);
        REQUIRE(e != nullptr);
        CHECK(std::string(e->message) == f.message);
    }
    const Fact dialog[] = {{"30002", "用户点击了其他登录方式"}, {"30003", "用户关闭验证界面"}, {"30008", "用户点击了自定义按钮"}};
    for (const Fact& f : dialog) {
        INFO(f.code);
        const CatalogEntry* e = find_catalog_entry("univerify", f.code, Hop::Dialog);
        REQUIRE(e != nullptr);
        CHECK(std::string(e->message) == f.message);
    }
    for (const char* code : {"-7", "1000", "1001", "1002", "4001", "4003", "5000"}) {  // §5.9 server codes
        INFO(code);
        CHECK(find_catalog_entry("univerify", code, Hop::PlatformResponse) != nullptr);
    }
}

TEST_CASE("the assumptions table states the HTTP limits the hosts enforce", "[catalog][http]") {
    const Assumption* body = find_assumption("platform.request_body_limit");
    REQUIRE(body);
    CHECK(body->value == std::to_string(HttpLimits::kPlatformBody) + " bytes");
    const Assumption* idle = find_assumption("http.keep_alive_idle_ms");
    REQUIRE(idle);
    CHECK(idle->value == std::to_string(HttpDeadlines{}.idle.count()));
}
