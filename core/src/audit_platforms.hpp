#pragma once
// What the audit (audit.cpp) needs of each flow's platform, described once per flow in
// audit_platforms.cpp: the built-in platforms' rows, and one per platform pack's flow made from the
// pack (platform_pack.hpp), so that a pack is audited without an edit here.
#include <functional>
#include <string>
#include <vector>

#include "loginscope/audit.hpp"
#include "loginscope/backend.hpp"
#include "loginscope/engine.hpp"
#include "loginscope/faults.hpp"

namespace ls {

constexpr const char* kAuditAlice = "audit-alice";
constexpr const char* kAuditBob = "audit-bob";

// A way the platform's exchange fails: a catalog error it answers, or the transport's trouble.
struct ErrorCase {
    std::string id;
    Hop hop;
    FaultKind kind;
    std::string code;
};

// A login as the platform sees it: the code (univerify: the access_token) it gave the client, the
// session_key it holds for it ("" where the platform issues none), the openid the client got with the
// code (univerify's token comes with one), the phone number it stands for (univerify).
struct PlatformLogin {
    std::string code, session_key, client_openid, phone;
};

// What the audit needs of a flow's platform: the app kind the profile must name, the exchange the
// backend makes, how the team's app is registered, how a user's login code comes about, the user's
// openid there, and the errors the exchange answers with (PLATFORM-FACTS).
struct FlowPlatform {
    Flow flow;
    std::string app_platform;
    std::string exchange;
    std::string path;  // the exchange's endpoint: its faults hold to it (a /cgi-bin/token before it passes)
    std::function<void(Engine&, const ProfileApp&, const std::string& name)> register_app;
    std::function<PlatformLogin(Engine&, const ProfileApp&, const std::string& user)> issue;
    std::function<std::string(Engine&, const ProfileApp&, const std::string& user)> openid;
    std::vector<ErrorCase> errors;
};

const std::vector<FlowPlatform>& flow_platforms();
const FlowPlatform* flow_platform(Flow f);  // nullptr: the flow has no developer server to audit
// Each audit user's own phone line (univerify): different numbers, so different identities.
PhoneLine audit_line(const std::string& user);

}  // namespace ls
