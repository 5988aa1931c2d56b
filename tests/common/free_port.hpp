#pragma once
// A loopback port nothing listens on now, for a backend process that must be told its port before it
// starts (the audit tests, the audit benchmark): free_loopback_port draws it below the kernel's
// ephemeral range, so no other socket of the run takes it before the backend binds it.
#include "loginscope/backend.hpp"

namespace ls::test {

inline int free_port() { return free_loopback_port(); }

}  // namespace ls::test
