// The audit as the GUI runs it (issue 17): each check reported as it is settled, a cancel that stops
// before the next check, and each check's exchange — the client's requests to the backend and the
// backend's own calls to the platform — against the real Python backend.
#include <catch2/catch.hpp>

#include <algorithm>

#include "backend_process.hpp"
#include "loginscope/audit.hpp"

using namespace ls;
using namespace ls::test;
using nlohmann::json;

namespace {

// The Python backend with `flaws` audited with `o` (its profile and port filled in here).
struct Progress {
    std::unique_ptr<ShopBackend> backend;
    AuditReport report;
    Progress(AuditOptions o, const std::vector<std::string>& flaws = {}) {
        const int port = free_port();
        o.profile = parse_backend_profile(json::parse(shop_profile("http://127.0.0.1:" + std::to_string(port))));
        o.hang_ms = 3000;
        o.answer_within_ms = 2000;
        o.on_listening = [&](int platform) { backend = std::make_unique<ShopBackend>(port, "http://127.0.0.1:" + std::to_string(platform), flaws); };
        report = run_audit(o);
    }
};

const AuditCheck& check_of(const AuditReport& r, const std::string& id) {
    const auto it = std::find_if(r.checks.begin(), r.checks.end(), [&](const AuditCheck& c) { return c.id == id; });
    INFO(id);
    REQUIRE(it != r.checks.end());
    return *it;
}

// The first event of `exchange` sent by `from` to `to` of `kind` whose target contains `part`.
std::optional<size_t> find_event(const std::vector<Event>& exchange, Actor from, Actor to, const std::string& kind, const std::string& part) {
    for (size_t i = 0; i < exchange.size(); ++i) {
        const Event& e = exchange[i];
        if (e.actor == from && e.to == to && e.kind == kind && e.http && e.http->target.find(part) != std::string::npos) return i;
    }
    return std::nullopt;
}

}  // namespace

TEST_CASE("audit progress: on_check reports every check once, in the report's order, as the report has it", "[audit]") {
    std::vector<AuditCheck> seen;
    AuditOptions o;
    o.on_check = [&](const AuditCheck& c) { seen.push_back(c); };
    const Progress p(o, {"leak-session-key"});
    INFO(audit_table(p.report));
    CHECK_FALSE(p.report.cancelled);
    REQUIRE(seen.size() == p.report.checks.size());
    REQUIRE(seen.size() == 23);
    for (size_t i = 0; i < seen.size(); ++i) {
        INFO(i << ": " << p.report.checks[i].id);
        CHECK(seen[i].id == p.report.checks[i].id);
        CHECK(seen[i].status == p.report.checks[i].status);
        CHECK(seen[i].reason == p.report.checks[i].reason);
        CHECK(seen[i].exchange.size() == p.report.checks[i].exchange.size());
    }
    CHECK(check_of(p.report, "wechat-mp/session-key-stays-server-side").status == CheckStatus::Fail);
    CHECK(std::count_if(seen.begin(), seen.end(), [](const AuditCheck& c) { return c.status == CheckStatus::Pass; }) > 10);
}

TEST_CASE("audit progress: cancelled after the k-th check, the report holds exactly k checks and says it was cancelled", "[audit]") {
    for (const size_t k : {size_t(1), size_t(4)}) {
        size_t settled = 0, polls_after = 0;
        AuditOptions o;
        o.on_check = [&](const AuditCheck&) { ++settled; };
        o.cancelled = [&] {
            if (settled >= k) ++polls_after;
            return settled >= k;
        };
        const Progress p(o);
        INFO("k = " << k << "\n" << audit_table(p.report));
        CHECK(p.report.cancelled);
        CHECK(p.report.checks.size() == k);
        CHECK(settled == k);
        CHECK(polls_after == 1);  // asked once more, before the check that never started
        CHECK_FALSE(p.report.passed());  // nothing failed, but not everything ran
        const std::string note = "cancelled after " + std::to_string(k) + (k == 1 ? " check" : " checks");
        CHECK(audit_table(p.report).find(note) != std::string::npos);
        CHECK(audit_markdown(p.report).find(note) != std::string::npos);
        const std::string junit = audit_junit(p.report);
        CHECK(junit.find("<error message=\"" + note) != std::string::npos);
        CHECK(junit.find("errors=\"1\"") != std::string::npos);
        CHECK(json::parse(audit_json(p.report))["passed"] == false);
    }
}

TEST_CASE("audit progress: a check's exchange holds the client's login and the backend's code2Session call, in time order", "[audit]") {
    const Progress p(AuditOptions{}, {"leak-secret"});
    const AuditCheck& login = check_of(p.report, "wechat-mp/login-works");
    REQUIRE(login.status == CheckStatus::Pass);
    const std::vector<Event>& x = login.exchange;
    const auto request = find_event(x, Actor::Client, Actor::DevServer, "http.request", "/login");
    const auto asked = find_event(x, Actor::DevServer, Actor::Platform, "http.request", "/sns/jscode2session");
    const auto answered = find_event(x, Actor::Platform, Actor::DevServer, "http.response", "/sns/jscode2session");
    const auto reply = find_event(x, Actor::DevServer, Actor::Client, "http.response", "/login");
    REQUIRE(request);
    REQUIRE(asked);
    REQUIRE(answered);
    REQUIRE(reply);
    CHECK(*request < *asked);
    CHECK(*asked < *answered);
    CHECK(*answered < *reply);
    const HttpRecord& sent = *x[*request].http;
    CHECK(sent.method == "POST");
    CHECK(sent.target.rfind("http://127.0.0.1:", 0) == 0);
    CHECK(json::parse(sent.request_body).contains("code"));
    CHECK(sent.request_headers.at("X-App") == "shop");
    const HttpRecord& got = *x[*reply].http;
    CHECK(got.status == 200);
    CHECK(json::parse(got.response_body)["data"].contains("token"));
    CHECK(x[*answered].http->response_body.find("session_key") != std::string::npos);  // the tester's own: shown

    // A failed check shows its exchange; the AppSecret (in the code2Session URL, and leaked in the
    // backend's error replies) never shows in clear.
    for (const AuditCheck& c : p.report.checks) {
        INFO(c.id);
        if (c.status == CheckStatus::Fail) CHECK_FALSE(c.exchange.empty());
        for (const Event& e : c.exchange) {
            if (!e.http) continue;
            for (const std::string* text : {&e.http->target, &e.http->request_body, &e.http->response_body})
                CHECK(text->find(kShopSecret) == std::string::npos);
        }
    }
    // The secret check that failed shows the reply that carries the secret (masked), before anything else.
    const AuditCheck& secret = check_of(p.report, "wechat-mp/secret-stays-server-side");
    REQUIRE(secret.status == CheckStatus::Fail);
    REQUIRE(secret.exchange.size() >= 2);
    const Event& leak = secret.exchange[1];
    CHECK(leak.actor == Actor::DevServer);
    CHECK(leak.to == Actor::Client);
    REQUIRE(leak.http);
    CHECK(leak.http->response_body.find(kShopSecret.substr(0, 4) + "…") != std::string::npos);
}
