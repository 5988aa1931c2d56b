// What `loginscope run` writes: the JUnit, JSON and HAR reports of scenario results, and the atomic
// file writer every report and saved file goes through (scenario.hpp).
#include "loginscope/scenario.hpp"

#include <strings.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

namespace ls {

using json = nlohmann::json;

std::string xml_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') out += ' ';
                else out += c;
        }
    }
    return out;
}

std::string junit_report(const std::vector<ScenarioResult>& results) {
    size_t failures = 0;
    double total = 0;
    for (auto& r : results) {
        failures += r.passed ? 0 : 1;
        total += r.real_seconds;
    }
    std::ostringstream x;
    x << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    x << "<testsuites name=\"loginscope\" tests=\"" << results.size() << "\" failures=\"" << failures << "\" time=\"" << total << "\">\n";
    x << "  <testsuite name=\"scenarios\" tests=\"" << results.size() << "\" failures=\"" << failures << "\" errors=\"0\" time=\"" << total << "\">\n";
    for (auto& r : results) {
        x << "    <testcase classname=\"" << xml_escape(r.file) << "\" name=\"" << xml_escape(r.name) << "\" time=\"" << r.real_seconds << "\"";
        if (r.passed) {
            x << "/>\n";
            continue;
        }
        x << ">\n      <failure message=\"" << xml_escape(r.failures.front()) << "\">";
        for (auto& f : r.failures) x << xml_escape(f) << "\n";
        x << "</failure>\n    </testcase>\n";
    }
    x << "  </testsuite>\n</testsuites>\n";
    return x.str();
}

std::string json_report(const std::vector<ScenarioResult>& results) {
    json out = json::array();
    for (auto& r : results) {
        json steps = json::array();
        for (auto& s : r.steps) {
            json st{{"action", s.result.action}, {"ok", s.result.ok}, {"errMsg", s.result.errMsg},
                    {"http_status", s.result.http_status}, {"detail", s.result.detail}, {"failures", s.failures}};
            if (s.result.errcode) st["errcode"] = *s.result.errcode;
            steps.push_back(st);
        }
        out.push_back({{"file", r.file}, {"name", r.name}, {"passed", r.passed}, {"failures", r.failures},
                       {"steps", steps}, {"events", r.events}});
    }
    size_t passed = 0;
    for (auto& r : results) passed += r.passed;
    // Steps and events carry bytes from the wire (a reply cut inside a character): U+FFFD stands in.
    return json{{"passed", passed}, {"failed", results.size() - passed}, {"scenarios", out}}.dump(
        2, ' ', false, json::error_handler_t::replace);
}

namespace {
std::string iso_time(int64_t virtual_ms) {
    const int64_t epoch_ms = assumed_int("wechat.profile.watermark_epoch") * 1000 + virtual_ms;
    const std::time_t secs = std::time_t(epoch_ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, int(epoch_ms % 1000));
    return buf;
}

// HAR name/value pairs, in their order.
template <class Pairs>
json har_pairs(const Pairs& pairs) {
    json out = json::array();
    for (auto& [name, value] : pairs) out.push_back({{"name", name}, {"value", value}});
    return out;
}

std::string trimmed(const std::string& s) {
    const size_t from = s.find_first_not_of(' '), to = s.find_last_not_of(' ');
    return from == std::string::npos ? "" : s.substr(from, to - from + 1);
}

bool same_name(const std::string& a, const char* b) { return strcasecmp(a.c_str(), b) == 0; }

// The `;`-separated parts of a Cookie or Set-Cookie header (RFC 6265 §4.1: "sid=…; Path=/; HttpOnly"),
// each as its trimmed name and value; `pair`: it had an `=` (a cookie, or an attribute with a value).
struct CookiePart {
    std::string name, value;
    bool pair = false;
};
std::vector<CookiePart> cookie_parts(const std::string& header) {
    std::vector<CookiePart> parts;
    std::istringstream in(header);
    for (std::string part; std::getline(in, part, ';');) {
        const size_t eq = part.find('=');
        parts.push_back({trimmed(part.substr(0, eq)), eq == std::string::npos ? "" : trimmed(part.substr(eq + 1)), eq != std::string::npos});
    }
    return parts;
}

// A Cookie header's pairs ("a=1; b=2") as HAR cookie objects.
json har_cookie_pairs(const std::string& header) {
    json out = json::array();
    for (const CookiePart& p : cookie_parts(header))
        if (p.pair) out.push_back({{"name", p.name}, {"value", p.value}});
    return out;
}

// A Set-Cookie's cookie (its first part) with the attributes a HAR cookie has.
json har_set_cookie(const std::string& header) {
    const auto parts = cookie_parts(header);
    json c{{"name", parts.empty() ? "" : parts[0].name}, {"value", parts.empty() ? "" : parts[0].value}};
    for (size_t i = 1; i < parts.size(); ++i) {
        const auto& [name, value, pair] = parts[i];
        if (same_name(name, "Path")) c["path"] = value;
        if (same_name(name, "Domain")) c["domain"] = value;
        if (same_name(name, "HttpOnly")) c["httpOnly"] = true;
        if (same_name(name, "Secure")) c["secure"] = true;
    }
    return c;
}

json har_request_cookies(const std::map<std::string, std::string>& headers) {
    for (const auto& [name, value] : headers)
        if (same_name(name, "Cookie")) return har_cookie_pairs(value);
    return json::array();
}

json har_response_cookies(const std::vector<std::pair<std::string, std::string>>& headers) {
    json out = json::array();
    for (const auto& [name, value] : headers)
        if (same_name(name, "Set-Cookie")) out.push_back(har_set_cookie(value));
    return out;
}

// A body's size on the wire: the journal keeps at most kJournalTextLimit bytes of it, and its whole
// size when it cut it; the HAR's text is then the cut text with its marker.
int64_t body_size(const std::string& kept, size_t whole) { return int64_t(whole ? whole : kept.size()); }
std::string cut_note(size_t whole) {
    return "cut: the journal keeps at most the first " + std::to_string(kJournalTextLimit) + " bytes of a body; " +
           std::to_string(whole) + " bytes in all";
}

json har_entry(const Event& e, const std::string& page) {
    const HttpRecord& h = *e.http;
    // Where it went on the wire (loopback, on the HTTP transport); in process no socket carried it,
    // and the journal's logical URL stands.
    const std::string& url = h.url.empty() ? h.target : h.url;
    const size_t query = url.find('?');
    json req{{"method", h.method}, {"url", url}, {"httpVersion", "HTTP/1.1"}, {"cookies", har_request_cookies(h.request_headers)},
             {"headers", har_pairs(h.request_headers)},
             {"queryString", har_pairs(query == std::string::npos ? std::map<std::string, std::string>{} : parse_form(url.substr(query + 1)))},
             {"headersSize", -1}, {"bodySize", body_size(h.request_body, h.request_body_size)}};
    if (!h.request_body.empty()) {
        const auto type = h.request_headers.find("Content-Type");
        req["postData"] = {{"mimeType", type == h.request_headers.end() ? "application/json" : type->second}, {"text", h.request_body}};
        if (h.request_body_size) req["postData"]["comment"] = cut_note(h.request_body_size);
    }
    json content{{"size", body_size(h.response_body, h.response_body_size)},
                 {"mimeType", h.response_type.empty() ? "application/json" : h.response_type}, {"text", h.response_body}};
    if (h.response_body_size) content["comment"] = cut_note(h.response_body_size);
    json res{{"status", h.status}, {"statusText", h.transport_error},
             {"httpVersion", "HTTP/1.1"}, {"cookies", har_response_cookies(h.response_headers)}, {"headers", har_pairs(h.response_headers)},
             {"content", content}, {"redirectURL", ""}, {"headersSize", -1},
             {"bodySize", body_size(h.response_body, h.response_body_size)}};
    return {{"pageref", page}, {"startedDateTime", iso_time(e.t_ms)}, {"time", 0}, {"request", req}, {"response", res},
            {"cache", json::object()}, {"timings", {{"send", 0}, {"wait", 0}, {"receive", 0}}},
            {"comment", std::string(to_string(*e.to)) + " <- " + to_string(e.actor)}};
}
}  // namespace

