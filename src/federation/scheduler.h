#pragma once
// The sync schedule `serve` runs: each active peer is synced (pulled from, then pushed to; see
// sync.h) every `interval`; after a failure
// the next attempt waits interval × 2^failures (at most an hour), with ±20% jitter so that many
// nodes recovering together do not hit a peer at the same moment. Peers added, paused or removed
// by the CLI while the server runs are picked up on the next tick. One background thread.
// Several processes on one database (PostgreSQL) share the work: a peer is synced by one of
// them at a time (Database::TryExclusive), and not again by another within its interval.
// Push on change: between full syncs, a peer with push_to is checked once a second for versions
// added since its last push (HasUnpushed: one indexed read, no network) and, when there are
// some, pushed to at once, so an update reaches the peer in about a second rather than at the
// next interval; the pull stays on the interval (the fallback for a peer that cannot be pushed
// to, or when a push failed). A failed push waits 30 s; a peer whose sync is failing is left to
// the sync's back-off.

#include <atomic>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>

#include "common/scheduler.h"
#include "common/thread_annotations.h"
#include "common/time.h"
#include "store/database.h"

namespace concord::federation {

class Scheduler {
 public:
  Scheduler(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}
  ~Scheduler();
  void Start();
  // When the peer will next be pulled (0: at the next tick), for GET /api/v1/peers.
  Micros NextAttempt(int64_t peer_id) const;
  // The delay before the next attempt after `failures` consecutive failures.
  static Micros Backoff(Micros interval, int64_t failures, double jitter);

 private:
  // One pass over the peers: pulls (and pushes) those that are due.
  Status Tick();
  // For a peer not due: pushes what was added since its last push, if anything was.
  void PushIfChanged(const store::Peer& p, Micros now);

  static constexpr Micros kPushCheckEvery = 1'000'000;
  static constexpr Micros kPushRetryAfter = 30'000'000;

  store::Database& db_;
  const Clock& clock_;
  mutable Mutex mu_;
  std::map<int64_t, Micros> next_ GUARDED_BY(mu_);
  std::map<int64_t, Micros> next_push_check_ GUARDED_BY(mu_);
  std::mt19937 rng_{std::random_device{}()};
  std::atomic<bool> stop_{false};
  // Its own scheduler thread (concord::Scheduler), so a slow peer delays no other job.
  std::unique_ptr<concord::Scheduler> ticker_;
};

}  // namespace concord::federation
