// The interface in Chinese (issue 7): the Chinese table is well formed, every text the panels hand
// to tr() while drawing every flow, tab, dialog and tooltip is in it, and switching the language
// live keeps the open tab, the widgets' state and what the buttons do.
#include <unistd.h>

#include <filesystem>
#include <regex>
#include <set>
#include <sstream>

#include "harness.hpp"

#include "gui/i18n.hpp"
#include "gui/panels.hpp"
#include "gui/phone_canvas.hpp"
#include "gui/session.hpp"
#include "gui/univerify_page.hpp"
#include "loginscope/catalog.hpp"
#include "loginscope/flaws.hpp"

using namespace ls;
using namespace ls::gui;
using namespace ls::gui::test;

namespace {

// The language is a process global (draw_frame sets it from ui.prefs.lang each frame; panels drawn
// alone read it as it is): every test that switches it restores English, pass or fail.
struct InChinese {
    InChinese() {
        set_language(Lang::Zh);
        clear_untranslated();
    }
    ~InChinese() { set_language(Lang::En); }
    InChinese(const InChinese&) = delete;
    InChinese& operator=(const InChinese&) = delete;
};

// The printf conversions of `s` in order ("%%" included), e.g. {"%s", "%zu", "%.1f"}.
std::vector<std::string> conversions(const std::string& s) {
    static const std::regex re(R"(%(%|[-+ #0]*(\d+|\*)?(\.(\d+|\*))?(hh|h|ll|l|L|z|j|t)?[diouxXeEfFgGaAcspn]))");
    std::vector<std::string> out;
    for (auto it = std::sregex_iterator(s.begin(), s.end(), re); it != std::sregex_iterator(); ++it) out.push_back(it->str());
    return out;
}

// Any CJK ideograph (U+3400–U+9FFF) in UTF-8 text.
bool has_cjk(const std::string& s) {
    for (size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if ((c & 0xF0) == 0xE0 && i + 2 < s.size()) {
            const unsigned cp = ((c & 0x0Fu) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 6) |
                                (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
            if (cp >= 0x3400 && cp <= 0x9FFF) return true;
            i += 3;
        } else {
            i += c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : 4;
        }
    }
    return false;
}

bool has_ascii_letter(const std::string& s) {
    for (char c : s)
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
    return false;
}

// What tr() was asked for and did not have, with an English letter in it (a text like "+" or
// "138****8000" needs no translation).
std::set<std::string> missing_texts() {
    std::set<std::string> out;
    for (const std::string& s : untranslated())
        if (has_ascii_letter(s)) out.insert(s);
    return out;
}

std::string listing(const std::set<std::string>& texts) {
    std::ostringstream o;
    for (const std::string& t : texts) o << "\n  \"" << t << "\"";
    return o.str();
}

const std::vector<BottomTab> kTabs = {BottomTab::Timeline, BottomTab::Sequence, BottomTab::Console, BottomTab::Faults,
                                      BottomTab::Scenario, BottomTab::Audit};

void every_tab(Headless& h, AppState& s, int frames = 3) {
    for (BottomTab tab : kTabs) {
        s.ui.open_tab = tab;
        h.frames(s, frames);
    }
}

EngineConfig config_for(const FlowInfo& f) {
    EngineConfig cfg = in_process_config();
    cfg.flow = *flow_from_string(f.id);
    return cfg;
}

// A panel alone in a tall window (the whole Setup column fits without scrolling).
constexpr float kPanelW = 320, kPanelH = 6000;  // Setup grows with every platform pack: room for all of it
void in_window(Headless& h, const std::function<void()>& panel, ImVec2 size = ImVec2(kPanelW, kPanelH)) {
    h.frame([&] {
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(size);
        ImGui::Begin("panel_under_test", nullptr, ImGuiWindowFlags_NoSavedSettings);
        panel();
        ImGui::End();
    });
}

// Moves the mouse down the panel in two columns (over the check boxes and over the texts), a frame
// per step, so every tooltip of the column is drawn once.
void sweep(Headless& h, const std::function<void()>& panel) {
    float bottom = 0;
    in_window(h, [&] {
        panel();
        bottom = ImGui::GetCursorScreenPos().y;
    });
    REQUIRE(bottom < kPanelH);  // all of it on screen: nothing is left out of the sweep
    ImGuiIO& io = ImGui::GetIO();
    for (float x : {18.0f, 170.0f})
        for (float y = 4; y < bottom; y += 7) {
            io.MousePos = ImVec2(x, y);
            in_window(h, panel);
        }
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
}

// Hovers the probed item `key` for a frame (its tooltip is drawn), if the panel drew it.
void hover(Headless& h, const std::string& key, const std::function<void()>& draw) {
    draw();
    if (!h.has_probe(key)) return;
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = h.probe(key).center();
    draw();
    draw();
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
}

// A univerify page with every LoginScope note on it: a missing image, an image refused, the hint.
void univerify_page_notes(Headless& h) {
    UniverifyPageState page;
    page.open = true;
    page.hint_visible = true;
    page.masked_number = "138****8000";
    page.style.icon.path = "univerify/no-such-logo.png";
    page.style.closeIcon.path = "../outside.png";
    for (bool centre : {false, true}) {
        page.style.privacyTerms.isCenterHint = centre;
        in_window(
            h,
            [&] {
                Intents out;
                const Canvas c{ImGui::GetWindowDrawList(), ImGui::GetCursorScreenPos(), 1.0f, ImGui::GetFont()};
                draw_univerify_page(c, UniverifyPageView{page, true, false}, out);
            },
            ImVec2(400, 800));
        REQUIRE(h.has_probe("univerify.missing_images"));
    }
}

// The phone with each of its overlays, the step-mode banner and the failure dialog.
void phone_overlays(Headless& h, Flow flow) {
    PhoneView v;
    v.flow = flow;
    v.env.line.number = "13800138000";
    auto draw = [&] { in_window(h, [&] { draw_phone(v); }, ImVec2(420, 800)); };
    v.busy = true;
    v.running = find_step_kind(login_step(flow).action);
    v.waiting = Hop::ClientToDev;
    draw();
    REQUIRE(h.has_probe("phone.next_step"));
    v = PhoneView{};
    v.flow = flow;
    const bool wechat = flow == Flow::WeChatMp || flow == Flow::Taro, app = is_app_flow(flow);
    v.overlay = wechat ? PhoneOverlay::ProfileSheet
                : app  ? (flow == Flow::UniApple ? PhoneOverlay::AppleSheet : PhoneOverlay::WechatAuth)
                : flow == Flow::Swan ? PhoneOverlay::BaiduDialog : PhoneOverlay::None;
    draw();
    ActionResult failed;
    failed.action = "login";
    failed.errMsg = "login:fail timeout";
    v = PhoneView{};
    v.flow = flow;
    v.last = failed;
    draw();
}

// The Faults tab with every form state (each hop × what × when), a rule of every kind in the list
// and each preset hovered (its tooltip describes it).
void faults_everything(Headless& h, Flow flow, const std::string& os) {
    FaultsView v;
    v.flow = flow;
    v.env.os = os;
    for (Hop hop : all_fault_hops())
        for (FaultKind kind : all_fault_kinds()) {
            if (!fault_applies(kind, hop)) continue;
            FaultRule r;
            r.hop = hop;
            r.kind = kind;
            r.code = "40163";
            r.ms = 1500;
            v.rules.push_back(r);
        }
    for (int when = 0; when < 5; ++when) {
        FaultRule r;
        r.when = WhenMode(when);
        r.n = 3;
        r.probability = 0.25;
        r.enabled = when % 2 == 0;
        v.rules.push_back(r);
    }
    FaultForm form;
    const auto draw = [&] { in_window(h, [&] { draw_faults(v, form); }, ImVec2(1280, 400)); };
    for (size_t hop = 0; hop < all_fault_hops().size(); ++hop)
        for (int kind = 0; kind < int(all_fault_kinds().size()); ++kind)
            for (int when : {0, 1, 4}) {
                form.hop = int(hop);
                form.kind = kind;
                form.when = when;
                draw();
            }
    REQUIRE(h.has_probe("faults.add"));
    for (const FaultPreset& p : fault_presets(flow, os)) hover(h, std::string("faults.preset.") + p.key, draw);
    v.rules.clear();
    draw();
}

// The Scenario tab in its states: recording, stopped, a replay (running, failed, passed, diverged,
// an open error), an export message; each command button hovered for its tooltip.
void scenario_everything(Headless& h) {
    const std::vector<RecordingWarning> warnings = {{RecordingWarning::Kind::WhileBusy, "a clock move", 1}};
    const std::shared_ptr<const Scenario> sc = three_step_replay();
    ExportState x;
    x.message = "wrote somewhere";
    SessionForm form;
    form.status = "a status";
    const char* buttons[] = {"scenario.record",      "scenario.save",           "scenario.open",
                             "scenario.replay_next", "scenario.replay_all",     "scenario.replay_close",
                             "scenario.export_journal", "scenario.export_har",  "scenario.export_walkthrough"};
    for (int state = 0; state < 6; ++state) {
        ReplayState replay;
        bool recording = state == 0;
        size_t steps = state == 1 ? 4 : 0;
        if (state >= 2) {
            replay.scenario = sc;
            replay.runs.resize(3);
            ActionResult ok;
            ok.ok = true;
            replay.runs[0] = StepRun{ok, {}};
            ActionResult bad;
            bad.errcode = 40163;
            replay.runs[1] = StepRun{bad, {"expected errcode 40029, got 40163"}};
            replay.next = 2;
        }
        if (state == 3) {
            replay.running = std::make_shared<StepRun>();
            replay.running_index = 2;
        }
        if (state == 4) {
            replay.next = 3;
            replay.runs[2] = StepRun{};
            replay.final = std::vector<std::string>{"event kind code.issued never came"};
            replay.diverged = true;
        }
        if (state == 5) {
            replay.next = 3;
            replay.runs[1] = StepRun{};
            replay.runs[2] = StepRun{};
            replay.final = std::vector<std::string>{};
            replay.error = "cannot be read";
        }
        const auto draw = [&] {
            in_window(h, [&] { draw_scenario_tab(ScenarioView{recording, steps, warnings, replay, x}, form); }, ImVec2(1280, 400));
        };
        for (const char* key : buttons) hover(h, key, draw);
    }
}

// Setup for a flow in each of its option states, swept by the mouse for the tooltips.
void setup_everything(Headless& h, AppState& s, Flow flow) {
    Engine& e = s.engine();
    const Environment env = e.environment();
    SetupDraft draft;
    UniverifyStyleDraft& style = draft.univerify_style;
    style.loaded = true;
    style.style.privacyTerms.privacyItems = {{"https://example.com/terms", "用户服务协议"}};
    style.style.buttons.list = {{"apple", "/static/apple.png"}};
    style.json = "{";
    style.error = "JSON parse error";
    FlawSet all_flaws;
    for (const FlawInfo& f : flaw_catalog()) all_flaws.insert(f.flaw);
    for (int variant = 0; variant < 2; ++variant) {
        const bool on = variant == 1;
        UniverifyPageState page;
        page.open = on;
        page.login_pending = on;
        page.checked = on;
        page.manager = on;
        SetupView v{e.config(), env, false, page, on, on, on ? all_flaws : FlawSet{}};
        draft.loaded = false;
        const auto panel = [&] {
            if (on && draft.loaded) draft.app.appid = "changed";  // dirty: "unsaved" beside Apply
            draw_setup(v, draft);
        };
        in_window(h, panel);
        sweep(h, panel);
        style.error.clear();
    }
    if (flow == Flow::UniApple) {  // uni-apple on Android: the warning under the OS
        draft.loaded = true;
        draft.env.os = "android";
        in_window(h, [&] { draw_setup(SetupView{e.config(), env, false}, draft); });
    }
}

// The session's status lines (Scenario tab) and the recorder's warnings, in the current language.
void session_messages(Headless& h, AppState& s, const std::string& dir) {
    s.ui.session.save_path = dir + "/nothing.json";
    CHECK_FALSE(save_recording(s));  // nothing recorded yet
    start_recording(s);
    REQUIRE(s.recorder.recording());
    start_action(s, login_step(s.engine().config().flow));
    REQUIRE(h.wait_idle(s));
    s.ui.session.save_path = dir + "/recorded.json";
    CHECK(save_recording(s));
    after_new_world(s);
    run_session_command(s, SessionCommand::StopRecording);
    s.ui.session.export_dir = dir + "/export";
    run_session_command(s, SessionCommand::ExportJournal);
    run_session_command(s, SessionCommand::ExportHar);
    s.ui.open_tab = BottomTab::Scenario;
    h.frames(s, 2);

    Recorder rec;  // every warning: fields outside the scenario format, changes during an action
    EngineConfig cfg = s.engine().config();
    cfg.app.apple_bundle_id = "com.example.other";
    cfg.app.baidu.app_key = "other";
    rec.start(cfg, {});
    Step env = make_step("environment"), advance = make_step("advance"), fault = make_step("add_fault"),
         flaws = make_step("set_flaws");
    env.env = Environment{};
    env.env->online = false;
    advance.ms = 1000;
    fault.fault = FaultRule{};
    flaws.flaws = {Flaw::LogSecret};
    for (const Step& step : {make_step("login"), env, advance, make_step("jump_to_next_expiry"), fault, flaws})
        rec.started(step, true);
    rec.faults_replaced({FaultRule{}}, true);
    CHECK(rec.warnings().size() >= 8);
    for (const RecordingWarning& w : rec.warnings()) {
        const std::string text = recording_warning_text(w);
        INFO(text);
        CHECK(has_cjk(text));
    }
}

}  // namespace

TEST_CASE("the Chinese table: unique English keys, Chinese texts, the same printf conversions", "[language]") {
    const auto& table = chinese_table();
    REQUIRE(table.size() > 100);
    std::set<std::string> seen;
    for (const Translation& t : table) {
        REQUIRE(t.en != nullptr);
        REQUIRE(t.zh != nullptr);
        const std::string en = t.en, zh = t.zh;
        INFO("en: \"" << en << "\"  zh: \"" << zh << "\"");
        CHECK_FALSE(en.empty());
        CHECK_FALSE(zh.empty());
        CHECK(has_cjk(zh));
        CHECK(conversions(en) == conversions(zh));
        CHECK(seen.insert(en).second);  // each English text once
    }
    // The checks themselves: a conversion dropped or reordered is seen.
    CHECK(conversions("%zu of %zu steps, %s, 100%%") == std::vector<std::string>{"%zu", "%zu", "%s", "%%"});
    CHECK(conversions("%s %d") != conversions("%d %s"));
    CHECK(conversions("delay %lld ms") == std::vector<std::string>{"%lld"});
    CHECK_FALSE(has_cjk("Login"));
    CHECK(has_cjk("登录"));
}

TEST_CASE("tr follows the language and tr_id keeps the widget's ID", "[language]") {
    REQUIRE(language() == Lang::En);
    CHECK(std::string(tr("Add fault")) == "Add fault");
    CHECK(tr_id("Add fault") == "Add fault###Add fault");
    {
        InChinese zh;
        CHECK(std::string(tr("Add fault")) == "添加故障");
        CHECK(tr_id("Add fault") == "添加故障###Add fault");
        CHECK(std::string(tr("Client")) == "客户端");
        CHECK(std::string(actor_title(Actor::Platform)) == "平台");
        CHECK(std::string(status_label(Status::Error)) == "错误");
        CHECK(untranslated().empty());
        CHECK(std::string(tr("a text nobody translated")) == "a text nobody translated");
        CHECK(untranslated().count("a text nobody translated") == 1);
    }
    CHECK(language() == Lang::En);
    CHECK(std::string(actor_title(Actor::Platform)) == "Platform");
}

TEST_CASE("in Chinese every flow, tab, dialog and tooltip leaves no English text untranslated", "[language]") {
    InChinese zh;
    Headless h;
    const std::string dir = (std::filesystem::temp_directory_path() / ("loginscope-language-" + std::to_string(getpid()))).string();
    std::filesystem::create_directories(dir);
    for (const FlowInfo& f : flow_catalog()) {
        if (!f.available) continue;
        INFO("flow " << f.id);
        const EngineConfig cfg = config_for(f);
        AppState s(cfg);
        s.ui.prefs.lang = Lang::Zh;
        every_tab(h, s);  // nothing happened yet: the empty states
        s.start(login_step(cfg.flow));
        REQUIRE(h.wait_idle(s));
        every_tab(h, s);  // after a login: events, bars, messages, console lines
        FaultRule r;
        r.hop = Hop::DevToPlatform;
        r.kind = FaultKind::Delay;
        r.ms = 250;
        s.engine().add_fault(r);
        s.sync();
        every_tab(h, s);
        setup_everything(h, s, cfg.flow);
        phone_overlays(h, cfg.flow);
        faults_everything(h, cfg.flow, "android");
        if (cfg.flow == Flow::Swan) faults_everything(h, cfg.flow, "ios");
    }
    univerify_page_notes(h);
    scenario_everything(h);
    {
        AppState s(in_process_config());
        s.ui.prefs.lang = Lang::Zh;
        session_messages(h, s, dir);
    }
    REQUIRE(language() == Lang::Zh);
    // The core's texts shown in Setup's tooltips: every assumption's why (the flaws' titles and attacks
    // come in both languages from the core: flaw_title() / flaw_attack()).
    for (const Assumption& a : assumptions()) tr(a.why);
    std::filesystem::remove_all(dir);
    const std::set<std::string> missing = missing_texts();
    INFO("texts tr() was given that the Chinese table lacks:" << listing(missing));
    CHECK(missing.empty());
}

TEST_CASE("switching to Chinese live (the menu's button) keeps the open tab and the widgets working", "[language]") {
    struct EnglishAfter {
        ~EnglishAfter() { set_language(Lang::En); }
    } restore;
    Headless h(true);  // the real CJK font: the labels change width
    AppState s(in_process_config());
    s.ui.open_tab = BottomTab::Faults;
    h.frames(s, 3);
    REQUIRE(h.has_probe("faults.add"));  // the Faults tab is the open one
    REQUIRE_FALSE(h.has_probe("timeline.canvas"));
    s.ui.timeline.follow = false;

    clear_untranslated();
    h.click(s, "menu.language");
    REQUIRE(s.ui.prefs.lang == Lang::Zh);
    REQUIRE(language() == Lang::Zh);
    h.frames(s, 3);
    CHECK(h.has_probe("faults.add"));  // still the open tab in the other language
    CHECK_FALSE(h.has_probe("timeline.canvas"));
    CHECK_FALSE(h.has_probe("scenario.record"));

    // A preset's button in Chinese adds its rule, the form's button adds another, a rule's box switches it.
    h.click(s, "faults.preset.reset_platform");
    REQUIRE(s.engine().faults().size() == 1);
    h.click(s, "faults.add");
    REQUIRE(s.engine().faults().size() == 2);
    CHECK(h.has_probe("faults.rule_enabled.1"));
    h.click(s, "faults.rule_enabled.0");
    CHECK_FALSE(s.engine().faults()[0].enabled);

    // Setup's check box (a tr_id label) still switches the phone's network.
    REQUIRE(s.engine().environment().online);
    h.click(s, "setup.online");
    CHECK_FALSE(s.engine().environment().online);

    // The Timeline tab: its buttons move the clock, its check box keeps what it was set to.
    s.ui.open_tab = BottomTab::Timeline;
    h.frames(s, 3);
    REQUIRE(h.has_probe("timeline.canvas"));
    const int64_t before = s.engine().clock().now_ms();
    h.click(s, "timeline.plus_1min");
    CHECK(s.engine().clock().now_ms() - before >= 60 * 1000);
    CHECK_FALSE(s.ui.timeline.follow);

    // Back to English with the same button: the tab stays, nothing was lost.
    h.click(s, "menu.language");
    REQUIRE(s.ui.prefs.lang == Lang::En);
    REQUIRE(language() == Lang::En);
    h.frames(s, 3);
    CHECK(h.has_probe("timeline.canvas"));
    CHECK_FALSE(h.has_probe("faults.add"));
    CHECK(s.engine().faults().size() == 2);
    CHECK_FALSE(s.engine().environment().online);
}

TEST_CASE("a tab opened in Chinese stays open when the language switches back", "[language]") {
    struct EnglishAfter {
        ~EnglishAfter() { set_language(Lang::En); }
    } restore;
    Headless h;
    AppState s(in_process_config());
    s.ui.prefs.lang = Lang::Zh;
    s.ui.open_tab = BottomTab::Scenario;
    h.frames(s, 3);
    REQUIRE(language() == Lang::Zh);
    REQUIRE(h.has_probe("scenario.record"));
    s.ui.prefs.lang = Lang::En;
    h.frames(s, 3);
    REQUIRE(language() == Lang::En);
    CHECK(h.has_probe("scenario.record"));
    CHECK_FALSE(h.has_probe("faults.add"));
}
