#pragma once
// The event journal: every step of every flow, in order, with virtual time, actors, hop, the
// identifiers it links and the full HTTP exchange where there is one. The GUI, the headless
// runner and the exports all read it; nothing else is a source of truth about "what happened".
#include <cstdint>
#include <deque>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "loginscope/adaptive_mutex.hpp"
#include "loginscope/record_arena.hpp"

namespace ls {

// CloudFunction: the developer's uniCloud cloud function, between the developer server and DCloud in
// univerify (unicloud.hpp); DevToCloudFunction is the server's call to it and its answer.
enum class Actor { Client, DevServer, Platform, Environment, Engine, CloudFunction };
enum class Hop { None, ClientCall, Dialog, ClientToDev, DevToPlatform, PlatformResponse, SessionCheck, DevToCloudFunction };

const char* to_string(Actor a);
const char* to_string(Hop h);
std::optional<Hop> hop_from_string(const std::string& s);
const std::vector<Hop>& all_fault_hops();  // every hop a fault can name; a flow has its fault_hops() (engine.hpp)

// The journal keeps at most kJournalTextLimit bytes of any body, text, link or URL it is given (a
// request may carry megabytes): the first bytes, cut at a UTF-8 character boundary, then a marker
// saying how much was cut — "…[52420608 bytes cut, 52428800 in all]".
constexpr size_t kJournalTextLimit = 8 * 1024;

struct HttpRecord {
    std::string method;
    std::string target;  // logical URL, e.g. https://api.weixin.qq.com/sns/jscode2session?appid=…
    std::string request_body;
    int status = 0;      // 0: no HTTP response arrived
    std::string response_body;
    std::string transport_error;  // "connection reset", "timeout", … when no usable response
    // Where it went on the wire, for the HAR: http://127.0.0.1:PORT/path?query on the HTTP transport
    // (secrets masked as in `target`), "" in process, where no socket carried it.
    std::string url;
    std::map<std::string, std::string> request_headers;  // as sent (Content-Type, Authorization …)
    // A body's whole size when the journal cut it (kJournalTextLimit); 0: kept whole.
    size_t request_body_size = 0, response_body_size = 0;
    // Real milliseconds from the request sent to the reply (or the failure) on a socket the engine does
    // not own — a team's backend, slow or not; -1 where virtual time is the whole story.
    int64_t wire_ms = -1;
    std::string response_type;  // the reply's Content-Type ("" when no reply arrived)
    std::vector<std::pair<std::string, std::string>> response_headers;  // as received over a socket; none in process
};

// Something that lives for a while: a code, a session_key, a login token.
struct Lifetime {
    std::string subject;  // "code", "session_key", "token"
    std::string id;
    int64_t from_ms = 0;
    int64_t until_ms = 0;  // planned expiry
};

// The identifiers an event links (code, openid, unionid, session_key, token, errcode…): a handful
// per event, so a flat list in insertion order with the lookups of a map.
class Links {
public:
    using Item = std::pair<std::string, std::string>;
    using const_iterator = std::vector<Item>::const_iterator;
    Links() = default;
    Links(std::initializer_list<Item> items) : items_(items) {}

    std::string& operator[](std::string_view key);      // the value, appended empty when absent
    const std::string& at(std::string_view key) const;   // throws std::out_of_range when absent
    std::string value(std::string_view key) const;       // "" when absent
    const_iterator find(std::string_view key) const;
    size_t count(std::string_view key) const { return find(key) == end() ? 0 : 1; }
    bool empty() const { return items_.empty(); }
    void reserve(size_t n) { items_.reserve(n); }
    void append(std::string key, std::string value) { items_.emplace_back(std::move(key), std::move(value)); }  // no lookup: as given
    size_t size() const { return items_.size(); }
    const_iterator begin() const { return items_.begin(); }
    const_iterator end() const { return items_.end(); }

private:
    std::vector<Item> items_;
};

struct Event {
    uint64_t seq = 0;
    int64_t t_ms = 0;
    uint32_t flow = 0;
    Actor actor = Actor::Engine;
    std::optional<Actor> to;  // set when the event is a message between actors (sequence diagram)
    Hop hop = Hop::None;
    std::string kind;         // dotted name, e.g. "code.issued", "exchange.error", "fault.fired"
    std::string text;         // one line a person reads
    Links links;
    std::shared_ptr<const HttpRecord> http;  // shared: copies of the journal (the GUI's) do not copy bodies
    std::optional<Lifetime> starts;  // a lifetime that begins here
    std::optional<std::string> ends; // the id of a lifetime that ends here (used, replaced, expired)
};

void to_json(nlohmann::json& j, const Event& e);

// A platform's event at `hop`; `to` set when it answers someone. The fields common to every one.
Event platform_event(int64_t t_ms, uint32_t flow, Hop hop, std::optional<Actor> to = std::nullopt);
// "code.issued": a code handed to the client, its lifetime starting now.
Event code_issued_event(int64_t t_ms, uint32_t flow, Hop hop, const std::string& code, const std::string& user,
                        int64_t expires_ms, std::string text);

class Journal {
public:
    Journal() = default;
    Journal(const Journal&) = delete;
    Journal& operator=(const Journal&) = delete;
    ~Journal();
    // Appends and returns the sequence number; strings over kJournalTextLimit are kept cut. Thread-safe:
    // HTTP handlers record from their threads.
    uint64_t record(Event e);
    // Events with seq >= `seq`, the oldest first, at most `limit` of them.
    std::vector<Event> since(uint64_t seq, size_t limit = SIZE_MAX) const;
    std::vector<Event> all() const { return since(0); }
    uint64_t size() const;
    void clear();
    uint64_t version() const;  // changes on every record/clear
    // Keep only the newest `n` events (benchmarks); 0 = unbounded.
    void set_capacity(size_t n);
    // Blocks of 64 KiB the events' strings hold now: what a full journal keeps stays level as it turns.
    size_t blocks_held() const;

private:
    // An event as the journal keeps it: the fixed fields, and all its strings (kind, text, each link's
    // key and value, the lifetimes) packed in one run of `arena_` (journal.cpp packs and unpacks them),
    // instead of an Event's allocation per string. Events leave in the order they came, so the arena
    // fills its blocks front to back and gives each back when its last event goes: recording into a full
    // journal writes one stream of memory and never touches the long-untouched event it lets go.
    // `serve`'s 100,000 events took 85 MB as Events, 44 MB packed into allocations of their own.
    struct Kept {
        uint64_t seq = 0;
        int64_t t_ms = 0;
        int64_t starts_from_ms = 0, starts_until_ms = 0;
        uint32_t flow = 0;
        uint32_t links = 0;  // how many key/value pairs `strings` holds
        Actor actor = Actor::Engine;
        Hop hop = Hop::None;
        std::optional<Actor> to;
        bool has_starts = false, has_ends = false;
        std::shared_ptr<const HttpRecord> http;
        const char* strings = nullptr;  // in arena_, owned by the journal (release())
        uint32_t strings_size = 0;
    };
    static Kept pack(const Event& e, std::string& strings);
    static Event unpack(const Kept& k);
    void release(Kept& k);  // gives k's strings back to the arena; under mu_

    mutable AdaptiveMutex mu_;
    RecordArena arena_;        // every Kept::strings
    std::deque<Kept> events_;  // a deque: trimming the front never moves the rest
    uint64_t base_ = 0;  // seq of events_[0]
    uint64_t version_ = 0;
    size_t capacity_ = 0;
};

std::string journal_to_json(const std::vector<Event>& events, int indent = 2);

}  // namespace ls
