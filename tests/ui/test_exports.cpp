// Exports from the Scenario tab: the journal as JSON, the HTTP traffic as HAR 1.2 and the Markdown
// walkthrough with pictures, each read back.
#include <nlohmann/json.hpp>

#include "session_helpers.hpp"

#include "gui/gui.hpp"
#include "gui/session.hpp"

using namespace ls;
using namespace ls::gui;
using namespace ls::gui::test;

namespace {

void login_twice(Headless& h, AppState& s) {
    tap(h, s, "toolbar.login");
    tap(h, s, "toolbar.send_code");  // the reused code: 40163
}

void export_by_click(Headless& h, AppState& s, const std::string& dir, const std::string& button) {
    s.ui.session.export_dir = dir;
    h.click(s, "tab.scenario");
    h.click(s, button);
    INFO(s.exports.message);
    REQUIRE_FALSE(s.exports.failed);
}

// Distinct colours in a sample of the image: a blank or one-colour picture has one or two.
size_t colours(const Png& png) {
    std::set<uint32_t> seen;
    for (int i = 0; i < png.w * png.h; i += 7) {
        const unsigned char* p = png.px + size_t(i) * 4;
        seen.insert(uint32_t(p[0]) << 16 | uint32_t(p[1]) << 8 | p[2]);
    }
    return seen.size();
}

}  // namespace

TEST_CASE("Journal JSON exports every event of the world, in order") {
    Headless h;
    AppState s(in_process_config());
    login_twice(h, s);
    TempDir dir("export-journal");
    export_by_click(h, s, dir.path + "/out", "scenario.export_journal");
    const auto j = nlohmann::json::parse(read_file(dir.path + "/out/journal.json"));
    const std::vector<Event> events = s.engine().journal().all();
    REQUIRE(j.is_array());
    REQUIRE(j.size() == events.size());
    for (size_t i = 0; i < events.size(); ++i) {
        CHECK(j[i]["kind"] == events[i].kind);
        CHECK(j[i]["t_ms"] == events[i].t_ms);
    }
    CHECK(s.exports.message.find("journal.json") != std::string::npos);
}

TEST_CASE("HAR exports every HTTP exchange as HAR 1.2") {
    Headless h;
    EngineConfig cfg;
    cfg.transport = TransportMode::Http;
    AppState s(cfg);
    login_twice(h, s);
    TempDir dir("export-har");
    export_by_click(h, s, dir.path, "scenario.export_har");
    const auto har = nlohmann::json::parse(read_file(dir / "traffic.har"));
    CHECK(har["log"]["version"] == "1.2");
    size_t exchanges = 0;
    for (const Event& e : s.engine().journal().all()) exchanges += e.kind == "http.response" && e.http && e.to;
    const auto& entries = har["log"]["entries"];
    REQUIRE(exchanges == 4);
    REQUIRE(entries.size() == exchanges);
    CHECK(entries[0]["request"]["url"].get<std::string>().find("/sns/jscode2session") != std::string::npos);
    CHECK(entries[1]["request"]["url"].get<std::string>().find("/api/login") != std::string::npos);
    CHECK(entries[3]["response"]["status"] == 401);
    CHECK(entries[2]["response"]["content"]["text"].get<std::string>().find("40163") != std::string::npos);
}

TEST_CASE("an export into a folder that cannot be made says so") {
    Headless h;
    AppState s(in_process_config());
    s.ui.session.export_dir = "/proc/loginscope-cannot-write-here";
    h.click(s, "tab.scenario");
    h.click(s, "scenario.export_journal");
    CHECK(s.exports.failed);
    CHECK(s.exports.message.find("/proc/loginscope-cannot-write-here") != std::string::npos);
}

TEST_CASE("Walkthrough needs a recording or an opened scenario") {
    Headless h;
    AppState s(in_process_config());
    login_twice(h, s);
    Intents in;
    in.session = SessionCommand::ExportWalkthrough;
    apply_intents(s, in);
    CHECK(s.exports.failed);
    CHECK_FALSE(s.exports.busy());
}

