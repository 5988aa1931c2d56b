// The timeline, sequence, console and step list stay fast with 100,000 events: they draw only
// what is visible (binary search on time, list clippers). The bounds guard against per-frame work
// that grows with the journal (tens of ms per frame at 100k events), counted in this thread's CPU
// time so that a loaded machine does not fail them; the figures themselves are loginscope_bench's.
#include <time.h>

#include "harness.hpp"

#include "gui/panels.hpp"

using namespace ls;
using namespace ls::gui;
using namespace ls::gui::test;

namespace {

void record_many(Journal& j, int n) {
    const Actor actors[] = {Actor::Client, Actor::DevServer, Actor::Platform};
    for (int i = 0; i < n; ++i) {
        Event e;
        e.t_ms = int64_t(i) * 50;
        e.flow = uint32_t(1 + i / 10);
        e.actor = actors[i % 3];
        if (i % 2) e.to = actors[(i + 1) % 3];
        e.kind = i % 97 == 0 ? "exchange.error" : "http.request";
        e.text = "event " + std::to_string(i);
        if (i % 10 == 0) e.starts = Lifetime{"code", "c" + std::to_string(i), e.t_ms, e.t_ms + 300000};
        j.record(std::move(e));
    }
}

double thread_cpu_ms() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

template <class F>
double average_ms(Headless& h, int frames, F draw) {
    const double t0 = thread_cpu_ms();
    frames_in_window(h, frames, "scale", ImVec2(1280, 300), draw);
    return (thread_cpu_ms() - t0) / frames;
}

}  // namespace

TEST_CASE("panels stay fast with 100000 events") {
    Headless h;
    AppState s(in_process_config());
    record_many(s.engine().journal(), 100000);
    s.engine().clock().set(100000LL * 50);
    s.sync();
    REQUIRE(s.events().size() == 100000);

    SECTION("timeline, zoomed in and zoomed out to everything") {
        const TimelineData d{s.events(), s.bars(), s.engine().clock().now_ms(), std::nullopt};
        TimelineView near;
        const double in_ms = average_ms(h, 30, [&] { draw_timeline(d, near); });
        TimelineView all;
        all.follow = false;
        all.t0 = 0;
        all.ms_per_px = 100000.0 * 50 / 1100;
        const double out_ms = average_ms(h, 30, [&] { draw_timeline(d, all); });
        WARN("timeline frame: " << in_ms << " ms zoomed in, " << out_ms << " ms showing 100k events");
        CHECK(in_ms < 30);
        CHECK(out_ms < 60);
    }
    SECTION("sequence, console and the inspector's step list") {
        const double seq = average_ms(h, 30, [&] { draw_sequence(SequenceData{s.events(), s.messages(), std::nullopt}); });
        const double con = average_ms(h, 30, [&] { draw_console(s.console()); });
        s.ui.all_flows = true;
        const double insp = average_ms(h, 30, [&] {
            draw_inspector(InspectorView{s.events(), s.bars(), s.flow_range(s.latest_flow()), s.latest_flow(),
                                         s.engine().identity(), s.engine().clock().now_ms()},
                           s.ui);
        });
        WARN("sequence " << seq << " ms, console " << con << " ms, inspector " << insp << " ms per frame");
        CHECK(seq < 30);
        CHECK(con < 30);
        CHECK(insp < 30);
    }
}

TEST_CASE("the journal copy is incremental: only new events are appended") {
    Headless h;
    AppState s(in_process_config());
    record_many(s.engine().journal(), 100);
    s.sync();
    REQUIRE(s.events().size() == 100);
    const Event* first = &s.events().front();
    s.sync();  // nothing new: nothing copied
    CHECK(s.events().size() == 100);
    record_many(s.engine().journal(), 5);
    s.sync();
    CHECK(s.events().size() == 105);
    CHECK(s.events()[104].seq == 104);
    (void)first;
}
