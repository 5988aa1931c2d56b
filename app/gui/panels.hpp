#pragma once
// The panels: each is one function of the state it needs that returns what the user asked for
// (Intents). frame.cpp lays them out and applies the intents to the AppState.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "imgui.h"
#include "app_state.hpp"
#include "prefs.hpp"
#include "loginscope/engine.hpp"
#include "loginscope/platform_pack.hpp"

namespace ls::gui {

// Record, replay and export (the Scenario tab and the toolbar's Rec button); session.cpp runs them.
enum class SessionCommand {
    None, StartRecording, StopRecording, SaveRecording, OpenScenario, ReplayNext, ReplayAll, CloseReplay,
    ExportJournal, ExportHar, ExportWalkthrough,
    // The "…" buttons: a file picker for the field (its answer then opens / saves / sets the folder).
    BrowseOpenPath, BrowseSavePath, BrowseExportDir, CancelPick,
    BrowseBackendProfile,  // Setup ▸ Developer server's Open…: its answer is attached
};

// Presenter mode's commands (menu bar, keyboard, its own bar); presenter.hpp does them.
enum class PresenterCommand { None, Enter, Exit, Next, Back, Restart, PlayPause };

struct Intents {
    std::optional<Step> step;  // a tap or a call on the phone (steps.hpp)
    std::optional<bool> step_mode;
    bool next_step = false;
    std::optional<bool> clock_running;
    std::optional<double> speed;
    int64_t advance_ms = 0;
    bool jump_to_next_expiry = false;
    bool reset = false;
    std::optional<Environment> environment;
    std::optional<EngineConfig> rebuild;  // flow or app config changed: a new world
    std::vector<FaultRule> add_faults;
    std::optional<size_t> remove_fault;
    std::optional<std::pair<size_t, bool>> enable_fault;
    bool clear_faults = false;
    std::optional<size_t> select_event;
    bool dismiss_error = false;
    std::optional<bool> profile_outside_tap;  // the "not from a tap" option changed
    std::optional<bool> only_authorize;       // uni-weixin: the onlyAuthorize option changed
    std::vector<std::string> missing_assets;  // images a page could not show: "key: path (why)"
    SessionCommand session = SessionCommand::None;
    std::optional<FlawSet> flaws;             // the developer server's flaw switches changed
    std::optional<Preferences> prefs;         // language, theme, UI scale or pace changed
    PresenterCommand presenter = PresenterCommand::None;
    std::optional<std::string> open_demo;     // a demo's file (Demos menu)
    std::optional<bool> show_glossary;
    std::optional<std::string> attach_backend;  // a backend profile's path (Setup ▸ Developer server)
    bool detach_backend = false;                 // back to the built-in developer server
};
void merge(Intents& into, Intents from);

// ---- shared look -------------------------------------------------------------------------
namespace palette {
constexpr ImU32 wechat_green = IM_COL32(0x07, 0xC1, 0x60, 255);  // #07C160
constexpr ImU32 wechat_green_pressed = IM_COL32(0x06, 0xAD, 0x56, 255);
constexpr ImU32 modal_link = IM_COL32(0x57, 0x6B, 0x95, 255);     // wx.showModal confirmColor
constexpr ImU32 page_bg = IM_COL32(0xED, 0xED, 0xED, 255);
constexpr ImU32 text = IM_COL32(0x1A, 0x1A, 0x1A, 255);
constexpr ImU32 text_dim = IM_COL32(0x80, 0x80, 0x80, 255);
constexpr ImU32 ok = IM_COL32(0x1A, 0x9E, 0x55, 255);
constexpr ImU32 error = IM_COL32(0xD9, 0x36, 0x36, 255);
constexpr ImU32 fault = IM_COL32(0xE0, 0x7B, 0x00, 255);
constexpr ImU32 neutral = IM_COL32(0x70, 0x78, 0x85, 255);
constexpr ImU32 code = IM_COL32(0x3B, 0x82, 0xF6, 255);
constexpr ImU32 session_key = IM_COL32(0x8B, 0x5C, 0xF6, 255);
constexpr ImU32 token = IM_COL32(0x10, 0xA3, 0x7F, 255);
constexpr ImU32 assumption = IM_COL32(0xF5, 0xC5, 0x42, 255);
constexpr ImU32 univerify_blue = IM_COL32(0x34, 0x79, 0xF5, 255);  // authButton.normalColor default
constexpr ImU32 univerify_blue_pressed = IM_COL32(0x28, 0x61, 0xC5, 255);
constexpr ImU32 apple_black = IM_COL32(0, 0, 0, 255);  // Sign in with Apple's black button
constexpr ImU32 apple_black_pressed = IM_COL32(0x3A, 0x3A, 0x3C, 255);
constexpr ImU32 baidu_blue = IM_COL32(0x33, 0x88, 0xFF, 255);  // #3388FF, Baidu's smart program blue
constexpr ImU32 baidu_blue_pressed = IM_COL32(0x2A, 0x6F, 0xD1, 255);
}  // namespace palette

// A flow's brand colour: a platform pack's (its PackPage), else WeChat's green; and a held button's shade.
ImU32 brand_color(Flow f);
ImU32 brand_color_pressed(Flow f);
// A platform pack's own text in the interface's language (packs bring both).
const char* in_language(const char* en, const char* zh);

// The App flows (wechat-app, uni-weixin, uni-apple): a native app's login page instead of a mini program.
bool is_app_flow(Flow f);
// What the toolbar's Login and the page's login button take in a flow (its FlowInfo::login_step).
Step login_step(Flow f);
// wx.getUserProfile, from the tap handler itself or (outside_tap) after an await in it.
Step profile_step(bool outside_tap);
// The label of the phone's login button in a flow, as the page shows it ("微信一键登录", "百度账号登录" …).
const char* phone_login_label(Flow f);

enum class Status { Ok, Error, Fault };
Status event_status(const Event& e);
// An HTTP success whose JSON body says the call failed: WeChat's errcode ≠ 0 in a 200, DCloud's
// "success": false, an OAuth-style "error" (Baidu). event_status reads it as an error.
bool carries_platform_error(const Event& e);
ImU32 status_color(Status s);
const char* status_label(Status s);
const char* actor_title(Actor a);  // "Client", "Developer server", "uniCloud cloud function", "Platform", …
ImU32 subject_color(const std::string& subject);  // code / session_key / token
ImVec4 to_vec4(ImU32 c);
void badge(const char* label, ImU32 bg, ImU32 fg = IM_COL32(0x33, 0x2B, 0x00, 255));  // small rounded tag
void setup_section(const char* title);  // a Setup section's title over a rule
// Bordered columns side by side, each `fraction` of the width (0: what is left), drawn by `draw`.
struct Column {
    const char* id;
    float fraction;
    std::function<void()> draw;
};
void side_by_side(std::initializer_list<Column> columns);
std::string mask_middle(const std::string& s, size_t keep = 4);  // "oGZU…VJJE"
ImFont* find_font(const char* name);  // a font loaded by load_fonts(), or nullptr
// Cut to `width` pixels with "…", only between characters: never inside a UTF-8 sequence, and never
// between a character and its combining marks, variation selector or zero-width-joined parts.
std::string fit_text(const std::string& s, float width);
// The byte offsets where `s` may be cut (the start of every character but the first).
std::vector<size_t> text_cut_points(const std::string& s);

// The developer-server flaw a step shows: its flaw.* event, or the developer server's reply to the
// client in the same action as one (the reply that carries the mistake, e.g. the leaked session_key).
struct FlawMark {
    Flaw flaw;
    size_t flaw_event;  // index of the flaw.* event that explains it
};
std::optional<FlawMark> flaw_mark(const std::vector<Event>& events, size_t i);

// Text with the glossary's terms marked: hovering one shows its definition (glossary.hpp), in the
// current language. Wraps at the content region's right edge.
void glossary_text(const std::string& text, ImU32 color = 0);
// When the last item is hovered and `term` is in the glossary: its definition as a tooltip.
void glossary_tooltip(const std::string& term);

// ---- panels ------------------------------------------------------------------------------
struct MenuView {
    Preferences prefs;
    bool presenter = false;
    bool show_glossary = false;
    bool busy = false;  // a step runs: demos cannot be opened now
};
// The main menu bar: Demos (per flow), View (language, theme, UI scale, presenter mode, glossary)
// and a one-click language switch at its right end. Returns its height through `height`.
Intents draw_menu_bar(const MenuView& v, float& height);
// The glossary window (View ▸ Glossary): every term with its definition in the current language.
Intents draw_glossary_window(bool open);

struct PresenterView {
    std::string title;
    size_t step = 0, steps = 0;           // scenario steps run / in all
    std::optional<size_t> beat;           // current beat (0-based), nullopt on the title card
    bool playing = false;
    bool busy = false;                    // a step runs
    bool at_end = false;                  // the last beat of the last step
    bool live = false;                    // the live session, not a scenario
    size_t beats = 0;                     // beats the journal has now
};
// Presenter mode's bar: the title, where we are, Restart / Back / Play / Next, the pace, the
// language and Exit.
Intents draw_presenter_bar(const PresenterView& v, const Preferences& prefs);
// The caption: the step's narration in large type, a flaw's attack in red.
struct CaptionView {
    const Event* event = nullptr;  // nullptr: the title card
    std::optional<Flaw> flaw;              // the flaw the step shows (flaw_mark)
    const Event* flaw_event = nullptr;     // … and the event that explains it
    Flow flow = Flow::WeChatMp;
    std::string title;
    std::vector<std::string> steps;  // the scenario's steps, the active one highlighted
    std::optional<size_t> active_step;
};
void draw_caption(const CaptionView& v);
struct ToolbarView {
    Flow flow = Flow::WeChatMp;
    bool busy = false;
    bool step_mode = false;
    std::optional<Hop> waiting;
    bool clock_running = false;
    double speed = 1;
    int64_t now_ms = 0;
    bool has_next_expiry = false;
    uint64_t seed = 1;
    bool profile_outside_tap = false;  // getUserProfile buttons call it after an await (§6.3)
    bool recording = false;            // the clock cannot follow real time (no replay could repeat it)
};
Intents draw_toolbar(const ToolbarView& v, ToolbarLayout& layout);
// How many rows the toolbar needs in `width` pixels of content, from the widths it last measured.
int toolbar_rows(const ToolbarLayout& layout, float width);

// Setup ▸ Developer server (panel_dev_server.cpp).
struct DevServerView {
    const BackendLink* backend = nullptr;  // AppState::backend()
    Flow flow = Flow::WeChatMp;
    size_t calls = 0;                      // the backend's platform calls since it was attached
    std::string last_call;                 // "GET /sns/jscode2session"
    std::vector<std::string> recent;       // recent profiles
    bool port_lent = false;                // an audit has the platform's port
    bool busy = false;
};
Intents draw_dev_server(const DevServerView& v, SetupDraft& d);

struct SetupView {
    const EngineConfig& config;
    const Environment& env;
    bool busy;
    UniverifyPageState page = {};  // univerify: the manager, its subscribers, the checkbox
    bool profile_outside_tap = false;  // WeChat flows: getUserProfile is called after an await (§6.3)
    bool only_authorize = false;       // uni-weixin: uni.login({provider:'weixin', onlyAuthorize: true})
    FlawSet flaws;                     // the developer server's mistakes switched on
    size_t journal_events = 0;         // a flow switch clears them: it asks first
    DevServerView dev_server;
};
Intents draw_setup(const SetupView& v, SetupDraft& draft);
// The univerifyStyle editor (inside Setup for the univerify flow): a form for the common options
// and a JSON editor for all of them, validated as you type.
Intents draw_univerify_style(UniverifyStyleDraft& d);
// Replaces the JSON text and validates it: a valid text becomes the style, else `error` says why.
void set_style_json(UniverifyStyleDraft& d, std::string text);

struct PhoneView {
    Flow flow = Flow::WeChatMp;
    int64_t now_ms = 0;
    Environment env;
    bool busy = false;
    const StepKind* running = nullptr;  // the phone's step under way (AppState::running_step)
    std::optional<Hop> waiting;
    IdentityChain identity;
    std::optional<ActionResult> last;
    bool error_dismissed = false;
    PhoneOverlay overlay = PhoneOverlay::None;  // what lies over the page (Engine::overlay)
    std::optional<PackSheet> pack_sheet;        // a platform pack's dialog, when that is the overlay
    UniverifyPageState page;           // univerify: the one-click page's state (its overlay)
    std::string phone_sheet_number;    // WeChat's phone-number sheet: the account's number, masked
    ProfileFill fill;                  // the mini program's avatar and nickname form (§6.6)
    bool profile_outside_tap = false;  // the page's 获取头像昵称 handler calls it after an await
    bool app_signed_in = false;        // App flows: signed in without a token of ours (UiState::app_signed_in)
    float min_text_px = 12;            // the smallest text on the phone
};
Intents draw_phone(const PhoneView& v);

// Live invariants (issue 17): a rule the team's backend broke in this world, with its evidence.
struct LiveViolation {
    std::string invariant, detail;  // invariants.hpp
    std::optional<size_t> event;    // the event that shows it, an index into the events
    std::string evidence;           // that event in words: "09:00:00.040 · shop-api's reply to POST /login"
};
// Above the inspector's steps: the newest violations, each with Show (selects its event).
void draw_violations(const std::vector<LiveViolation>& all, Intents& out);

struct InspectorView {
    const std::vector<Event>& events;
    const std::vector<LifetimeBar>& bars;
    std::optional<std::pair<size_t, size_t>> latest_range;  // the latest action's events
    uint32_t latest_flow = 0;
    IdentityChain identity;
    int64_t now_ms = 0;
    Flow flow = Flow::WeChatMp;  // whose narration
    std::vector<LiveViolation> violations;
    // A request to a team's backend still unanswered (an index into the events), and the real seconds
    // the step in flight has run: its row shows the wait.
    std::optional<size_t> waiting_on;
    double waiting_s = 0;
    // The events are an audit check's exchange (the Audit tab), not the session's: every one listed,
    // no identifier chain (draw_audit_check_header says whose they are).
    bool audit = false;
};
Intents draw_inspector(const InspectorView& v, UiState& ui);
// Above the inspector while it shows an audit check's exchange: the check, its verdict and a way back;
// true when "Back to the session" was pressed.
bool draw_audit_check_header(const AuditCheck& c);

struct TimelineData {
    const std::vector<Event>& events;
    const std::vector<LifetimeBar>& bars;
    int64_t now_ms = 0;
    std::optional<size_t> selected;
    Flow flow = Flow::WeChatMp;  // its lanes: a cloud function's between developer server and platform
    std::string backend;         // a team's backend answers: its profile's name titles the server's lane
};
Intents draw_timeline(const TimelineData& d, TimelineView& view);

struct SequenceData {
    const std::vector<Event>& events;
    const std::vector<size_t>& messages;
    std::optional<size_t> selected;
    Flow flow = Flow::WeChatMp;  // names the client and the platform lifelines (and a cloud function's)
    std::string backend;         // a team's backend answers: its profile's name titles the server's lifeline
    std::vector<size_t> broken;  // messages that broke a live invariant (drawn red)
};
Intents draw_sequence(const SequenceData& d);

Intents draw_console(const std::vector<std::string>& lines);

struct FaultsView {
    std::vector<FaultRule> rules;
    Flow flow = Flow::WeChatMp;  // whose catalog and presets to offer
    Environment env;             // what environment presets change
    uint64_t last_action = 0;    // AppState::last_action_id(): the client action last started
    bool in_flight = false;      // … and whether it still runs
};
Intents draw_faults(const FaultsView& v, FaultForm& form);
// The rules that can still fire: switched on and not used up (the tab's count).
int active_fault_count(const std::vector<FaultRule>& rules);
// Phone faults armed for the next call are undone once that call has happened: called every frame,
// whichever tab is open.
Intents end_phone_faults_after_call(const FaultsView& v, FaultForm& form);
// The rules a new world of `flow` keeps: those whose code the flow has at their hop (fault_codes),
// used-up ones armed again (as Reset does). The others are named in form.dropped.
std::vector<FaultRule> carry_faults(const std::vector<FaultRule>& rules, Flow flow, FaultForm& form);
struct ScenarioView {
    bool recording = false;
    size_t recorded_steps = 0;
    const std::vector<RecordingWarning>& warnings;  // what the recording could not capture exactly
    const ReplayState& replay;
    const ExportState& exports;
    bool busy = false;  // an action or a replayed step runs
    RecentFiles recent;  // offered beside Open and the export folder
};
// Record (Record / Stop, name, Save as), Replay (Open, Next step, Run all, the steps) and Export
// (journal JSON, HAR, walkthrough into one folder).
Intents draw_scenario_tab(const ScenarioView& v, SessionForm& form);
struct AuditTabView {
    const BackendLink* backend = nullptr;  // the attached backend (nullptr: nothing to audit)
    Flow session_flow = Flow::WeChatMp;    // "only this flow" of the filter
    const AuditRun& run;
    bool busy = false;  // the session's worker runs: a run, which builds a new world, waits for it
};
// Audit (bottom tab): the attached backend's name, the flow filter, Run / Cancel, the progress, the
// checks as they are settled (a click shows one's exchange in the inspector: form.shown) and the
// Markdown and JUnit exports.
AuditCommand draw_audit_tab(const AuditTabView& v, AuditForm& form);
// The label of a check's verdict in the current language ("PASS", "FAIL", "SKIPPED") and its colour.
const char* check_status_label(CheckStatus s);
ImU32 check_status_color(CheckStatus s);

// A recording's warning as the Scenario tab shows it, in the current language.
std::string recording_warning_text(const RecordingWarning& w);
// The file picker's window over everything (panel_file_browser.cpp): the in-app browser while it
// answers a request (its choice goes to the browser's `answer`), or a note with Cancel while the
// desktop's own dialog is open.
Intents draw_file_picker(FilePicker& picker);

struct FaultPreset {
    const char* key;    // probe key suffix: "faults.preset.<key>"
    const char* label;
    FaultRule rule;
    std::function<void(Environment&)> environment;  // set: the preset changes the phone, not a hop
    // Set: the phone change lasts for the next call only; puts back in `now` what it changed.
    std::function<void(Environment& now, const Environment& before)> restore;
    std::string describe() const;
};
// swan: the client_call codes depend on the OS ("android" / "ios"), so do its presets.
const std::vector<FaultPreset>& fault_presets(Flow flow = Flow::WeChatMp, const std::string& os = "android");
// The codes the fault form offers at `hop`: what a scenario may inject there (fault_codes, as the
// scenario parser and explore check them), swan's client-side table only for the phone's OS.
std::vector<const CatalogEntry*> fault_form_codes(Flow flow, const std::string& os, Hop hop);
// "wechat" for wechat-mp and taro, else the flow's id ("univerify", "wechat-app", "uni-weixin", "uni-apple")
const char* catalog_platform(Flow flow);
// The catalog platform for a hop: swan's client_call table is per OS ("swan-android" / "swan-ios"),
// its server's is "swan"; every other flow as above.
const char* catalog_platform(Flow flow, const std::string& os, Hop hop);

}  // namespace ls::gui
