// libFuzzer target: http_wire's RequestReader, the glue between serve's sockets and Boost.Beast's
// parser (core/src/http_wire.hpp; private to the core, hence the relative include).
//
// Input: one control byte, then the bytes a client sends on one connection. The bytes are read as
// HttpHost reads them (http_host.cpp's process()): in pieces, as they might arrive, the reader
// taking what it can and the rest offered again with the next piece; every whole request taken,
// until a refusal or a request that closes the connection. The control byte chooses where the pieces
// are cut (byte by byte, fixed or random sizes, one cut), so the fuzzer explores the splits too.
//
// Contracts under test (a violation aborts):
//   - feed() never says it used more bytes than it was offered;
//   - once Refused, the reader stays Refused with the same status, whatever follows;
//   - a refusal is 400, 413, 414, 431 or 501, and protocol_error() makes a well-formed reply of it
//     (status line, Content-Length that matches, a JSON object body);
//   - a request taken has a method serve knows (GET HEAD POST PUT DELETE CONNECT OPTIONS TRACE
//     PATCH) and a body within body_limit() of its target; a head that passed declares no more;
//   - differential: the bytes read in one piece and in the chosen pieces give the same requests
//     (method, path, query, headers, body, close) and end the same way (status, refusal, target);
//     the pieces are taken as serve takes them, each into the storage of the request before it
//     (take(HttpRequest&, bool&)), the whole into fresh requests, so a field left over differs;
//     one known exception, a malformed head refused early, is narrowed down in LLVMFuzzerTestOneInput.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "../../core/src/http_wire.hpp"

