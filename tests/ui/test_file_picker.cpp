// Files: the Scenario tab's "…" buttons ask a file picker — the in-app browser (headless, with
// LOGINSCOPE_FILE_PICKER=builtin) or the desktop's dialog (a fake `zenity` first on PATH) — and its
// answer opens, saves or sets the export folder; recent files are remembered in settings.json.
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cfloat>
#include <fstream>

#include "session_helpers.hpp"

#include "gui/file_picker.hpp"
#include "gui/frame_pacing.hpp"
#include "gui/i18n.hpp"
#include "gui/session.hpp"
#include "gui/settings.hpp"
#include "imgui_internal.h"  // the popup stack

using namespace ls;
using namespace ls::gui;
using namespace ls::gui::test;
namespace fs = std::filesystem;

namespace {

struct ScopedEnv {
    std::string name, old;
    bool had;
    ScopedEnv(const char* n, const std::optional<std::string>& value) : name(n) {
        const char* v = std::getenv(n);
        had = v != nullptr;
        if (had) old = v;
        if (value)
            setenv(n, value->c_str(), 1);
        else
            unsetenv(n);
    }
    ~ScopedEnv() {
        if (had)
            setenv(name.c_str(), old.c_str(), 1);
        else
            unsetenv(name.c_str());
    }
};

const std::string kScenario = "checksession-ok.json";

// A folder with a real scenario in a subfolder, another folder, and files the filter hides.
struct Tree {
    TempDir dir{"file-picker"};
    Tree() {
        fs::create_directories(dir / "scenarios");
        fs::create_directories(dir / "other");
        fs::create_directories(dir / ".hidden");
        fs::copy_file(std::string(LOGINSCOPE_ASSETS) + "/scenarios/session-api/" + kScenario, dir / "scenarios/" + kScenario);
        std::ofstream(dir / "readme.txt") << "not a scenario\n";
        std::ofstream(dir / "top.json") << "{}\n";
    }
    std::string scenario() const { return dir / ("scenarios/" + kScenario); }
};

// The in-app browser (not a desktop dialog), the tree it browses, and the app that opens it.
struct InAppBrowser {
    ScopedEnv builtin{"LOGINSCOPE_FILE_PICKER", std::optional<std::string>("builtin")};
    Tree t;
    Headless h;
    AppState s{in_process_config()};
};

void double_click(Headless& h, AppState& s, const std::string& key) {
    h.frames(s, 2);
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = h.probe(key).center();
    h.frame(s);
    for (int i = 0; i < 2; ++i) {
        io.MouseDown[0] = true;
        h.frame(s);
        io.MouseDown[0] = false;
        h.frame(s);
    }
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    h.frames(s, 2);
}

void press(Headless& h, AppState& s, int key, bool ctrl = false) {
    ImGuiIO& io = ImGui::GetIO();
    io.KeyCtrl = ctrl;
    io.KeysDown[key] = true;
    h.frame(s);
    io.KeysDown[key] = false;
    io.KeyCtrl = false;
    h.frames(s, 2);
}

// Clicks a text field, selects all of it and types `text` over it.
void type_into(Headless& h, AppState& s, const std::string& key, const std::string& text) {
    h.click(s, key);
    press(h, s, ImGuiKey_A, true);
    ImGui::GetIO().AddInputCharactersUTF8(text.c_str());
    h.frames(s, 2);
}

bool browser_shown(Headless& h) { return h.has_probe("file_picker.window"); }
// A modal left open but no longer drawn would still dim the window and stand in other popups' way.
bool no_popup_open() { return ImGui::GetCurrentContext()->OpenPopupStack.empty(); }

// The Scenario tab with the built-in browser open for `button` ("scenario.browse_open" …).
void open_browser(Headless& h, AppState& s, const std::string& button) {
    h.click(s, "tab.scenario");
    h.click(s, button);
    h.frames(s, 2);
    REQUIRE(s.ui.picker.browser() != nullptr);
    REQUIRE(browser_shown(h));
}

// A recording with one login in it, ready to save.
void record_one_login(Headless& h, AppState& s) {
    h.click(s, "tab.scenario");
    h.click(s, "scenario.record");
    REQUIRE(s.recorder.recording());
    tap(h, s, "phone.login_button");
    REQUIRE(s.recorder.step_count() >= 1);
}

size_t steps_in(const std::string& file) { return load_scenario(file).steps.size(); }

// A fake desktop dialog: `zenity` in a folder put first on PATH, with a display set.
struct FakeZenity {
    TempDir bin{"fake-zenity"};
    ScopedEnv path{"PATH", std::optional<std::string>(bin.path + ":" + std::getenv("PATH"))};
    ScopedEnv display{"DISPLAY", std::optional<std::string>(":77")};
    ScopedEnv forced{"LOGINSCOPE_FILE_PICKER", std::nullopt};
    ScopedEnv desktop{"XDG_CURRENT_DESKTOP", std::nullopt};
    // `body`: the script after it wrote its arguments (one a line) and its pid beside itself.
    explicit FakeZenity(const std::string& body) {
        const std::string file = bin / "zenity";
        std::ofstream(file) << "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"" << (bin / "args") << "\"\necho $$ > \"" << (bin / "pid")
                            << "\"\n" << body << "\n";
        fs::permissions(file, fs::perms::owner_all);
    }
    std::string args() const { return read_file(bin / "args"); }
};

std::optional<PickAnswer> wait_answer(FilePicker& p, double seconds = 10) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < until) {
        if (auto a = p.poll()) return a;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return std::nullopt;
}

}  // namespace