std::string har_report(const std::vector<ScenarioResult>& results) {
    json pages = json::array(), entries = json::array();
    for (size_t i = 0; i < results.size(); ++i) {
        const std::string id = "scenario_" + std::to_string(i);
        pages.push_back({{"startedDateTime", iso_time(0)}, {"id", id}, {"title", results[i].name}, {"pageTimings", json::object()}});
        for (const Event& e : results[i].events)
            if (e.kind == "http.response" && e.http && e.to) entries.push_back(har_entry(e, id));
    }
    return json{{"log", {{"version", "1.2"}, {"creator", {{"name", "LoginScope"}, {"version", "0.1.0"}}},
                          {"pages", pages}, {"entries", entries}}}}
        .dump(2, ' ', false, json::error_handler_t::replace);
}

namespace {
// The temporary files write_file_atomically is writing, for remove_unfinished_temp_files() — which
// runs in a signal handler, so fixed slots and lock-free atomics only: nothing allocates or locks.
struct TempFileSlot {
    std::atomic<int> state{0};  // kFree, kFilling (being claimed), kWriting (`path` is to be removed)
    char path[4096];
};
enum { kFree, kFilling, kWriting };
TempFileSlot g_temp_files[16];

// Holds `path` in a slot while it exists; with every slot taken (or a path too long) it holds none,
// and an interrupt may leave that one file, as before.
class UnfinishedTempFile {
public:
    explicit UnfinishedTempFile(const std::string& path) {
        if (path.size() >= sizeof slot_->path) return;
        for (TempFileSlot& s : g_temp_files) {
            int free = kFree;
            if (!s.state.compare_exchange_strong(free, kFilling)) continue;
            std::memcpy(s.path, path.c_str(), path.size() + 1);
            s.state.store(kWriting);
            slot_ = &s;
            return;
        }
    }
    ~UnfinishedTempFile() {
        if (slot_) slot_->state.store(kFree);
    }
    UnfinishedTempFile(const UnfinishedTempFile&) = delete;
    UnfinishedTempFile& operator=(const UnfinishedTempFile&) = delete;

private:
    TempFileSlot* slot_ = nullptr;
};
}  // namespace

void remove_unfinished_temp_files() noexcept {
    for (TempFileSlot& s : g_temp_files)
        if (s.state.load() == kWriting) ::unlink(s.path);
}

void write_file_atomically(const std::string& path, const std::string& content) {
    const std::string tmp = path + ".tmp";
    const UnfinishedTempFile unfinished(tmp);  // before the file exists, so no moment is uncovered
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw std::runtime_error(path + ": cannot be written");
        out << content;
        out.flush();
        if (!out) throw std::runtime_error(path + ": write failed");
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        throw std::runtime_error(path + ": cannot be replaced");
    }
}

}  // namespace ls
