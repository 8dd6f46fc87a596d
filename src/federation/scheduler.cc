#include "federation/scheduler.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "federation/pusher.h"
#include "federation/sync.h"

namespace concord::federation {

Scheduler::~Scheduler() {
  stop_ = true;
  if (ticker_) ticker_->Stop();
}

void Scheduler::Start() {
  ticker_ = std::make_unique<concord::Scheduler>(clock_, /*max_backoff=*/10'000'000);
  ticker_->Every("federation", 250'000, [this] { return Tick(); });
  ticker_->Start(/*tick=*/50'000);
}

Micros Scheduler::Backoff(Micros interval, int64_t failures, double jitter) {
  constexpr Micros kMax = 3600LL * 1'000'000;
  Micros delay = interval;
  for (int64_t i = 0; i < failures && delay < kMax; ++i) delay *= 2;
  delay = std::min(delay, kMax);
  return static_cast<Micros>(static_cast<double>(delay) * jitter);
}

Micros Scheduler::NextAttempt(int64_t peer_id) const {
  MutexLock lock(mu_);
  auto it = next_.find(peer_id);
  return it == next_.end() ? 0 : it->second;
}

void Scheduler::PushIfChanged(const store::Peer& p, Micros now) {
  // A peer that is failing is left to the full sync's back-off.
  if (p.push_to.empty() || p.failures > 0) return;
  {
    MutexLock lock(mu_);
    Micros& next_check = next_push_check_[p.id];
    if (now < next_check) return;
    next_check = now + kPushCheckEvery;
  }
  auto changed = HasUnpushed(db_, p);
  if (!changed.ok() || !*changed) return;
  auto exclusive = db_.TryExclusive("sync:" + std::to_string(p.id));
  if (!exclusive.ok() || !*exclusive) return;  // another process is syncing it
  PushOptions options;
  options.log = [](const std::string& line) { std::fprintf(stderr, "push: %s\n", line.c_str()); };
  PushStats stats;
  const Status st = PushPeer(db_, p, options, &stats);
  if (st.ok()) return;
  std::fprintf(stderr, "push: %s failed (tried again in %lld s or at the next sync): %s\n",
               p.name.c_str(), static_cast<long long>(kPushRetryAfter / 1'000'000),
               st.message().c_str());
  MutexLock lock(mu_);
  next_push_check_[p.id] = clock_.Now() + kPushRetryAfter;
}

Status Scheduler::Tick() {
  auto peers = db_.peers().ListPeers();
  if (!peers.ok()) return peers.status();
  for (const auto& p : *peers) {
    if (stop_) return Status::Ok();
    if (p.paused) continue;
    const Micros now = clock_.Now();
    bool due = true;
    {
      MutexLock lock(mu_);
      auto it = next_.find(p.id);
      due = it == next_.end() || now >= it->second;
    }
    if (!due) {
      PushIfChanged(p, now);
      continue;
    }
    // Several `serve` processes on one database: one syncs a peer at a time, and a peer another
    // process attempted within its interval waits for the next one.
    auto exclusive = db_.TryExclusive("sync:" + std::to_string(p.id));
    if (!exclusive.ok()) return exclusive.status();
    if (!*exclusive) {
      MutexLock lock(mu_);
      next_[p.id] = now + p.interval;
      continue;
    }
    auto fresh = db_.peers().FindPeer(p.name);
    if (!fresh.ok()) continue;  // removed meanwhile
    if (fresh->last_attempt != 0 && now < fresh->last_attempt + fresh->interval) {
      MutexLock lock(mu_);
      next_[p.id] = fresh->last_attempt + fresh->interval;
      continue;
    }
    PullOptions options;
    options.log = [](const std::string& line) { std::fprintf(stderr, "sync: %s\n", line.c_str()); };
    const SyncReport report = SyncPeer(db_, *fresh, clock_, options);
    const Status& st = report.status;
    const Micros done = clock_.Now();
    const int64_t failures = st.ok() ? 0 : p.failures + 1;
    const double jitter = std::uniform_real_distribution<double>(0.8, 1.2)(rng_);
    MutexLock lock(mu_);
    next_[p.id] = done + (st.ok() ? p.interval : Backoff(p.interval, failures, jitter));
    if (!st.ok()) {
      std::fprintf(stderr, "sync: %s failed (%lld in a row): %s\n", p.name.c_str(),
                   static_cast<long long>(failures), st.message().c_str());
    }
  }
  return Status::Ok();
}

}  // namespace concord::federation