TEST_CASE("a folder lists its subfolders first, then the files matching the filter, never hidden ones", "[file_picker]") {
    Tree t;
    std::ofstream(t.dir / "B.JSON") << "{}";
    std::ofstream(t.dir / ".secret.json") << "{}";
    const DirListing l = list_directory(t.dir.path, "*.json", false);
    CHECK(l.error.empty());
    std::vector<std::string> names;
    for (const DirEntry& e : l.entries) names.push_back(e.name + (e.is_dir ? "/" : ""));
    CHECK(names == std::vector<std::string>{"other/", "scenarios/", "B.JSON", "top.json"});
    CHECK(l.entries.back().size == 3);  // "{}\n"
    const DirListing folders = list_directory(t.dir.path, "*.json", true);
    CHECK(folders.entries.size() == 2);
    CHECK(matches_filter("a.har", "*.json;*.har"));
    CHECK(matches_filter("anything", ""));
    CHECK_FALSE(matches_filter("a.json.txt", "*.json"));
}

TEST_CASE("an unreadable or missing folder shows why, and the browser keeps working", "[file_picker]") {
    Tree t;
    const std::string missing = t.dir / "no-such-folder";
    const DirListing l = list_directory(missing, "*.json", false);
    CHECK(l.entries.empty());
    CHECK(l.error.find(missing) != std::string::npos);
    CHECK_FALSE(list_directory(t.dir / "readme.txt", "", false).error.empty());  // a file is not a folder
    if (geteuid() != 0) {  // root reads every folder
        fs::create_directories(t.dir / "locked");
        chmod((t.dir / "locked").c_str(), 0);
        CHECK(list_directory(t.dir / "locked", "", false).error.find("locked") != std::string::npos);
        chmod((t.dir / "locked").c_str(), 0700);
    }

    // In the window: type a folder that does not exist, then one that is a file's name.
    ScopedEnv builtin("LOGINSCOPE_FILE_PICKER", std::optional<std::string>("builtin"));
    Headless h;
    AppState s(in_process_config());
    s.ui.session.open_path = t.dir / "top.json";
    open_browser(h, s, "scenario.browse_open");
    CHECK(h.probe("file_browser.dir").text == t.dir.path);
    type_into(h, s, "file_browser.path", missing);
    press(h, s, ImGuiKey_Enter);
    CHECK(h.probe("file_browser.error").text.find(missing) != std::string::npos);
    CHECK(h.probe("file_browser.dir").text == t.dir.path);  // still where it was
    CHECK(s.ui.picker.browser() != nullptr);
    h.frames(s, 30);  // and it keeps drawing
    // OK with nothing chosen says what is missing instead of answering.
    h.click(s, "file_browser.ok");
    CHECK_FALSE(h.probe("file_browser.error").text.empty());
    CHECK(s.ui.picker.browser() != nullptr);
    // A browser that starts in a folder that is gone: an empty list and the reason.
    FileBrowser gone(PickRequest{PickKind::OpenFile, "t", missing, "", "*.json"}, {});
    CHECK(gone.entries().empty());
    CHECK(gone.error().find(missing) != std::string::npos);
    gone.up();
    CHECK(gone.dir() == t.dir.path);
    CHECK(gone.error().empty());
    CHECK(gone.entries().size() == 3);  // other/, scenarios/, top.json; not readme.txt nor .hidden/
}

