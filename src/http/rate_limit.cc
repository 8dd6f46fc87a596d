#include "http/rate_limit.h"

#include <algorithm>
#include <cmath>

namespace concord::http {

Micros RateLimiter::Take(std::string_view address) {
  const Micros now = clock_.Now();
  MutexLock lock(mu_);
  auto it = buckets_.find(std::string(address));
  if (it == buckets_.end()) {
    if (buckets_.size() >= limit_.max_tracked) ForgetFullest();
    it = buckets_.emplace(std::string(address), Bucket{limit_.burst, now}).first;
  }
  Bucket& b = it->second;
  const double elapsed = static_cast<double>(std::max<Micros>(0, now - b.updated)) / 1e6;
  b.tokens = std::min(limit_.burst, b.tokens + elapsed * limit_.per_second);
  b.updated = now;
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return 0;
  }
  return static_cast<Micros>(std::ceil((1 - b.tokens) / limit_.per_second * 1e6));
}

void RateLimiter::ForgetFullest() {
  // Full buckets carry no information: drop them; if none is full, drop half the table (an
  // attacker cycling addresses gets fresh buckets either way, which is the bound we accept).
  const Micros now = clock_.Now();
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    const double refilled =
        it->second.tokens + static_cast<double>(now - it->second.updated) / 1e6 * limit_.per_second;
    it = refilled >= limit_.burst ? buckets_.erase(it) : std::next(it);
  }
  if (buckets_.size() >= limit_.max_tracked) {
    size_t drop = buckets_.size() / 2;
    for (auto it = buckets_.begin(); it != buckets_.end() && drop > 0; --drop)
      it = buckets_.erase(it);
  }
}

}  // namespace concord::http
