// HttpHost: HTTP/1.1 on Boost.Asio, event-driven. A few I/O threads (one io_context each) hold
// every connection; a connection costs a socket and under 3 KB while it waits, so thousands
// of idle or trickling clients never keep a fresh one waiting. Requests are read by http_wire's
// RequestReader (Boost.Beast's parser under RFC 9112's framing rules). Every phase of a connection
// has a deadline, checked four times a second per I/O thread; near the process's connection cap the
// idle keep-alive connections are closed first. Socket faults act on the connection's own socket.
#include "loginscope/http.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <list>
#include <set>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include "drained_read.hpp"
#include "http_wire.hpp"
#include "worker_threads.hpp"

namespace ls {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;
using boost::system::error_code;

namespace {

// A connection closing after its reply reads what the client still sends for up to kLinger, so the
// reply is not lost to a reset. (The other deadlines: HttpDeadlines.)
constexpr auto kLinger = std::chrono::seconds(2);
constexpr auto kSweepEvery = std::chrono::milliseconds(250);
constexpr size_t kBodyBudget = HttpLimits::kBodiesInFlight;
std::atomic<size_t> g_open{0};         // connections open in all hosts of the process
std::atomic<size_t> g_body_bytes{0};   // body bytes reserved by requests being read

// The process raises its open-file limit to what thousands of connections need (up to the hard
// limit), once; the connection cap leaves room for the files and sockets of everything else.
size_t connection_cap() {
    static const size_t cap = [] {
        rlimit r{};
        if (::getrlimit(RLIMIT_NOFILE, &r) != 0) return size_t(900);
        const rlim_t want = std::min<rlim_t>(r.rlim_max, 65536);
        if (r.rlim_cur < want) {
            r.rlim_cur = want;
            ::setrlimit(RLIMIT_NOFILE, &r);
            ::getrlimit(RLIMIT_NOFILE, &r);
        }
        return r.rlim_cur > 1024 ? size_t(r.rlim_cur - 256) : size_t(r.rlim_cur * 3 / 4);
    }();
    return cap;
}

enum class Phase { Idle, Head, Body, Service, Write, Hang, Linger };

class Connection;
using ConnectionPtr = std::shared_ptr<Connection>;

}  // namespace

// One I/O thread: its io_context, the connections it holds and the sweeper of their deadlines.
struct HttpHost::Loop {
    asio::io_context ctx{1};
    asio::executor_work_guard<asio::io_context::executor_type> work{ctx.get_executor()};
    asio::steady_timer sweeper{ctx};
    std::list<ConnectionPtr> connections;
    std::vector<char> scratch = std::vector<char>(64 * 1024);  // what one read takes in
    std::thread thread;
    void sweep(Server& srv, bool evict);
    void close_all();
};

struct HttpHost::Server {
    HttpHost& host;
    Service service;
    ServiceCalls calls;
    HttpDeadlines deadlines;
    asio::io_context accept_ctx{1};
    asio::executor_work_guard<asio::io_context::executor_type> accept_work{accept_ctx.get_executor()};
    tcp::acceptor acceptor{accept_ctx};
    asio::steady_timer accept_pause{accept_ctx};
    std::thread accept_thread;
    std::vector<std::unique_ptr<Loop>> loops;
    size_t next_loop = 0;
    WorkerThreads workers;
    std::atomic<bool> stopping{false};
    std::atomic<uint64_t> published{0};  // port() releases, each accept acquires (see port())
    std::mutex hang_mu;
    std::set<ConnectionPtr> hanging;  // connections holding a hang: release_hangs() ends them

    Server(HttpHost& h, Service s, ServiceCalls c, HttpDeadlines d)
        : host(h), service(std::move(s)), calls(c), deadlines(d) {}
    void accept();
};

namespace {

// A service's answer, or what it threw (answered 500 with cpp-httplib's EXCEPTION_WHAT header).
struct Outcome {
    Delivery delivery;
    std::string exception_what;
};

Outcome call_service(const Service& service, const HttpRequest& req) {
    Outcome out;
    try {
        out.delivery = service(req);
        return out;
    } catch (const std::exception& e) {
        out.exception_what = e.what();
    } catch (...) {
        out.exception_what = "unknown exception";
    }
    std::replace(out.exception_what.begin(), out.exception_what.end(), '\r', ' ');
    std::replace(out.exception_what.begin(), out.exception_what.end(), '\n', ' ');
    return out;
}

class Connection : public std::enable_shared_from_this<Connection> {
public:
    Connection(HttpHost::Server& srv, HttpHost::Loop& loop, tcp::socket s)
        : srv_(srv), loop_(loop), socket_(std::move(s)) {}

