// Soak test of `loginscope serve`: starts it on an ephemeral loopback port, turns faults on over
// /__admin/faults, drives every platform endpoint from several client threads for a bounded time,
// and fails (exit 1) unless
//   - every request to a platform endpoint is either answered correctly or failed exactly the way
//     one of the active faults says (its code in the platform's error shape, the gateway status,
//     a body that is not JSON, a connection dropped before a whole reply), and the number of
//     requests failed by each kind of fault equals the number of "fault.fired" events of that kind
//     in serve's own journal;
//   - no request takes longer than the deadline;
//   - serve's resident memory does not keep growing: the run is split into rounds, each ended by
//     POST /__admin/reset (which forgets codes, sessions and the journal); the first (warm-up)
//     round runs for its share of --seconds, every later one repeats as many steps (within twice
//     that time), and the RSS after each later round stays within a bound of the RSS after the
//     first;
//   - hostile clients, mixed into the load on raw sockets of their own (hostile.hpp), change none
//     of that, and are each refused or closed as documented: while every round runs, one thread
//     sends bodies over the endpoint's limit (413 from the head, in the endpoint's error shape) and
//     ambiguously framed requests with a POST /__admin/reset smuggled behind them (400 or 501, and
//     the connection closed; the smuggled reset never runs: the journal's first event of a round is
//     still there at its end); all run long another holds connections that send nothing or trickle
//     a head a byte every 200 ms, which serve closes at its idle and head deadlines. A hostile
//     request answered 2xx, or a connection kept open after a refusal, fails the soak;
//   - serve exits with status 0 on SIGTERM (under the ASan build LeakSanitizer checks at that exit
//     and turns a leak into a non-zero status).
// It prints the figures. Usage:
//   loginscope_soak_serve --bin PATH/TO/loginscope [--seconds 20] [--threads 6] [--rounds 4]
//                         [--deadline-ms 10000] [--rss-growth-mb 48]
// (--rss-growth-mb -1 skips the RSS bound, for builds whose RSS says little, such as TSan's.)
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cctype>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "hostile.hpp"

using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
    std::string bin;
    double seconds = 20;
    int threads = 6;
    int rounds = 4;
    int deadline_ms = 10000;
    double rss_growth_mb = 48;
};

[[noreturn]] void usage(const std::string& why) {
    std::cerr << "soak_serve: " << why << "\n"
              << "usage: loginscope_soak_serve --bin LOGINSCOPE [--seconds S] [--threads N] [--rounds R]"
                 " [--deadline-ms MS] [--rss-growth-mb MB]\n";
    std::exit(2);
}

Options parse_options(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (i + 1 >= argc) usage("missing value after " + a);
        const std::string v = argv[++i];
        try {
            if (a == "--bin") o.bin = v;
            else if (a == "--seconds") o.seconds = std::stod(v);
            else if (a == "--threads") o.threads = std::stoi(v);
            else if (a == "--rounds") o.rounds = std::stoi(v);
            else if (a == "--deadline-ms") o.deadline_ms = std::stoi(v);
            else if (a == "--rss-growth-mb") o.rss_growth_mb = std::stod(v);
            else usage("unknown option " + a);
        } catch (const std::logic_error&) {
            usage("bad number for " + a + ": " + v);
        }
    }
    if (o.bin.empty()) usage("--bin is required");
    if (o.seconds <= 0 || o.threads < 1 || o.rounds < 2 || o.deadline_ms < 1000 || (o.rss_growth_mb < 0 && o.rss_growth_mb != -1))
        usage("need --seconds > 0, --threads >= 1, --rounds >= 2, --deadline-ms >= 1000");
    return o;
}

// ---- the serve process ------------------------------------------------------------------------

struct ServeProcess {
    pid_t pid = -1;
    int port = 0;
    std::thread drain;  // keeps reading serve's stdout so it never blocks on a full pipe

    bool start(const std::string& bin, int banner_timeout_ms) {
        int fds[2];
        if (pipe(fds) != 0) return false;
        // Under AddressSanitizer freed memory waits in a quarantine (256 MB by default) before
        // reuse, which would grow serve's RSS for reasons of its own; a small one keeps the RSS
        // check about serve. Harmless when serve is not built with ASan. Set here, before fork(): a
        // child of a threaded process must not allocate before it execs.
        const char* asan = std::getenv("ASAN_OPTIONS");
        const std::string opts = std::string(asan ? asan : "") + ":quarantine_size_mb=8";
        setenv("ASAN_OPTIONS", opts.c_str(), 1);
        pid = fork();
        if (pid < 0) return false;
        if (pid == 0) {
            dup2(fds[1], STDOUT_FILENO);
            close(fds[0]);
            close(fds[1]);
            execl(bin.c_str(), bin.c_str(), "serve", "--port", "0", static_cast<char*>(nullptr));
            std::perror("soak_serve: exec");
            _exit(127);
        }
        close(fds[1]);
        FILE* out = fdopen(fds[0], "r");
        // The banner comes first; fgets blocks, so a watchdog kills serve if it never arrives.
        std::atomic<bool> got_banner{false};
        std::thread watchdog([&, p = pid] {
            const auto until = Clock::now() + std::chrono::milliseconds(banner_timeout_ms);
            while (!got_banner && Clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(20));
            if (!got_banner) kill(p, SIGKILL);
        });
        char line[512];
        const char* prefix = "listening on http://127.0.0.1:";
        while (fgets(line, sizeof line, out)) {
            if (std::strncmp(line, prefix, std::strlen(prefix)) == 0) {
                port = std::atoi(line + std::strlen(prefix));
                break;
            }
        }
        got_banner = true;
        watchdog.join();
        drain = std::thread([out] {
            char buf[512];
            while (fgets(buf, sizeof buf, out)) {
            }
            fclose(out);
        });
        return port > 0;
    }

