#pragma once
// The bytes of HTTP/1.1 as HttpHost reads and writes them, apart from any socket: a request is read
// by Boost.Beast's parser under our framing rules (RFC 9112 §6: a request whose length is ambiguous
// is refused and its connection closed, never read one way by us and another by a proxy), and
// replies keep the shape clients were written against (cpp-httplib 0.11's status line and headers).
// Pure functions and one pure class, so tests and the fuzzer drive them byte by byte.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "loginscope/http.hpp"

namespace ls::wire {

constexpr size_t kMaxRequestLine = HttpLimits::kRequestLine;  // longer: 414
constexpr size_t kMaxHead = HttpLimits::kHead;                // request line and headers; longer: 431
constexpr size_t kMaxBody = HttpLimits::kBody;                // any body; longer: 413
constexpr size_t kMaxPlatformBody = HttpLimits::kPlatformBody; // a body to a platform endpoint; longer: 413
constexpr size_t kMaxFormBody = HttpLimits::kFormBody;        // a form body (cpp-httplib's limit); longer: 413

// The body limit of the endpoint a request target names.
size_t body_limit(std::string_view target);

const char* reason_phrase(int status);
// Status line and headers, in cpp-httplib's order; `close` adds "Connection: close", else Keep-Alive.
std::string reply_head(int status, const std::string* content_type, size_t length, bool close,
                       const std::string& exception_what = "");
void append_reply_head(std::string& out, int status, const std::string* content_type, size_t length, bool close,
                       const std::string& exception_what = "");
// The whole reply, head and body, into `out` (its storage reused).
void reply_into(std::string& out, const HttpReply& reply, bool close);
// The head of a reply whose body follows in chunks (Transfer-Encoding: chunked).
std::string chunked_head(int status, const std::string& content_type, bool close);
// One chunk of a chunked body ("" is the last chunk).
std::string chunk(std::string_view piece);
// The whole reply to a request that could not be read (400, 413, 414, 431, 501, 503): a small JSON
// body in the error shape of the endpoint `target` names, where it has one, else {"error"}.
std::string protocol_error(int status, std::string_view target, bool close);

// %XX and %uXXXX decoded (anything malformed kept as written); '+' a space when `plus_is_space`.
void decode_url_into(std::string& out, std::string_view s, bool plus_is_space);  // into `out`, its storage reused

// Reads one request at a time from the bytes of a connection.
class RequestReader {
public:
    enum class Status {
        NeedMore,  // feed more bytes
        Ready,     // a whole request: take() it
        Refused,   // unreadable or over a limit: answer protocol_error(refusal(), target()) and close
    };

    RequestReader();
    ~RequestReader();
    RequestReader(const RequestReader&) = delete;
    RequestReader& operator=(const RequestReader&) = delete;

    // Consumes what it can of `bytes` (at most one request) and says where the request stands;
    // `used` is how many bytes it took. Bytes not taken must be offered again, with more after them.
    Status feed(std::string_view bytes, size_t& used);

    bool started() const { return started_; }        // a byte of this request has arrived
    bool head_done() const;                          // its request line and headers are in
    // The size of the body after the head: Content-Length, 0 for none; unknown (chunked) or before the head: nullopt.
    std::optional<uint64_t> declared_body() const;
    // True once, just after the head, when the client waits for "100 Continue" before its body.
    bool take_continue();
    int refusal() const { return refusal_; }
    const std::string& target() const { return target_; }  // as far as it could be read

    // The request as a service sees it (path and query decoded, a form body's fields in the query);
    // `close` tells whether the connection must close after the reply. Then reads the next one.
    HttpRequest take(bool& close);
    // The same into `req`, reusing its storage: a connection that keeps one request reads the next
    // into it with no allocation when it is like the last.
    void take(HttpRequest& req, bool& close);
    // After its answer: empties `req`, keeping its storage for the next take() only within
    // kMaxKept*, so an idle connection holds about 2 KB of it whatever its last request was
    // (a head of thousands of headers, an 8 KB target, a large body).
    void recycle(HttpRequest& req);
    static constexpr size_t kMaxKeptString = 64;   // a field's name or value, the method, the path
    static constexpr size_t kMaxKeptBody = 4096;

private:
    struct Parser;
    Status refuse(int status);
    Status check_head();
    std::unique_ptr<Parser> p_;
    bool started_ = false;
    bool line_seen_ = false;  // the request line is whole (and within its limit)
    size_t scanned_ = 0;      // bytes of this request's head searched so far
    bool continue_ = false;
    int refusal_ = 0;
    std::string target_;
};

}  // namespace ls::wire
