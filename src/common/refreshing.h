#pragma once
// Refreshing<T>: an immutable T rebuilt when its source changes, published to readers as a
// shared pointer (the way match::IndicatorSet is published). The one way Concord keeps a
// derived structure (the directory index, DNSBL zones, ...) in step with the store.
//
//   Refreshing<DirectoryView> view(
//       [&db] { return db.objects().DataVersion(); },        // what "changed" means
//       [&db] { return BuildDirectoryView(db); },            // how to rebuild
//       clock, /*min_interval=*/500'000);
//   auto current = view.Get();   // Result<std::shared_ptr<const DirectoryView>>
//
// Get() checks the version at most once per `min_interval` and rebuilds when it moved; Refresh()
// checks now (the scheduler's periodic job calls it, so readers rarely pay for a rebuild). A
// failed rebuild keeps the previous T for readers and reports the error; the next check tries
// again. shared_ptr because readers keep a snapshot alive while a newer one is published.
// Thread-safe.

#include <cstdint>
#include <functional>
#include <memory>
#include <utility>

#include "common/status.h"
#include "common/thread_annotations.h"
#include "common/time.h"

namespace concord {

template <typename T>
class Refreshing {
 public:
  using VersionFn = std::function<Result<uint64_t>()>;
  using BuildFn = std::function<Result<T>()>;

  Refreshing(VersionFn version, BuildFn build, const Clock& clock, Micros min_interval)
      : version_(std::move(version)),
        build_(std::move(build)),
        clock_(clock),
        min_interval_(min_interval) {}

  // The current T, rebuilt first if the source changed and the last check is older than
  // min_interval. An error only when there has never been a T.
  Result<std::shared_ptr<const T>> Get() EXCLUDES(mu_) {
    MutexLock lock(mu_);
    if (current_ && clock_.Now() - checked_at_ < min_interval_) return current_;
    Status st = RefreshLocked(/*force=*/false);
    if (current_) return current_;
    return st;
  }

  // Checks the source now and rebuilds if it changed (or always, with `force`: for what
  // depends on time as well, such as expiring listings).
  Status Refresh(bool force = false) EXCLUDES(mu_) {
    MutexLock lock(mu_);
    return RefreshLocked(force);
  }

  // How many times T was built (tests and stats).
  uint64_t builds() EXCLUDES(mu_) {
    MutexLock lock(mu_);
    return builds_;
  }

 private:
  Status RefreshLocked(bool force) REQUIRES(mu_) {
    checked_at_ = clock_.Now();
    auto version = version_();
    if (!version.ok()) return version.status();
    if (current_ && !force && *version == version_seen_) return Status::Ok();
    auto built = build_();
    if (!built.ok()) return built.status();
    current_ = std::make_shared<const T>(std::move(built).value());
    version_seen_ = *version;
    ++builds_;
    return Status::Ok();
  }

  const VersionFn version_;
  const BuildFn build_;
  const Clock& clock_;
  const Micros min_interval_;
  Mutex mu_;
  std::shared_ptr<const T> current_ GUARDED_BY(mu_);
  uint64_t version_seen_ GUARDED_BY(mu_) = 0;
  Micros checked_at_ GUARDED_BY(mu_) = 0;
  uint64_t builds_ GUARDED_BY(mu_) = 0;
};

}  // namespace concord