TEST_CASE_METHOD(InAppBrowser, "Open through the in-app browser: into a folder, pick the scenario, and it opens", "[file_picker]") {
    s.ui.session.open_path = t.dir / "top.json";  // the browser starts in its folder
    open_browser(h, s, "scenario.browse_open");
    CHECK(h.probe("file_browser.dir").text == t.dir.path);
    CHECK(h.has_probe("file_browser.entry.scenarios"));
    CHECK(h.has_probe("file_browser.entry.top.json"));
    CHECK_FALSE(h.has_probe("file_browser.entry.readme.txt"));  // the filter is *.json
    CHECK_FALSE(h.has_probe("file_browser.entry..hidden"));
    // The folders come first.
    CHECK(h.probe("file_browser.entry.other").min.y < h.probe("file_browser.entry.top.json").min.y);

    double_click(h, s, "file_browser.entry.scenarios");
    CHECK(h.probe("file_browser.dir").text == t.dir / "scenarios");
    CHECK(h.probe("file_browser.path").text == t.dir / "scenarios");
    h.click(s, "file_browser.entry." + kScenario);
    CHECK(h.probe("file_browser.name").text == kScenario);
    CHECK_FALSE(s.replay.loaded());  // a click only selects
    h.click(s, "file_browser.ok");
    h.frames(s, 2);
    REQUIRE(s.replay.loaded());
    CHECK(s.replay.scenario->file == t.scenario());
    CHECK(s.ui.session.open_path == t.scenario());
    CHECK(s.ui.prefs.recent.scenarios == std::vector<std::string>{t.scenario()});
    CHECK_FALSE(browser_shown(h));
    CHECK(no_popup_open());
    CHECK_FALSE(s.ui.picker.busy());
    // The modal is gone: the window takes clicks again.
    h.click(s, "tab.timeline");
    CHECK_FALSE(h.has_probe("scenario.open"));
    h.click(s, "tab.scenario");

    // Again: the recent file is offered first, a double-click on a file picks it, the folder is kept.
    s.ui.session.open_path = t.dir / "top.json";
    open_browser(h, s, "scenario.browse_open");
    CHECK(h.probe("file_browser.recent.0").text == kScenario);
    REQUIRE(h.probe("file_browser.recent.0").max.y <= h.probe("file_browser.entry.other").min.y);
    double_click(h, s, "file_browser.entry.top.json");
    h.frames(s, 2);
    CHECK(s.ui.session.open_path == t.dir / "top.json");
    CHECK_FALSE(s.replay.error.empty());  // "{}" is no scenario: Open says why, as when typed
    CHECK_FALSE(browser_shown(h));
}

TEST_CASE_METHOD(InAppBrowser, "Enter picks the selected file and Esc cancels in the in-app browser", "[file_picker]") {
    s.ui.session.open_path = t.scenario();
    open_browser(h, s, "scenario.browse_open");
    CHECK(h.probe("file_browser.dir").text == t.dir / "scenarios");
    press(h, s, ImGuiKey_Escape);
    CHECK_FALSE(s.ui.picker.busy());
    CHECK_FALSE(browser_shown(h));
    CHECK_FALSE(s.replay.loaded());

    open_browser(h, s, "scenario.browse_open");
    h.click(s, "file_browser.entry." + kScenario);
    press(h, s, ImGuiKey_Enter);
    REQUIRE(s.replay.loaded());
    CHECK(s.replay.scenario->file == t.scenario());
}

