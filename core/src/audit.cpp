// The audit's battery (audit.hpp). A check logs in as LoginScope's client would — a code from the
// platform, the profile's login request — and reads what the backend answered and what it asked the
// platform. Everything the backend sends back is kept, so the secret checks see every reply.
#include "loginscope/audit.hpp"

#include "audit_platforms.hpp"

#include <algorithm>
#include <set>

#include "loginscope/crypto.hpp"
#include "loginscope/http.hpp"
#include "loginscope/open_data.hpp"

namespace ls {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kAlice = kAuditAlice;
constexpr const char* kBob = kAuditBob;

std::string masked(const std::string& s) { return s.size() <= 8 ? std::string(s.size(), '*') : s.substr(0, 4) + "…" + s.substr(s.size() - 2); }

// Thrown by Auditor::check when AuditOptions::cancelled says stop: no further check starts.
struct AuditCancelled {};

// One login as the client: the code the platform issued, what the backend answered, the session in it.
struct Attempt {
    PlatformLogin issued;
    std::string user, code, session_key, openid;
    BackendReply reply;
    std::string session;
};

class Auditor {
public:
    Auditor(const AuditOptions& o, Engine& engine, const FlowPlatform& platform, const FlowProfile& fp, const ProfileApp& app)
        : o_(o), engine_(engine), platform_(platform), fp_(fp), app_(app), prefix_(std::string(to_string(platform.flow)) + "/"),
          exchange_from_(engine.journal().size()) {}

    // The flow's checks; those settled before a cancellation when cancelled() is true afterwards.
    std::vector<AuditCheck> run() {
        try {
            battery();
        } catch (const AuditCancelled&) {
            cancelled_ = true;
        }
        return std::move(checks_);
    }
    bool cancelled() const { return cancelled_; }

private:
    void battery() {
        const Attempt first = baseline();
        if (first.session.empty()) {  // nothing else can be judged: say so for each
            for (const char* id : {"single-use-code", "expired-code", "no-session-on-platform-error", "identity-from-platform", "open-data-accepted",
                                   "open-data-verified/wrong-signature", "open-data-verified/other-app-watermark",
                                   "open-data-verified/stale-session-key", "phone-number-works", "phone-code-single-use",
                                   "phone-code-expired", "session-key-stays-server-side", "secret-stays-server-side",
                                   "phone-number-stays-server-side"})
                skip(check(id, ""), "login-works failed: no session to judge");
            return;
        }
        single_use_code();
        expired_code();
        for (const ErrorCase& c : platform_.errors) platform_error(c);
        identity_from_platform();
        open_data_checks();
        phone_checks();
        secrets_stay_server_side();
    }

    // ---- logging in ----------------------------------------------------------------------
    // `replay`: send the credentials of an earlier login again instead of fresh ones.
    Attempt login(BackendClient& client, const std::string& user, const std::string& claimed = "", const PlatformLogin* replay = nullptr) {
        Attempt a;
        a.user = user;
        a.issued = replay ? *replay : platform_.issue(engine_, app_, user);
        a.code = a.issued.code;
        if (!replay) a.session_key = a.issued.session_key;
        if (!a.session_key.empty()) session_keys_.push_back(a.session_key);
        if (!a.issued.phone.empty()) phones_.insert(a.issued.phone);
        a.reply = send(client, fp_.login, {{"code", a.code}, {"claimed_openid", claimed}, {"access_token", a.code},
                                           {"openid", a.issued.client_openid}});
        if (a.reply.unreachable)
            throw ProfileError("the backend cannot be reached at " + fp_.login.url + " (" + a.reply.error + ")");
        a.session = client.session_of(a.reply, fp_.session);
        a.openid = a.issued.client_openid.empty() ? platform_.openid(engine_, app_, user) : a.issued.client_openid;
        return a;
    }

    std::string whoami(BackendClient& client, const std::string& session) {
        BackendReply r = send(client, *fp_.whoami, {{"session", session}});
        if (!r.ok()) return "";
        const json body = json::parse(r.body, nullptr, false);
        const json::json_pointer ptr(fp_.identity);
        if (body.is_discarded() || !body.contains(ptr)) return "";
        const json& v = body.at(ptr);
        return v.is_string() ? v.get<std::string>() : v.dump();
    }

