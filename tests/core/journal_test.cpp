// What the journal keeps of what it is given: at most kJournalTextLimit bytes of any body, text, link
// or URL, cut at a character boundary and marked with how much was cut, so that a client sending
// megabytes cannot make the journal hold them; the exports say the body was cut and how big it was.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "loginscope/engine.hpp"
#include "loginscope/journal.hpp"
#include "loginscope/scenario.hpp"

using namespace ls;
using nlohmann::json;

namespace {
constexpr size_t kMarkerRoom = 64;  // "…[N bytes cut, M in all]"

bool bounded(const std::string& s) { return s.size() <= kJournalTextLimit + kMarkerRoom; }

// Every string an event holds is within the limit (and its marker).
bool all_bounded(const Event& e) {
    bool ok = bounded(e.text) && (!e.ends || bounded(*e.ends)) && (!e.starts || bounded(e.starts->id));
    for (auto& [k, v] : e.links) ok = ok && bounded(v);
    if (e.http) {
        const HttpRecord& h = *e.http;
        ok = ok && bounded(h.method) && bounded(h.target) && bounded(h.url) && bounded(h.request_body) && bounded(h.response_body) &&
             bounded(h.transport_error);
        for (auto& [k, v] : h.request_headers) ok = ok && bounded(v);
        for (auto& [k, v] : h.response_headers) ok = ok && bounded(v);
        ok = ok && bounded(h.response_type);
    }
    return ok;
}

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}
}  // namespace

TEST_CASE("the journal keeps the first 8 KiB of a large body, marked as cut with its whole size", "[journal]") {
    Journal j;
    Event e;
    e.kind = "http.request";
    auto h = std::make_shared<HttpRecord>();
    h->method = "POST";
    h->target = "https://spapi.baidu.com/oauth/jscode2sessionkey";
    h->request_body = "code=" + std::string(1 << 20, 'A');
    h->response_body = R"({"error":"invalid_request"})";
    e.http = h;
    j.record(e);
    const Event kept = j.all().at(0);
    REQUIRE(kept.http);
    const HttpRecord& k = *kept.http;
    CHECK(k.request_body.rfind("code=AAAA", 0) == 0);
    CHECK(k.request_body.size() <= kJournalTextLimit + kMarkerRoom);
    CHECK(ends_with(k.request_body, "…[" + std::to_string((1 << 20) + 5 - kJournalTextLimit) + " bytes cut, " +
                                        std::to_string((1 << 20) + 5) + " in all]"));
    CHECK(k.request_body_size == (1 << 20) + 5);
    CHECK(k.response_body == h->response_body);  // a small body is kept whole
    CHECK(k.response_body_size == 0);
    CHECK(k.target == h->target);
    CHECK(h->request_body.size() == (1 << 20) + 5);  // the caller's record is not touched

    // A reply's header fields are bounded too, in their order, and the rest of the record comes along.
    auto big = std::make_shared<HttpRecord>(*h);
    big->response_headers = {{"set-cookie", "sid=" + std::string(1 << 16, 'c')}, {"content-type", "text/html"}};
    big->response_type = "text/html";
    big->wire_ms = 42;
    Event cut;
    cut.http = big;
    j.record(cut);
    const HttpRecord& kh = *j.all().at(1).http;
    CHECK(all_bounded(j.all().at(1)));
    REQUIRE(kh.response_headers.size() == 2);
    CHECK(kh.response_headers[0].second.rfind("sid=ccc", 0) == 0);
    CHECK(kh.response_headers[1] == HeaderField{"content-type", "text/html"});
    CHECK(kh.response_type == "text/html");
    CHECK(kh.wire_ms == 42);

    const json exported = json::parse(journal_to_json(j.all()));
    CHECK(exported[0]["http"]["request_body_size"] == (1 << 20) + 5);
    CHECK_FALSE(exported[0]["http"].contains("response_body_size"));
}

TEST_CASE("a cut body never ends inside a UTF-8 character", "[journal]") {
    Journal j;
    Event e;
    std::string text;
    while (text.size() <= kJournalTextLimit) text += "中";  // three bytes each
    e.text = text;
    j.record(e);
    const std::string kept = j.all().at(0).text;
    REQUIRE(kept.find("…[") != std::string::npos);
    const std::string prefix = kept.substr(0, kept.find("…["));
    CHECK(prefix.size() % 3 == 0);
    CHECK(prefix.size() > kJournalTextLimit - 3);
    CHECK(text.compare(0, prefix.size(), prefix) == 0);
}

