#include "http_wire.hpp"

#include <algorithm>
#include <charconv>
#include <cctype>
#include <cstring>
#include <vector>

#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

namespace ls::wire {

namespace http = boost::beast::http;

namespace {

// Beast's string_view (boost's, in Boost 1.74) as the standard one.
std::string_view sv(boost::beast::string_view s) { return {s.data(), s.size()}; }
bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

constexpr int kKeepAliveSeconds = 30;                 // HttpHost closes an idle keep-alive connection after this
constexpr size_t kMaxRequestsPerConnection = 100000;  // then "Connection: close"
const std::string kKeepAliveHeader =
    "Keep-Alive: timeout=" + std::to_string(kKeepAliveSeconds) + ", max=" + std::to_string(kMaxRequestsPerConnection) + "\r\n";

bool hex_value(std::string_view s, size_t at, size_t n, int& out) {
    if (at + n > s.size()) return false;
    out = 0;
    for (size_t i = at; i < at + n; ++i) {
        const char c = s[i];
        const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) return false;
        out = out * 16 + d;
    }
    return true;
}

void append_utf8(int code, std::string& out) {
    if (code < 0x80) {
        out += char(code);
    } else if (code < 0x800) {
        out += char(0xC0 | (code >> 6));
        out += char(0x80 | (code & 0x3F));
    } else if (code < 0xD800 || (code >= 0xE000 && code < 0x10000)) {
        out += char(0xE0 | (code >> 12));
        out += char(0x80 | ((code >> 6) & 0x3F));
        out += char(0x80 | (code & 0x3F));
    }  // a lone surrogate is dropped
}

}  // namespace

// %XX and %uXXXX (as UTF-8) decoded, anything malformed kept as written; '+' is a space in a query.
void decode_url_into(std::string& out, std::string_view s, bool plus_is_space) {
    if (s.find('%') == std::string_view::npos && (!plus_is_space || s.find('+') == std::string_view::npos)) {
        out.assign(s);
        return;
    }
    out.clear();
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        int v = 0;
        if (s[i] == '%' && i + 1 < s.size() && s[i + 1] == 'u' && hex_value(s, i + 2, 4, v)) {
            append_utf8(v, out);
            i += 5;
        } else if (s[i] == '%' && i + 1 < s.size() && s[i + 1] != 'u' && hex_value(s, i + 1, 2, v)) {
            out += char(v);
            i += 2;
        } else {
            out += plus_is_space && s[i] == '+' ? ' ' : s[i];
        }
    }
}

namespace {

// Calls fn on each piece of [b, e) between `d`s, trimmed of spaces and tabs, skipping empty pieces.
template <class F>
void split_trimmed(const char* b, const char* e, char d, F fn) {
    while (b <= e) {
        const char* end = b < e ? static_cast<const char*>(std::memchr(b, d, size_t(e - b))) : nullptr;
        if (!end) end = e;
        const char* x = b;
        const char* y = end;
        while (x < y && (*x == ' ' || *x == '\t')) ++x;
        while (y > x && (y[-1] == ' ' || y[-1] == '\t')) --y;
        if (x < y) fn(x, y);
        if (end == e) break;
        b = end + 1;
    }
}

using Fields = std::map<std::string, std::string>;

void assign_raw(std::string& to, std::string_view from) { to.assign(from); }
void assign_decoded(std::string& to, std::string_view from) { decode_url_into(to, from, true); }

// The map nodes of a connection's last request, kept for the next one's query and headers: a node
// handed back keeps its strings' storage, so on a keep-alive connection a request like the one
// before is read into its fields without an allocation. It keeps few nodes and none holding a long
// string, so an idle connection holds little.
class FieldShelf {
public:
    // Empties `fields` onto the shelf.
    void take_back(Fields& fields) {
        while (!fields.empty()) {
            auto node = fields.extract(fields.begin());
            if (nodes_.size() < kMaxNodes && node.key().capacity() <= kMaxKept && node.mapped().capacity() <= kMaxKept)
                nodes_.push_back(std::move(node));
        }
    }

