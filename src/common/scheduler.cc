#include "common/scheduler.h"

#include <algorithm>
#include <exception>
#include <vector>

#include "common/log.h"

namespace concord {

Scheduler::~Scheduler() { Stop(); }

Scheduler::JobId Scheduler::Every(std::string name, Micros period, Job job, Micros first_delay) {
  MutexLock lock(mu_);
  const JobId id = next_id_++;
  jobs_[id] = Entry{std::move(name), std::max<Micros>(1, period), clock_.Now() + first_delay, 0,
                    std::move(job)};
  wake_.notify_all();
  return id;
}

Scheduler::JobId Scheduler::At(std::string name, Micros when, Job job) {
  MutexLock lock(mu_);
  const JobId id = next_id_++;
  jobs_[id] = Entry{std::move(name), 0, when, 0, std::move(job)};
  wake_.notify_all();
  return id;
}

void Scheduler::Cancel(JobId id) {
  MutexLock lock(mu_);
  jobs_.erase(id);
}

bool Scheduler::RunOne(const std::string& name, const Job& job) {
  try {
    Status st = job();
    if (st.ok()) return true;
    Log(LogLevel::kWarning, "scheduler", name + ": " + st.ToString());
  } catch (const std::exception& e) {
    Log(LogLevel::kError, "scheduler", name + ": exception: " + e.what());
  } catch (...) {
    Log(LogLevel::kError, "scheduler", name + ": unknown exception");
  }
  return false;
}

size_t Scheduler::RunDue() {
  // Take the due jobs under the lock, run them without it (a job may schedule or cancel).
  const Micros now = clock_.Now();
  std::vector<std::pair<JobId, Entry>> due;
  {
    MutexLock lock(mu_);
    for (const auto& [id, e] : jobs_) {
      if (e.due <= now) due.emplace_back(id, e);
    }
  }
  std::sort(due.begin(), due.end(),
            [](const auto& a, const auto& b) { return a.second.due < b.second.due; });
  for (const auto& [id, e] : due) {
    const bool ok = RunOne(e.name, e.job);
    MutexLock lock(mu_);
    auto it = jobs_.find(id);
    if (it == jobs_.end()) continue;  // cancelled while it ran
    Entry& entry = it->second;
    if (ok) {
      entry.failures = 0;
      if (entry.period == 0) {
        jobs_.erase(it);
        continue;
      }
      entry.due = now + entry.period;
      continue;
    }
    ++entry.failures;
    const Micros base = entry.period > 0 ? entry.period : 1'000'000;
    Micros backoff = base;
    for (int i = 1; i < entry.failures && backoff < max_backoff_; ++i) backoff *= 2;
    entry.due = now + std::min(backoff, max_backoff_);
  }
  return due.size();
}

std::optional<Micros> Scheduler::NextDue() {
  MutexLock lock(mu_);
  std::optional<Micros> next;
  for (const auto& [id, e] : jobs_) {
    if (!next || e.due < *next) next = e.due;
  }
  return next;
}

std::optional<int> Scheduler::Failures(JobId id) {
  MutexLock lock(mu_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return std::nullopt;
  return it->second.failures;
}

void Scheduler::Start(Micros tick) {
  {
    MutexLock lock(mu_);
    if (thread_.joinable()) return;
    stopping_ = false;
  }
  thread_ = std::thread([this, tick] {
    while (true) {
      RunDue();
      const std::optional<Micros> next = NextDue();
      const Micros now = clock_.Now();
      Micros wait = tick;
      if (next) wait = std::clamp<Micros>(*next - now, 0, tick);
      MutexLock lock(mu_);
      if (stopping_) return;
      wake_.wait_for(mu_, std::chrono::microseconds(wait));
      if (stopping_) return;
    }
  });
}

void Scheduler::Stop() {
  {
    MutexLock lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace concord
