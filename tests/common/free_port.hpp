#pragma once
// A loopback port nothing listens on now, for a backend process that must be told its port before it
// starts (the audit tests, the audit benchmark). Drawn below the kernel's ephemeral range
// (/proc/sys/net/ipv4/ip_local_port_range, 32768 and up by default): between this pick and the
// backend's bind, no port-0 server and no outgoing connection of a parallel test can take it.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <mutex>
#include <random>

#include "loginscope/backend.hpp"

namespace ls::test {

inline int free_port() {
    static std::mutex mu;
    static std::mt19937 pick{std::random_device{}()};
    std::lock_guard<std::mutex> lock(mu);
    std::uniform_int_distribution<int> below_ephemeral(20000, 32000);
    for (int attempt = 0; attempt < 64; ++attempt) {
        const int port = below_ephemeral(pick);
        const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) break;
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = htons(uint16_t(port));
        const bool free = bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
        close(fd);
        if (free) return port;
    }
    return free_loopback_port();  // the kernel's pick, if that range is all taken
}

}  // namespace ls::test