    // fields[key] = value, each written by `write`; a later value of a key replaces an earlier one.
    void put(Fields& fields, std::string_view key, std::string_view value, void (*write)(std::string&, std::string_view)) {
        if (nodes_.empty()) {
            std::string k;
            write(k, key);
            write(fields[std::move(k)], value);
            return;
        }
        Fields::node_type node = std::move(nodes_.back());
        nodes_.pop_back();
        write(node.key(), key);
        auto placed = fields.insert(std::move(node));
        write(placed.position->second, value);
        if (!placed.inserted) nodes_.push_back(std::move(placed.node));
    }

private:
    // At most about 2 KB a connection: a dozen fields of up to 64 bytes (a long token is not kept).
    static constexpr size_t kMaxNodes = 12, kMaxKept = RequestReader::kMaxKeptString;
    std::vector<Fields::node_type> nodes_;
};

// k=v&k2=v2 into `out`: a later value of a key replaces an earlier one, a pair repeated verbatim
// counts once, a key without '=' has the empty value, and "k=a=b" means k=b.
void parse_query_text(std::string_view text, Fields& out, FieldShelf& shelf) {
    std::string_view seen_here[16];  // the pairs so far; a longer query spills into `seen_more`
    size_t seen_count = 0;
    std::vector<std::string_view> seen_more;
    split_trimmed(text.data(), text.data() + text.size(), '&', [&](const char* b, const char* e) {
        const std::string_view pair(b, size_t(e - b));
        if (std::find(seen_here, seen_here + seen_count, pair) != seen_here + seen_count ||
            std::find(seen_more.begin(), seen_more.end(), pair) != seen_more.end())
            return;
        if (seen_count < std::size(seen_here)) {
            seen_here[seen_count++] = pair;
        } else {
            seen_more.push_back(pair);
        }
        std::string_view key, value;
        bool first = true;
        split_trimmed(b, e, '=', [&](const char* b2, const char* e2) {
            (first ? key : value) = std::string_view(b2, size_t(e2 - b2));
            first = false;
        });
        if (!key.empty()) shelf.put(out, key, value, assign_decoded);
    });
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
    return true;
}


// The target of a request line into `out`, as far as it is there (at most 256 bytes: enough to name the endpoint).
void target_of(std::string_view line, std::string& out) {
    const size_t space = line.find(' ');
    if (space == std::string_view::npos) return out.clear();
    line.remove_prefix(space + 1);
    out.assign(line.substr(0, std::min({line.find(' '), line.find('\r'), line.find('\n'), size_t(256)})));
}

}  // namespace

const char* reason_phrase(int status) {
    switch (status) {
        case 100: return "Continue";
        case 200: return "OK";
        case 201: return "Created";
        case 202: return "Accepted";
        case 204: return "No Content";
        case 301: return "Moved Permanently";
        case 302: return "Found";
        case 304: return "Not Modified";
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 408: return "Request Timeout";
        case 409: return "Conflict";
        case 413: return "Payload Too Large";
        case 414: return "URI Too Long";
        case 429: return "Too Many Requests";
        case 431: return "Request Header Fields Too Large";
        case 500: return "Internal Server Error";
        case 501: return "Not Implemented";
        case 502: return "Bad Gateway";
        case 503: return "Service Unavailable";
        case 504: return "Gateway Timeout";
        default: return "Internal Server Error";  // cpp-httplib's word for a status it does not name
    }
}

