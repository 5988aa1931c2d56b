#pragma once
// Hostile clients for the serve soak, each on its own raw loopback TCP sockets (no HTTP library
// between them and serve's parser):
//   - Attacker: requests serve must refuse and close at once: bodies over the endpoint's limit
//     (declared 50 MB, or a chunked body growing past 64 KiB), and requests framed ambiguously
//     (Content-Length with Transfer-Encoding, two lengths, unknown codings, malformed lengths, no
//     Host) with a second request, POST /__admin/reset, smuggled behind them;
//   - SlowClients: connections that send nothing, and ones that trickle a request head a byte every
//     200 ms; serve must close them at its idle and head deadlines and never answer them.
// Both count what happened to every request and connection; anything but the documented refusal is
// a failure, described in a sample.
#include <atomic>
#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace hostile {

using Clock = std::chrono::steady_clock;

// The outcomes of hostile requests: by kind, by outcome ("413, closed"; or what went wrong).
struct Tally {
    std::map<std::string, std::map<std::string, long>> by_kind;
    long requests = 0;
    long failures = 0;
    std::vector<std::string> samples;  // a few failures, described

    void add(const std::string& kind, const std::string& outcome, bool failed);
    void merge(const Tally& t);
};

// Sends each hostile request on a fresh connection, over and over until `stop`; every answer must
// be the documented refusal (status, the endpoint's error shape, Connection: close), followed by the
// connection closing and nothing else (a second reply would be the smuggled request's), within
// `deadline_ms`.
class Attacker {
public:
    Attacker(int port, int deadline_ms) : port_(port), deadline_ms_(deadline_ms) {}
    void run(const std::atomic<bool>& stop, Tally& out) const;

private:
    int port_;
    int deadline_ms_;
};

// `silent` connections that never send a byte and `trickling` ones that send a request head that
// never ends, a byte every 200 ms, held open from start() to stop() in a thread of their own. One
// closed by serve is replaced by a fresh one. serve must close each no earlier than its deadline
// (idle 30 s, head 10 s from the first byte), and no later than a few seconds after; it must not
// answer them 2xx.
class SlowClients {
public:
    SlowClients(int port, int silent, int trickling) : port_(port), silent_(silent), trickling_(trickling) {}
    ~SlowClients();
    void start();
    // Stops, checks the connections still open against their deadlines, closes them, and returns
    // a summary line; failures are appended to `failures`.
    std::string stop(std::vector<std::string>& failures);

private:
    struct Conn {
        int fd = -1;
        bool trickle = false;
        Clock::time_point opened;  // the deadline runs from here (a trickler's first byte goes at once)
        size_t sent = 0;           // bytes of the endless head sent so far
        std::string got;           // what serve sent back (nothing, normally)
    };
    struct Kind {
        long opened = 0, closed = 0;
        double min_life = 0, max_life = 0;  // of those serve closed, in seconds
    };
    void run();
    void open_one(bool trickle);
    void closed_by_serve(const Conn& c, Clock::time_point now);

    int port_, silent_, trickling_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
    std::vector<Conn> conns_;  // the thread's while it runs
    Kind silent_kind_, trickle_kind_;
    std::vector<std::string> failures_;
};

}  // namespace hostile
