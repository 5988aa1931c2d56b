#pragma once
// HTTP/1.1 as a hostile or exacting client speaks it: bytes on a plain loopback socket, and what
// comes back, byte for byte ("<EOF>" marks the server's close). For the tests of HttpHost's wire.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>

namespace raw_http {

// A connected socket to 127.0.0.1:port, or -1.
inline int connect_to(int port) {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(uint16_t(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

// False when the socket did not take every byte (the server closed it, say).
inline bool send_text(int fd, const std::string& s) { return send(fd, s.data(), s.size(), MSG_NOSIGNAL) == ssize_t(s.size()); }

// What arrives until the peer closes ("<EOF>" appended) or nothing comes for `quiet_ms`.
inline std::string receive(int fd, int quiet_ms = 300) {
    std::string got;
    for (;;) {
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, quiet_ms) <= 0) return got;
        char buf[65536];
        const ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n <= 0) return got + "<EOF>";
        got.append(buf, size_t(n));
    }
}

// One whole reply (head and Content-Length bytes of body), waiting at most `limit_ms`.
inline std::string receive_reply(int fd, int limit_ms = 3000) {
    std::string got;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(limit_ms);
    for (;;) {
        const size_t head = got.find("\r\n\r\n");
        if (head != std::string::npos) {
            const size_t cl = got.find("Content-Length: ");
            if (cl != std::string::npos && cl < head && got.size() >= head + 4 + std::stoul(got.substr(cl + 16))) return got;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        pollfd p{fd, POLLIN, 0};
        if (left.count() <= 0 || poll(&p, 1, int(left.count())) <= 0) return got;
        char buf[4096];
        const ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n <= 0) return got + "<EOF>";
        got.append(buf, size_t(n));
    }
}

// A raw exchange on a new connection ("" when it cannot connect).
inline std::string raw(int port, const std::string& request, int quiet_ms = 300) {
    const int fd = connect_to(port);
    if (fd < 0) return "";
    send_text(fd, request);
    std::string got = receive(fd, quiet_ms);
    close(fd);
    return got;
}

}  // namespace raw_http
