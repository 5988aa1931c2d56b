// The Faults form offers exactly the codes a scenario may carry (the parser's fault_codes), so what
// the GUI records always loads in `loginscope run`.
#include <set>

#include <catch2/catch.hpp>

#include "gui/panels.hpp"
#include "loginscope/catalog.hpp"

using namespace ls;
using namespace ls::gui;

TEST_CASE("the fault form offers the scenario parser's codes for every flow and hop", "[faults]") {
    for (size_t f = 0; f < flow_catalog().size(); ++f) {
        const Flow flow = Flow(f);
        for (Hop hop : all_fault_hops())
            for (const char* os : {"android", "ios"}) {
                INFO(flow_catalog()[f].id << " " << to_string(hop) << " " << os);
                const auto offered = fault_form_codes(flow, os, hop);
                const auto allowed = fault_codes(flow, hop);
                const std::set<const CatalogEntry*> allowed_set(allowed.begin(), allowed.end());
                for (const CatalogEntry* e : offered) CHECK(allowed_set.count(e) == 1);
                if (flow != Flow::Swan) CHECK(offered.size() == allowed.size());
            }
    }
    // The multi-terminal app's server also answers with WeChat's code2Session errors (40029 …).
    bool has_40029 = false;
    for (const CatalogEntry* e : fault_form_codes(Flow::WeChatApp, "android", Hop::PlatformResponse))
        has_40029 |= std::string(e->code) == "40029";
    CHECK(has_40029);
    // swan's client errors follow the phone's OS.
    for (const CatalogEntry* e : fault_form_codes(Flow::Swan, "ios", Hop::ClientCall)) CHECK(std::string(e->platform) != "swan-android");
    for (const CatalogEntry* e : fault_form_codes(Flow::Swan, "android", Hop::ClientCall)) CHECK(std::string(e->platform) != "swan-ios");
}
