#pragma once
// A read on an Asio TCP socket that, like nginx, takes a short read as "the socket is drained".
//
// Asio 1.18 (Boost 1.74) remembers an edge of its edge-triggered epoll as "try a read at once", and
// forgets it only when a read meets the end of the stream. So every async_read_some after an answer
// first tries recv(), which at once fails with EAGAIN while the client is still reading the answer:
// at 64 connections half of all requests paid that extra system call. A stream socket that returned
// fewer bytes than asked for has nothing more to give until new bytes arrive, and new bytes raise a
// new edge (also when they arrive during the read), so DrainedRead reports such a read as
// done-and-exhausted: the next read is queued without a system call and performed on the next edge.
// Everything else (speculation while the flag stands, cancellation on close, errors) is Asio's own.
//
// This reaches into Asio's reactor (detail namespace), so it is built only against the Asio it was
// written for (1.18, epoll); any other Asio reads with its own async_read_some. The socket must be a
// DrainableSocket.
#include <sys/socket.h>

#include <cerrno>
#include <memory>
#include <utility>

#include <boost/asio/detail/reactor.hpp>
#include <boost/asio/detail/reactor_op.hpp>
#include <boost/asio/execution_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/version.hpp>

#if BOOST_ASIO_VERSION == 101800 && defined(BOOST_ASIO_HAS_EPOLL)
#define LS_DRAINED_READ 1
#endif

namespace ls {

// A tcp::socket whose reactor registration DrainedRead can reach.
class DrainableSocket : public boost::asio::ip::tcp::socket {
public:
    explicit DrainableSocket(boost::asio::ip::tcp::socket&& s) : boost::asio::ip::tcp::socket(std::move(s)) {}
    auto& implementation() { return impl_.get_implementation(); }
};

#ifdef LS_DRAINED_READ
template <class Handler>
class DrainedRead : public boost::asio::detail::reactor_op {
public:
    // Reads into [data, data + size) when bytes are there, then calls handler(error_code, size_t)
    // on the socket's io_context, as async_read_some does. The socket must be non-blocking.
    static void start(DrainableSocket& socket, char* data, size_t size, Handler handler) {
        auto& impl = socket.implementation();
        auto* op = new DrainedRead(impl.socket_, data, size, std::move(handler));
        boost::asio::use_service<boost::asio::detail::reactor>(socket.get_executor().context()).start_op(
            boost::asio::detail::reactor::read_op, impl.socket_, impl.reactor_data_, op, false, true);
    }

private:
    DrainedRead(int fd, char* data, size_t size, Handler handler)
        : reactor_op(boost::system::error_code(), &DrainedRead::perform, &DrainedRead::complete),
          fd_(fd), data_(data), size_(size), handler_(std::move(handler)) {}

    static status perform(reactor_op* base) {
        auto* op = static_cast<DrainedRead*>(base);
        for (;;) {
            const ssize_t n = ::recv(op->fd_, op->data_, op->size_, 0);
            if (n >= 0) {
                op->bytes_transferred_ = size_t(n);
                if (n == 0) op->ec_ = boost::asio::error::eof;
                return size_t(n) < op->size_ ? done_and_exhausted : done;
            }
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) return not_done;
            op->ec_ = boost::system::error_code(errno, boost::asio::error::get_system_category());
            return done;
        }
    }

    // owner is null when the io_context is destroyed with the read still queued: no call then.
    static void complete(void* owner, boost::asio::detail::operation* base, const boost::system::error_code&, size_t) {
        std::unique_ptr<DrainedRead> op(static_cast<DrainedRead*>(base));
        if (!owner) return;
        Handler handler = std::move(op->handler_);
        const boost::system::error_code ec = op->ec_;
        const size_t n = op->bytes_transferred_;
        op.reset();
        handler(ec, n);
    }

    int fd_;
    char* data_;
    size_t size_;
    Handler handler_;
};

#endif

// async_read_some with nginx's reading of a short read (above).
template <class Handler>
void async_read_drained(DrainableSocket& socket, char* data, size_t size, Handler handler) {
#ifdef LS_DRAINED_READ
    DrainedRead<Handler>::start(socket, data, size, std::move(handler));
#else
    socket.async_read_some(boost::asio::buffer(data, size), std::move(handler));
#endif
}

}  // namespace ls
