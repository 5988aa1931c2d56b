#include "sequence_layout.hpp"

namespace ls::gui {

int sequence_lifeline(Actor a) {
    switch (a) {
        case Actor::DevServer: return 1;
        case Actor::Platform: return 2;
        default: return 0;
    }
}

SequenceArrow sequence_arrow(const std::vector<Event>& events, size_t index) {
    const Event& e = events[index];
    SequenceArrow a;
    a.from = sequence_lifeline(e.actor);
    a.to = sequence_lifeline(e.to.value_or(e.actor));
    a.label = e.kind + "  " + e.text;
    a.status = event_status(e);
    a.flaw = flaw_mark(events, index).has_value();
    return a;
}

std::vector<SequenceRow> sequence_rows(const std::vector<Event>& events, const std::vector<size_t>& messages) {
    std::vector<SequenceRow> rows;
    rows.reserve(messages.size());
    for (size_t k = 0; k < messages.size(); ++k) {
        const size_t m = messages[k];
        if (k > 0) {
            const int64_t gap = events[m].t_ms - events[messages[k - 1]].t_ms;
            if (gap >= kTimeJumpMs) rows.push_back({m, gap});
        }
        rows.push_back({m, 0});
    }
    return rows;
}

}  // namespace ls::gui
