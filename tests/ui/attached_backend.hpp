#pragma once
// A team's backend attached to the window for the Audit tab's tests: the Python test backend
// (tests/backends/shop_backend.py) as a real process, told the platform's port before it starts, and
// its profile attached to an AppState with that port.
#include <fstream>

#include "../core/backend_process.hpp"
#include "harness.hpp"
#include "session_helpers.hpp"

namespace ls::gui::test {

constexpr size_t kShopChecks = 23;  // wechat-mp's battery for the shop profile (audit_test.cpp)

struct AttachedShop {
    TempDir dir{"audit-panel"};
    int platform = ls::test::free_port();
    int backend_port = ls::test::free_port();
    ls::test::ShopBackend backend;
    AppState s{in_process_config()};  // declared last, gone first: its audit ends before the backend process
    // `also_as`: more flows of the profile, each asking the backend as wechat-mp does (taro: code2Session too).
    explicit AttachedShop(const std::vector<std::string>& flaws = {}, const std::vector<std::string>& also_as = {})
        : backend(backend_port, "http://127.0.0.1:" + std::to_string(platform), flaws) {
        const std::string profile = dir / "shop.json";
        nlohmann::json p = nlohmann::json::parse(ls::test::shop_profile(backend.base()));
        for (const std::string& flow : also_as) p["flows"][flow] = p["flows"]["wechat-mp"];
        std::ofstream(profile) << p.dump(2);
        s.attach_backend(open_backend_link(profile, platform));
        REQUIRE(s.engine().platform_port() == platform);
        s.ui.session.export_dir = dir / "exports";
    }
};

}  // namespace ls::gui::test