TEST_CASE("Walkthrough of a recording: Markdown with a picture of the phone and of the sequence after each step") {
    if (no_display()) return;
    Headless h;
    AppState s(in_process_config());
    s.exports.program = LOGINSCOPE_BIN;
    h.click(s, "tab.scenario");
    h.click(s, "scenario.record");
    login_twice(h, s);
    h.click(s, "phone.modal_ok");  // the resend's 40163 dialog: the page shows the session again
    h.click(s, "toolbar.plus_5min");
    TempDir dir("export-walkthrough");
    export_by_click(h, s, dir.path, "scenario.export_walkthrough");
    REQUIRE(s.exports.busy());
    REQUIRE(wait_walkthrough(s.exports));
    h.frames(s, 2);
    CHECK(s.exports.message.find("walkthrough.md") != std::string::npos);

    const std::string wt = dir / "walkthrough";
    const std::string md = read_file(wt + "/walkthrough.md");
    CHECK(md.find("# Recorded wechat-mp session") == 0);
    CHECK(md.find("## Step 1 — `login`") != std::string::npos);
    CHECK(md.find("## Step 2 — `resend_code`") != std::string::npos);
    CHECK(md.find("## Step 3 — `advance`") != std::string::npos);
    CHECK(md.find("errcode 40163") != std::string::npos);
    CHECK(md.find("![The phone after step 3](step-03-phone.png)") != std::string::npos);
    CHECK(md.find("`http.request`") != std::string::npos);
    CHECK(md.find("*No messages between the actors in this step.*") != std::string::npos);
    CHECK(std::filesystem::exists(wt + "/scenario.json"));
    for (int step = 1; step <= 3; ++step) {
        const std::string n = std::string(step < 10 ? "0" : "") + std::to_string(step);
        Png phone(wt + "/step-" + n + "-phone.png");
        CHECK(phone.w >= 240);
        CHECK(phone.w <= 440);
        CHECK(phone.h >= 400);
        CHECK(colours(phone) > 20);
        {  // cut at the phone's window: its top rows are the desk grey around the phone, not the toolbar
            const unsigned char* top = phone.px + (size_t(3) * size_t(phone.w) + size_t(phone.w / 2)) * 4;
            INFO("pixel at (w/2, 3): " << int(top[0]) << "," << int(top[1]) << "," << int(top[2]));
            CHECK(std::abs(top[0] - 227) <= 6);
            CHECK(std::abs(top[1] - 230) <= 6);
            CHECK(std::abs(top[2] - 235) <= 6);
        }
        if (step == 3) CHECK(phone.count_near(0x07, 0xC1, 0x60, 12) > 500);  // logged in: the green 重新登录
        if (step == 3) {  // the clock move: no messages, no diagram
            CHECK_FALSE(std::filesystem::exists(wt + "/step-03-sequence.png"));
            continue;
        }
        Png seq(wt + "/step-" + n + "-sequence.png");
        CHECK(seq.w == kWalkthroughWidth);
        CHECK(seq.h >= 60);
        CHECK(seq.h <= kWalkthroughHeight);
        CHECK(colours(seq) > 5);
    }
}

TEST_CASE("A walkthrough whose program cannot start fails with its name and the reason") {
    // Checked before the fork, so the reason is in words; a child whose exec fails anyway can only name
    // the errno (it may call async-signal-safe functions only).
    Headless h;
    AppState s(in_process_config());
    s.exports.program = "/nonexistent/loginscope-gone";
    REQUIRE(open_scenario(s, std::string(LOGINSCOPE_ASSETS) + "/scenarios/univerify/close-30003.json"));
    TempDir dir("export-walkthrough-no-program");
    s.ui.session.export_dir = dir.path;
    h.click(s, "tab.scenario");
    h.click(s, "scenario.export_walkthrough");
    CHECK_FALSE(s.exports.busy());  // refused before any child: the reason in words
    CHECK_FALSE(wait_walkthrough(s.exports));
    CHECK(s.exports.failed);
    CHECK(s.exports.message == "walkthrough failed: cannot run /nonexistent/loginscope-gone: No such file or directory");
}

TEST_CASE("Walkthrough of an opened scenario renders every step of the file") {
    if (no_display()) return;
    Headless h;
    AppState s(in_process_config());
    s.exports.program = LOGINSCOPE_BIN;
    REQUIRE(open_scenario(s, std::string(LOGINSCOPE_ASSETS) + "/scenarios/univerify/close-30003.json"));
    TempDir dir("export-walkthrough-opened");
    export_by_click(h, s, dir.path, "scenario.export_walkthrough");
    REQUIRE(wait_walkthrough(s.exports));
    const std::string md = read_file(dir / "walkthrough/walkthrough.md");
    CHECK(md.find("# close button: 30003") == 0);
    CHECK(md.find("## Step 4 — `univerify_login`") != std::string::npos);
    CHECK(md.find("Platform") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir / "walkthrough/scenario.json"));  // the opened file is the source
    Png seq(dir / "walkthrough/step-04-sequence.png");  // uni.login again: the page opens
    CHECK(seq.w == kWalkthroughWidth);
}
