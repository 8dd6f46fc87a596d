#pragma once
// A minimal blocking DNS client for loopback: one UDP exchange with a server on 127.0.0.1.
// For tests, benchmarks and health checks of `concord serve --dns`; not a resolver.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace concord::dns {

struct LoopbackAnswer {
  uint16_t id = 0;
  int rcode = 0;
  std::string first_a;  // the first A record's address ("127.0.0.2"), "" when none
};

// Sends an A query for `name` to 127.0.0.1:`port` and waits up to `timeout_ms` for the answer.
std::optional<LoopbackAnswer> QueryLoopback(uint16_t port, const std::string& name, uint16_t id,
                                            int timeout_ms = 2000);

}  // namespace concord::dns