TEST_CASE("links and texts the journal is given are bounded like bodies", "[journal]") {
    Journal j;
    Event e;
    e.text = std::string(100000, 't');
    e.links = {{"code", std::string(100000, 'c')}, {"openid", "o1"}};
    j.record(e);
    const Event kept = j.all().at(0);
    CHECK(all_bounded(kept));
    CHECK(kept.links.value("openid") == "o1");
    CHECK(kept.links.value("code").rfind("cccc", 0) == 0);
    CHECK_THAT(kept.links.value("code"), Catch::EndsWith(" in all]"));
}

TEST_CASE("a megabyte code sent through a flow is journaled cut and its HAR notes the whole size", "[journal]") {
    EngineConfig cfg;
    cfg.flow = Flow::Swan;
    Engine e(cfg);
    const std::string huge(1 << 20, 'Z');
    const ActionResult r = e.send_code(huge);
    CHECK_FALSE(r.ok);
    const std::vector<Event> events = e.journal().all();
    for (const Event& ev : events) {
        INFO(ev.kind);
        CHECK(all_bounded(ev));
    }
    // The client's POST to the developer server: {"code":"ZZZ…"} of a megabyte and more.
    const Event* to_dev = nullptr;
    for (const Event& ev : events)
        if (ev.kind == "http.response" && ev.http && ev.http->request_body_size > (1 << 20)) to_dev = &ev;
    REQUIRE(to_dev);
    ScenarioResult run;
    run.name = "huge code";
    run.events = events;
    const json har = json::parse(har_report({run}));
    bool found = false;
    for (const json& entry : har["log"]["entries"]) {
        const json& req = entry["request"];
        if (!req.contains("postData") || req["bodySize"].get<size_t>() != to_dev->http->request_body_size) continue;
        found = true;
        CHECK(req["postData"]["text"] == to_dev->http->request_body);  // the cut text, marker and all
        CHECK_THAT(req["postData"]["comment"].get<std::string>(), Catch::Contains(std::to_string(to_dev->http->request_body_size)));
    }
    CHECK(found);
}

TEST_CASE("serve journals a megabyte POST body's code cut", "[journal][http]") {
    EngineConfig cfg;
    cfg.transport = TransportMode::Http;
    Engine e(cfg);
    httplib::Client client("127.0.0.1", e.platform_port());
    client.set_read_timeout(10, 0);
    const BaiduApp app = e.baidu_platform().app();
    const std::string body = "client_id=" + app.app_key + "&sk=" + app.app_secret + "&code=" + std::string(4 << 20, 'Q');
    auto res = client.Post("/oauth/jscode2sessionkey", body, "text/plain");
    REQUIRE(res);
    CHECK(res->status >= 400);
    for (const Event& ev : e.journal().all()) {
        INFO(ev.kind);
        CHECK(all_bounded(ev));
    }
}

TEST_CASE("events recorded from several threads at once each land once with a sequence number of their own", "[journal]") {
    Journal j;
    constexpr int kThreads = 4, kEach = 20000;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&j, t] {
            for (int i = 0; i < kEach; ++i) {
                Event e;
                e.kind = "test";
                e.links = {{"who", std::to_string(t) + "/" + std::to_string(i)}};
                j.record(std::move(e));
            }
        });
    for (auto& t : threads) t.join();
    const std::vector<Event> all = j.all();
    REQUIRE(all.size() == size_t(kThreads * kEach));
    std::set<std::string> who;
    for (size_t i = 0; i < all.size(); ++i) {
        CHECK(all[i].seq == i);
        who.insert(all[i].links.value("who"));
    }
    CHECK(who.size() == all.size());
}

