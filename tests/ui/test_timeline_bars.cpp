// The timeline draws what the journal says: a code's bar ends where it was used (or, unused, at its
// expiry), a session_key's where a newer one replaced it, each event's marker at its time in its
// actor's lane. Judged on the layout (timeline_bars / timeline_markers) and on the draw list.
#include <cmath>
#include <map>

#include "harness.hpp"

#include "gui/timeline_layout.hpp"

using namespace ls;
using namespace ls::gui;
using namespace ls::gui::test;

namespace {

// A journal with every kind of bar end: code A issued at ~0 and used a minute later by the
// developer server (a token); code B issued and never sent; a login a minute on (code C used). Each
// wx.login gives the user a new session_key, which replaces the one before.
struct Story {
    AppState s{in_process_config()};
    std::string code_a, code_b, code_c;
    std::vector<std::string> keys;  // the session_keys in the order they were issued
    Story() {
        Engine& e = s.engine();
        code_a = e.wx_login().code;
        e.advance(60 * 1000);
        REQUIRE(e.send_code(code_a).ok);
        code_b = e.wx_login().code;
        e.advance(60 * 1000);
        REQUIRE(e.login().ok);
        s.sync();
        for (const Event& ev : s.events())
            if (ev.starts && ev.starts->subject == "session_key") keys.push_back(ev.starts->id);
        code_c = s.engine().identity().code;
        REQUIRE(!code_a.empty());
        REQUIRE(!code_b.empty());
        REQUIRE(keys.size() == 3);
    }
    // From the journal itself: when `id` started, was planned to end, and the event that ended it.
    const Event& start_of(const std::string& id) const {
        for (const Event& ev : s.events())
            if (ev.starts && ev.starts->id == id) return ev;
        FAIL("no event starts " << id);
        throw;
    }
    std::optional<int64_t> end_of(const std::string& id) const {
        for (const Event& ev : s.events())
            if (ev.ends && *ev.ends == id) return ev.t_ms;
        return std::nullopt;
    }
};

const BarShape& shape_of(const std::vector<BarShape>& shapes, const std::vector<LifetimeBar>& bars, const std::string& id) {
    for (const BarShape& b : shapes)
        if (bars[b.bar].life.id == id) return b;
    FAIL("no bar drawn for " << id);
    throw;
}

}  // namespace

TEST_CASE("timeline bars end where the journal ends each lifetime", "[timeline]") {
    Story st;
    const int64_t now = st.s.engine().clock().now_ms();
    const TimeScale scale{100, 1300, -10000, 500};  // 10 min across 1200 px: every expiry in view
    const auto shapes = timeline_bars(st.s.bars(), scale, now, timeline_lanes(Flow::WeChatMp));

    SECTION("a used code: solid to its use, nothing after") {
        for (const std::string& code : {st.code_a, st.code_c}) {
            INFO("code " << code);
            const auto used = st.end_of(code);
            REQUIRE(used);
            const BarShape& b = shape_of(shapes, st.s.bars(), code);
            CHECK(b.lane == 0);  // the client's lane
            CHECK(b.from_ms == st.start_of(code).t_ms);
            CHECK(b.lived_ms == *used);
            CHECK(b.end_ms == *used);
            CHECK(b.x_end == b.x_lived);
            CHECK(b.x_lived == Approx(std::max(scale.x(double(b.from_ms)) + 2, scale.x(double(*used)))));
        }
        CHECK(*st.end_of(st.code_a) >= st.start_of(st.code_a).t_ms + 60 * 1000);  // sent a minute after it was issued
    }
    SECTION("an unused code: solid until now, pale until its expiry") {
        const BarShape& b = shape_of(shapes, st.s.bars(), st.code_b);
        CHECK_FALSE(st.end_of(st.code_b));
        const int64_t expiry = st.start_of(st.code_b).starts->until_ms;
        CHECK(b.lived_ms == now);
        CHECK(b.end_ms == expiry);
        CHECK(b.x_lived == Approx(scale.x(double(now))));
        CHECK(b.x_end == Approx(scale.x(double(expiry))));
    }
    SECTION("a session_key: replaced by the next one; the latest lives to its expiry") {
        for (size_t i = 0; i + 1 < st.keys.size(); ++i) {
            INFO("session_key " << i);
            const auto replaced = st.end_of(st.keys[i]);
            REQUIRE(replaced);
            CHECK(*replaced == st.start_of(st.keys[i + 1]).t_ms);
            const BarShape& b = shape_of(shapes, st.s.bars(), st.keys[i]);
            CHECK(b.lane == 2);  // the platform's lane
            CHECK(b.end_ms == *replaced);
            CHECK(b.x_end == Approx(std::max(scale.x(double(b.from_ms)) + 2, scale.x(double(*replaced)))));
        }
        const BarShape& latest = shape_of(shapes, st.s.bars(), st.keys.back());
        CHECK_FALSE(st.end_of(st.keys.back()));
        CHECK(latest.end_ms == st.start_of(st.keys.back()).starts->until_ms);  // two days on: past the view's end
        CHECK(latest.x_end == scale.x1);
        CHECK(latest.lived_ms == now);
    }
    SECTION("the token lives in the developer server's lane") {
        for (const Event& ev : st.s.events())
            if (ev.starts && ev.starts->subject == "token") CHECK(shape_of(shapes, st.s.bars(), ev.starts->id).lane == 1);
    }
    SECTION("a bar that ended before the view is not drawn") {
        const TimeScale later{100, 1300, double(now) + 1000, 500};
        for (const BarShape& b : timeline_bars(st.s.bars(), later, now, timeline_lanes(Flow::WeChatMp))) CHECK(b.end_ms >= later.t0);
    }
}

