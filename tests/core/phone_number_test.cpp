// Phone-number quick verification (手机号快速验证, PLATFORM-FACTS §1.7) over real loopback HTTP:
// POST /wxa/business/getuserphonenumber?access_token=… {"code"[, "openid"]} → phone_info; the code
// lives 5 minutes and works once; the errors WeChat is observed to answer. Then the whole flow in
// the engine: the sheet, bindgetphonenumber, the developer server, the number kept server-side.
#include <catch2/catch.hpp>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "loginscope/catalog.hpp"
#include "loginscope/engine.hpp"
#include "loginscope/invariants.hpp"
#include "loginscope/steps.hpp"

using namespace ls;
using nlohmann::json;

namespace {
struct Platform {
    Engine engine;
    httplib::Client client;
    AppConfig app;
    Platform() : engine(config()), client("127.0.0.1", engine.platform_port()) { client.set_read_timeout(3, 0); }
    static EngineConfig config() {
        EngineConfig c;
        c.transport = TransportMode::Http;
        return c;
    }
    std::string token(const std::string& appid, const std::string& secret) {
        auto res = client.Get("/cgi-bin/token", httplib::Params{{"grant_type", "client_credential"}, {"appid", appid}, {"secret", secret}},
                              httplib::Headers{});
        REQUIRE(res);
        return json::parse(res->body)["access_token"];
    }
    std::string token() { return token(app.appid, app.secret); }
    json post(const std::string& access_token, const json& body) {
        auto res = client.Post(("/wxa/business/getuserphonenumber?access_token=" + access_token).c_str(), body.dump(), "application/json");
        REQUIRE(res);
        CHECK(res->status == 200);  // WeChat answers errors with HTTP 200
        return json::parse(res->body);
    }
    std::string code(const std::string& user = "alice") { return engine.platform().issue_phone_code(app.appid, user, 0).code; }
};

bool starts_with(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }
}  // namespace

TEST_CASE("getuserphonenumber trades a phone-number code for phone_info with the app's watermark", "[phone-number]") {
    Platform p;
    const std::string code = p.code();
    CHECK(code.size() == 64);
    const json j = p.post(p.token(), {{"code", code}});
    CHECK(j["errcode"] == 0);
    CHECK(j["errmsg"] == "ok");
    const json& info = j["phone_info"];
    const std::string number = info["purePhoneNumber"];
    CHECK(number.size() == 11);
    CHECK(info["phoneNumber"] == number);
    CHECK(info["countryCode"] == 86);
    CHECK(info["watermark"]["appid"] == p.app.appid);
    CHECK(info["watermark"]["timestamp"].is_number_integer());
    CHECK(number == p.engine.platform().phone_of("alice"));  // the number bound to the account, every time
    CHECK(p.engine.platform().phone_of("bob") != number);
}

TEST_CASE("a phone-number code works once and lives 5 minutes: then 40029 with WeChat's hint", "[phone-number]") {
    Platform p;
    const std::string token = p.token();
    const std::string code = p.code();
    REQUIRE(p.post(token, {{"code", code}})["errcode"] == 0);
    const json again = p.post(token, {{"code", code}});
    CHECK(again["errcode"] == 40029);
    CHECK(starts_with(again["errmsg"], "invalid code hint: ["));  // observed: {"errcode":40029,"errmsg":"invalid code hint: [...] rid: ..."}
    CHECK(again["errmsg"].get<std::string>().find("] rid: ") != std::string::npos);

    const std::string late = p.code();
    p.engine.advance(5 * 60 * 1000);
    CHECK(p.post(token, {{"code", late}})["errcode"] == 40029);
    CHECK(p.post(token, {{"code", "not-a-code"}})["errcode"] == 40029);
}

TEST_CASE("getuserphonenumber checks the access_token, the method, the openid and whose code it is", "[phone-number]") {
    Platform p;
    const std::string token = p.token();
    CHECK(p.post("not-a-token", {{"code", p.code()}})["errcode"] == 40001);

    auto get = p.client.Get(("/wxa/business/getuserphonenumber?access_token=" + token + "&code=" + p.code()).c_str());
    REQUIRE(get);
    CHECK(json::parse(get->body)["errcode"] == 43002);

    // openid given: it must be the code's user
    const std::string alice = p.engine.platform().identity(p.app.appid, "alice").openid;
    const std::string bob = p.engine.platform().identity(p.app.appid, "bob").openid;
    CHECK(p.post(token, {{"code", p.code("alice")}, {"openid", bob}})["errcode"] == 40029);
    CHECK(p.post(token, {{"code", p.code("alice")}, {"openid", alice}})["errcode"] == 0);

    // hostile bodies: not JSON, a code that is not a string, an openid that is not a string
    for (const char* body : {"not json", R"({"code": 5})", R"({"code": ["x"]})", R"([1, 2])"}) {
        auto res = p.client.Post(("/wxa/business/getuserphonenumber?access_token=" + token).c_str(), body, "application/json");
        REQUIRE(res);
        CHECK(res->status == 200);
        CHECK(json::parse(res->body)["errcode"] == 40029);
    }
    CHECK(p.post(token, {{"code", p.code("alice")}, {"openid", 42}})["errcode"] == 40029);

    // a code of another app (the multi-terminal app, registered with WeChat too) under this app's token
    const DonutApp donut;
    const std::string foreign = p.engine.platform().issue_phone_code(donut.appid, "alice", 0).code;
    const json j = p.post(token, {{"code", foreign}});
    CHECK(j["errcode"] == 40013);
    CHECK(starts_with(j["errmsg"], "invalid appid hint: ["));
}

