#pragma once
// A loopback port nothing listens on now (the kernel's pick for a socket closed at once): for a
// backend process that must be told its port before it starts (the audit tests, the audit benchmark).
#include "loginscope/backend.hpp"

namespace ls::test {

inline int free_port() { return free_loopback_port(); }

}  // namespace ls::test