    // A request to the backend, kept (replies_) and journaled with its reply in the audit's engine
    // (AuditCheck::exchange): the backend's calls to the platform land between the two. The AppSecret masked.
    BackendReply send(BackendClient& client, const RequestTemplate& t, const std::map<std::string, std::string>& values) {
        const BackendRequest req = client.prepare(t, values);
        HttpRecord rec{req.method, hide_secret(req.url), hide_secret(req.body)};
        rec.url = rec.target;
        for (const auto& [k, v] : req.headers) rec.request_headers[k] = hide_secret(v);
        const std::string path = req.target.substr(0, req.target.find('?'));
        Event asked = journal_client(Actor::Client, Actor::DevServer, "http.request", req.method + " " + (path.empty() ? req.url : path), rec);
        BackendReply r = client.send(req);
        rec.status = r.status;
        rec.response_body = hide_secret(r.body);
        for (const auto& [k, v] : r.headers) rec.response_headers.emplace_back(k, hide_secret(v));
        if (auto type = r.headers.find("content-type"); type != r.headers.end()) rec.response_type = type->second;
        rec.transport_error = r.error;
        Event answered = journal_client(Actor::DevServer, Actor::Client, "http.response",
                                        r.status ? "HTTP " + std::to_string(r.status) : "no reply: " + r.error, rec);
        replies_.push_back(r);
        reply_events_.push_back({std::move(asked), std::move(answered)});
        return r;
    }
    Event journal_client(Actor from, Actor to, const char* kind, std::string text, const HttpRecord& rec) {
        Event e;
        e.t_ms = engine_.clock().now_ms();
        e.actor = from;
        e.to = to;
        e.hop = Hop::ClientToDev;
        e.kind = kind;
        e.text = std::move(text);
        e.http = std::make_shared<const HttpRecord>(rec);
        e.seq = engine_.journal().record(e);
        return e;
    }
    std::string hide_secret(const std::string& s) const { return replace_all(s, app_.secret, masked(app_.secret)); }

