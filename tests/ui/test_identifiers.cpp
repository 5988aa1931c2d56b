// The inspector's linked identifiers read the same code and session state the Timeline draws, under
// the flow's own platform name (issue 12, defect 5: a used code showed "valid, 4 min 59 s left" in the
// multi-terminal app and Baidu flows, and Baidu's key was labelled WeChat's).
#include "harness.hpp"

#include "gui/i18n.hpp"

using namespace ls;
using namespace ls::gui;
using namespace ls::gui::test;

namespace {

bool starts_with(const std::string& s, const std::string& head) { return s.rfind(head, 0) == 0; }

}  // namespace

TEST_CASE("a code the server exchanged shows as used, in every flow with a code") {
    for (Flow flow : {Flow::WeChatMp, Flow::Taro, Flow::WeChatApp, Flow::Swan, Flow::UniWeixin}) {
        INFO("flow " << to_string(flow));
        Headless h(false, ImVec2(1600, 1000));
        AppState s(flow_config(flow));
        if (flow == Flow::UniWeixin) s.ui.only_authorize = true;  // the server exchanges the code
        tap(h, s, "phone.login_button");
        if (h.has_probe("wechat_auth.allow")) tap(h, s, "wechat_auth.allow");
        REQUIRE(h.has_probe("phone.logged_in"));
        const std::string code = h.probe("inspector.code").text;
        REQUIRE_FALSE(code.empty());
        CHECK(starts_with(h.probe("inspector.code_state").text, "used "));
        CHECK(h.probe("inspector.code_state").text.find("(single use)") != std::string::npos);
    }
}

TEST_CASE("an unused code shows its time left, and how long ago it expired") {
    Headless h(false, ImVec2(1600, 1000));
    AppState s(flow_config(Flow::WeChatMp));
    tap(h, s, "toolbar.wx_login");
    INFO(h.probe("inspector.code_state").text);
    CHECK(h.probe("inspector.code_state").text == "valid, 4 min 59 s left (until 09:05:00.040)");
    s.engine().advance(6 * 60 * 1000);
    h.frames(s, 2);
    CHECK(starts_with(h.probe("inspector.code_state").text, "expired 1 min 00 s ago"));
}

TEST_CASE("swan: the session_key row is Baidu's, labelled Baidu") {
    Headless h(false, ImVec2(1600, 1000));
    AppState s(flow_config(Flow::Swan));
    tap(h, s, "phone.login_button");
    if (h.has_probe("baidu.log_in")) tap(h, s, "baidu.log_in");
    REQUIRE(h.has_probe("phone.logged_in"));
    CHECK(h.probe("inspector.platform_session_key.label").text == "session_key (Baidu)");
    const std::string key = h.probe("inspector.platform_session_key").text;
    CHECK(key.size() == 32);
    CHECK(h.probe("inspector.server_session_key").text == key);  // the server holds the key Baidu gave it
    CHECK_FALSE(h.probe("inspector.openid").text.empty());
}

TEST_CASE("a session_key valid for days shows the day of its expiry") {
    Headless h(false, ImVec2(1600, 1000));
    AppState s(flow_config(Flow::WeChatMp));
    tap(h, s, "phone.login_button");
    const std::string state = h.probe("inspector.platform_session_key_state").text;
    INFO(state);
    CHECK(state.find("(+") != std::string::npos);
    CHECK(state.find(" d)") != std::string::npos);
}

TEST_CASE("durations and days read in Chinese units in Chinese") {
    CHECK(duration_text(299000, Lang::En) == "4 min 59 s");
    CHECK(duration_text(299000, Lang::Zh) == "4分59秒");
    CHECK(duration_text(2 * 86400000LL + 3600000, Lang::Zh) == "2天1小时");
    set_language(Lang::En);
    CHECK(instant_text(40, 0) == "09:00:00.040");
    CHECK(instant_text(2 * 86400000LL + 40, 0) == "09:00:00.040 (+2 d)");
    CHECK(instant_text(15 * 3600000LL, 0) == "00:00:00.000 (+1 d)");  // midnight after the first day
}