    void start(std::list<ConnectionPtr>::iterator self) {
        self_ = self;
        error_code ec;
        socket_.non_blocking(true, ec);
        socket_.set_option(tcp::no_delay(true), ec);  // a reply is one segment, sent at once
        enter(Phase::Idle, srv_.deadlines.idle);
        read_more();
    }

    Phase phase() const { return phase_; }
    SteadyClock::time_point deadline() const { return deadline_; }
    bool expired(SteadyClock::time_point now) const {
        return phase_ != Phase::Service && phase_ != Phase::Hang && deadline_ <= now;
    }

    // Closes the socket (a FIN, or an RST with `abort`); pending operations end with an error.
    void finish(bool abort = false) {
        if (closed_) return;
        closed_ = true;
        release_body_budget();
        error_code ec;
        if (abort) socket_.set_option(asio::socket_base::linger(true, 0), ec);  // close() then sends RST
        socket_.close(ec);
        if (hang_timer_) hang_timer_->cancel();
        g_open.fetch_sub(1);
        auto keep = shared_from_this();  // erasing drops the loop's reference
        loop_.connections.erase(self_);
    }

    asio::io_context& context() { return loop_.ctx; }

    // Ends a hang now (release_hangs, shutdown): the socket is reset, as when the hang runs out.
    void end_hang() {
        if (hang_timer_) hang_timer_->cancel();
    }

private:
    void enter(Phase p, SteadyClock::duration limit) {
        phase_ = p;
        deadline_ = SteadyClock::now() + limit;
    }

    // Waits for the next bytes with a read into the connection's own small buffer. A pending read
    // costs no syscall to set up (a wait for readiness re-arms epoll every time), and after a short
    // read none is tried before the next edge (drained_read.hpp): a keep-alive request costs one recv.
    void read_more() {
        async_read_drained(socket_, inbox_.data(), inbox_.size(), [self = shared_from_this()](const error_code& ec, size_t n) {
            if (ec) return self->finish();
            self->on_read(n);
        });
    }

    void on_read(size_t n) {
        keep(inbox_.data(), n);
        if (n == inbox_.size()) read_scratch();  // more may be waiting (a body)
        if (phase_ == Phase::Linger) return read_more();
        process();
    }

    // One read of what the socket holds now through the loop's scratch (64 KB, shared by its
    // connections, so read and used at once). An error or the end of the stream is left for the next
    // read to meet, after what came before it has been answered.
    void read_scratch() {
        error_code ec;
        const size_t n = socket_.read_some(asio::buffer(loop_.scratch), ec);
        if (!ec) keep(loop_.scratch.data(), n);
    }

    void keep(const char* bytes, size_t n) {
        if (phase_ != Phase::Linger) pending_.append(bytes, n);  // what a closing client still sends: dropped
    }

    // Reads what has arrived; answers a whole request, or waits for more.
    void process() {
        size_t used = 0;
        const auto status = reader_.feed(pending_, used);
        pending_.erase(0, used);
        if (status == wire::RequestReader::Status::Refused) return refuse(reader_.refusal());
        if (status == wire::RequestReader::Status::NeedMore) {
            track_phase();
            if (!reserve_body_budget()) return refuse(503);
            if (reader_.take_continue()) send_now("HTTP/1.1 100 Continue\r\n\r\n");
            if (phase_ == Phase::Idle && pending_.capacity() > 4096) std::string().swap(pending_);
            return read_more();
        }
        bool close = false;
        reader_.take(request_, close);
        release_body_budget();
        dispatch(close || srv_.stopping);
    }

    // The phase a request being read is in sets its deadline: the head's from its first byte, the
    // body's from the end of the head, by the size it declares.
    void track_phase() {
        if (!reader_.started()) {
            if (phase_ != Phase::Idle) enter(Phase::Idle, srv_.deadlines.idle);
        } else if (!reader_.head_done()) {
            if (phase_ != Phase::Head) enter(Phase::Head, srv_.deadlines.head);
        } else if (phase_ != Phase::Body) {
            const auto& d = srv_.deadlines;
            enter(Phase::Body, d.body + std::chrono::seconds(expected_body() / std::max<uint64_t>(d.body_min_rate, 1)));
        }
    }

