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

// ---- the rule the form adds is the rule it showed ---------------------------------------------

#include "harness.hpp"

namespace {

using ls::gui::test::Headless;

// The form's controls, driven as a user does: open a combo and click the option that reads `text`
// (scrolling the list with the wheel until it is in view), type into a field.
struct FormDriver {
    Headless& h;
    AppState& s;

    // `text`: the option's label, or for a code the code its label starts with ("40163  code been used").
    void choose(const std::string& key, const std::string& text) {
        h.click(s, "faults." + key);
        std::string option, label;
        for (int i = 0; h.has_probe("faults." + key + ".option." + std::to_string(i)); ++i) {
            const std::string shown = h.probe("faults." + key + ".option." + std::to_string(i)).text;
            if (shown == text || (key == "code" && shown.rfind(text + "  ", 0) == 0)) {
                option = "faults." + key + ".option." + std::to_string(i);
                label = shown;
            }
        }
        INFO("no option \"" << text << "\" in " << key);
        REQUIRE(!option.empty());
        ImGuiIO& io = ImGui::GetIO();
        for (int guard = 0; guard < 200; ++guard) {  // scroll until the option is inside the open list
            const Probe list = h.probe("faults." + key + ".popup"), item = h.probe(option);
            if (item.min.y >= list.min.y && item.max.y <= list.max.y) break;
            io.MousePos = list.center();
            io.MouseWheel = item.min.y < list.min.y ? 1.0f : -1.0f;
            h.frame(s);
            io.MouseWheel = 0;
            h.frame(s);
        }
        h.click(s, option);
        CHECK(h.probe("faults." + key).text == label);
    }

    // Ctrl+click turns a slider into a text field; a click into an InputInt selects its text.
    void type(const std::string& key, const std::string& text, bool ctrl = false) {
        ImGuiIO& io = ImGui::GetIO();
        io.KeyCtrl = ctrl;
        h.click(s, "faults." + key);
        io.KeyCtrl = false;
        io.AddInputCharactersUTF8(text.c_str());
        h.frame(s);
        io.KeysDown[ImGuiKey_Enter] = true;
        h.frame(s);
        io.KeysDown[ImGuiKey_Enter] = false;
        h.frames(s, 2);
        CHECK(h.probe("faults." + key).text == text);
    }
    std::string shown(const std::string& key) { return h.probe("faults." + key).text; }
};

// What the form shows, read back as a rule: this is what a user expects Add to add.
FaultRule rule_shown(FormDriver& d) {
    static const std::pair<const char*, WhenMode> kWhen[] = {{"next call", WhenMode::Next},
                                                            {"Nth call", WhenMode::Nth},
                                                            {"first N calls", WhenMode::FirstN},
                                                            {"every call", WhenMode::Every},
                                                            {"probability", WhenMode::Probability}};
    FaultRule r;
    r.hop = *hop_from_string(d.shown("where"));
    bool known_when = false;
    for (auto& [label, mode] : kWhen)
        if (d.shown("when") == label) {
            r.when = mode;
            known_when = true;
        }
    REQUIRE(known_when);
    if (r.when == WhenMode::Nth || r.when == WhenMode::FirstN) r.n = std::stoi(d.shown("n"));
    if (r.when == WhenMode::Probability) {
        r.probability = std::stod(d.shown("p"));
        r.seed = std::stoull(d.shown("seed"));
    }
    r.kind = *fault_kind_from_string(d.shown("what"));
    if (r.kind == FaultKind::PlatformError) r.code = d.shown("code").substr(0, d.shown("code").find("  "));
    if (r.kind == FaultKind::Delay || r.kind == FaultKind::ClockJump) r.ms = std::stoll(d.shown("ms"));
    if (r.kind == FaultKind::HttpStatus) r.status = std::stoi(d.shown("status"));
    if (r.kind == FaultKind::CutBody) r.bytes = std::stoi(d.shown("bytes"));
    return r;
}

void require_same_rule(const FaultRule& got, const FaultRule& want) {
    INFO("added: " << got.describe() << "\nshown: " << want.describe());
    CHECK(to_string(got.hop) == std::string(to_string(want.hop)));
    CHECK(to_string(got.when) == std::string(to_string(want.when)));
    CHECK(got.n == want.n);
    CHECK(got.probability == Approx(want.probability).margin(1e-9));
    CHECK(got.seed == want.seed);
    CHECK(to_string(got.kind) == std::string(to_string(want.kind)));
    CHECK(got.code == want.code);
    CHECK(got.status == want.status);
    CHECK(got.ms == want.ms);
    CHECK(got.bytes == want.bytes);
    CHECK(got.enabled);
}

struct FormCase {
    Flow flow;
    const char* os;
    const char* where;
    const char* when;
    std::string n_or_p;  // "n" for Nth / first N, "p" for probability ("" otherwise)
    const char* what;
    std::string code;    // platform_error: the code (the option starts with it)
    std::string number;  // ms, status or bytes
};

}  // namespace

TEST_CASE("the fault form adds exactly the rule its fields show", "[faults]") {
    const FormCase cases[] = {
        {Flow::WeChatMp, "android", "platform_response", "Nth call", "3", "platform_error", "40163", ""},
        {Flow::WeChatMp, "android", "dev_to_platform", "probability", "0.37", "delay", "", "2500"},
        {Flow::Swan, "ios", "client_call", "first N calls", "2", "platform_error", "10004", ""},
        {Flow::Univerify, "android", "client_to_dev", "every call", "", "http_status", "", "503"},
        {Flow::WeChatApp, "android", "platform_response", "next call", "", "cut_body", "", "7"},
        {Flow::Taro, "android", "client_to_dev", "next call", "", "clock_jump", "", "300000"},
        {Flow::UniApple, "ios", "dialog", "Nth call", "2", "platform_error", "1003", ""},
    };
    for (const FormCase& c : cases) {
        INFO(to_string(c.flow) << ": " << c.where << " × " << c.when << " × " << c.what);
        EngineConfig cfg = ls::gui::test::in_process_config();
        cfg.flow = c.flow;
        cfg.env.os = c.os;
        Headless h(false, ImVec2(1366, 900));
        AppState s(cfg);
        open_tab(h, s, "tab.faults");
        FormDriver d{h, s};
        d.choose("where", c.where);
        d.choose("when", c.when);
        if (std::string(c.when) == "probability") {
            d.type("p", c.n_or_p, true);
            d.type("seed", "42");
        } else if (!c.n_or_p.empty()) {
            d.type("n", c.n_or_p);
        }
        d.choose("what", c.what);
        if (!c.code.empty()) d.choose("code", c.code);
        const std::string number_key = std::string(c.what) == "http_status" ? "status" : std::string(c.what) == "cut_body" ? "bytes" : "ms";
        if (!c.number.empty()) d.type(number_key, c.number);
        const FaultRule shown = rule_shown(d);
        REQUIRE(s.engine().faults().empty());
        h.click(s, "faults.add");
        const std::vector<FaultRule> rules = s.engine().faults();
        REQUIRE(rules.size() == 1);
        require_same_rule(rules[0], shown);
        // And the rule is what the case asked for: the form did not show something else.
        CHECK(to_string(rules[0].hop) == std::string(c.where));
        CHECK(to_string(rules[0].kind) == std::string(c.what));
        if (!c.code.empty()) CHECK(rules[0].code == c.code);
    }
}