// Status line and headers, in cpp-httplib's order (headers sorted by name).
void append_reply_head(std::string& h, int status, const std::string* content_type, size_t length, bool close,
                       const std::string& exception_what) {
    using namespace std::string_view_literals;
    char digits[24];
    auto number = [&](auto n) { return std::string_view(digits, size_t(std::to_chars(digits, std::end(digits), n).ptr - digits)); };
    h += "HTTP/1.1 "sv;
    h += number(status);
    h += ' ';
    h += reason_phrase(status);
    h += close ? "\r\nConnection: close\r\nContent-Length: "sv : "\r\nContent-Length: "sv;
    h += number(length);
    h += "\r\n"sv;
    if (content_type) {
        h += "Content-Type: "sv;
        h += *content_type;
        h += "\r\n"sv;
    }
    if (!exception_what.empty()) h.append("EXCEPTION_WHAT: ").append(exception_what).append("\r\n");
    if (!close) h += kKeepAliveHeader;
    h += "\r\n"sv;
}

std::string reply_head(int status, const std::string* content_type, size_t length, bool close,
                       const std::string& exception_what) {
    std::string h;
    h.reserve(160 + (content_type ? content_type->size() : 0));
    append_reply_head(h, status, content_type, length, close, exception_what);
    return h;
}

void reply_into(std::string& out, const HttpReply& reply, bool close) {
    out.clear();
    out.reserve(160 + reply.content_type.size() + reply.body.size());
    append_reply_head(out, reply.status, &reply.content_type, reply.body.size(), close);
    out += reply.body;
}

std::string chunked_head(int status, const std::string& content_type, bool close) {
    std::string h = "HTTP/1.1 " + std::to_string(status) + " " + reason_phrase(status) + "\r\n";
    if (close) h += "Connection: close\r\n";
    h += "Content-Type: " + content_type + "\r\n";
    if (!close) h += kKeepAliveHeader;
    h += "Transfer-Encoding: chunked\r\n\r\n";
    return h;
}

std::string chunk(std::string_view piece) {
    char size[20];
    std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
    std::string out = size;
    out.append(piece);
    out += "\r\n";
    return out;
}

size_t body_limit(std::string_view target) {
    const std::string_view path = target.substr(0, target.find('?'));
    for (std::string_view platform : {"/sns/", "/cgi-bin/", "/wxa/", "/donut/", "/oauth/", "/univerify/"})
        if (path.substr(0, platform.size()) == platform) return kMaxPlatformBody;
    return kMaxBody;
}

// WeChat's errcode -1 ("system error"), Baidu's OAuth invalid_request, uniCloud's 4001 ("请求参数异常"),
// else {"error"}, as the admin API and the developer server answer: each platform's clients read it
// as they read that platform's other errors.
std::string protocol_error(int status, std::string_view target, bool close) {
    const char* why = status == 413   ? "request body too large"
                      : status == 414 ? "request target too long"
                      : status == 431 ? "request header fields too large"
                      : status == 501 ? "transfer coding not implemented"
                      : status == 503 ? "server busy: too many request bodies in flight"
                                      : "malformed request";
    const std::string_view path = target.substr(0, target.find('?'));
    auto under = [&](std::string_view prefix) { return path.substr(0, prefix.size()) == prefix; };
    std::string body;
    if (under("/sns/") || under("/cgi-bin/") || under("/wxa/") || under("/donut/"))
        body = std::string(R"({"errcode":-1,"errmsg":")") + why + "\"}";
    else if (under("/oauth/"))
        body = std::string(R"({"error":"invalid_request","error_description":")") + why + "\"}";
    else if (under("/univerify/"))
        body = std::string(R"({"code":4001,"success":false,"message":")") + why + "\"}";
    else
        body = std::string(R"({"error":")") + why + "\"}";
    static const std::string kJson = "application/json";
    return reply_head(status, &kJson, body.size(), close) + body;
}

// ---- RequestReader ---------------------------------------------------------------------------

struct RequestReader::Parser {
    std::optional<http::request_parser<http::string_body>> beast;
    FieldShelf shelf;
    size_t served = 0;  // requests taken on this connection
    void fresh() {
        beast.emplace();
        beast->header_limit(std::uint32_t(kMaxHead));
        beast->body_limit(kMaxBody);
        beast->eager(false);  // stop after the head: check_head() looks at it before any body is read
    }
};