    // The body the head announces: its Content-Length, or for a chunked one the endpoint's limit.
    size_t expected_body() const {
        return size_t(reader_.declared_body().value_or(wire::body_limit(reader_.target())));
    }

    // A request whose body is still to come holds its size (declared, else its limit) against
    // kBodyBudget; false when the budget cannot hold it.
    bool reserve_body_budget() {
        if (phase_ != Phase::Body || reserved_) return true;
        const size_t size = expected_body();
        if (size == 0) return true;
        if (g_body_bytes.fetch_add(size) + size > kBodyBudget) {
            g_body_bytes.fetch_sub(size);
            return false;
        }
        reserved_ = size;
        return true;
    }
    void release_body_budget() { g_body_bytes.fetch_sub(std::exchange(reserved_, 0)); }

    void refuse(int status) {
        release_body_budget();
        write(wire::protocol_error(status, reader_.target(), true), true);
    }

    // Answers request_ (on this thread, or a worker's with the request moved there).
    void dispatch(bool close) {
        close_after_ = close;
        const std::string& method = request_.method;
        if (method != "GET" && method != "POST" && method != "PUT" && method != "DELETE") {
            reader_.recycle(request_);  // like an answered one: an idle connection holds little of it
            return write(wire::reply_head(404, nullptr, 0, close), close);  // a method no service answers
        }
        phase_ = Phase::Service;  // no deadline: the sweep leaves a connection in a service alone
        if (srv_.calls == HttpHost::ServiceCalls::OnIoThreads) {
            Outcome out = call_service(srv_.service, request_);
            reader_.recycle(request_);  // an idle connection holds little of it
            return deliver(std::move(out));
        }
        srv_.workers.enqueue([self = shared_from_this(), req = std::move(request_)]() mutable {
            Outcome out = call_service(self->srv_.service, req);
            asio::post(self->loop_.ctx, [self, out = std::move(out)]() mutable {
                if (!self->closed_) self->deliver(std::move(out));
            });
        });
    }

    void deliver(Outcome out) {
        const bool close = close_after_ || srv_.stopping;
        if (!out.exception_what.empty()) return write(wire::reply_head(500, nullptr, 0, close, out.exception_what), close);
        Delivery& d = out.delivery;
        switch (d.action) {
            case SocketAction::None:
                if (d.stream) {
                    stream_ = std::move(d.stream);
                    return write(wire::chunked_head(d.reply.status, d.reply.content_type, close), close);
                }
                // Head and body in one send (one segment for a small reply), built in out_'s storage.
                wire::reply_into(out_, d.reply, close);
                return send_out(close);
            case SocketAction::Reset: return finish(true);
            case SocketAction::Empty: return finish();
            case SocketAction::Hang: return hang();
            case SocketAction::Cut: {
                // The declared length is the whole body; the connection closes after `cut_after` bytes of it.
                std::string out_bytes = wire::reply_head(d.reply.status, &d.reply.content_type, d.reply.body.size(), false);
                out_bytes.append(d.reply.body, 0, std::min(d.cut_after, d.reply.body.size()));
                cut_ = true;
                return write(std::move(out_bytes), true);
            }
        }
    }

    // Holds the socket silent for the host's hang limit (or until release_hangs), then resets it.
    void hang() {
        enter(Phase::Hang, {});
        if (srv_.stopping) return finish(true);
        hang_timer_ = std::make_unique<asio::steady_timer>(loop_.ctx);
        hang_timer_->expires_after(std::chrono::milliseconds(srv_.host.hang_limit_ms()));
        {
            std::lock_guard<std::mutex> lock(srv_.hang_mu);
            srv_.hanging.insert(shared_from_this());
        }
        hang_timer_->async_wait([self = shared_from_this()](const error_code&) {
            {
                std::lock_guard<std::mutex> lock(self->srv_.hang_mu);
                self->srv_.hanging.erase(self);
            }
            self->finish(true);
        });
    }

    // Sends what the socket takes now, without waiting (a 100 Continue).
    void send_now(const std::string& bytes) {
        error_code ec;
        asio::write(socket_, asio::buffer(bytes), ec);
    }

