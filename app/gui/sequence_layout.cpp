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

}  // namespace ls::gui
