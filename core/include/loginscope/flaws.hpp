#pragma once
// Mistakes real backends make, switchable in the developer server (`--flaw NAME`, the GUI's switch,
// a scenario's config.flaws). Each is off by default; `explore` must find every one of them.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "loginscope/lang.hpp"

namespace ls {

enum class Flaw {
    LeakSessionKey,      // /api/login returns session_key to the client
    AcceptReusedCode,    // exchange answers cached by code: a replayed code logs in again
    SkipWatermarkCheck,  // decrypted open data of another appid is accepted
    TrustClientOpenid,   // an openid sent by the client wins over code2Session's
    LogSecret,           // the AppSecret is written to the server's log (the journal)
};
using FlawSet = std::set<Flaw>;

struct FlawInfo {
    Flaw flaw;
    const char* id;      // CLI and scenario name: "leak-session-key"
    const char* title;   // one line for the switch
    const char* attack;  // what it opens, for the inspector and the narration
    const char* title_zh;   // the title in Chinese
    const char* attack_zh;  // the attack in Chinese
};

const std::vector<FlawInfo>& flaw_catalog();
const FlawInfo& flaw_info(Flaw f);
const char* to_string(Flaw f);
// The title / attack in `lang` (never null).
const char* flaw_title(Flaw f, Lang lang);
const char* flaw_attack(Flaw f, Lang lang);
std::optional<Flaw> flaw_from_string(const std::string& id);

}  // namespace ls