    // Resident set size in kB (VmRSS of /proc/PID/status), 0 when unreadable.
    long rss_kb() const {
        std::ifstream f("/proc/" + std::to_string(pid) + "/status");
        std::string key;
        while (f >> key) {
            if (key == "VmRSS:") {
                long kb = 0;
                f >> kb;
                return kb;
            }
            std::getline(f, key);
        }
        return 0;
    }

    // SIGTERM, then wait up to `timeout_ms` for the exit; returns the exit status, or -1 when serve
    // had to be killed or died from a signal.
    int stop(int timeout_ms) {
        if (pid <= 0) return -1;
        kill(pid, SIGTERM);
        const auto until = Clock::now() + std::chrono::milliseconds(timeout_ms);
        int status = 0;
        for (;;) {
            const pid_t r = waitpid(pid, &status, WNOHANG);
            if (r == pid) break;
            if (Clock::now() > until) {
                std::cerr << "soak_serve: serve did not exit within " << timeout_ms << " ms of SIGTERM\n";
                kill(pid, SIGKILL);
                waitpid(pid, &status, 0);
                status = -1;
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        if (drain.joinable()) drain.join();
        pid = -1;
        if (status == -1) return -1;
        if (WIFSIGNALED(status)) {
            std::cerr << "soak_serve: serve died from signal " << WTERMSIG(status) << "\n";
            return -1;
        }
        return WEXITSTATUS(status);
    }
};

// ---- what a platform answer may be --------------------------------------------------------------

// Every outcome a request to a platform endpoint can have. The first five are allowed; the fault
// outcomes must add up to the faults serve says fired.
enum Outcome { Ok, PlatformError, GatewayStatus, MalformedJson, Dropped, Hung, Wrong, kOutcomes };
const char* kOutcomeNames[kOutcomes] = {"ok", "platform_error", "http_status", "malformed_json", "dropped", "hung", "WRONG"};

// The faults turned on for the whole run, all at the platform_response hop: one hop means at most
// one rule fires per request (FaultBook::take returns the first), so each failed request maps to
// exactly one "fault.fired" event. Probability mode with fixed seeds: the same sequence each round.
constexpr const char* kFaultCode = "40163";
// Slow clients held open all run long: silent ones, and ones trickling a request head.
constexpr int kSlowSilent = 24, kSlowTrickling = 24;
constexpr int kGatewayStatus = 503;
const char* kFaultRules[] = {
    R"({"hop":"platform_response","what":"platform_error","code":"40163","when":"probability","probability":0.05,"seed":11})",
    R"({"hop":"platform_response","what":"http_status","status":503,"when":"probability","probability":0.03,"seed":12})",
    R"({"hop":"platform_response","what":"malformed_json","when":"probability","probability":0.03,"seed":13})",
    R"({"hop":"platform_response","what":"cut_body","bytes":7,"when":"probability","probability":0.03,"seed":14})",
    R"({"hop":"platform_response","what":"connection_reset","when":"probability","probability":0.03,"seed":15})",
    R"({"hop":"platform_response","what":"empty_reply","when":"probability","probability":0.02,"seed":16})",
    R"({"hop":"platform_response","what":"hang","when":"probability","probability":0.01,"seed":17})",
};
// Which outcome each fault kind ("links.fault" of a fault.fired event) produces.
const std::map<std::string, Outcome> kOutcomeOfFault = {
    {"platform_error", PlatformError}, {"http_status", GatewayStatus}, {"malformed_json", MalformedJson},
    {"cut_body", Dropped},             {"connection_reset", Dropped}, {"empty_reply", Dropped},
    {"hang", Dropped},
};

// How each platform writes an error carrying a catalog code.
enum class ErrorShape { WeChat, Baidu, Univerify };

bool has_fault_code(const json& j, int status, ErrorShape shape) {
    if (!j.is_object()) return false;
    switch (shape) {
        case ErrorShape::WeChat:  // {"errcode":40163,"errmsg":"…, rid: …"} with HTTP 200
            return status == 200 && j.value("errcode", 0) == std::atoi(kFaultCode) && j.contains("errmsg");
        case ErrorShape::Baidu:  // OAuth error with HTTP 400
            return status == 400 && j.value("error", "") == kFaultCode;
        case ErrorShape::Univerify:  // uniCloud's {"code":N,"success":false,"message":…}
            return status == 200 && j.value("code", 0) == std::atoi(kFaultCode) && j.value("success", true) == false;
    }
    return false;
}

struct Reply {
    bool arrived = false;
    httplib::Error error = httplib::Error::Success;
    int status = 0;
    std::string body, content_type;
    double ms = 0;
};

Reply call(httplib::Client& c, const std::string& method, const std::string& target, const std::string& body = "",
           const std::string& content_type = "application/json") {
    const auto t0 = Clock::now();
    httplib::Result r = method == "POST"     ? c.Post(target.c_str(), body, content_type.c_str())
                        : method == "DELETE" ? c.Delete(target.c_str())
                                             : c.Get(target.c_str());
    Reply out;
    out.ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    if (!r) {
        out.error = r.error();
        return out;
    }
    out.arrived = true;
    out.status = r->status;
    out.body = r->body;
    out.content_type = r->get_header_value("Content-Type");
    return out;
}

// ---- statistics ---------------------------------------------------------------------------------

struct Stats {
    std::map<std::string, std::array<long, kOutcomes>> by_endpoint;
    std::array<long, kOutcomes> total{};
    long admin_calls = 0;
    double max_ms = 0;
    std::vector<std::string> wrong;  // a few samples of unexpected answers

    void add(const std::string& endpoint, Outcome o, double ms, const std::string& why = "") {
        by_endpoint[endpoint][o]++;
        total[o]++;
        if (ms > max_ms) max_ms = ms;
        if ((o == Wrong || o == Hung) && wrong.size() < 12) wrong.push_back(endpoint + ": " + why);
    }
    void merge(const Stats& s) {
        for (auto& [e, a] : s.by_endpoint)
            for (int i = 0; i < kOutcomes; ++i) by_endpoint[e][i] += a[i];
        for (int i = 0; i < kOutcomes; ++i) total[i] += s.total[i];
        admin_calls += s.admin_calls;
        max_ms = std::max(max_ms, s.max_ms);
        for (auto& w : s.wrong)
            if (wrong.size() < 12) wrong.push_back(w);
    }
    long platform_calls() const {
        long n = 0;
        for (long v : total) n += v;
        return n;
    }
};

std::string snippet(const Reply& r) {
    std::string s = r.arrived ? "HTTP " + std::to_string(r.status) + " " + r.body.substr(0, 160)
                              : "no reply: " + httplib::to_string(r.error);
    for (auto& ch : s)
        if (static_cast<unsigned char>(ch) < 0x20) ch = '?';
    return s + " (" + std::to_string(int(r.ms)) + " ms)";
}

std::string hmac_sha256_hex(const std::string& key, const std::string& msg) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), key.data(), int(key.size()), reinterpret_cast<const unsigned char*>(msg.data()), msg.size(), out, &len);
    static const char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned i = 0; i < len; ++i) {
        hex += kHex[out[i] >> 4];
        hex += kHex[out[i] & 15];
    }
    return hex;
}