    // ---- the record ------------------------------------------------------------------------
    std::string shown(const BackendReply& r) const {
        std::string s = r.request_line + (r.request_body.empty() ? "" : " " + r.request_body) + " → ";
        s += r.status ? "HTTP " + std::to_string(r.status) + " " + r.body.substr(0, 300) : r.error;
        s += " (" + std::to_string(r.took.count()) + " ms)";
        for (const std::string& k : session_keys_) s = replace_all(s, k, masked(k));
        return replace_all(s, app_.secret, masked(app_.secret));
    }
    static std::string replace_all(std::string s, const std::string& what, const std::string& with) {
        if (what.empty()) return s;
        for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + with.size())) s.replace(at, what.size(), with);
        return s;
    }
    // A new check, the previous one settled; throws AuditCancelled when the audit is to stop here.
    AuditCheck& check(const std::string& id, const std::string& title) {
        if (o_.cancelled && o_.cancelled()) throw AuditCancelled{};
        checks_.push_back({prefix_ + id, title});
        started_ = Clock::now();
        journal_from_ = engine_.journal().size();
        return checks_.back();
    }
    void settle(AuditCheck& c, bool pass, std::string reason = "") {
        c.status = pass ? CheckStatus::Pass : CheckStatus::Fail;
        c.reason = pass ? "" : std::move(reason);
        c.seconds = std::chrono::duration<double>(Clock::now() - started_).count();
        if (!pass) platform_evidence(c);
        announce(c);
    }
    // A settled check (the newest): its exchange (after what it already shows), then AuditOptions::on_check, once.
    void announce(AuditCheck& c) {
        const size_t index = size_t(&c - checks_.data());
        if (index < announced_) return;
        announced_ = index + 1;
        for (Event& e : engine_.journal().since(exchange_from_)) c.exchange.push_back(std::move(e));
        exchange_from_ = engine_.journal().size();
        if (o_.on_check) o_.on_check(c);
    }
    // What the backend asked the platform during the check, and what it got: a failure's other half.
    // The platform's own secrets in it (session_keys, access_tokens, the AppSecret) are masked.
    void platform_evidence(AuditCheck& c) const {
        bool asked = false;
        for (const Event& e : engine_.journal().since(journal_from_)) {
            if (e.kind != "http.response" || e.to != Actor::DevServer || !e.http) continue;
            asked = true;
            std::string body = e.http->response_body.substr(0, 200);
            for (const char* key : {"\"session_key\":\"", "\"access_token\":\""})
                for (size_t at = body.find(key); at != std::string::npos; at = body.find(key, at + 1)) {
                    const size_t from = at + std::string(key).size(), to = std::min(body.find('"', from), body.size());
                    body.replace(from, to - from, masked(body.substr(from, to - from)));
                }
            std::string line = "the backend asked the platform: " + e.http->method + " " + e.http->url + " → " +
                               (e.http->status ? "HTTP " + std::to_string(e.http->status) + " " + body
                                               : "no reply (" + e.http->transport_error + ")");
            for (const std::string& k : session_keys_) line = replace_all(line, k, masked(k));
            c.evidence.push_back(replace_all(line, app_.secret, masked(app_.secret)));
        }
        if (!asked) c.evidence.push_back("the backend asked the platform nothing during this check");
    }
    void skip(AuditCheck& c, std::string reason) {
        c.status = CheckStatus::Skipped;
        c.reason = std::move(reason);
        announce(c);
    }

    // ---- the checks --------------------------------------------------------------------------
    Attempt baseline() {
        AuditCheck& c = check("login-works", "a fresh code from the platform gets a session (every other check needs it)");
        BackendClient client(o_.reply_bound);
        const Attempt a = login(client, kAlice);
        c.evidence.push_back(shown(a.reply));
        settle(c, !a.session.empty(), "no session in the reply to a fresh code: check the profile's login template and session pointer");
        return a;
    }

    void single_use_code() {
        AuditCheck& c = check("single-use-code", "a code that already made a session must not make another");
        BackendClient first(o_.reply_bound), second(o_.reply_bound);
        const Attempt a = login(first, kAlice);
        const Attempt replay = login(second, kAlice, "", &a.issued);
        c.evidence = {shown(a.reply), shown(replay.reply)};
        settle(c, !a.session.empty() && replay.session.empty(),
               a.session.empty() ? "the first login with the code got no session"
                                 : "the replayed code got a session: the backend answered without asking the platform, which refuses a used code (a cached code → session?)");
    }

    // Every code and token dies within an hour (WeChat's code 5 min, Baidu's 10, univerify's token 2).
    void expired_code() {
        AuditCheck& c = check("expired-code", std::string("a code used after its lifetime gets no session (") + platform_.exchange + " refuses it)");
        BackendClient client(o_.reply_bound);
        const PlatformLogin issued = platform_.issue(engine_, app_, kAlice);
        engine_.advance(3600 * 1000);
        const Attempt late = login(client, kAlice, "", &issued);
        c.evidence.push_back("the code was an hour old: " + shown(late.reply));
        settle(c, late.session.empty(), "the backend issued a session for a code the platform refuses as expired");
    }

    void platform_error(const ErrorCase& e) {
        AuditCheck& c = check(std::string("no-session-on-platform-error/") + e.id,
                              std::string("no session when ") + platform_.exchange + " " +
                                  (e.kind == FaultKind::PlatformError ? "answers " + e.code : "fails: " + e.id));
        engine_.clear_faults();
        FaultRule rule;
        rule.hop = e.hop;
        rule.kind = e.kind;
        rule.code = e.code;
        rule.path = platform_.path;
        engine_.add_fault(rule);
        BackendClient client(o_.reply_bound);
        const Attempt a = login(client, kAlice);
        const bool fired = !engine_.faults().empty() && engine_.faults()[0].fired > 0;
        engine_.clear_faults();
        c.evidence.push_back(shown(a.reply));
        if (!fired && a.session.empty()) return settle(c, false, std::string("the backend never asked ") + platform_.exchange + " for this code, and issued no session");
        if (!a.session.empty()) return settle(c, false, std::string("the backend issued a session although ") + platform_.exchange + " failed");
        if (a.reply.status == 0)
            return settle(c, false, "the backend held the client " + std::to_string(a.reply.took.count()) + " ms without an answer (" + a.reply.error + ")");
        if (e.kind == FaultKind::Hang) {
            c.evidence.push_back("the platform held the exchange " + std::to_string(o_.hang_ms) + " ms, then dropped it");
            if (a.reply.took.count() > o_.answer_within_ms)
                return settle(c, false, "the backend held the client " + std::to_string(a.reply.took.count()) +
                                            " ms while " + platform_.exchange + " hung (more than " + std::to_string(o_.answer_within_ms) +
                                            " ms): it has no timeout of its own, or a longer one");
        }
        settle(c, true);
    }

    void identity_from_platform() {
        AuditCheck& c = check("identity-from-platform",
                              "whom the backend thinks a session is follows the platform, never the client");
        if (!fp_.whoami) return skip(c, "the profile has no whoami template");
        BackendClient a1(o_.reply_bound), a2(o_.reply_bound), b(o_.reply_bound), ac(o_.reply_bound);
        const Attempt la1 = login(a1, kAlice), la2 = login(a2, kAlice), lb = login(b, kBob);
        const Attempt lac = login(ac, kAlice, lb.openid);  // Alice, claiming Bob's real openid
        const std::string id_a1 = whoami(a1, la1.session), id_a2 = whoami(a2, la2.session), id_b = whoami(b, lb.session),
                          id_ac = whoami(ac, lac.session);
        c.evidence = {"alice: " + id_a1 + ", alice again: " + id_a2 + ", bob: " + id_b + ", alice claiming bob's openid: " + id_ac,
                      shown(lac.reply)};
        std::string why;
        if (id_a1.empty()) why = "whoami named no one for alice's session";
        else if (id_a1 != id_a2) why = "the same user got two identities on two logins";
        else if (id_a1 == id_b) why = "two users got the same identity";
        else if (id_ac != id_a1) why = "alice claiming bob's openid was taken for " + id_ac + ": the backend trusts the client's openid";
        else if (id_a1 == lb.openid) why = "alice's identity is the openid the platform issued for bob";
        settle(c, why.empty(), why);
    }

    // ---- open data (PLATFORM-FACTS §1.6) -----------------------------------------------------
    struct OpenData {
        std::string rawData, signature, encryptedData, iv;
    };
    // What wx.getUserProfile hands the app: `user`'s profile signed and encrypted with `session_key`,
    // watermarked for `appid`; `forged`: a signature that is not sha1(rawData + session_key).
    OpenData open_data(const std::string& user, const std::string& session_key, const std::string& appid, bool forged = false) {
        const nlohmann::ordered_json info{{"nickName", user}, {"gender", 0},   {"language", "en"}, {"city", ""},
                                          {"province", ""},   {"country", ""}, {"avatarUrl", ""}};
        nlohmann::ordered_json plain = info;
        plain["watermark"] = {{"timestamp", 1700000000}, {"appid", appid}};
        std::string iv(16, '\0');
        for (char& c : iv) {
            iv_seed_ = iv_seed_ * 6364136223846793005ULL + 1442695040888963407ULL;
            c = char(iv_seed_ >> 56);
        }
        OpenData d{info.dump(), open_data_signature(info.dump(), session_key), "", base64_encode(iv)};
        d.encryptedData = encrypt_open_data(plain.dump(), session_key, d.iv);
        if (forged) d.signature = open_data_signature(info.dump() + " ", session_key);
        return d;
    }
    BackendReply submit(BackendClient& client, const std::string& session, const OpenData& d) {
        BackendReply r = send(client, *fp_.profile, {{"session", session}, {"rawData", d.rawData}, {"signature", d.signature},
                                                     {"encryptedData", d.encryptedData}, {"iv", d.iv}});
        return r;
    }
    void refused(const std::string& id, const std::string& title, BackendClient& client, const std::string& session, const OpenData& d,
                 const std::string& why) {
        AuditCheck& c = check("open-data-verified/" + id, title);
        const BackendReply r = submit(client, session, d);
        c.evidence.push_back(shown(r));
        settle(c, !r.ok(), why);
    }

    // Open data is accepted when the profile request's reply is 2xx, refused otherwise. The same four
    // ids in every report: skipped, with the reason, where they cannot run.
    void skip_open_data(const std::string& why, bool accepted_too = true) {
        if (accepted_too) skip(check("open-data-accepted", ""), why);
        for (const char* id : {"wrong-signature", "other-app-watermark", "stale-session-key"})
            skip(check(std::string("open-data-verified/") + id, ""), why);
    }

    void open_data_checks() {
        if (!fp_.profile) return skip_open_data("the profile has no profile template");
        if (std::string(platform_.app_platform) != "wechat") return skip_open_data("open data is WeChat's (getUserProfile)");
        AuditCheck& c = check("open-data-accepted", "open data signed and encrypted with the session's session_key is accepted");
        BackendClient client(o_.reply_bound);
        const Attempt first = login(client, kAlice);
        const BackendReply good = submit(client, first.session, open_data(kAlice, first.session_key, app_.appid));
        c.evidence.push_back(shown(good));
        settle(c, good.ok(), "the backend refused correct open data: check the profile template");
        if (!good.ok()) return skip_open_data("open-data-accepted failed: nothing to compare with", false);
        refused("wrong-signature", "open data whose signature is not sha1(rawData + session_key) is refused", client, first.session,
                open_data(kAlice, first.session_key, app_.appid, true), "the backend accepted a forged signature");
        refused("other-app-watermark", "open data watermarked for another app is refused", client, first.session,
                open_data(kAlice, first.session_key, "wx00000000000000ff"), "the backend accepted another app's watermark");
        const Attempt again = login(client, kAlice);  // a new login: WeChat's session_key changed
        const BackendReply control = again.session.empty() ? BackendReply{}
                                                           : submit(client, again.session, open_data(kAlice, again.session_key, app_.appid));
        if (!control.ok()) {  // the refusal below would prove nothing
            AuditCheck& stale = check("open-data-verified/stale-session-key", "");
            stale.evidence.push_back(shown(control));
            return skip(stale, "after a second login the backend gave no session or refused good open data under it: nothing to compare with");
        }
        refused("stale-session-key", "open data made under an earlier login's session_key is refused", client, again.session,
                open_data(kAlice, first.session_key, app_.appid), "the backend accepted open data under a session_key WeChat has replaced");
    }

    // ---- the phone number (PLATFORM-FACTS §1.7): the getPhoneNumber button's code ------------------
    BackendReply send_phone(BackendClient& client, const std::string& session, const std::string& code) {
        return send(client, *fp_.phone, {{"session", session}, {"phone_code", code}});
    }
    std::string phone_code() {
        phones_.insert(engine_.platform().phone_of(kAlice));
        return engine_.platform().issue_phone_code(app_.appid, kAlice, 0).code;
    }
    void skip_phone(const std::string& why, bool works_too = true) {
        if (works_too) skip(check("phone-number-works", ""), why);
        for (const char* id : {"phone-code-single-use", "phone-code-expired"}) skip(check(id, ""), why);
    }

    void phone_checks() {
        if (!fp_.phone) return skip_phone("the profile has no phone template");
        if (std::string(platform_.app_platform) != "wechat") return skip_phone("the phone-number button is WeChat's (getPhoneNumber)");
        AuditCheck& c = check("phone-number-works", "a fresh phone-number code sent under the session is taken (a 2xx reply)");
        BackendClient client(o_.reply_bound);
        const Attempt a = login(client, kAlice);
        const std::string code = phone_code();
        const BackendReply good = send_phone(client, a.session, code);
        c.evidence.push_back(shown(good));
        settle(c, good.ok(), "the backend refused a fresh phone-number code: check the profile's phone template");
        if (!good.ok()) return skip_phone("phone-number-works failed: nothing to compare with", false);
        AuditCheck& used = check("phone-code-single-use", "a phone-number code already used is refused (WeChat answers 40029)");
        const BackendReply again = send_phone(client, a.session, code);
        used.evidence.push_back(shown(again));
        settle(used, !again.ok(), "the backend took a used phone-number code (a cached code → number?)");
        AuditCheck& old = check("phone-code-expired", "a phone-number code an hour old is refused (it lives 5 minutes)");
        const std::string stale = phone_code();
        engine_.advance(3600 * 1000);
        const BackendReply late = send_phone(client, a.session, stale);
        old.evidence.push_back(shown(late));
        settle(old, !late.ok(), "the backend took a phone-number code WeChat refuses as expired");
    }

    // Any 8+ character piece of `secret` in `text`, raw or URL-encoded; "" when none.
    static std::string leaked_piece(const std::string& text, const std::string& secret) {
        if (secret.size() < 8) return "";
        for (const std::string& form : {secret, url_encode(secret)})
            if (text.find(form) != std::string::npos) return form;
        for (size_t i = 0; i + 8 <= secret.size(); ++i)
            if (text.find(secret.substr(i, 8)) != std::string::npos) return secret.substr(i, 8);
        return "";
    }

    void secret_check(const std::string& id, const std::string& title, const std::vector<std::string>& secrets, const char* what) {
        AuditCheck& c = check(id, title);
        for (size_t i = 0; i < replies_.size(); ++i) {
            const BackendReply& r = replies_[i];
            std::string seen = r.body;
            for (auto& [k, v] : r.headers) seen += "\n" + k + ": " + v;
            for (const std::string& s : secrets)
                if (const std::string piece = leaked_piece(seen, s); !piece.empty()) {
                    c.evidence.push_back(shown(r));
                    c.exchange = {reply_events_[i].first, reply_events_[i].second};  // the reply that carries it
                    return settle(c, false, std::string("a reply to the client carries ") + what + " (" + std::to_string(piece.size()) +
                                                " characters of it)");
                }
        }
        settle(c, true);
    }

    void secrets_stay_server_side() {
        if (session_keys_.empty())
            skip(check("session-key-stays-server-side", "the session_key never appears in a reply to the client"),
                 std::string("this flow's platform issues no session_key (") + platform_.exchange + ")");
        else
            secret_check("session-key-stays-server-side", "the session_key never appears in a reply to the client", session_keys_,
                     "a session_key the platform issued");
        secret_check("secret-stays-server-side", "the AppSecret never appears in a reply to the client", {app_.secret}, "the AppSecret");
        const char* phone_title = "the full phone number never appears in a reply to the client (a masked one may)";
        if (phones_.empty())
            skip(check("phone-number-stays-server-side", phone_title), "no phone number was asked for");
        else
            secret_check("phone-number-stays-server-side", phone_title, {phones_.begin(), phones_.end()}, "a full phone number");
    }

    const AuditOptions& o_;
    Engine& engine_;
    const FlowPlatform& platform_;
    const FlowProfile& fp_;
    const ProfileApp& app_;
    std::string prefix_;
    std::vector<AuditCheck> checks_;
    std::vector<BackendReply> replies_;
    std::vector<std::pair<Event, Event>> reply_events_;  // each reply's request and response in the journal
    std::vector<std::string> session_keys_;
    std::set<std::string> phones_;  // the full numbers univerify's logins stood for
    Clock::time_point started_;
    uint64_t journal_from_ = 0;  // the journal's size when the running check began
    uint64_t exchange_from_ = 0;  // … when the previous check was settled: the next one's exchange starts there
    size_t announced_ = 0;        // checks_[0, announced_) were passed to on_check
    bool cancelled_ = false;
    uint64_t iv_seed_ = 0x5eed;  // the open data's ivs: any bytes do, the same each run
};


}  // namespace

