#pragma once
// The one scheduler for background work: periodic jobs (refresh the DNSBL zones every 500 ms)
// and one-shot timers (a deadline passes, a drill inject is due). Time comes from a Clock, so
// tests drive it with FakeClock and RunDue(), never sleep.
//
// A job returns a Status. A failed job, or one that throws, is logged with its name and retried
// with back-off (its period, or 1 s for a timer, doubled per consecutive failure, at most
// `max_backoff`); the process lives on. A job that succeeds again returns to its period.
// Thread-safe; jobs run one at a time, on the thread that calls RunDue() (the background thread
// after Start()).

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <thread>

#include "common/status.h"
#include "common/thread_annotations.h"
#include "common/time.h"

namespace concord {

class Scheduler {
 public:
  using Job = std::function<Status()>;
  using JobId = uint64_t;

  explicit Scheduler(const Clock& clock, Micros max_backoff = 3600'000'000)
      : clock_(clock), max_backoff_(max_backoff) {}
  ~Scheduler();

  // Runs `job` every `period`, the first time `first_delay` from now.
  JobId Every(std::string name, Micros period, Job job, Micros first_delay = 0) EXCLUDES(mu_);
  // Runs `job` once at `when` (at once if that has passed); retried until it succeeds.
  JobId At(std::string name, Micros when, Job job) EXCLUDES(mu_);
  void Cancel(JobId id) EXCLUDES(mu_);

  // Runs every job due at the clock's now, in due order; returns how many ran.
  size_t RunDue() EXCLUDES(mu_);
  // When the next job is due, if any.
  std::optional<Micros> NextDue() EXCLUDES(mu_);

  // Consecutive failures of a job so far (0 after a success); nothing for an unknown id.
  std::optional<int> Failures(JobId id) EXCLUDES(mu_);

  // A thread that runs RunDue() whenever a job is due (checking at least every `tick`), until
  // Stop(). For the real clock.
  void Start(Micros tick = 100'000) EXCLUDES(mu_);
  void Stop() EXCLUDES(mu_);

 private:
  struct Entry {
    std::string name;
    Micros period = 0;  // 0: a one-shot timer
    Micros due = 0;
    int failures = 0;
    Job job;
  };
  // Runs one job outside the lock; false when it failed (logged).
  static bool RunOne(const std::string& name, const Job& job);

  const Clock& clock_;
  const Micros max_backoff_;
  Mutex mu_;
  std::map<JobId, Entry> jobs_ GUARDED_BY(mu_);
  JobId next_id_ GUARDED_BY(mu_) = 1;
  bool stopping_ GUARDED_BY(mu_) = false;
  CondVar wake_;
  std::thread thread_;
};

}  // namespace concord