std::string enc(const std::string& s) {
    static const char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += char(c);
        else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

// ---- the apps serve knows (GET /__admin/apps) ---------------------------------------------------

struct Apps {
    std::string wx_appid, wx_secret;        // mini program: jscode2session, cgi-bin/token, checksession
    std::string donut_appid, donut_secret;  // multi-terminal app: code2verifyinfo
    std::string open_appid, open_secret;    // Open Platform mobile app: sns/oauth2/access_token
    std::string baidu_key, baidu_secret;    // Baidu: jscode2sessionkey
    std::string uni_appid;                  // univerify: getPhoneNumber
};

// ---- one client thread ------------------------------------------------------------------------

class Client {
public:
    Client(int port, const Options& opt, const Apps& apps, int index)
        : http_("127.0.0.1", port), opt_(opt), apps_(apps), index_(index) {
        http_.set_connection_timeout(5, 0);
        http_.set_read_timeout(opt.deadline_ms / 1000, (opt.deadline_ms % 1000) * 1000);
        http_.set_keep_alive(true);
        http_.set_tcp_nodelay(true);
    }

    // Tokens the coordinator fetched for this round (cgi-bin/token rotates them, so only it calls).
    void new_round(const std::string& wx_token, const std::string& donut_token) {
        wx_token_ = wx_token;
        donut_token_ = donut_token;
        openid_.clear();
        session_key_.clear();
        wx_logins_ = 0;
        ++round_;
    }

    void step(Stats& st) {
        switch (next_++ % 6) {
            case 0: wechat_login(st); break;
            case 1: session_check(st); break;
            case 2: open_login(st); break;
            case 3: donut_login(st); break;
            case 4: baidu_login(st); break;
            case 5: univerify_login(st); break;
        }
        if (next_ % 18 == 0) session_reset(st);
    }

private:
    // WeChat allows 100 exchanges per user per calendar minute and serve's virtual clock stands
    // still, so a thread moves to a new user every 50 logins.
    std::string user() const { return "soak" + std::to_string(index_) + "r" + std::to_string(round_) + "u" + std::to_string(wx_logins_ / 50); }

    // An admin call; these carry no faults and must always succeed.
    json admin(Stats& st, const std::string& path, const json& body) {
        Reply r = call(http_, "POST", path, body.dump());
        st.admin_calls++;
        const json j = r.arrived ? json::parse(r.body, nullptr, false) : json();
        if (!r.arrived || r.status != 200 || !j.is_object()) {
            st.add("admin " + path, Wrong, r.ms, snippet(r));
            return json();
        }
        return j;
    }

    // Classifies a platform answer; `ok` says whether a JSON body is the correct answer.
    template <class Check>
    Outcome judge(Stats& st, const std::string& endpoint, const Reply& r, ErrorShape shape, Check ok) {
        Outcome o;
        std::string why;
        if (!r.arrived) {
            // A fault dropped the connection (RST, FIN, a short body, a hang released by RST);
            // reaching the read timeout means nothing released the request: a hang.
            o = r.error == httplib::Error::Read && r.ms < opt_.deadline_ms * 0.9 ? Dropped
                : r.error == httplib::Error::Read                                  ? Hung
                                                                                   : Wrong;
            why = snippet(r);
        } else if (r.status == kGatewayStatus && r.content_type.rfind("text/html", 0) == 0 &&
                   r.body.find(std::to_string(kGatewayStatus)) != std::string::npos) {
            o = GatewayStatus;
        } else {
            const json j = json::parse(r.body, nullptr, false);
            if (j.is_discarded()) {
                // malformed_json keeps a prefix of the real answer and appends this tail.
                o = r.body.size() >= 5 && r.body.compare(r.body.size() - 5, 5, "\x01<!--") == 0 ? MalformedJson : Wrong;
            } else if (has_fault_code(j, r.status, shape)) {
                o = PlatformError;
            } else {
                o = ok(r.status, j) ? Ok : Wrong;
            }
            if (o == Wrong) why = snippet(r);
        }
        st.add(endpoint, o, r.ms, why);
        return o;
    }

    void wechat_login(Stats& st) {
        const std::string u = user();
        const json c = admin(st, "/__admin/codes", {{"appid", apps_.wx_appid}, {"user", u}});
        if (!c.contains("code")) return;
        const std::string code = c["code"];
        Reply r = call(http_, "GET", "/sns/jscode2session?appid=" + apps_.wx_appid + "&secret=" + apps_.wx_secret +
                                         "&js_code=" + enc(code) + "&grant_type=authorization_code");
        ++wx_logins_;
        json got;
        const Outcome o = judge(st, "GET /sns/jscode2session", r, ErrorShape::WeChat, [&](int status, const json& j) {
            got = j;
            return status == 200 && !j.contains("errcode") && j.value("openid", "").size() == 28 &&
                   j.value("session_key", "").size() == 24 && j.contains("unionid");
        });
        if (o == Ok) {
            openid_ = got["openid"];
            session_key_ = got["session_key"];
        } else {
            // A failed exchange still made this user's wx.login key current (the code's key): the
            // key we hold may be stale now.
            openid_.clear();
            session_key_.clear();
        }
    }

    std::string signed_query() const {
        return "access_token=" + enc(wx_token_) + "&openid=" + enc(openid_) + "&signature=" +
               hmac_sha256_hex(session_key_, "") + "&sig_method=hmac_sha256";
    }

    void session_check(Stats& st) {
        if (session_key_.empty() || wx_token_.empty()) return wechat_login(st);
        Reply r = call(http_, "GET", "/wxa/checksession?" + signed_query());
        judge(st, "GET /wxa/checksession", r, ErrorShape::WeChat, [&](int status, const json& j) {
            return status == 200 && j.value("errcode", -1) == 0 && j.value("errmsg", "") == "ok";
        });
    }

    void session_reset(Stats& st) {
        if (session_key_.empty() || wx_token_.empty()) return;
        Reply r = call(http_, "GET", "/wxa/resetusersessionkey?" + signed_query());
        json got;
        const Outcome o = judge(st, "GET /wxa/resetusersessionkey", r, ErrorShape::WeChat, [&](int status, const json& j) {
            got = j;
            return status == 200 && j.value("errcode", -1) == 0 && j.value("openid", "") == openid_ &&
                   j.value("session_key", "").size() == 24 && j.value("session_key", "") != session_key_;
        });
        if (o == Ok) session_key_ = got["session_key"];
        // A fault after the platform processed the reset leaves us without the new key.
        else if (o != PlatformError && o != GatewayStatus) session_key_.clear();
    }

    void open_login(Stats& st) {
        const json c = admin(st, "/__admin/codes", {{"appid", apps_.open_appid}, {"user", user()}});
        if (!c.contains("code")) return;
        Reply r = call(http_, "GET", "/sns/oauth2/access_token?appid=" + apps_.open_appid + "&secret=" + apps_.open_secret +
                                         "&code=" + enc(c["code"]) + "&grant_type=authorization_code");
        judge(st, "GET /sns/oauth2/access_token", r, ErrorShape::WeChat, [&](int status, const json& j) {
            return status == 200 && !j.contains("errcode") && j.value("access_token", "").size() > 10 &&
                   j.value("openid", "").size() == 28 && j.value("scope", "") == "snsapi_userinfo" && j.contains("unionid");
        });
    }

    void donut_login(Stats& st) {
        if (donut_token_.empty()) return;
        const json c = admin(st, "/__admin/codes", {{"appid", apps_.donut_appid}, {"user", user()}});
        if (!c.contains("code")) return;
        Reply r = call(http_, "GET", "/donut/code2verifyinfo?access_token=" + enc(donut_token_) + "&appid=" + apps_.donut_appid +
                                         "&appsecret=" + apps_.donut_secret + "&code=" + enc(c["code"]) +
                                         "&grant_type=authorization_code");
        judge(st, "GET /donut/code2verifyinfo", r, ErrorShape::WeChat, [&](int status, const json& j) {
            return status == 200 && j.value("errcode", -1) == 0 && j.contains("user_info") &&
                   j["user_info"].value("user_id", "").size() == 32;
        });
    }

    void baidu_login(Stats& st) {
        const json c = admin(st, "/__admin/codes", {{"appid", apps_.baidu_key}, {"user", user()}});
        if (!c.contains("code")) return;
        Reply r = call(http_, "POST", "/oauth/jscode2sessionkey",
                       "code=" + enc(c["code"]) + "&client_id=" + enc(apps_.baidu_key) + "&sk=" + enc(apps_.baidu_secret),
                       "application/x-www-form-urlencoded");
        judge(st, "POST /oauth/jscode2sessionkey", r, ErrorShape::Baidu, [&](int status, const json& j) {
            return status == 200 && !j.contains("error") && !j.value("openid", "").empty() && j.value("session_key", "").size() == 32;
        });
    }

    void univerify_login(Stats& st) {
        const std::string number = "139" + std::to_string(10000000 + index_ * 100000 + int(next_ % 100000));
        const json t = admin(st, "/__admin/univerify/tokens", {{"number", number}});
        if (!t.contains("access_token")) return;
        const json body{{"appid", apps_.uni_appid}, {"provider", "univerify"}, {"access_token", t["access_token"]}, {"openid", t["openid"]}};
        Reply r = call(http_, "POST", "/univerify/getPhoneNumber", body.dump());
        judge(st, "POST /univerify/getPhoneNumber", r, ErrorShape::Univerify, [&](int status, const json& j) {
            return status == 200 && j.value("code", -1) == 0 && j.value("success", false) && j.value("phoneNumber", "") == number;
        });
    }

    httplib::Client http_;
    const Options& opt_;
    const Apps& apps_;
    int index_;
    int round_ = 0;
    unsigned long next_ = 0;
    int wx_logins_ = 0;
    std::string wx_token_, donut_token_, openid_, session_key_;
};

// ---- the coordinator ----------------------------------------------------------------------------

std::unique_ptr<httplib::Client> control_client(int port, const Options& opt) {
    auto c = std::make_unique<httplib::Client>("127.0.0.1", port);
    c->set_connection_timeout(5, 0);
    c->set_read_timeout(opt.deadline_ms * 3 / 1000, 0);  // the journal can be large
    return c;
}

bool load_apps(int port, const Options& opt, Apps& apps) {
    auto c = control_client(port, opt);
    Reply r = call(*c, "GET", "/__admin/apps");
    const json j = r.arrived ? json::parse(r.body, nullptr, false) : json();
    if (!j.is_object() || !j.contains("apps")) {
        std::cerr << "soak_serve: GET /__admin/apps: " << snippet(r) << "\n";
        return false;
    }
    for (auto& a : j["apps"]) {
        const std::string p = a.value("platform", "");
        if (p == "wechat") apps.wx_appid = a["appid"], apps.wx_secret = a["secret"];
        if (p == "wechat-app") apps.donut_appid = a["appid"], apps.donut_secret = a["secret"];
        if (p == "uni-weixin") apps.open_appid = a["appid"], apps.open_secret = a["secret"];
        if (p == "swan") apps.baidu_key = a["appid"], apps.baidu_secret = a["secret"];
        if (p == "univerify") apps.uni_appid = a["appid"];
    }
    if (apps.wx_appid.empty() || apps.donut_appid.empty() || apps.open_appid.empty() || apps.baidu_key.empty() || apps.uni_appid.empty()) {
        std::cerr << "soak_serve: /__admin/apps lacks a platform: " << j.dump() << "\n";
        return false;
    }
    return true;
}

// An access_token from /cgi-bin/token, asked until one arrives; every attempt is judged like any
// other platform request.
std::string fetch_access_token(httplib::Client& c, const Options& opt, const std::string& appid, const std::string& secret, Stats& st) {
    for (int attempt = 0; attempt < 50; ++attempt) {
        Reply r = call(c, "GET", "/cgi-bin/token?grant_type=client_credential&appid=" + appid + "&secret=" + secret);
        const json j = r.arrived ? json::parse(r.body, nullptr, false) : json();
        Outcome o;
        if (!r.arrived) o = r.error == httplib::Error::Read && r.ms < opt.deadline_ms * 0.9 ? Dropped : r.error == httplib::Error::Read ? Hung : Wrong;
        else if (r.status == kGatewayStatus && r.content_type.rfind("text/html", 0) == 0) o = GatewayStatus;
        else if (j.is_discarded()) o = r.body.size() >= 5 && r.body.compare(r.body.size() - 5, 5, "\x01<!--") == 0 ? MalformedJson : Wrong;
        else if (has_fault_code(j, r.status, ErrorShape::WeChat)) o = PlatformError;
        else o = r.status == 200 && j.value("access_token", "").size() > 100 && j.value("expires_in", 0) == 7200 ? Ok : Wrong;
        st.add("GET /cgi-bin/token", o, r.ms, o == Wrong || o == Hung ? snippet(r) : "");
        if (o == Ok) return j["access_token"];
        if (o == Wrong || o == Hung) return "";
    }
    return "";
}

// serve's journal (GET /__admin/events), or a discarded value.
json read_journal(int port, const Options& opt) {
    auto c = control_client(port, opt);
    Reply r = call(*c, "GET", "/__admin/events");
    const json j = r.arrived && r.status == 200 ? json::parse(r.body, nullptr, false) : json();
    if (j.is_array()) return j;
    std::cerr << "soak_serve: GET /__admin/events: " << snippet(r) << "\n";
    return json(json::value_t::discarded);
}

// The fault.fired events of this round, by the outcome they must have produced; `first` is the
// journal's first event (null when it is empty).
bool fired_faults(int port, const Options& opt, std::array<long, kOutcomes>& fired, size_t& events, json& first) {
    const json j = read_journal(port, opt);
    if (j.is_discarded()) return false;
    fired.fill(0);
    events = j.size();
    first = j.empty() ? json() : j[0];
    for (auto& e : j) {
        if (e.value("kind", "") != "fault.fired") continue;
        const std::string kind = e.contains("links") ? e["links"].value("fault", "") : "";
        auto it = kOutcomeOfFault.find(kind);
        if (it == kOutcomeOfFault.end()) {
            std::cerr << "soak_serve: a fault we never turned on fired: " << e.dump() << "\n";
            return false;
        }
        fired[it->second]++;
    }
    return true;
}

double mb(long kb) { return kb / 1024.0; }

}  // namespace