RequestReader::RequestReader() : p_(std::make_unique<Parser>()) { p_->fresh(); }
RequestReader::~RequestReader() = default;

bool RequestReader::head_done() const { return p_->beast->is_header_done(); }

std::optional<uint64_t> RequestReader::declared_body() const {
    if (!head_done() || p_->beast->chunked()) return std::nullopt;
    return p_->beast->content_length().value_or(0);  // neither length nor chunked: no body
}

bool RequestReader::take_continue() { return std::exchange(continue_, false); }

RequestReader::Status RequestReader::refuse(int status) {
    refusal_ = status;
    return Status::Refused;
}

RequestReader::Status RequestReader::feed(std::string_view bytes, size_t& used) {
    used = 0;
    if (refusal_) return Status::Refused;
    if (!started_) {
        // Blank lines before the request line (a client's stray CR LF after a body): RFC 9112 §2.2.
        while (used < bytes.size() && (bytes[used] == '\r' || bytes[used] == '\n')) ++used;
        bytes.remove_prefix(used);
        if (bytes.empty()) return Status::NeedMore;
        started_ = true;
    }
    auto& beast = *p_->beast;
    // Bytes of the head already searched (for its line's end, then for its own) are not searched
    // again: a head trickled a byte at a time costs its length, not its length squared.
    const size_t resume = scanned_ > 3 ? scanned_ - 3 : 0;
    scanned_ = bytes.size();
    if (!line_seen_) {
        // The request line, before Beast takes it: over kMaxRequestLine is 414; its target names the
        // endpoint whose error shape a later refusal takes.
        const size_t line_end = bytes.find('\n', resume);
        if ((line_end == std::string_view::npos ? bytes.size() : line_end) > kMaxRequestLine) {
            // Named from the first kMaxRequestLine + 1 bytes only: the same answer however the bytes came.
            target_of(bytes.substr(0, kMaxRequestLine + 1), target_);
            return refuse(414);
        }
        if (line_end == std::string_view::npos) return Status::NeedMore;
        target_of(bytes.substr(0, line_end), target_);
        line_seen_ = true;
    }
    if (!beast.is_header_done()) {
        // Beast gets the head whole and nothing after it: given a part, it judges what it can and
        // waits for the rest of the head before it looks again, so a head handed over in pieces would
        // be judged by where the client's writes ended. A head ended by bare LFs is refused (400).
        const size_t crlf = bytes.find("\r\n\r\n", resume), lf = bytes.find("\n\n", resume);
        const size_t crlf_end = crlf == std::string_view::npos ? crlf : crlf + 4;
        const size_t lf_end = lf == std::string_view::npos ? lf : lf + 2;
        if (lf_end < crlf_end) return refuse(400);
        if (crlf_end == std::string_view::npos) return bytes.size() > kMaxHead ? refuse(431) : Status::NeedMore;
        if (crlf_end > kMaxHead) return refuse(431);
        boost::beast::error_code ec;
        used += beast.put(boost::asio::buffer(bytes.data(), crlf_end), ec);
        bytes.remove_prefix(crlf_end);
        if (ec == http::error::header_limit) return refuse(431);
        if (ec == http::error::body_limit) return refuse(413);  // a declared length over any endpoint's limit
        if (ec || !beast.is_header_done()) return refuse(400);
        if (const Status s = check_head(); s != Status::NeedMore) return s;
    }
    while (!beast.is_done() && !bytes.empty()) {
        boost::beast::error_code ec;
        const size_t n = beast.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
        used += n;
        bytes.remove_prefix(n);
        if (ec == http::error::need_more) return Status::NeedMore;
        if (ec == http::error::body_limit) return refuse(413);
        if (ec) return refuse(400);
        if (n == 0) break;
    }
    if (!beast.is_done()) return Status::NeedMore;
    const auto& req = beast.get();
    const auto type = req.find(http::field::content_type);
    if (type != req.end() && starts_with(sv(type->value()), "application/x-www-form-urlencoded") &&
        req.body().size() > kMaxFormBody)
        return refuse(413);
    return Status::Ready;
}

