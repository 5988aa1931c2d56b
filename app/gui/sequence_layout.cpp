#include "sequence_layout.hpp"

namespace ls::gui {

namespace {
bool has_cloud_function(Flow flow) { return flow_catalog()[size_t(flow)].cloud_lifeline != nullptr; }
}  // namespace

int sequence_lifeline_count(Flow flow) { return has_cloud_function(flow) ? 4 : 3; }

int sequence_lifeline(Actor a, Flow flow) {
    const bool cloud = has_cloud_function(flow);
    switch (a) {
        case Actor::DevServer: return 1;
        case Actor::CloudFunction: return cloud ? 2 : 1;  // a flow without one never journals it
        case Actor::Platform: return cloud ? 3 : 2;
        default: return 0;
    }
}

std::vector<const char*> sequence_lifeline_titles(Flow flow) {
    const FlowInfo& info = flow_catalog()[size_t(flow)];
    std::vector<const char*> titles = {info.client_lifeline, "Developer server"};
    if (info.cloud_lifeline) titles.push_back(info.cloud_lifeline);
    titles.push_back(info.platform_lifeline);
    return titles;
}

SequenceArrow sequence_arrow(const std::vector<Event>& events, size_t index, Flow flow) {
    const Event& e = events[index];
    SequenceArrow a;
    a.from = sequence_lifeline(e.actor, flow);
    a.to = sequence_lifeline(e.to.value_or(e.actor), flow);
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