TEST_CASE_METHOD(InAppBrowser, "Save through the in-app browser writes the scenario where chosen, and asks before replacing a file", "[file_picker]") {
    fs::create_directories(t.dir / "out");
    record_one_login(h, s);
    s.ui.session.save_path = t.dir / "proposed.json";
    open_browser(h, s, "scenario.browse_save");
    CHECK(h.probe("file_browser.dir").text == t.dir.path);
    CHECK(h.probe("file_browser.name").text == "proposed.json");  // the field's name is proposed
    double_click(h, s, "file_browser.entry.out");
    CHECK(h.probe("file_browser.dir").text == t.dir / "out");
    CHECK(h.probe("file_browser.name").text == "proposed.json");  // kept across folders
    type_into(h, s, "file_browser.name", "mine");
    press(h, s, ImGuiKey_Enter);  // Enter in the name field: Save
    h.frames(s, 2);
    const std::string saved = t.dir / "out/mine.json";  // the filter's extension added
    INFO(s.ui.session.status);
    REQUIRE(fs::exists(saved));
    CHECK_FALSE(s.ui.session.status_error);
    CHECK(steps_in(saved) == s.recorder.step_count());
    CHECK_FALSE(fs::exists(t.dir / "proposed.json"));
    CHECK(s.ui.session.save_path == saved);
    CHECK(s.ui.prefs.recent.scenarios.front() == saved);
    CHECK_FALSE(browser_shown(h));

    // One more step, then Save over the same file: asked first; "Don't replace" keeps the file.
    tap(h, s, "toolbar.check_session");
    const size_t before = steps_in(saved);
    REQUIRE(s.recorder.step_count() > before);
    open_browser(h, s, "scenario.browse_save");
    CHECK(h.probe("file_browser.dir").text == t.dir / "out");
    h.click(s, "file_browser.entry.mine.json");
    h.click(s, "file_browser.ok");
    CHECK(h.probe("file_browser.overwrite").text == saved);
    h.click(s, "file_browser.keep");
    CHECK(steps_in(saved) == before);
    CHECK(s.ui.picker.browser() != nullptr);
    CHECK_FALSE(h.has_probe("file_browser.overwrite"));
    h.click(s, "file_browser.ok");
    h.click(s, "file_browser.replace");
    h.frames(s, 2);
    CHECK(steps_in(saved) == s.recorder.step_count());
    CHECK_FALSE(browser_shown(h));

    // A new file's whole path typed into the path field: Enter saves it there.
    open_browser(h, s, "scenario.browse_save");
    type_into(h, s, "file_browser.path", t.dir / "typed.json");
    press(h, s, ImGuiKey_Enter);
    h.frames(s, 2);
    CHECK(fs::exists(t.dir / "typed.json"));
    CHECK(s.ui.session.save_path == t.dir / "typed.json");
    CHECK_FALSE(browser_shown(h));
}

TEST_CASE_METHOD(InAppBrowser, "Cancel in the file picker leaves every field, file and recent list as it was", "[file_picker]") {
    record_one_login(h, s);
    s.ui.session.save_path = t.dir / "proposed.json";
    s.ui.session.open_path = t.dir / "top.json";
    s.ui.session.export_dir = t.dir / "exports";
    const SessionForm before = s.ui.session;
    const Preferences prefs = s.ui.prefs;
    for (const char* button : {"scenario.browse_open", "scenario.browse_save", "scenario.browse_export"}) {
        INFO(button);
        open_browser(h, s, button);
        double_click(h, s, "file_browser.entry.scenarios");  // wander off first
        h.click(s, "file_browser.cancel");
        CHECK_FALSE(browser_shown(h));
        CHECK(no_popup_open());
        CHECK_FALSE(s.ui.picker.busy());
        CHECK(s.ui.session.picking == PickFor::None);
        CHECK(s.ui.session.open_path == before.open_path);
        CHECK(s.ui.session.save_path == before.save_path);
        CHECK(s.ui.session.export_dir == before.export_dir);
        CHECK(s.ui.prefs == prefs);
        CHECK_FALSE(s.replay.loaded());
        CHECK_FALSE(fs::exists(t.dir / "proposed.json"));
        CHECK(s.recorder.recording());
    }
}

