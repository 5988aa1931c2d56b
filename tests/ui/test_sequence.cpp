// The sequence diagram draws what the journal says: one arrow per message, from the sender's
// lifeline to the receiver's, labelled with the event, red when the message carries a failure and
// green when it does not. Judged on the layout (sequence_arrow) and on the draw list.
#include <cmath>
#include <map>

#include <nlohmann/json.hpp>

#include "harness.hpp"

#include "gui/sequence_layout.hpp"
#include "imgui_internal.h"

using namespace ls;
using namespace ls::gui;
using namespace ls::gui::test;

namespace {

// The test's own reading of the journal: which lifeline an actor is (the diagram's columns).
int lifeline(Actor a) {
    static const std::map<Actor, int> kColumn = {{Actor::Client, 0}, {Actor::DevServer, 1}, {Actor::Platform, 2}};
    auto it = kColumn.find(a);
    return it == kColumn.end() ? 0 : it->second;
}

// A journal with a clean login (action 1), an HTTP failure between developer server and platform
// (action 2: a 502 from the platform's gateway), a platform error in an HTTP 200 (action 3: WeChat's
// errcode 40163) and a developer-server flaw (action 4: the reply that leaks session_key).
struct Story {
    AppState s{in_process_config()};
    uint32_t clean = 0, gateway = 0, errcode = 0, leak = 0;
    Story() {
        Engine& e = s.engine();
        REQUIRE(e.login().ok);
        FaultRule r;
        r.hop = Hop::PlatformResponse;
        r.kind = FaultKind::HttpStatus;
        r.status = 502;
        e.add_fault(r);
        REQUIRE_FALSE(e.login().ok);
        r.kind = FaultKind::PlatformError;
        r.code = "40163";
        e.add_fault(r);
        REQUIRE(e.login().errcode == 40163);
        e.set_flaws({Flaw::LeakSessionKey});
        REQUIRE(e.login().ok);
        s.sync();
        std::vector<uint32_t> actions;
        for (const Event& ev : s.events())
            if (ev.kind == "action.start") actions.push_back(ev.flow);
        REQUIRE(actions.size() == 4);
        clean = actions[0], gateway = actions[1], errcode = actions[2], leak = actions[3];
    }
};

// The test's own reading of a reply: an HTTP success whose JSON body says the call failed.
bool errcode_in_success(const Event& e) {
    if (!e.http || e.http->status < 200 || e.http->status >= 300) return false;
    const nlohmann::json j = nlohmann::json::parse(e.http->response_body, nullptr, false);
    return j.is_object() && j.contains("errcode") && j["errcode"].is_number() && j["errcode"] != 0;
}

// The filled triangles drawn in `col` (an arrow head is one).
struct Triangle {
    ImVec2 p[3];
};
std::vector<Triangle> triangles(const ImDrawList* dl, ImU32 col) {
    std::vector<Triangle> out;
    for (int i = 0; i + 2 < dl->IdxBuffer.Size; i += 3) {
        Triangle t;
        bool all = true;
        for (int k = 0; k < 3; ++k) {
            const ImDrawVert& v = dl->VtxBuffer[dl->IdxBuffer[i + k]];
            all &= v.col == col;
            t.p[k] = v.pos;
        }
        if (all) out.push_back(t);
    }
    return out;
}

// An arrow head drawn in `col` inside `row`: a small triangle with its tip at x `tip` and its base a
// few pixels back towards `from_x` (the line itself is drawn as long thin triangles: not a head).
bool head_drawn(const std::vector<Triangle>& tris, const Probe& row, float tip, float from_x) {
    const float back = from_x < tip ? -1.0f : 1.0f;
    for (const Triangle& t : tris) {
        int at_tip = 0, at_base = 0, inside = 0;
        for (const ImVec2& p : t.p) {
            const float d = (p.x - tip) * back;  // how far back from the tip, towards the sender
            at_tip += std::abs(d) < 2;
            at_base += d > 4 && d < 12;
            inside += p.y >= row.min.y && p.y <= row.max.y + 4;
        }
        if (at_tip == 1 && at_base == 2 && inside == 3) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("sequence arrows go from the sender's lifeline to the receiver's, labelled by the event", "[sequence]") {
    Story st;
    const auto& events = st.s.events();
    REQUIRE(st.s.messages().size() > 10);
    for (size_t m : st.s.messages()) {
        const Event& e = events[m];
        INFO("event " << m << " " << e.kind << ": " << e.text);
        const SequenceArrow a = sequence_arrow(events, m, Flow::WeChatMp);
        CHECK(a.from == lifeline(e.actor));
        CHECK(a.to == lifeline(*e.to));
        CHECK(a.label.rfind(e.kind, 0) == 0);
        CHECK(a.label.find(e.text) != std::string::npos);
    }
}

TEST_CASE("sequence arrows are red exactly when the message carries a failure", "[sequence]") {
    Story st;
    const auto& events = st.s.events();
    for (size_t m : st.s.messages()) {
        const Event& e = events[m];
        INFO("event " << m << " " << e.kind << ": " << e.text);
        const SequenceArrow a = sequence_arrow(events, m, Flow::WeChatMp);
        if (e.flow == st.clean) CHECK(a.color() == palette::ok);  // a login where nothing went wrong: all green
        if (e.http && e.http->status >= 400) CHECK(a.color() == palette::error);
        const bool leaked = e.flow == st.leak && e.actor == Actor::DevServer && e.to == Actor::Client && e.http &&
                            e.http->response_body.find("session_key") != std::string::npos;
        if (leaked) CHECK(a.color() == palette::error);  // the flaw's reply
        if (errcode_in_success(e)) CHECK(a.color() == palette::error);  // HTTP 200, but the platform refused
    }
    bool platform_refused = false;  // the story has such a reply: WeChat's 40163 to the developer server
    for (size_t m : st.s.messages())
        platform_refused |= events[m].flow == st.errcode && events[m].actor == Actor::Platform && errcode_in_success(events[m]);
    CHECK(platform_refused);
    bool gateway_red = false;
    for (size_t m : st.s.messages())
        gateway_red |= events[m].flow == st.gateway && events[m].http && events[m].http->status == 502 &&
                       sequence_arrow(events, m, Flow::WeChatMp).color() == palette::error;
    CHECK(gateway_red);
}

TEST_CASE("the sequence diagram draws each arrow head at the receiver's lifeline in the arrow's colour", "[sequence]") {
    Story st;
    Headless h(false, ImVec2(1280, 2400));  // tall enough for every row
    for (int i = 0; i < 3; ++i)
        h.frame([&] {
            ImGui::SetNextWindowPos(ImVec2(0, 0));
            ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
            ImGui::Begin("sequence");
            draw_sequence(SequenceData{st.s.events(), st.s.messages(), std::nullopt});
            ImGui::End();
        });
    // The rows live in a child window with its own draw list.
    const ImGuiWindow* rows = nullptr;
    for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
        if (std::string(w->Name).find("sequence_rows") != std::string::npos) rows = w;
    REQUIRE(rows != nullptr);
    float lifeline_x[3];
    for (int i = 0; i < 3; ++i) lifeline_x[i] = h.probe("sequence.lifeline." + std::to_string(i)).center().x;
    const auto& events = st.s.events();
    for (size_t m : st.s.messages()) {
        const Event& e = events[m];
        const int from = lifeline(e.actor), to = lifeline(*e.to);
        if (from == to) continue;  // a message to oneself is a loop, not an arrow
        INFO("event " << m << " " << e.kind << " " << from << "→" << to);
        const Probe row = h.probe("sequence.row." + std::to_string(m));
        CHECK(row.text.rfind(e.kind, 0) == 0);
        const ImU32 col = sequence_arrow(events, m, Flow::WeChatMp).color();
        CHECK(head_drawn(triangles(rows->DrawList, col), row, lifeline_x[to], lifeline_x[from]));
    }
}

namespace {
const ImGuiWindow* rows_window() {
    for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
        if (std::string(w->Name).find("sequence_rows") != std::string::npos && w->Active) return w;
    return nullptr;
}
}  // namespace

TEST_CASE("the sequence diagram follows new arrows after one was clicked", "[sequence]") {
    Headless h(false, ImVec2(1366, 768));
    AppState s(in_process_config());
    open_tab(h, s, "tab.sequence");
    for (int i = 0; i < 3; ++i) tap(h, s, "toolbar.login");
    h.frames(s, 3);
    const ImGuiWindow* rows = rows_window();
    REQUIRE(rows != nullptr);
    REQUIRE(rows->ScrollMax.y > 0);  // more arrows than fit
    CHECK(rows->Scroll.y == Approx(rows->ScrollMax.y));
    // Click the last arrow in view: the inspector shows it.
    const size_t last = s.messages().back();
    h.click(s, "sequence.row." + std::to_string(last));
    CHECK(s.ui.selected_event == last);
    tap(h, s, "toolbar.login");
    h.frames(s, 3);
    rows = rows_window();
    INFO("scroll " << rows->Scroll.y << " of " << rows->ScrollMax.y);
    CHECK(rows->Scroll.y == Approx(rows->ScrollMax.y));  // the newest arrow is in view
    CHECK_FALSE(h.has_probe("sequence.jump_to_latest"));

    SECTION("scrolled away by the user, it stays put until asked to jump to the latest") {
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = h.probe("sequence.area").center();
        io.MouseWheel = 3;  // up
        h.frame(s);
        io.MouseWheel = 0;
        h.frames(s, 3);
        rows = rows_window();
        const float kept = rows->Scroll.y;
        REQUIRE(kept < rows->ScrollMax.y - 10);
        CHECK(h.probe("sequence.following").text == "no");
        REQUIRE(h.has_probe("sequence.jump_to_latest"));
        io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
        tap(h, s, "toolbar.login");
        h.frames(s, 3);
        rows = rows_window();
        CHECK(rows->Scroll.y == Approx(kept));  // what the user is reading stays in view
        h.click(s, "sequence.jump_to_latest");
        h.frames(s, 3);
        rows = rows_window();
        CHECK(rows->Scroll.y == Approx(rows->ScrollMax.y));
        CHECK_FALSE(h.has_probe("sequence.jump_to_latest"));
        tap(h, s, "toolbar.login");  // and it follows again
        h.frames(s, 3);
        rows = rows_window();
        CHECK(rows->Scroll.y == Approx(rows->ScrollMax.y));
    }
}

TEST_CASE("the sequence diagram marks a jump of virtual time between two messages", "[sequence]") {
    AppState s(in_process_config());
    Engine& e = s.engine();
    REQUIRE(e.login().ok);
    e.advance(20 * 1000);  // shorter than a jump: no mark
    REQUIRE(e.login().ok);
    e.advance(5 * 60 * 1000);
    REQUIRE(e.login().ok);
    FaultRule transit;  // the code expires on its way to the developer server: a jump inside one login
    transit.hop = Hop::ClientToDev;
    transit.kind = FaultKind::ClockJump;
    transit.ms = 6 * 60 * 1000;
    e.add_fault(transit);
    REQUIRE_FALSE(e.login().ok);
    s.sync();
    const auto& events = s.events();
    const auto& messages = s.messages();
    // The test's own reading of the journal: every pair of shown messages 30 s or more apart.
    std::vector<std::pair<size_t, int64_t>> gaps;  // the message after the gap, the gap
    for (size_t k = 1; k < messages.size(); ++k) {
        const int64_t gap = events[messages[k]].t_ms - events[messages[k - 1]].t_ms;
        if (gap >= 30 * 1000) gaps.emplace_back(messages[k], gap);
    }
    REQUIRE(gaps.size() == 2);
    CHECK(gaps[0].second >= 5 * 60 * 1000);
    CHECK(gaps[1].second >= 6 * 60 * 1000);

    const std::vector<SequenceRow> rows = sequence_rows(events, messages);
    std::vector<std::pair<size_t, int64_t>> marked;
    size_t arrows = 0;
    for (size_t r = 0; r < rows.size(); ++r) {
        if (rows[r].jump_ms == 0) {
            CHECK(rows[r].event == messages[arrows++]);  // every message, in order
            continue;
        }
        marked.emplace_back(rows[r].event, rows[r].jump_ms);
        REQUIRE(r + 1 < rows.size());
        CHECK(rows[r + 1].event == rows[r].event);  // the mark sits right before the message after the gap
    }
    CHECK(arrows == messages.size());
    CHECK(marked == gaps);

    // Drawn: a row that says how much later, in the duration format the timeline uses.
    Headless h(false, ImVec2(1280, 2400));
    for (int i = 0; i < 3; ++i)
        h.frame([&] {
            ImGui::SetNextWindowPos(ImVec2(0, 0));
            ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
            ImGui::Begin("sequence");
            draw_sequence(SequenceData{events, messages, std::nullopt});
            ImGui::End();
        });
    for (const auto& [event, gap] : gaps) {
        const Probe mark = h.probe("sequence.jump." + std::to_string(event));
        CHECK(mark.text == format_duration(gap) + " later");
        CHECK(mark.max.y <= h.probe("sequence.row." + std::to_string(event)).min.y);  // above the message after it
    }
}

// ---- univerify: the uniCloud cloud function's own lifeline ------------------------------------

namespace {
// Draws the sequence diagram of `s` on a window of `size` (three frames: the layout settles).
void draw_diagram(Headless& h, AppState& s, ImVec2 size) {
    for (int i = 0; i < 3; ++i)
        h.frame([&] {
            ImGui::SetNextWindowPos(ImVec2(0, 0));
            ImGui::SetNextWindowSize(size);
            ImGui::Begin("sequence");
            draw_sequence(SequenceData{s.events(), s.messages(), std::nullopt, s.engine().config().flow});
            ImGui::End();
        });
}

int lifelines_drawn(Headless& h) {
    int n = 0;
    while (h.has_probe("sequence.lifeline." + std::to_string(n))) ++n;
    return n;
}
}  // namespace

TEST_CASE("univerify's sequence diagram has the cloud function's lifeline between developer server and platform, and no other flow has one",
          "[sequence][unicloud]") {
    const float width = GENERATE(1280.0f, 640.0f);  // at 640 four heads fit only on two lines
    for (const FlowInfo& info : flow_catalog()) {
        const Flow flow = *flow_from_string(info.id);
        INFO(info.id << " at " << width << " px");
        AppState s(flow_config(flow));
        Headless h(false, ImVec2(width, 400));
        draw_diagram(h, s, ImVec2(width, 400));
        const bool cloud = flow == Flow::Univerify;
        REQUIRE(lifelines_drawn(h) == (cloud ? 4 : 3));
        const int platform = cloud ? 3 : 2;
        CHECK(h.probe("sequence.lifeline.1.title").text == "Developer server");
        CHECK(h.probe("sequence.lifeline." + std::to_string(platform) + ".title").text == info.platform_lifeline);
        if (cloud) CHECK(h.probe("sequence.lifeline.2.title").text == "uniCloud cloud function");
        for (int i = 1; i < lifelines_drawn(h); ++i) {  // left to right, the heads apart
            const Probe left = h.probe("sequence.lifeline." + std::to_string(i - 1)), right = h.probe("sequence.lifeline." + std::to_string(i));
            CHECK(left.max.x + 8 <= right.min.x);
        }
        CHECK(h.probe("sequence.lifeline." + std::to_string(platform)).max.x <= width);
    }
}

TEST_CASE("univerify's exchange is drawn app → server → cloud function → DCloud and back, each arrow at its lifelines",
          "[sequence][unicloud]") {
    AppState s(flow_config(Flow::Univerify));
    Engine& e = s.engine();
    REQUIRE(e.univerify_login({}).pending);
    REQUIRE(e.page_tap_login().ok);
    s.sync();
    Headless h(false, ImVec2(1280, 1600));
    draw_diagram(h, s, ImVec2(1280, 1600));
    REQUIRE(lifelines_drawn(h) == 4);
    float x[4];
    for (int i = 0; i < 4; ++i) x[i] = h.probe("sequence.lifeline." + std::to_string(i)).center().x;
    const ImGuiWindow* rows = rows_window();
    REQUIRE(rows != nullptr);
    const auto& events = s.events();
    // The test's own reading: the HTTP messages of the exchange, and the lifelines each joins.
    const std::map<Actor, int> column = {{Actor::Client, 0}, {Actor::DevServer, 1}, {Actor::CloudFunction, 2}, {Actor::Platform, 3}};
    std::vector<std::pair<int, int>> hops;
    for (size_t m : s.messages()) {
        const Event& ev = events[m];
        if (!ev.http) continue;
        const int from = column.at(ev.actor), to = column.at(*ev.to);
        hops.emplace_back(from, to);
        const SequenceArrow a = sequence_arrow(events, m, Flow::Univerify);
        INFO("event " << m << " " << ev.kind << " " << ev.text);
        CHECK(a.from == from);
        CHECK(a.to == to);
        CHECK(head_drawn(triangles(rows->DrawList, a.color()), h.probe("sequence.row." + std::to_string(m)), x[to], x[from]));
    }
    const std::vector<std::pair<int, int>> chain = {{0, 1}, {1, 2}, {2, 3}, {3, 2}, {2, 1}, {1, 0}};
    CHECK(hops == chain);
}