TEST_CASE("timeline markers sit at their event's time in their actor's lane", "[timeline]") {
    Story st;
    const auto& events = st.s.events();
    const std::map<Actor, int> lane_of = {{Actor::Client, 0}, {Actor::DevServer, 1}, {Actor::Platform, 2}};
    for (const double mpp : {2.0, 500.0}) {  // zoomed in (each event its own column) and out (columns shared)
        INFO(mpp << " ms per pixel");
        const TimeScale scale{100, 1300, -1000, mpp};
        const auto markers = timeline_markers(events, scale, timeline_lanes(Flow::WeChatMp));
        REQUIRE(!markers.empty());
        // Every visible event of an actor is marked in its lane at its time's pixel column, by itself or
        // by a more severe event of the same column.
        for (size_t i = 0; i < events.size(); ++i) {
            const Event& ev = events[i];
            const float x = std::floor(scale.x(double(ev.t_ms)));
            if (x > scale.x1 || !lane_of.count(ev.actor)) continue;
            INFO("event " << i << " " << ev.kind << " at " << ev.t_ms);
            bool marked = false;
            for (const MarkerShape& m : markers)
                marked |= m.lane == lane_of.at(ev.actor) && m.x == x && int(m.status) >= int(event_status(ev));
            CHECK(marked);
        }
        // And every marker is an event at its place: nothing drawn that the journal lacks.
        for (const MarkerShape& m : markers) {
            const Event& ev = events[m.event];
            CHECK(m.x == std::floor(scale.x(double(ev.t_ms))));
            CHECK(m.status == event_status(ev));
            if (lane_of.count(ev.actor)) CHECK(m.lane == lane_of.at(ev.actor));
        }
    }
}

namespace {

// The x extent of the vertices drawn in `col` (solid), and in any alpha of it (the pale rest too).
struct Extent {
    float solid_min = FLT_MAX, solid_max = -FLT_MAX, any_max = -FLT_MAX;
};
Extent drawn_extent(const ImDrawList* dl, ImU32 col) {
    Extent ext;
    for (const ImDrawVert& v : dl->VtxBuffer) {
        if ((v.col & 0x00FFFFFF) != (col & 0x00FFFFFF)) continue;
        ext.any_max = std::max(ext.any_max, v.pos.x);
        if (v.col != col) continue;
        ext.solid_min = std::min(ext.solid_min, v.pos.x);
        ext.solid_max = std::max(ext.solid_max, v.pos.x);
    }
    return ext;
}

// Draws the timeline of `s` at 500 ms per pixel (a code's five minutes are 600 px: its expiry is well
// inside the plot); returns what was drawn in the code colour and the time scale of the plot.
std::pair<Extent, TimeScale> draw_codes(Headless& h, AppState& s) {
    TimelineView view;
    view.follow = false;
    view.t0 = -10000;
    view.ms_per_px = 500;
    ImDrawList* dl = nullptr;
    for (int i = 0; i < 3; ++i)
        h.frame([&] {
            ImGui::SetNextWindowPos(ImVec2(0, 0));
            ImGui::SetNextWindowSize(ImVec2(1280, 300));
            ImGui::Begin("timeline");
            draw_timeline(TimelineData{s.events(), s.bars(), s.engine().clock().now_ms(), std::nullopt}, view);
            dl = ImGui::GetWindowDrawList();
            ImGui::End();
        });
    const Probe plot = h.probe("timeline.plot");
    return {drawn_extent(dl, subject_color("code")), TimeScale{plot.min.x, plot.max.x, view.t0, view.ms_per_px}};
}

}  // namespace

