// The sequence diagram draws what the journal says: one arrow per message, from the sender's
// lifeline to the receiver's, labelled with the event, red when the message carries a failure and
// green when it does not. Judged on the layout (sequence_arrow) and on the draw list.
#include <cmath>
#include <map>

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
// (action 2: a 502 from the platform's gateway) and a developer-server flaw (action 3: the reply that
// leaks session_key to the client).
struct Story {
    AppState s{in_process_config()};
    uint32_t clean = 0, gateway = 0, leak = 0;
    Story() {
        Engine& e = s.engine();
        REQUIRE(e.login().ok);
        FaultRule r;
        r.hop = Hop::PlatformResponse;
        r.kind = FaultKind::HttpStatus;
        r.status = 502;
        e.add_fault(r);
        REQUIRE_FALSE(e.login().ok);
        e.set_flaws({Flaw::LeakSessionKey});
        REQUIRE(e.login().ok);
        s.sync();
        for (const Event& ev : s.events())
            if (ev.kind == "action.start") (clean == 0 ? clean : gateway == 0 ? gateway : leak) = ev.flow;
        REQUIRE(leak != 0);
    }
};

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
        const SequenceArrow a = sequence_arrow(events, m);
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
        const SequenceArrow a = sequence_arrow(events, m);
        if (e.flow == st.clean) CHECK(a.color() == palette::ok);  // a login where nothing went wrong: all green
        if (e.http && e.http->status >= 400) CHECK(a.color() == palette::error);
        const bool leaked = e.flow == st.leak && e.actor == Actor::DevServer && e.to == Actor::Client && e.http &&
                            e.http->response_body.find("session_key") != std::string::npos;
        if (leaked) CHECK(a.color() == palette::error);  // the flaw's reply
    }
    bool gateway_red = false;
    for (size_t m : st.s.messages())
        gateway_red |= events[m].flow == st.gateway && events[m].http && events[m].http->status == 502 &&
                       sequence_arrow(events, m).color() == palette::error;
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
        const ImU32 col = sequence_arrow(events, m).color();
        CHECK(head_drawn(triangles(rows->DrawList, col), row, lifeline_x[to], lifeline_x[from]));
    }
}