const char* to_string(CheckStatus s) {
    switch (s) {
        case CheckStatus::Pass: return "PASS";
        case CheckStatus::Fail: return "FAIL";
        case CheckStatus::Skipped: return "SKIPPED";
    }
    return "";
}

bool AuditReport::passed() const {
    return !cancelled && std::none_of(checks.begin(), checks.end(), [](const AuditCheck& c) { return c.status == CheckStatus::Fail; });
}

void register_profile_apps(Engine& engine, const BackendProfile& profile) {
    for (const auto& [flow, fp] : profile.flows)
        if (const FlowPlatform* p = flow_platform(flow)) p->register_app(engine, *profile.app_for(p->app_platform), profile.name);
}

AuditReport run_audit(const AuditOptions& o) {
    EngineConfig cfg;
    cfg.transport = TransportMode::Http;
    cfg.platform_port = o.platform_port;
    cfg.hang_hold_real_ms = o.hang_ms;
    cfg.journal_platform_calls = true;  // a failure's evidence shows what the backend asked the platform
    cfg.seed = fresh_world_seed();
    Engine engine(cfg);
    if (engine.platform_port() <= 0) throw ProfileError("the platform cannot listen on port " + std::to_string(o.platform_port));
    register_profile_apps(engine, o.profile);
    AuditReport report;
    report.backend = o.profile.name;
    report.platform_port = engine.platform_port();
    if (o.on_listening) o.on_listening(report.platform_port);
    for (const auto& [flow, fp] : o.profile.flows) {
        if (o.flow && *o.flow != flow) continue;
        if (o.cancelled && o.cancelled()) {
            report.cancelled = true;
            break;
        }
        const FlowPlatform* platform = flow_platform(flow);
        if (!platform) {
            report.checks.push_back({std::string(to_string(flow)) + "/login-works", "a fresh code gets a session", CheckStatus::Skipped,
                                     "this version of LoginScope cannot audit this flow"});
            if (o.on_check) o.on_check(report.checks.back());
            continue;
        }
        const ProfileApp* app = o.profile.app_for(platform->app_platform);
        Auditor auditor(o, engine, *platform, fp, *app);
        for (AuditCheck& c : auditor.run()) report.checks.push_back(std::move(c));
        if (auditor.cancelled()) {
            report.cancelled = true;
            break;
        }
    }
    return report;
}

}  // namespace ls
