#pragma once
// A platform pack: a platform added the new way (issue 18). Everything it brings is described once,
// in its own files (`pack_<id>.cpp` and its platform's `<id>.hpp/.cpp`), and listed in `packs.cpp`:
// its flows, step kinds, error catalog, assumptions, narration, glossary terms, demos, phone settings,
// app fields, toolbar buttons, login page, platform endpoints and the built-in developer server's
// exchange. The flow and step tables, the catalog and assumptions, the narration, the glossary, the
// demos, the engine (its platform host, developer server, reset, clock), serve's banner and
// /__admin/apps, the scenario parser, explore, Setup, the phone and the toolbar read the packs:
// nothing else names a pack's platform. core/README.md has the recipe.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "loginscope/catalog.hpp"
#include "loginscope/clock.hpp"
#include "loginscope/demos.hpp"
#include "loginscope/developer_server.hpp"
#include "loginscope/glossary.hpp"
#include "loginscope/http.hpp"
#include "loginscope/idgen.hpp"
#include "loginscope/journal.hpp"
#include "loginscope/narration.hpp"
#include "loginscope/steps.hpp"

namespace ls {

// A phone setting a pack adds to the Environment (a boolean): Setup's checkbox, a scenario
// environment's field, one of explore's environment moves.
struct PackSetting {
    const char* id;  // the Environment field ("douyin_logged_in")
    bool fallback;   // its value until something sets it
    const char* label_en;
    const char* label_zh;
    const char* tip_en;  // what turning it off does
    const char* tip_zh;
    const char* off_en;  // the Faults tab's preset that turns it off for the next call ("Douyin logged out")
    const char* off_zh;
};

// One field of the pack's app as the platform registers it (Setup's app editor, /__admin/apps,
// the developer server's copy). A secret field never reaches a client and is masked in the journal.
struct PackAppField {
    const char* id;        // "appid", "secret"
    const char* label;     // "AppID"
    const char* fallback;  // the demo app's value
    bool secret;
    std::vector<const char*> choices = {};  // the values it may hold (none: any string)
};
using PackApp = std::map<std::string, std::string>;  // field id → value

// A button of the toolbar's client-API row for one of the pack's steps.
struct PackButton {
    const char* step;   // a step kind of the pack
    const char* label;  // "tt.checkSession"
    const char* tip_en;
    const char* tip_zh;
};

// The pack's login page on the phone: a mini program of its host app.
struct PackPage {
    const char* app_name;   // "抖音小程序示例"
    const char* tagline;    // under the name
    uint32_t brand_rgb;     // the login button's colour, 0xRRGGBB
    const char* logged_in;  // the badge once logged in ("已登录")
    const char* check_step; // the logged-in page's 检查登录态 button: its step ("tt_check_session"), or ""
};

// What the platform shows over the phone's page, when it does (one dialog at a time): its title, its
// lines, and its buttons, each the step a tap on it takes.
struct PackSheet {
    std::string title;
    std::vector<std::string> lines;
    std::vector<std::pair<std::string, std::string>> buttons;  // label, step id
};

// A platform endpoint the pack answers on the platform host.
struct PackEndpoint {
    const char* method;
    const char* path;  // "/api/apps/v2/jscode2session"
    const char* what;  // serve's banner: "(JSON: appid, secret, code, anonymous_code)"
};

// What the built-in developer server got from the platform for a code: a session to issue (its
// token goes to the app), or the reply that refuses the login and why (journaled as login.rejected).
struct PackExchange {
    std::optional<DevSession> session;
    HttpReply rejection;
    std::string why;
    std::optional<TransportResult> no_answer;  // the platform did not answer usably: a 502
};
using PlatformCaller = std::function<TransportResult(const HttpRequest&)>;

// A pack's platform inside one Engine: its codes and sessions, its endpoints, its dialog.
class PackPlatform {
public:
    virtual ~PackPlatform() = default;
    // An endpoint of the pack's (`forced`: the code an injected platform_error fault answers).
    virtual HttpReply answer(const HttpRequest& req, uint32_t flow, const std::string& forced) = 0;
    virtual void reset() = 0;
    virtual void sweep() = 0;
    virtual std::optional<int64_t> next_expiry(int64_t after_ms) const = 0;
    virtual std::string openid_of(const std::string& user) const = 0;
    virtual std::string session_key_of(const std::string& user) const { return ""; }
    // The platform's dialog over the phone, if one is showing.
    virtual std::optional<PackSheet> sheet() const { return std::nullopt; }
    // /__admin/code: a code for `user` of the app `appid` as if the user had logged in; nullopt
    // when the app is not this platform's.
    virtual std::optional<std::pair<std::string, int64_t>> admin_code(const std::string& appid, const std::string& user) = 0;
    virtual void configure(const PackApp& app) = 0;  // the app as registered (Setup, a profile)
    // The app as the platform holds it, every field resolved (a demo key pair's PEMs, say), plus what
    // the platform gives a developer for it (Alipay's public key): /__admin/apps shows it.
    virtual PackApp registered() const = 0;
    // Work done once, ahead of the first call that needs it (Alipay: its demo key pairs, a few
    // hundred ms). serve runs it on a thread of its own while it starts, so its banner is not held
    // back; a call that needs the work before it is done waits for it. Thread-safe.
    virtual void prepare() {}
};

// What a pack's platform is built with: the world's clock, ids and journal, and its app.
struct PackWorld {
    VirtualClock& clock;
    IdGenerator& ids;
    Journal& journal;
    PackApp app;
};

struct PlatformPack {
    const char* id;            // "douyin": its catalog platform, the key of its app in AppConfig
    const char* name;          // "Douyin"
    const char* host;          // the production host the journal shows ("https://developer.toutiao.com")
    std::vector<PackEndpoint> endpoints;
    const char* login_path;    // the built-in developer server's login endpoint ("/api/douyin/login")
    std::vector<FlowInfo> flows;
    std::vector<StepKind> steps;
    std::vector<CatalogEntry> catalog;
    std::vector<Assumption> assumptions;
    std::vector<NarrationEntry> narration;
    std::vector<std::string> event_kinds;  // the journal kinds only this pack records
    std::vector<GlossaryTerm> glossary;
    std::vector<Demo> demos;
    std::vector<PackSetting> settings;
    std::vector<PackAppField> app_fields;
    // The app field a backend profile's "secret" fills: "secret", or Alipay's "app_public_key" (what
    // the team's backend signs for, registered with the platform in its stead).
    const char* profile_secret = "secret";
    std::vector<PackButton> buttons;
    std::vector<const char*> masked_fields;  // request fields (query, form or JSON body) the journal masks
    PackPage page;
    std::vector<PackSheet> sheets;           // every dialog its platform can show (PackPlatform::sheet returns one)
    // Its English texts the GUI shows translated (flow title, lifelines, step labels, assumptions'
    // reasons) with their Chinese: the interface's table takes them in.
    std::vector<std::pair<const char*, const char*>> translations;
    std::function<std::unique_ptr<PackPlatform>(PackWorld)> make;
    // The built-in developer server's exchange of `code` with the platform, as the app's server does it
    // (`now_ms`: the virtual clock, for the request's own timestamp).
    std::function<PackExchange(const std::string& code, const PackApp& app, const PlatformCaller& call, int64_t now_ms)> exchange;
};

// Every pack, in packs.cpp's order. Pack `i`'s flows follow the built-in flows and the flows of the
// packs before it: its Flow values are assigned there, so that a flow is still an index of flow_catalog().
const std::vector<PlatformPack>& platform_packs();
// `builtin`, then every pack's rows of `member` (the tables that packs extend: flows, steps, catalog, …).
template <class Row>
std::vector<Row> with_pack_rows(std::vector<Row> builtin, std::vector<Row> PlatformPack::*member) {
    for (const PlatformPack& p : platform_packs()) builtin.insert(builtin.end(), (p.*member).begin(), (p.*member).end());
    return builtin;
}
// The pack a flow belongs to; nullptr for a built-in flow.
const PlatformPack* pack_of(Flow flow);
const PlatformPack* find_pack(const std::string& id);
// The first Flow value after the built-in ones (packs.cpp hands them out from here).
constexpr Flow kFirstPackFlow = Flow(int(Flow::Univerify) + 1);

// The pack app `pack` of `app` as registered: each field's value in `app`, else the demo's.
PackApp pack_app(const AppConfig& app, const PlatformPack& pack);
// Every text a pack brings to the screen (its flows' titles and buttons, its page, settings, buttons
// and dialogs): the GUI's font loads their glyphs.
std::vector<std::string> pack_texts(const PlatformPack& pack);
// A pack setting's value in `env` (its fallback until set); false for an unknown id.
bool pack_setting(const Environment& env, const std::string& id);
const PackSetting* find_pack_setting(const std::string& id);

}  // namespace ls