TEST_CASE_METHOD(InAppBrowser, "Choose the export folder through the in-app browser: the exports go there and it is remembered", "[file_picker]") {
    s.ui.session.export_dir = t.dir.path;
    open_browser(h, s, "scenario.browse_export");
    CHECK_FALSE(h.has_probe("file_browser.entry.top.json"));  // folders only
    h.click(s, "file_browser.entry.other");
    CHECK(h.probe("file_browser.name").text == t.dir / "other");
    h.click(s, "file_browser.ok");
    CHECK(s.ui.session.export_dir == t.dir / "other");
    CHECK(s.ui.prefs.recent.export_dirs == std::vector<std::string>{t.dir / "other"});
    h.click(s, "scenario.export_journal");
    CHECK(fs::exists(t.dir / "other/journal.json"));

    // The Recent menu beside the folder puts a remembered one back in the field.
    s.ui.session.export_dir = "elsewhere";
    h.click(s, "scenario.recent_export");
    h.click(s, "scenario.recent_export.0");
    CHECK(s.ui.session.export_dir == t.dir / "other");
}

TEST_CASE("the Scenario tab's Recent menu reopens a scenario opened before, newest first", "[file_picker]") {
    Tree t;
    fs::copy_file(t.scenario(), t.dir / "second.json");
    Headless h;
    AppState s(in_process_config());
    h.click(s, "tab.scenario");
    CHECK(h.probe("scenario.recent").text == "0");
    for (const std::string& f : {t.scenario(), t.dir / "second.json"}) {
        s.ui.session.open_path = f;  // typed
        h.click(s, "scenario.open");
        REQUIRE(s.replay.loaded());
    }
    CHECK(s.ui.prefs.recent.scenarios == std::vector<std::string>{t.dir / "second.json", t.scenario()});
    h.click(s, "scenario.recent");
    CHECK(h.probe("scenario.recent.1").text == t.scenario());
    h.click(s, "scenario.recent.1");
    REQUIRE(s.replay.loaded());
    CHECK(s.replay.scenario->file == t.scenario());
    CHECK(s.ui.prefs.recent.scenarios == std::vector<std::string>{t.scenario(), t.dir / "second.json"});
}

TEST_CASE("recent files persist in settings.json: newest first, at most 8, junk left out", "[file_picker][settings]") {
    TempDir root("file-picker-xdg");
    ScopedEnv xdg("XDG_CONFIG_HOME", std::optional<std::string>(root.path));
    GuiSettings s;
    for (int i = 0; i < 10; ++i) remember(s.prefs.recent.scenarios, "/srv/qa/s" + std::to_string(i) + ".json");
    remember(s.prefs.recent.scenarios, "/srv/qa/s5.json");  // again: to the front, once
    remember(s.prefs.recent.export_dirs, "/srv/qa/exports");
    REQUIRE(s.prefs.recent.scenarios.size() == RecentFiles::kMax);
    CHECK(s.prefs.recent.scenarios.front() == "/srv/qa/s5.json");
    CHECK(s.prefs.recent.scenarios.back() == "/srv/qa/s2.json");  // s0 and s1 fell off
    save_settings(s);
    const GuiSettings back = load_settings();
    CHECK(back.prefs.recent.scenarios == s.prefs.recent.scenarios);
    CHECK(back.prefs.recent.export_dirs == s.prefs.recent.export_dirs);
    CHECK(back.prefs == s.prefs);  // what window.cpp compares to save on change

    // Read tolerantly: what is not an absolute path is dropped, the rest still applies.
    std::ofstream(root / "loginscope/settings.json")
        << R"({"theme": "dark", "recent": {"scenarios": [3, "relative.json", "/a.json", "/b.json", "/a.json"], "export_dirs": "nope"}})";
    const GuiSettings junk = load_settings();
    CHECK(junk.prefs.theme == Theme::Dark);
    CHECK(junk.prefs.recent.scenarios == std::vector<std::string>{"/a.json", "/b.json"});
    CHECK(junk.prefs.recent.export_dirs.empty());
}