TEST_CASE("the mini program's getPhoneNumber: sheet, code, the server keeps the number and answers it masked", "[phone-number][engine]") {
    const TransportMode t = GENERATE(TransportMode::InProcess, TransportMode::Http);
    EngineConfig c;
    c.transport = t;
    Engine e(c);
    REQUIRE(e.login().ok);
    const ActionResult waiting = e.get_phone_number();
    CHECK(waiting.pending);
    CHECK(e.phone_sheet_open());
    CHECK(e.overlay() == PhoneOverlay::PhoneNumberSheet);
    const std::string number = e.platform().phone_of("alice");
    CHECK(e.phone_sheet_number() == number.substr(0, 3) + "****" + number.substr(7));

    const ActionResult r = e.phone_sheet(true);
    INFO(r.detail);
    CHECK(r.ok);
    CHECK(r.http_status == 200);
    CHECK_FALSE(e.phone_sheet_open());
    CHECK(e.phone_sheet_number().empty());  // the sheet is shut
    CHECK(r.detail.find(number.substr(0, 3) + "****") != std::string::npos);

    // the full number went to the developer server only: nothing the client saw carries it
    InvariantChecker checker;
    CHECK(checker.check(e, r).empty());
    for (const Event& ev : e.journal().all()) {
        if (ev.kind == "console") CHECK(ev.text.find(number) == std::string::npos);
        if (ev.http && ev.to == Actor::Client) CHECK(ev.http->response_body.find(number) == std::string::npos);
    }
}

TEST_CASE("拒绝 on the phone-number sheet gives getPhoneNumber:fail user deny and calls nothing", "[phone-number][engine]") {
    Engine e(EngineConfig{});
    REQUIRE(e.login().ok);
    const size_t before = e.journal().size();
    REQUIRE(e.get_phone_number().pending);
    const ActionResult r = e.phone_sheet(false);
    CHECK_FALSE(r.ok);
    CHECK(r.errMsg == "getPhoneNumber:fail user deny");
    const std::vector<Event> events = e.journal().all();
    for (size_t i = before; i < events.size(); ++i) {
        CHECK(events[i].kind != "phone_code.issued");
        CHECK(events[i].kind != "http.request");
    }
}

// The assumption wechat.code2session.quota: getuserphonenumber's limit is not documented, so the
// user's calls to it count against the same minute as their code2Session exchanges.
TEST_CASE("a user's code2Session exchanges and getuserphonenumber calls share one minute quota", "[phone-number][wechat]") {
    Platform p;
    auto exchange = [&](const std::string& user) {
        const auto issued = p.engine.platform().issue_code(p.app.appid, user, 0);
        REQUIRE(issued);
        auto res = p.client.Get("/sns/jscode2session", httplib::Params{{"appid", p.app.appid}, {"secret", p.app.secret},
                                                                      {"js_code", issued->code}, {"grant_type", "authorization_code"}},
                                httplib::Headers{});
        REQUIRE(res);
        return json::parse(res->body).value("errcode", 0);
    };
    for (int i = 0; i < 99; ++i) REQUIRE(exchange("alice") == 0);
    const std::string token = p.token();
    CHECK(p.post(token, {{"code", p.code("alice")}})["errcode"] == 0);  // alice's 100th call this minute
    CHECK(p.post(token, {{"code", p.code("alice")}})["errcode"] == 45011);
    CHECK(exchange("alice") == 45011);
    CHECK(p.post(token, {{"code", p.code("bob")}})["errcode"] == 0);  // bob's minute is his own
    const Assumption* said = find_assumption("wechat.code2session.quota");  // the choice, where the UI shows it
    REQUIRE(said);
    CHECK(std::string(said->value).find("getuserphonenumber") != std::string::npos);
}
