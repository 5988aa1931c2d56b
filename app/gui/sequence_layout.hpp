#pragma once
// The sequence diagram as data: which rows it shows and, for each message, the arrow — from which
// lifeline to which, its label and its colour. draw_sequence draws exactly these, so tests judge
// them against the journal.
#include <cstddef>
#include <string>
#include <vector>

#include "panels.hpp"

namespace ls::gui {

// The lifelines of `flow`, left to right: 0 client, 1 developer server, then the platform; where the
// flow has a uniCloud cloud function (FlowInfo::cloud_lifeline, univerify), its lifeline is 2, between
// the developer server and the platform, which is then 3. Any other actor is drawn on the client's.
int sequence_lifeline_count(Flow flow);
int sequence_lifeline(Actor a, Flow flow);
// The lifelines' titles, untranslated, in that order.
std::vector<const char*> sequence_lifeline_titles(Flow flow);

struct SequenceArrow {
    int from = 0, to = 0;  // lifelines
    std::string label;     // the event's kind and text (the panel cuts it to the arrow's width)
    Status status = Status::Ok;
    bool flaw = false;     // the reply carries a developer-server flaw (flaw_mark): drawn as an error
    ImU32 color() const { return flaw ? palette::error : status_color(status); }
};
// The arrow of message `index` (an event with `to`) on `flow`'s lifelines.
SequenceArrow sequence_arrow(const std::vector<Event>& events, size_t index, Flow flow);

// The diagram's rows: one per message, and a time-jump row ("⏩ 5 min later") where at least
// kTimeJumpMs of virtual time passed between two messages shown (a clock move, a wait, an expiry).
constexpr int64_t kTimeJumpMs = 30 * 1000;
struct SequenceRow {
    size_t event = 0;     // the message shown, or for a time jump the first message after it
    int64_t jump_ms = 0;  // > 0: a time-jump row, this much later than the message before
};
std::vector<SequenceRow> sequence_rows(const std::vector<Event>& events, const std::vector<size_t>& messages);

}  // namespace ls::gui
