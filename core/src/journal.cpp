#include "loginscope/journal.hpp"

#include <algorithm>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "loginscope/enum_names.hpp"

namespace ls {

const char* to_string(Actor a) {
    switch (a) {
        case Actor::Client: return "client";
        case Actor::DevServer: return "dev_server";
        case Actor::Platform: return "platform";
        case Actor::Environment: return "environment";
        case Actor::Engine: return "engine";
        case Actor::CloudFunction: return "cloud_function";
    }
    return "?";
}

namespace {
constexpr EnumName<Hop> kHopNames[] = {
    {Hop::None, "none"},
    {Hop::ClientCall, "client_call"},
    {Hop::Dialog, "dialog"},
    {Hop::ClientToDev, "client_to_dev"},
    {Hop::DevToPlatform, "dev_to_platform"},
    {Hop::PlatformResponse, "platform_response"},
    {Hop::SessionCheck, "session_check"},
    {Hop::DevToCloudFunction, "dev_to_cloud_function"},
};
}  // namespace

const char* to_string(Hop h) { return enum_name(kHopNames, h); }

std::optional<Hop> hop_from_string(const std::string& s) { return enum_from_name(kHopNames, s); }

const std::vector<Hop>& all_fault_hops() {
    static const std::vector<Hop> hops = {Hop::ClientCall, Hop::Dialog, Hop::ClientToDev, Hop::DevToPlatform,
                                          Hop::PlatformResponse, Hop::SessionCheck, Hop::DevToCloudFunction};
    return hops;
}

Event platform_event(int64_t t_ms, uint32_t flow, Hop hop, std::optional<Actor> to) {
    Event e;
    e.t_ms = t_ms;
    e.flow = flow;
    e.actor = Actor::Platform;
    e.to = to;
    e.hop = hop;
    return e;
}

Event code_issued_event(int64_t t_ms, uint32_t flow, Hop hop, const std::string& code, const std::string& user,
                        int64_t expires_ms, std::string text) {
    Event e = platform_event(t_ms, flow, hop, Actor::Client);
    e.kind = "code.issued";
    e.text = std::move(text);
    e.links = {{"code", code}, {"user", user}};
    e.starts = Lifetime{"code", code, t_ms, expires_ms};
    return e;
}

std::string& Links::operator[](std::string_view key) {
    for (auto& [k, v] : items_)
        if (k == key) return v;
    items_.emplace_back(std::string(key), std::string());
    return items_.back().second;
}

const std::string& Links::at(std::string_view key) const {
    auto it = find(key);
    if (it == end()) throw std::out_of_range("no link \"" + std::string(key) + "\"");
    return it->second;
}

std::string Links::value(std::string_view key) const {
    const auto it = find(key);
    return it == end() ? std::string() : it->second;
}

Links::const_iterator Links::find(std::string_view key) const {
    for (auto it = items_.begin(); it != items_.end(); ++it)
        if (it->first == key) return it;
    return items_.end();
}

namespace {
bool too_long(const std::string& s) { return s.size() > kJournalTextLimit; }

// `s` as the journal keeps it: whole up to the limit, else its first bytes and the marker.
std::string bounded(const std::string& s) {
    if (!too_long(s)) return s;
    size_t keep = kJournalTextLimit;
    for (int back = 0; back < 3 && (static_cast<unsigned char>(s[keep]) & 0xC0) == 0x80; ++back) --keep;  // not mid-character
    return s.substr(0, keep) + "…[" + std::to_string(s.size() - keep) + " bytes cut, " + std::to_string(s.size()) + " in all]";
}

void bound(std::string& s) {
    if (too_long(s)) s = bounded(s);
}

// Every string of the event bounded; its HTTP record (shared, const) is replaced by a bounded copy
// when anything in it is too long.
void keep_bounded(Event& e) {
    bound(e.text);
    if (e.ends) bound(*e.ends);
    if (e.starts) bound(e.starts->id);
    bool long_link = false;
    for (auto& [k, v] : e.links) long_link = long_link || too_long(v);
    if (long_link) {
        Links kept;
        for (auto& [k, v] : e.links) kept[k] = bounded(v);
        e.links = std::move(kept);
    }
    if (!e.http) return;
    const HttpRecord& h = *e.http;
    bool long_header = false;
    for (auto& [k, v] : h.request_headers) long_header = long_header || too_long(v);
    for (auto& [k, v] : h.response_headers) long_header = long_header || too_long(v);
    if (!long_header && !too_long(h.method) && !too_long(h.target) && !too_long(h.url) && !too_long(h.request_body) && !too_long(h.response_body) &&
        !too_long(h.response_type) && !too_long(h.transport_error))
        return;
    auto kept = std::make_shared<HttpRecord>();  // field by field: a copy would copy the megabytes first
    kept->method = bounded(h.method);
    kept->target = bounded(h.target);
    kept->request_body = bounded(h.request_body);
    kept->status = h.status;
    kept->response_body = bounded(h.response_body);
    kept->transport_error = bounded(h.transport_error);
    kept->url = bounded(h.url);
    for (auto& [k, v] : h.request_headers) kept->request_headers[k] = bounded(v);
    for (auto& [k, v] : h.response_headers) kept->response_headers.emplace_back(k, bounded(v));
    kept->response_type = bounded(h.response_type);
    kept->request_body_size = too_long(h.request_body) ? h.request_body.size() : h.request_body_size;
    kept->response_body_size = too_long(h.response_body) ? h.response_body.size() : h.response_body_size;
    kept->wire_ms = h.wire_ms;
    e.http = std::move(kept);
}
}  // namespace

// The JSON is the transport-independent record: for one seed it is the same byte for byte in process
// and over HTTP, on any ports (tests: [determinism]). What only a socket carries — the URL on the
// wire, header fields, the real time on the wire — is the HAR's (scenario_reports.cpp) and the GUI's.
void to_json(nlohmann::json& j, const Event& e) {
    j = nlohmann::json{{"seq", e.seq}, {"t_ms", e.t_ms}, {"flow", e.flow}, {"actor", to_string(e.actor)},
                       {"hop", to_string(e.hop)}, {"kind", e.kind}, {"text", e.text}};
    if (e.to) j["to"] = to_string(*e.to);
    if (!e.links.empty()) {
        nlohmann::json links = nlohmann::json::object();
        for (auto& [k, v] : e.links) links[k] = v;
        j["links"] = std::move(links);
    }
    if (e.http) {
        j["http"] = {{"method", e.http->method}, {"target", e.http->target}, {"request_body", e.http->request_body},
                     {"status", e.http->status}, {"response_body", e.http->response_body}};
        if (!e.http->transport_error.empty()) j["http"]["transport_error"] = e.http->transport_error;
        if (e.http->request_body_size) j["http"]["request_body_size"] = e.http->request_body_size;
        if (e.http->response_body_size) j["http"]["response_body_size"] = e.http->response_body_size;
    }
    if (e.starts)
        j["starts"] = {{"subject", e.starts->subject}, {"id", e.starts->id}, {"from_ms", e.starts->from_ms},
                       {"until_ms", e.starts->until_ms}};
    if (e.ends) j["ends"] = *e.ends;
}

namespace {
// Kept::strings: each string as its length (4 bytes, host order) and its bytes.
void put_string(std::string& out, std::string_view s) {
    const auto n = static_cast<uint32_t>(s.size());
    out.append(reinterpret_cast<const char*>(&n), sizeof n).append(s);
}

std::string take_string(std::string_view in, size_t& at) {
    uint32_t n = 0;
    in.copy(reinterpret_cast<char*>(&n), sizeof n, at);
    at += sizeof n;
    std::string s(in.substr(at, n));
    at += n;
    return s;
}

// The fields an Event and its Journal::Kept share, copied either way.
template <class To, class From>
void copy_fixed(To& to, const From& from) {
    to.seq = from.seq;
    to.t_ms = from.t_ms;
    to.flow = from.flow;
    to.actor = from.actor;
    to.hop = from.hop;
    to.to = from.to;
    to.http = from.http;
}
}  // namespace

// The fixed fields into the Kept; the strings, in order, into `strings` (the caller copies them into
// the arena under the lock).
Journal::Kept Journal::pack(const Event& e, std::string& strings) {
    Kept k;
    copy_fixed(k, e);
    k.links = static_cast<uint32_t>(e.links.size());
    strings.clear();
    put_string(strings, e.kind);
    put_string(strings, e.text);
    for (const auto& [key, value] : e.links) {
        put_string(strings, key);
        put_string(strings, value);
    }
    if ((k.has_starts = e.starts.has_value())) {
        put_string(strings, e.starts->subject);
        put_string(strings, e.starts->id);
        k.starts_from_ms = e.starts->from_ms;
        k.starts_until_ms = e.starts->until_ms;
    }
    if ((k.has_ends = e.ends.has_value())) put_string(strings, *e.ends);
    return k;
}

Event Journal::unpack(const Kept& k) {
    Event e;
    copy_fixed(e, k);
    const std::string_view strings(k.strings, k.strings_size);
    size_t at = 0;
    e.kind = take_string(strings, at);
    e.text = take_string(strings, at);
    e.links.reserve(k.links);
    for (uint32_t i = 0; i < k.links; ++i) {
        std::string key = take_string(strings, at);
        e.links.append(std::move(key), take_string(strings, at));
    }
    if (k.has_starts) {
        std::string subject = take_string(strings, at);
        e.starts = Lifetime{std::move(subject), take_string(strings, at), k.starts_from_ms, k.starts_until_ms};
    }
    if (k.has_ends) e.ends = take_string(strings, at);
    return e;
}

void Journal::release(Kept& k) {
    if (!k.strings) return;
    arena_.deallocate(const_cast<char*>(k.strings), k.strings_size);
    k.strings = nullptr;
}

Journal::~Journal() {
    for (Kept& k : events_) release(k);  // the arena frees only its current block itself
}

uint64_t Journal::record(Event e) {
    keep_bounded(e);
    thread_local std::string strings;  // reused: packing allocates nothing once it has grown
    Kept kept = pack(e, strings);      // packed outside the lock
    std::shared_ptr<const HttpRecord> oldest_http;  // what a full journal lets go: freed after the lock
    std::lock_guard lock(mu_);
    kept.seq = base_ + events_.size();
    const uint64_t seq = kept.seq;
    events_.push_back(std::move(kept));
    try {
        char* at = static_cast<char*>(arena_.allocate(strings.size(), 1));
        std::copy(strings.begin(), strings.end(), at);
        events_.back().strings = at;
        events_.back().strings_size = static_cast<uint32_t>(strings.size());
    } catch (...) {
        events_.pop_back();
        throw;
    }
    if (capacity_ && events_.size() > capacity_) {
        release(events_.front());
        oldest_http = std::move(events_.front().http);
        events_.pop_front();
        ++base_;
    }
    ++version_;
    return seq;
}

std::vector<Event> Journal::since(uint64_t seq, size_t limit) const {
    std::lock_guard lock(mu_);
    const uint64_t start = seq < base_ ? 0 : seq - base_;
    if (start >= events_.size()) return {};
    const size_t n = size_t(std::min<uint64_t>(limit, events_.size() - start));
    std::vector<Event> out;
    out.reserve(n);
    for (auto it = events_.begin() + long(start), end = it + long(n); it != end; ++it) out.push_back(unpack(*it));
    return out;
}

uint64_t Journal::size() const {
    std::lock_guard lock(mu_);
    return base_ + events_.size();
}

void Journal::clear() {
    std::lock_guard lock(mu_);
    for (Kept& k : events_) release(k);
    events_.clear();
    base_ = 0;
    ++version_;
}

uint64_t Journal::version() const {
    std::lock_guard lock(mu_);
    return version_;
}

void Journal::set_capacity(size_t n) {
    std::lock_guard lock(mu_);
    capacity_ = n;
}

size_t Journal::blocks_held() const {
    std::lock_guard lock(mu_);
    return arena_.blocks();
}

std::string journal_to_json(const std::vector<Event>& events, int indent) {
    nlohmann::json j = nlohmann::json::array();
    for (auto& e : events) j.push_back(e);
    // Events carry bytes from the wire (a code from a query, a body cut short mid-character): text
    // that is not UTF-8 is written with U+FFFD rather than failing the whole journal.
    return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace ls