    // Sends `bytes` (at once when the socket takes them, else asynchronously), then goes on.
    void write(std::string bytes, bool close) {
        out_ = std::move(bytes);
        send_out(close);
    }

    // Sends out_, then closes or reads on.
    void send_out(bool close) {
        close_after_ = close;
        error_code ec;
        size_t sent = 0;
        while (sent < out_.size()) {
            const size_t n = socket_.write_some(asio::buffer(out_.data() + sent, out_.size() - sent), ec);
            if (ec) break;
            sent += n;
        }
        if (sent == out_.size()) return after_write();
        if (ec != asio::error::would_block && ec != asio::error::try_again) return finish();
        enter(Phase::Write, srv_.deadlines.write);
        asio::async_write(socket_, asio::buffer(out_.data() + sent, out_.size() - sent),
                          [self = shared_from_this()](const error_code& e, size_t) {
                              if (e) return self->finish();
                              self->after_write();
                          });
    }

    void after_write() {
        if (cut_) return finish();
        if (stream_) return write_next_piece();
        if (close_after_) return linger();
        enter(Phase::Idle, srv_.deadlines.idle);
        process();  // a pipelined request may be waiting already
    }

    // A streamed body: the next piece, as a chunk; the last chunk after the last piece.
    void write_next_piece() {
        std::string piece;
        bool more = false;
        try {
            more = stream_(piece);
        } catch (...) {
            return finish(true);  // the reply cannot be completed: its client must not take it as whole
        }
        std::string bytes = piece.empty() ? std::string() : wire::chunk(piece);
        if (!more) {
            stream_ = nullptr;
            bytes += wire::chunk("");
        }
        write(std::move(bytes), close_after_);
    }

    // After a reply that closes the connection: FIN, then what the client still sends is read and
    // dropped for a while, so that closing with unread bytes does not reset the reply away.
    void linger() {
        error_code ec;
        socket_.shutdown(tcp::socket::shutdown_send, ec);
        if (ec) return finish();
        enter(Phase::Linger, kLinger);
        read_more();
    }

