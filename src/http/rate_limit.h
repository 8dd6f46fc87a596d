#pragma once
// A per-address request limit for routes anyone may call (a public form, a token
// acknowledgement): a token bucket per address, refilled continuously. Memory is bounded: past
// `max_tracked` addresses the fullest buckets are forgotten first (they are the ones nearest to
// their full allowance anyway). Thread-safe.

#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/thread_annotations.h"
#include "common/time.h"

namespace concord::http {

struct RateLimit {
  double burst = 30;             // requests an address may make at once
  double per_second = 0.5;       // refill: 30 a minute
  size_t max_tracked = 100'000;  // addresses remembered
};

class RateLimiter {
 public:
  RateLimiter(const Clock& clock, RateLimit limit = {}) : clock_(clock), limit_(limit) {}

  // Takes one request's token. 0 when allowed, else the microseconds until one is available
  // (for Retry-After).
  Micros Take(std::string_view address);

 private:
  struct Bucket {
    double tokens;
    Micros updated;
  };
  void ForgetFullest() REQUIRES(mu_);

  const Clock& clock_;
  const RateLimit limit_;
  Mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_ GUARDED_BY(mu_);
};

}  // namespace concord::http