TEST_CASE("a native zenity answers with the path it prints, exit 1 is a cancel and a failure falls back to the browser", "[file_picker][native]") {
    TempDir where("native-start");
    {
        FakeZenity zenity("echo /picked/by/zenity.json");
        REQUIRE(choose_picker_backend() == PickerBackend::Zenity);
        FilePicker p;
        p.ask(PickRequest{PickKind::SaveFile, "Save it", where.path, "name.json", "*.json"}, {});
        CHECK(p.native_running());
        CHECK(p.browser() == nullptr);
        const std::optional<PickAnswer> a = wait_answer(p);
        REQUIRE(a);
        REQUIRE(a->path);
        CHECK(*a->path == "/picked/by/zenity.json");
        CHECK_FALSE(p.busy());
        // The request reached it as separate arguments (no shell).
        const std::string args = zenity.args();
        CHECK(args.find("--file-selection\n") != std::string::npos);
        CHECK(args.find("--save\n") != std::string::npos);
        CHECK(args.find("--title=Save it\n") != std::string::npos);
        CHECK(args.find("--filename=" + where.path + "/name.json\n") != std::string::npos);
        CHECK(args.find("--file-filter=*.json\n") != std::string::npos);
    }
    {
        FakeZenity zenity("exit 1");
        FilePicker p;
        p.ask(PickRequest{PickKind::OpenFile, "Open", where.path, "", "*.json"}, {});
        const std::optional<PickAnswer> a = wait_answer(p);
        REQUIRE(a);
        CHECK_FALSE(a->path);
        CHECK(zenity.args().find("--filename=" + where.path + "/\n") != std::string::npos);
    }
    {
        FakeZenity zenity("exit 3");
        FilePicker p;
        p.ask(PickRequest{PickKind::OpenFile, "Open", where.path, "", "*.json"}, {});
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (p.native_running() && std::chrono::steady_clock::now() < until) {
            CHECK_FALSE(p.poll());
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        REQUIRE(p.browser() != nullptr);
        CHECK(p.browser()->error().find("exit status 3") != std::string::npos);
        CHECK(p.browser()->dir() == where.path);
    }
    {
        // kdialog's own form: the mode, then where to start, then the filter.
        const PickRequest r{PickKind::OpenFile, "Open", where.path, "", "*.json"};
        CHECK(native_dialog_argv(PickerBackend::Kdialog, "kdialog", r) ==
              std::vector<std::string>{"kdialog", "--title", "Open", "--getopenfilename", where.path + "/", "*.json"});
        const PickRequest folder{PickKind::Folder, "Folder", where.path, "", "*.json"};
        CHECK(native_dialog_argv(PickerBackend::Kdialog, "kdialog", folder) ==
              std::vector<std::string>{"kdialog", "--title", "Folder", "--getexistingdirectory", where.path});
    }
    {
        FakeZenity zenity("echo /x");
        ScopedEnv forced("LOGINSCOPE_FILE_PICKER", std::optional<std::string>("builtin"));
        CHECK(choose_picker_backend() == PickerBackend::Builtin);
    }
    {
        FakeZenity zenity("echo /x");
        ScopedEnv no_display("DISPLAY", std::nullopt);
        ScopedEnv no_wayland("WAYLAND_DISPLAY", std::nullopt);
        CHECK(choose_picker_backend() == PickerBackend::Builtin);
    }
}

TEST_CASE("the Scenario tab with a native dialog: the window polls for its answer, then the scenario opens", "[file_picker][native]") {
    Tree t;
    FakeZenity zenity("sleep 0.3\necho '" + t.scenario() + "'");
    Headless h;
    AppState s(in_process_config());
    h.click(s, "tab.scenario");
    CHECK(next_frame_due(frame_demand(s)) == std::nullopt);  // idle: no frames
    h.click(s, "scenario.browse_open");
    REQUIRE(s.ui.picker.native_running());
    CHECK(browser_shown(h));  // the note that the desktop's dialog is open, over a window that waits
    const FrameDemand waiting = frame_demand(s);
    CHECK(waiting.picker_waiting);
    REQUIRE(next_frame_due(waiting));
    CHECK(*next_frame_due(waiting) <= kPickerPollSeconds);
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!s.replay.loaded() && std::chrono::steady_clock::now() < until) {
        h.frame(s);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(s.replay.loaded());
    // Closed in the very frame that took the answer: the window may wait for events after it.
    CHECK(no_popup_open());
    CHECK_FALSE(browser_shown(h));
    CHECK(s.replay.scenario->file == t.scenario());
    CHECK(s.ui.session.open_path == t.scenario());
    CHECK_FALSE(frame_demand(s).picker_waiting);
    h.click(s, "tab.timeline");  // nothing modal is left holding the input
    CHECK_FALSE(h.has_probe("scenario.open"));
}

TEST_CASE("Cancel while the native dialog is open ends its process and changes nothing", "[file_picker][native]") {
    FakeZenity zenity("sleep 30");
    Headless h;
    AppState s(in_process_config());
    const SessionForm before = s.ui.session;
    h.click(s, "tab.scenario");
    h.click(s, "scenario.browse_export");
    REQUIRE(s.ui.picker.native_running());
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!fs::exists(zenity.bin / "pid") && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    const pid_t pid = std::stoi(read_file(zenity.bin / "pid"));
    CHECK(zenity.args().find("--directory\n") != std::string::npos);
    h.click(s, "file_picker.cancel_native");
    CHECK_FALSE(s.ui.picker.busy());
    CHECK(kill(pid, 0) == -1);  // gone, and reaped
    CHECK(s.ui.session.export_dir == before.export_dir);
    CHECK(s.ui.session.picking == PickFor::None);
    h.frames(s, 2);
    CHECK_FALSE(browser_shown(h));
    CHECK(no_popup_open());
}

TEST_CASE_METHOD(InAppBrowser, "the file browser leaves no English behind in Chinese", "[file_picker][language]") {
    s.ui.prefs.lang = Lang::Zh;
    clear_untranslated();
    record_one_login(h, s);
    s.ui.session.save_path = t.dir / "top.json";
    open_browser(h, s, "scenario.browse_save");
    h.click(s, "file_browser.ok");  // top.json exists: the question
    CHECK(h.has_probe("file_browser.overwrite"));
    h.click(s, "file_browser.keep");
    type_into(h, s, "file_browser.path", t.dir / "no-such-folder/x.json");
    press(h, s, ImGuiKey_Enter);
    CHECK_FALSE(h.probe("file_browser.error").text.empty());
    h.click(s, "file_browser.cancel");
    s.ui.session.open_path = t.scenario();
    open_browser(h, s, "scenario.browse_open");
    h.click(s, "file_browser.ok");  // nothing chosen
    press(h, s, ImGuiKey_Escape);
    open_browser(h, s, "scenario.browse_export");
    press(h, s, ImGuiKey_Escape);
    {
        FakeZenity zenity("sleep 30");
        h.click(s, "scenario.browse_open");
        h.frames(s, 3);
        h.click(s, "file_picker.cancel_native");
    }
    set_language(Lang::En);
    std::string missing;
    for (const std::string& m : untranslated()) missing += "\n  " + m;
    INFO("untranslated:" << missing);
    CHECK(untranslated().empty());
}