namespace {

using ls::wire::RequestReader;
using Status = RequestReader::Status;

[[noreturn]] void violated(const std::string& what) {
    std::fprintf(stderr, "fuzz_http: contract violated: %s\n", what.c_str());
    std::abort();
}

// A request as a service receives it, and whether its connection closes after it.
struct Taken {
    std::string method, path, body;
    std::map<std::string, std::string> query, headers;
    bool close = false;
    bool operator==(const Taken& o) const {
        return method == o.method && path == o.path && body == o.body && query == o.query && headers == o.headers && close == o.close;
    }
};

// How a connection's bytes were read: the requests taken, and where the reader stood at the end.
struct Reading {
    std::vector<Taken> requests;
    Status last = Status::NeedMore;
    int refusal = 0;
    std::string target;  // of the refused request
};

const char* name(Status s) { return s == Status::NeedMore ? "NeedMore" : s == Status::Ready ? "Ready" : "Refused"; }

bool known_method(const std::string& m) {
    for (const char* k : {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"})
        if (m == k) return true;
    return false;
}

// The reply serve sends for a refusal must be one a client can read.
void check_refusal_reply(int status, const std::string& target) {
    const std::string reply = ls::wire::protocol_error(status, target, true);
    const std::string line = "HTTP/1.1 " + std::to_string(status) + " ";
    const size_t end = reply.find("\r\n\r\n");
    if (reply.compare(0, line.size(), line) != 0 || end == std::string::npos) violated("protocol_error: no status line: " + reply);
    const size_t at = reply.find("Content-Length: ");
    if (at == std::string::npos || at > end) violated("protocol_error: no Content-Length: " + reply);
    const std::string body = reply.substr(end + 4);
    if (std::strtoul(reply.c_str() + at + 16, nullptr, 10) != body.size()) violated("protocol_error: Content-Length is not the body's: " + reply);
    if (!nlohmann::json::parse(body, nullptr, false).is_object()) violated("protocol_error: the body is not a JSON object: " + body);
}

void check_refused(RequestReader& reader, std::string pending) {
    const int status = reader.refusal();
    if (status != 400 && status != 413 && status != 414 && status != 431 && status != 501)
        violated("refused with status " + std::to_string(status));
    check_refusal_reply(status, reader.target());
    // Whatever follows, a refused reader stays refused.
    pending += "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
    size_t used = 0;
    const Status again = reader.feed(pending, used);
    if (again != Status::Refused || reader.refusal() != status)
        violated(std::string("after Refused ") + std::to_string(status) + ", feed said " + name(again) + " " + std::to_string(reader.refusal()));
    if (used > pending.size()) violated("feed used more than offered after a refusal");
}

// One connection's bytes read as HttpHost reads them: what has arrived and is not yet taken waits
// in `pending`; after each request the next is read from what is left; a refusal, or a request that
// closes the connection, ends the reading.
class Connection {
public:
    // `reuse`: every request taken into one HttpRequest, as a connection of serve takes them.
    explicit Connection(bool reuse) : reuse_(reuse) {}

    void arrive(std::string_view piece) {
        if (ended_) return;
        pending_.append(piece);
        for (;;) {
            size_t used = 0;
            const size_t offered = pending_.size();
            out_.last = reader_.feed(pending_, used);
            if (used > offered) violated("feed used " + std::to_string(used) + " of " + std::to_string(offered) + " bytes");
            pending_.erase(0, used);
            if (out_.last == Status::Refused) return refused();
            if (out_.last == Status::NeedMore) return waiting();
            take();
            if (ended_) return;
        }
    }

    // Still waiting for the end of a head.
    const Reading& reading() const { return out_; }

private:
    void refused() {
        ended_ = true;
        out_.refusal = reader_.refusal();
        out_.target = reader_.target();
        check_refused(reader_, pending_);
    }

    void waiting() {
        (void)reader_.take_continue();
        // A head that passed declares a body within its endpoint's limit.
        if (!reader_.head_done()) return;
        const auto declared = reader_.declared_body();
        if (declared && *declared > ls::wire::body_limit(reader_.target()))
            violated("a head declaring " + std::to_string(*declared) + " bytes to " + reader_.target() + " was let through");
    }

    void take() {
        const std::string target = reader_.target();
        Taken t;
        ls::HttpRequest fresh;
        ls::HttpRequest& req = reuse_ ? kept_ : fresh;
        reader_.take(req, t.close);
        if (!known_method(req.method)) violated("a request with method \"" + req.method + "\" was taken");
        if (req.body.size() > ls::wire::body_limit(target))
            violated("a body of " + std::to_string(req.body.size()) + " bytes to " + target + " was taken");
        t.method = req.method;
        t.path = req.path;
        t.query = req.query;
        t.headers = req.headers;
        t.body = req.body;
        out_.requests.push_back(std::move(t));
        ended_ = out_.requests.back().close;  // the host reads nothing after it
    }

    RequestReader reader_;
    const bool reuse_;
    ls::HttpRequest kept_;
    std::string pending_;
    Reading out_;
    bool ended_ = false;
};

// The sizes of the pieces `n` bytes arrive in, from the control byte: its top two bits choose the
// way (fixed sizes of 1–64 bytes, random sizes up to 1–64, random sizes up to 512, one cut at a
// 64th of the length), the low six bits the size or the cut. At most about 1024 pieces, so a long
// input is not read byte by byte (the host's reads are bigger in bulk too).
std::vector<size_t> piece_sizes(uint8_t control, size_t n) {
    std::vector<size_t> sizes;
    const unsigned way = control >> 6, k = control & 63;
    if (way == 3) {
        const size_t cut = n * k / 64;
        return {cut, n - cut};
    }
    uint32_t state = control * 2654435761u + 1;  // xorshift32, never 0
    auto next = [&] {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        return state;
    };
    const size_t least = n / 1024 + 1;
    for (size_t at = 0; at < n;) {
        size_t s = way == 0 ? k + 1 : way == 1 ? 1 + next() % (k + 1) : 1 + next() % 512;
        s = std::min(std::max(s, least), n - at);
        sizes.push_back(s);
        at += s;
    }
    return sizes;
}

std::string describe(const Reading& r) {
    std::string s = std::to_string(r.requests.size()) + " requests, then " + name(r.last);
    if (r.refusal) s += " " + std::to_string(r.refusal) + " (target \"" + r.target + "\")";
    for (const Taken& t : r.requests) s += "\n  " + t.method + " " + t.path + " body " + std::to_string(t.body.size()) + " bytes" + (t.close ? ", close" : "");
    return s;
}

bool same(const Reading& a, const Reading& b) {
    return a.requests == b.requests && a.last == b.last && a.refusal == b.refusal && a.target == b.target;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    Connection whole(false);
    whole.arrive(bytes);
    const std::vector<size_t> sizes = piece_sizes(data[0], bytes.size());
    Connection pieces(true);
    size_t at = 0;
    for (size_t n : sizes) {
        pieces.arrive(bytes.substr(at, n));
        at += n;
    }
    if (!same(whole.reading(), pieces.reading()))
        violated("read in one piece: " + describe(whole.reading()) + "\nread in " + std::to_string(sizes.size()) +
                 " pieces: " + describe(pieces.reading()));
    return 0;
}