TEST_CASE("the timeline draws a used code's bar only up to its use, an unused one's to its expiry", "[timeline]") {
    Headless h;
    AppState s(in_process_config());
    Engine& e = s.engine();
    const std::string code = e.wx_login().code;
    e.advance(60 * 1000);
    SECTION("used a minute after it was issued") {
        REQUIRE(e.send_code(code).ok);
        s.sync();
        int64_t issued = -1, used = -1;
        for (const Event& ev : s.events()) {
            if (ev.starts && ev.starts->id == code) issued = ev.t_ms;
            if (ev.ends && *ev.ends == code) used = ev.t_ms;
        }
        REQUIRE(used >= issued + 60 * 1000);
        const auto [drawn, scale] = draw_codes(h, s);
        INFO("issued at x=" << scale.x(double(issued)) << ", used at x=" << scale.x(double(used)) << ", expiry at x="
                            << scale.x(double(issued + 300000)));
        CHECK(drawn.solid_min == Approx(scale.x(double(issued))).margin(1.5));
        CHECK(drawn.solid_max == Approx(scale.x(double(used))).margin(1.5));
        CHECK(drawn.any_max == Approx(scale.x(double(used))).margin(1.5));  // no pale rest after its use
    }
    SECTION("never sent") {
        s.sync();
        int64_t issued = -1, expiry = -1;
        for (const Event& ev : s.events())
            if (ev.starts && ev.starts->id == code) {
                issued = ev.t_ms;
                expiry = ev.starts->until_ms;
            }
        const int64_t now = e.clock().now_ms();
        const auto [drawn, scale] = draw_codes(h, s);
        CHECK(drawn.solid_min == Approx(scale.x(double(issued))).margin(1.5));
        CHECK(drawn.solid_max == Approx(scale.x(double(now))).margin(1.5));
        CHECK(drawn.any_max == Approx(scale.x(double(expiry))).margin(1.5));
    }
}

TEST_CASE("univerify's timeline has a lane for the cloud function between developer server and platform, other flows three lanes",
          "[timeline][unicloud]") {
    for (const FlowInfo& info : flow_catalog()) {
        const Flow flow = *flow_from_string(info.id);
        INFO(info.id);
        AppState s(flow_config(flow));
        if (flow == Flow::Univerify) {
            REQUIRE(s.engine().univerify_login({}).pending);
            REQUIRE(s.engine().page_tap_login().ok);
            s.sync();
        }
        Headless h;
        TimelineView view;
        for (int i = 0; i < 3; ++i)
            h.frame([&] {
                ImGui::SetNextWindowPos(ImVec2(0, 0));
                ImGui::SetNextWindowSize(ImVec2(1280, 220));
                ImGui::Begin("timeline");
                draw_timeline(TimelineData{s.events(), s.bars(), s.engine().clock().now_ms(), std::nullopt, flow}, view);
                ImGui::End();
            });
        const bool cloud = flow == Flow::Univerify;
        const TimelineLanes lanes = timeline_lanes(flow);
        CHECK(lanes.count() == (cloud ? 4 : 3));
        CHECK(h.has_probe("timeline.lane.3") == cloud);
        CHECK(h.probe("timeline.lane." + std::to_string(lanes.platform()) + ".title").text == "Platform");
        for (int l = 1; l < lanes.count(); ++l)  // stacked, top to bottom, none empty
            CHECK(h.probe("timeline.lane." + std::to_string(l)).min.y == Approx(h.probe("timeline.lane." + std::to_string(l - 1)).max.y));
        if (!cloud) continue;
        CHECK(h.probe("timeline.lane.2.title").text == "Cloud function");
        CHECK(h.probe("timeline.lane.2").max.y - h.probe("timeline.lane.2").min.y >= 20);
        // The function's events in its lane, DCloud's in the platform's.
        const TimeScale scale{100, 1300, 0, 5.0};  // the whole login (the page takes 1.5 s to open)
        bool function_marked = false;
        for (const MarkerShape& m : timeline_markers(s.events(), scale, lanes)) {
            const Event& ev = s.events()[m.event];
            if (ev.actor == Actor::CloudFunction) {
                CHECK(m.lane == 2);
                function_marked = true;
            }
            if (ev.actor == Actor::Platform) CHECK(m.lane == 3);
            if (ev.actor == Actor::DevServer) CHECK(m.lane == 1);
        }
        CHECK(function_marked);
    }
}