namespace {
bool known_method(std::string_view m) {
    static constexpr std::string_view kMethods[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"};
    return std::find(std::begin(kMethods), std::end(kMethods), m) != std::end(kMethods);
}

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}
}  // namespace

// The head is in: RFC 9112's framing rules (Beast already refused Content-Length with
// Transfer-Encoding, two different Content-Lengths and one that is not a decimal number), Host, and
// the endpoint's body limit — all before a byte of the body is read.
RequestReader::Status RequestReader::check_head() {
    auto& beast = *p_->beast;
    const auto& req = beast.get();
    target_.assign(sv(req.target()).substr(0, 256));
    if ((req.version() != 11 && req.version() != 10) || !known_method(sv(req.method_string()))) return refuse(400);
    if (req.version() == 11 && req.count(http::field::host) != 1) return refuse(400);  // §3.2
    if (req.version() == 10 && req.count(http::field::host) > 1) return refuse(400);
    if (const auto te = req.find(http::field::transfer_encoding); te != req.end()) {
        // Only "chunked" is read. Chunked not last: the length cannot be known (400, §6.3); another
        // coding before it (gzip, chunked): not implemented (501). Either way the connection closes.
        const std::string_view value = trimmed(sv(te->value()));
        if (req.version() == 10) return refuse(400);
        if (!beast.chunked()) return refuse(400);
        if (!iequals(value, "chunked")) return refuse(501);
    }
    const size_t limit = body_limit(sv(req.target()));
    if (const auto length = beast.content_length(); length && *length > limit) return refuse(413);
    beast.body_limit(limit);
    beast.eager(true);
    const auto expect = req.find(http::field::expect);
    continue_ = expect != req.end() && iequals(sv(expect->value()), "100-continue") && !beast.is_done();
    return Status::NeedMore;
}

void RequestReader::take(HttpRequest& req, bool& close) {
    {
        auto message = p_->beast->release();
        ++p_->served;
        close = !message.keep_alive() || p_->served >= kMaxRequestsPerConnection;
        auto& shelf = p_->shelf;
        recycle(req);  // in case the caller has not; before anything is read into it (it lets long strings go)
        req.method.assign(sv(message.method_string()));
        const std::string_view whole = sv(message.target());
        const std::string_view target = whole.substr(0, whole.find('#'));
        const size_t q = target.find('?');
        decode_url_into(req.path, target.substr(0, q), false);
        if (q != std::string_view::npos) parse_query_text(target.substr(q + 1), req.query, shelf);
        // Headers as sent; a repeated one: the last.
        for (const auto& field : message) shelf.put(req.headers, sv(field.name_string()), sv(field.value()), assign_raw);
        const auto type = message.find(http::field::content_type);
        if (type != message.end() && starts_with(sv(type->value()), "application/x-www-form-urlencoded"))
            parse_query_text(message.body(), req.query, shelf);
        req.body = std::move(message.body());
    }
    p_->fresh();
    started_ = false;
    line_seen_ = false;
    scanned_ = 0;
    continue_ = false;
    target_.clear();
}

void RequestReader::recycle(HttpRequest& req) {
    p_->shelf.take_back(req.query);
    p_->shelf.take_back(req.headers);
    auto let_go_over = [](std::string& s, size_t kept) {
        if (s.capacity() > kept) std::string().swap(s);
    };
    let_go_over(req.method, kMaxKeptString);
    let_go_over(req.path, kMaxKeptString);
    let_go_over(req.body, kMaxKeptBody);
}

HttpRequest RequestReader::take(bool& close) {
    HttpRequest req;
    take(req, close);
    return req;
}

}  // namespace ls::wire