int main(int argc, char** argv) {
    const Options opt = parse_options(argc, argv);
    std::signal(SIGPIPE, SIG_IGN);
    setvbuf(stdout, nullptr, _IOLBF, 0);
    bool failed = false;
    auto fail = [&](const std::string& why) {
        std::cout << "FAIL: " << why << "\n";
        failed = true;
    };

    ServeProcess serve;
    if (!serve.start(opt.bin, 60000)) {
        std::cout << "FAIL: " << opt.bin << " serve --port 0 did not announce a port\n";
        serve.stop(5000);
        return 1;
    }
    std::cout << "serve pid " << serve.pid << " on 127.0.0.1:" << serve.port << "; " << opt.threads << " client threads, "
              << opt.rounds << " rounds, " << opt.seconds << " s in all\n";

    Apps apps;
    if (!load_apps(serve.port, opt, apps)) {
        serve.stop(30000);
        return 1;
    }
    {
        auto c = control_client(serve.port, opt);
        for (const char* rule : kFaultRules) {
            Reply r = call(*c, "POST", "/__admin/faults", rule);
            if (!r.arrived || r.status != 200) fail(std::string("POST /__admin/faults ") + rule + ": " + snippet(r));
        }
        Reply r = call(*c, "GET", "/__admin/faults");
        const json j = r.arrived ? json::parse(r.body, nullptr, false) : json();
        if (!j.is_object() || !j.contains("faults") || j["faults"].size() != std::size(kFaultRules))
            fail("GET /__admin/faults does not list the rules we added: " + snippet(r));
    }

    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 0; i < opt.threads; ++i) clients.push_back(std::make_unique<Client>(serve.port, opt, apps, i));

    // Slow clients all run long; serve's deadlines close them, the regular clients must not notice.
    hostile::SlowClients slow(serve.port, kSlowSilent, kSlowTrickling);
    slow.start();
    hostile::Tally hostile_all;

    Stats all;
    std::vector<long> rss_after_round;
    const auto round_length = std::chrono::duration<double>(opt.seconds / opt.rounds);
    // What a round leaves allocated after the reset is the high-water mark of its journal, codes
    // and sessions, which grows with the round's work; so the first round is timed and every later
    // one does the same number of steps (within twice the time), and their RSS compares like for like.
    long steps_per_round = 0;
    const auto t_start = Clock::now();
    for (int round = 1; round <= opt.rounds && !failed; ++round) {
        Stats round_stats;
        {
            // cgi-bin/token rotates the app's token: fetch them once per round, before the clients run.
            auto c = control_client(serve.port, opt);
            const std::string wx = fetch_access_token(*c, opt, apps.wx_appid, apps.wx_secret, round_stats);
            const std::string donut = fetch_access_token(*c, opt, apps.donut_appid, apps.donut_secret, round_stats);
            if (wx.empty() || donut.empty()) fail("no access_token from /cgi-bin/token");
            for (auto& cl : clients) cl->new_round(wx, donut);
        }
        // The round's first event: a POST /__admin/reset smuggled past serve would clear it.
        const json journal_at_start = read_journal(serve.port, opt);
        const json first_event = journal_at_start.is_array() && !journal_at_start.empty() ? journal_at_start[0] : json();
        if (first_event.is_null()) fail("round " + std::to_string(round) + ": no journal event after the tokens were fetched");
        const auto t0 = Clock::now();
        const auto until = t0 + (round == 1 ? round_length : 2 * round_length);
        std::atomic<long> steps{0};
        std::vector<Stats> per_thread(clients.size());
        std::vector<std::thread> threads;
        for (size_t i = 0; i < clients.size(); ++i)
            threads.emplace_back([&, i] {
                while (Clock::now() < until && (round == 1 || steps.fetch_add(1) < steps_per_round)) {
                    clients[i]->step(per_thread[i]);
                    if (round == 1) ++steps;
                }
            });
        std::atomic<bool> round_over{false};
        hostile::Tally hostile_round;
        std::thread attacker([&] { hostile::Attacker(serve.port, opt.deadline_ms).run(round_over, hostile_round); });
        for (auto& t : threads) t.join();
        if (round == 1) steps_per_round = steps;
        const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
        round_over = true;
        attacker.join();
        for (auto& s : per_thread) round_stats.merge(s);
        hostile_all.merge(hostile_round);

        // Every failed request must be one fault that serve says fired, and every fired fault a failure.
        std::array<long, kOutcomes> fired{};
        size_t events = 0;
        json first_at_end;
        const auto t_journal = Clock::now();
        if (!fired_faults(serve.port, opt, fired, events, first_at_end)) fail("cannot read the journal");
        else if (first_at_end != first_event)
            fail("round " + std::to_string(round) + ": the journal lost its first event mid-round (a smuggled POST /__admin/reset ran?)");
        const double journal_secs = std::chrono::duration<double>(Clock::now() - t_journal).count();
        std::ostringstream line;
        line << "round " << round << ": " << std::min<long>(steps, steps_per_round) << " steps, " << round_stats.platform_calls()
             << " platform requests + " << round_stats.admin_calls
             << " admin calls in " << std::fixed << std::setprecision(1) << secs << " s ("
             << std::setprecision(0) << (round_stats.platform_calls() + round_stats.admin_calls) / secs << " req/s), max latency "
             << round_stats.max_ms << " ms, " << events << " journal events (read in " << std::setprecision(1) << journal_secs
             << " s);";
        for (int o = 0; o < kOutcomes; ++o) line << " " << kOutcomeNames[o] << " " << round_stats.total[o];
        line << "; hostile requests " << hostile_round.requests << " (" << hostile_round.failures << " not refused as documented)";
        if (hostile_round.failures)
            fail("round " + std::to_string(round) + ": " + std::to_string(hostile_round.failures) + " hostile requests not refused and closed");
        for (int o = PlatformError; o <= Dropped; ++o)
            if (fired[o] != round_stats.total[o])
                fail("round " + std::to_string(round) + ": " + kOutcomeNames[o] + " seen " + std::to_string(round_stats.total[o]) +
                     " times, but serve fired " + std::to_string(fired[o]) + " such faults");
        if (round_stats.total[Wrong] || round_stats.total[Hung])
            fail("round " + std::to_string(round) + ": " + std::to_string(round_stats.total[Wrong]) + " wrong answers, " +
                 std::to_string(round_stats.total[Hung]) + " requests past the " + std::to_string(opt.deadline_ms) + " ms deadline");
        if (round_stats.total[Ok] == 0) fail("round " + std::to_string(round) + ": no request succeeded");
        for (int o = PlatformError; o <= Dropped; ++o)
            if (round_stats.total[o] == 0) fail(std::string("round ") + std::to_string(round) + ": the " + kOutcomeNames[o] + " fault never fired");

        // Forget this round's codes, sessions and journal; what stays allocated afterwards is what leaks.
        {
            auto c = control_client(serve.port, opt);
            Reply r = call(*c, "POST", "/__admin/reset", "{}");
            if (!r.arrived || r.status != 200) fail("POST /__admin/reset: " + snippet(r));
        }
        // The lowest of a few samples: the allocator returns memory in its own time.
        long rss = 0;
        for (int i = 0; i < 3; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(150));
            const long now = serve.rss_kb();
            if (i == 0 || now < rss) rss = now;
        }
        rss_after_round.push_back(rss);
        line << "; serve RSS after reset " << std::setprecision(1) << mb(rss) << " MB";
        std::cout << line.str() << "\n";
        all.merge(round_stats);
    }
    const double total_secs = std::chrono::duration<double>(Clock::now() - t_start).count();

    // With the faults cleared every endpoint must answer correctly again.
    if (!failed) {
        auto c = control_client(serve.port, opt);
        Reply r = call(*c, "DELETE", "/__admin/faults");
        r = call(*c, "GET", "/__admin/faults");
        const json j = r.arrived ? json::parse(r.body, nullptr, false) : json();
        if (!j.is_object() || !j.contains("faults") || !j["faults"].empty()) fail("DELETE /__admin/faults left rules: " + snippet(r));
        Stats clean;
        const std::string wx = fetch_access_token(*c, opt, apps.wx_appid, apps.wx_secret, clean);
        const std::string donut = fetch_access_token(*c, opt, apps.donut_appid, apps.donut_secret, clean);
        Client probe(serve.port, opt, apps, opt.threads);
        probe.new_round(wx, donut);
        for (int i = 0; i < 36; ++i) probe.step(clean);
        if (clean.total[Ok] != clean.platform_calls())
            fail("after DELETE /__admin/faults " + std::to_string(clean.platform_calls() - clean.total[Ok]) + " of " +
                 std::to_string(clean.platform_calls()) + " requests still failed");
        all.merge(clean);
    }

    // Leak check: after the warm-up round, resident memory must stay within the bound.
    if (rss_after_round.size() >= 2) {
        const long base = rss_after_round.front();
        long peak = base;
        for (size_t i = 1; i < rss_after_round.size(); ++i) peak = std::max(peak, rss_after_round[i]);
        std::cout << "RSS after the warm-up round " << std::fixed << std::setprecision(1) << mb(base) << " MB, highest later "
                  << mb(peak) << " MB (growth " << mb(peak - base) << " MB, bound " << opt.rss_growth_mb << " MB)\n";
        if (opt.rss_growth_mb < 0) std::cout << "RSS bound not checked (--rss-growth-mb -1)\n";
        else if (mb(peak - base) > opt.rss_growth_mb) fail("serve's RSS grew by more than " + std::to_string(opt.rss_growth_mb) + " MB");
    }

    std::cout << "totals over " << std::fixed << std::setprecision(1) << total_secs << " s: " << all.platform_calls()
              << " platform requests, " << all.admin_calls << " admin calls, max latency " << std::setprecision(0) << all.max_ms << " ms\n";
    for (auto& [endpoint, counts] : all.by_endpoint) {
        std::cout << "  " << endpoint << ":";
        for (int o = 0; o < kOutcomes; ++o)
            if (counts[o]) std::cout << " " << kOutcomeNames[o] << " " << counts[o];
        std::cout << "\n";
    }
    for (auto& w : all.wrong) std::cout << "  unexpected: " << w << "\n";

    std::cout << "hostile requests, each on a connection of its own: " << hostile_all.requests << "\n";
    for (auto& [kind, outcomes] : hostile_all.by_kind) {
        std::cout << "  " << kind << ":";
        for (auto& [outcome, n] : outcomes) std::cout << " [" << outcome << "] " << n;
        std::cout << "\n";
    }
    for (auto& w : hostile_all.samples) std::cout << "  not refused as documented: " << w << "\n";
    std::vector<std::string> slow_failures;
    std::cout << "slow clients: " << slow.stop(slow_failures) << "\n";
    for (auto& w : slow_failures) fail(w);

    const int status = serve.stop(60000);
    std::cout << "serve exit status after SIGTERM: " << status << "\n";
    if (status != 0) fail("serve did not exit cleanly on SIGTERM (status " + std::to_string(status) +
                          "; under ASan a LeakSanitizer report above gives the reason)");
    std::cout << (failed ? "soak: FAILED\n" : "soak: passed\n");
    return failed ? 1 : 0;
}