// The journal keeps each event packed (one block of strings); what it gives back must be the event
// it was given, field for field, through a full journal's evictions too.
TEST_CASE("an event comes back from the journal exactly as it was recorded, every field, also from a full journal", "[journal]") {
    Event e;
    e.t_ms = 1234567;
    e.flow = 42;
    e.actor = Actor::Platform;
    e.to = Actor::DevServer;
    e.hop = Hop::PlatformResponse;
    e.kind = "exchange.ok";
    e.text = std::string("code2Session ok \xe2\x80\x94 with a NUL here:") + std::string(1, '\0') + " and after it";
    e.links = {{"code", "0716AVll20uHk94SLDml27etM946AVlq"}, {"openid", "oGZUI0egBJY1zhBYw2KhdUfwVJJE"},
               {"empty", ""}, {"session_key", "tiihtNczf5v6AKRyjwEUhQ=="}};
    auto http = std::make_shared<HttpRecord>();
    http->method = "GET";
    http->status = 200;
    e.http = http;
    e.starts = Lifetime{"code", "0716AVll20uHk94SLDml27etM946AVlq", 1000, 301000};
    e.ends = "an-older-code";

    Journal j;
    j.set_capacity(3);
    for (int i = 0; i < 5; ++i) {
        Event copy = e;
        copy.links["n"] = std::to_string(i);
        j.record(std::move(copy));
    }
    Event bare;  // no to, no links, no lifetimes, empty strings
    j.record(bare);

    const std::vector<Event> kept = j.since(0);
    REQUIRE(kept.size() == 3);
    for (size_t i = 0; i < 2; ++i) {
        const Event& got = kept[i];
        CHECK(got.seq == 3 + i);
        CHECK(got.t_ms == e.t_ms);
        CHECK(got.flow == e.flow);
        CHECK(got.actor == e.actor);
        CHECK(got.to == e.to);
        CHECK(got.hop == e.hop);
        CHECK(got.kind == e.kind);
        CHECK(got.text == e.text);
        REQUIRE(got.links.size() == e.links.size() + 1);
        auto want = e.links.begin();
        for (auto it = got.links.begin(); want != e.links.end(); ++it, ++want) CHECK(*it == *want);  // in order
        CHECK(got.links.value("n") == std::to_string(3 + i));
        CHECK(got.http == http);  // shared, not copied
        REQUIRE(got.starts);
        CHECK(got.starts->subject == "code");
        CHECK(got.starts->id == e.starts->id);
        CHECK(got.starts->from_ms == 1000);
        CHECK(got.starts->until_ms == 301000);
        CHECK(got.ends == e.ends);
    }
    const Event& last = kept[2];
    CHECK(last.seq == 5);
    CHECK(last.kind.empty());
    CHECK(last.text.empty());
    CHECK(last.links.empty());
    CHECK_FALSE(last.to);
    CHECK_FALSE(last.starts);
    CHECK_FALSE(last.ends);
    CHECK_FALSE(last.http);
    CHECK(j.since(4, 1).size() == 1);
    CHECK(j.since(4, 1)[0].links.value("n") == "4");
}

// A full journal lets its oldest event go on every record; the memory that event's strings took must
// go back with it, so what a long `serve` holds stays level. An event of large text (over the arena's
// 1 KiB records) and one of a large HTTP record go out the same way.
TEST_CASE("a full journal turning over holds the same memory, and clear gives it all back", "[journal]") {
    Journal j;
    constexpr size_t kCapacity = 2000;
    j.set_capacity(kCapacity);
    auto one = [](size_t i) {
        Event e = platform_event(int64_t(i), 1, Hop::PlatformResponse);
        e.kind = "exchange.ok";
        e.text = "code2Session ok: code consumed, openid oGZUI0egBJY1zhBYw2KhdUfwVJJE " + std::to_string(i);
        e.links = {{"code", "0716AVll20uHk94SLDml27etM946AVlq"}, {"session_key", "tiihtNczf5v6AKRyjwEUhQ=="}};
        if (i % 97 == 0) e.text += std::string(3000, 'x');  // a record of its own, outside the blocks
        e.ends = std::to_string(i);
        return e;
    };
    for (size_t i = 0; i < kCapacity; ++i) j.record(one(i));
    const size_t full = j.blocks_held();
    CHECK(full >= 2000 * 150 / (64 * 1024));  // the strings are where blocks_held says
    for (size_t i = kCapacity; i < 60 * kCapacity; ++i) j.record(one(i));
    CHECK(j.blocks_held() <= full + 1);
    const std::vector<Event> kept = j.since(0);
    REQUIRE(kept.size() == kCapacity);
    CHECK(kept.front().seq == 59 * kCapacity);
    CHECK(kept.front().ends == std::to_string(59 * kCapacity));
    CHECK(kept.back().text == one(60 * kCapacity - 1).text);
    j.clear();
    CHECK(j.blocks_held() <= 1);  // the arena keeps at most the block it fills next
    CHECK(j.size() == 0);
    j.record(one(7));
    CHECK(j.since(0).at(0).ends == "7");
}
