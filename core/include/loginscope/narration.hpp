#pragma once
// Narration for the teaching and presenter modes: what just happened at a journal event and why, in
// plain English or Chinese, true to PLATFORM-FACTS (code lifetimes, single use, where session_key
// lives, what errcode / errMsg mean). One table of rows keyed by event kind and an optional context;
// the most specific row wins. UI-free.
#include <optional>
#include <string>
#include <vector>

#include "loginscope/engine.hpp"
#include "loginscope/flaws.hpp"
#include "loginscope/journal.hpp"
#include "loginscope/lang.hpp"

namespace ls {

// Every event kind the engine can record: one table; the tests check the engine records no other.
const std::vector<std::string>& event_kinds();

// What just happened at `e` and why, in plain language, 1–3 short sentences, for a class or a
// product demo. Never empty for a kind in event_kinds() (an unknown kind gets a generic line).
// More specific by flow (WeChat vs Baidu vs univerify vs App), by the endpoint of e.http->target for
// http.request / http.response (code2Session, /api/login, checksession…) and by the errcode / error /
// fault the event links. For flaw.* events it contains the flaw's attack (flaw_attack) in `lang`.
std::string narrate(const Event& e, Flow flow, Lang lang);

// The flaw whose mistake `e` shows (the flaw.* kinds that correspond to a Flaw), for the inspector
// to mark the step red; nullopt for every other kind (flaw.switched and flaw.secret_in_app included:
// the first is the switch itself, the second is the uni-app design of §6.1, not a developer-server flaw).
std::optional<Flaw> flaw_shown_by(const Event& e);

// One row of the table. `context` is "" (any event of that kind) or space-separated conditions that
// must all hold: a flow id ("wechat-mp", "swan", …), an endpoint path starting with '/'
// ("/sns/jscode2session": e.http->target contains it), or key=value on e.links ("errcode=40163",
// "error=invalid_grant", "fault=hang"). The row with the most specific matching context wins
// (link > endpoint > flow > any). The flaw.* rows hold the full text, attack included.
struct NarrationEntry {
    const char* kind;
    const char* context;
    const char* en;
    const char* zh;
};
// The table rows, for tests and for the GUI's font loader (it loads the glyphs of every Chinese text).
const std::vector<NarrationEntry>& narration_table();

}  // namespace ls