    HttpHost::Server& srv_;
    HttpHost::Loop& loop_;
    DrainableSocket socket_;
    std::list<ConnectionPtr>::iterator self_;
    Phase phase_ = Phase::Idle;
    SteadyClock::time_point deadline_;
    wire::RequestReader reader_;
    HttpRequest request_;  // the request being answered; the next is read into its storage
    std::array<char, 2048> inbox_;  // what one read between requests takes in (a request is rarely larger)
    std::string pending_;  // bytes read and not yet taken by the reader
    std::string out_;      // the bytes being written
    std::function<bool(std::string&)> stream_;
    std::unique_ptr<asio::steady_timer> hang_timer_;
    size_t reserved_ = 0;
    bool close_after_ = false;
    bool cut_ = false;
    bool closed_ = false;
};

}  // namespace

// Closes the connections past their deadline; with `evict`, also the idle ones, oldest first, until
// the process is back under its connection cap's low-water mark.
void HttpHost::Loop::sweep(Server& srv, bool evict) {
    const auto now = SteadyClock::now();
    std::vector<ConnectionPtr> gone;
    std::vector<ConnectionPtr> idle;
    for (auto& c : connections) {
        if (c->expired(now)) gone.push_back(c);
        else if (evict && c->phase() == Phase::Idle) idle.push_back(c);
    }
    for (auto& c : gone) c->finish();
    if (evict) {
        const size_t low_water = connection_cap() * 3 / 4;
        std::sort(idle.begin(), idle.end(), [](const ConnectionPtr& a, const ConnectionPtr& b) {
            return a->deadline() < b->deadline();
        });
        for (auto& c : idle) {
            if (g_open.load() <= low_water) break;
            c->finish();
        }
    }
    if (srv.stopping) return;
    sweeper.expires_after(kSweepEvery);
    sweeper.async_wait([this, &srv](const error_code& ec) {
        if (!ec) sweep(srv, false);
    });
}

void HttpHost::Loop::close_all() {
    sweeper.cancel();
    std::vector<ConnectionPtr> all(connections.begin(), connections.end());
    for (auto& c : all) {
        if (c->phase() == Phase::Hang) c->end_hang();
        else if (c->phase() != Phase::Service) c->finish();  // one inside a service finishes it first
    }
    work.reset();
}

void HttpHost::Server::accept() {
    Loop& loop = *loops[next_loop++ % loops.size()];
    acceptor.async_accept(loop.ctx, [this, &loop](const error_code& ec, tcp::socket socket) {
        if (stopping || !acceptor.is_open()) return;
        if (ec) {
            // Out of descriptors: close idle connections, pause, try again.
            for (auto& l : loops) asio::post(l->ctx, [this, l = l.get()] { l->sweep(*this, true); });
            accept_pause.expires_after(std::chrono::milliseconds(20));
            accept_pause.async_wait([this](const error_code&) { if (!stopping) accept(); });
            return;
        }
        (void)published.load(std::memory_order_acquire);
        const size_t open = g_open.fetch_add(1) + 1;
        if (open >= connection_cap() * 9 / 10)  // near the cap: idle keep-alive connections go first
            for (auto& l : loops) asio::post(l->ctx, [this, l = l.get()] { l->sweep(*this, true); });
        if (open > connection_cap()) {
            g_open.fetch_sub(1);
            const std::string busy = wire::protocol_error(503, "", true);
            error_code ignored;
            socket.non_blocking(true, ignored);
            socket.write_some(asio::buffer(busy), ignored);
            socket.close(ignored);
        } else {
            asio::post(loop.ctx, [this, &loop, s = std::move(socket)]() mutable {
                auto conn = std::make_shared<Connection>(*this, loop, std::move(s));
                loop.connections.push_front(conn);
                conn->start(loop.connections.begin());
            });
        }
        accept();
    });
}

HttpHost::HttpHost(Service s, std::string bind_host, int port, ServiceCalls calls, HttpDeadlines deadlines)
    : server_(std::make_unique<Server>(*this, std::move(s), calls, deadlines)) {
    connection_cap();  // raises the open-file limit before the first connection
    Server& srv = *server_;
    error_code ec;
    tcp::resolver resolver(srv.accept_ctx);
    const auto found = resolver.resolve(bind_host, std::to_string(port), tcp::resolver::passive | tcp::resolver::numeric_service, ec);
    if (!ec) {
        for (const auto& entry : found) {
            error_code e;
            srv.acceptor.open(entry.endpoint().protocol(), e);
            if (e) continue;
            srv.acceptor.set_option(tcp::acceptor::reuse_address(true), e);
            srv.acceptor.bind(entry.endpoint(), e);
            if (!e) srv.acceptor.listen(asio::socket_base::max_listen_connections, e);
            if (!e) break;
            srv.acceptor.close();
        }
    }
    if (!srv.acceptor.is_open()) {
        port_ = -1;
        return;
    }
    port_ = srv.acceptor.local_endpoint(ec).port();
    const unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
    for (unsigned i = 0; i < threads; ++i) {
        srv.loops.push_back(std::make_unique<Loop>());
        Loop& loop = *srv.loops.back();
        asio::post(loop.ctx, [&loop, &srv] { loop.sweep(srv, false); });
        loop.thread = std::thread([&loop] { loop.ctx.run(); });
    }
    srv.accept();
    srv.accept_thread = std::thread([&srv] { srv.accept_ctx.run(); });
}

int HttpHost::port() const {
    if (server_) server_->published.fetch_add(1, std::memory_order_release);
    return port_;
}

void HttpHost::release_hangs() {
    if (!server_) return;
    std::lock_guard<std::mutex> lock(server_->hang_mu);
    for (auto& c : server_->hanging)
        asio::post(c->context(), [c] { c->end_hang(); });
}

HttpHost::~HttpHost() {
    Server& srv = *server_;
    srv.stopping = true;
    release_hangs();
    if (srv.accept_thread.joinable()) {
        asio::post(srv.accept_ctx, [&srv] {
            error_code ec;
            srv.acceptor.close(ec);
            srv.accept_pause.cancel();
            srv.accept_work.reset();
        });
        srv.accept_thread.join();
    }
    srv.workers.shutdown();  // calls under way finish and hand their replies to their loops
    for (auto& loop : srv.loops) asio::post(loop->ctx, [l = loop.get()] { l->close_all(); });
    for (auto& loop : srv.loops)
        if (loop->thread.joinable()) loop->thread.join();
}

}  // namespace ls
