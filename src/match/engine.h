#pragma once
// MatchEngine: keeps an IndicatorSet of the store's active indicators current.
//
// A Snapshot is what readers match against: an immutable base set, the base indicators that have
// since been superseded (revoked, expired or edited), and a small delta set of indicators added
// or changed since the base was built. Refresh() (every 250 ms in `serve`) reads only what the
// store added since its cursor, rebuilds the delta and publishes a new Snapshot by swapping one
// pointer; readers never lock. When the delta outgrows its bound, or an indicator's valid_from /
// valid_until passes, the base is rebuilt (by the refreshing thread, while readers keep the old
// snapshot).

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/scheduler.h"
#include "common/status.h"
#include "common/thread_annotations.h"
#include "common/time.h"
#include "match/indicator_set.h"
#include "store/object_store.h"

namespace concord::match {

// What matching needs of an indicator version.
struct IndicatorVersion {
  std::string id, name, pattern, pattern_type;
  bool revoked = false;
  Micros valid_from = 0;
  Micros valid_until = 0;  // 0: open-ended
  bool ActiveAt(Micros now) const {
    return !revoked && valid_from <= now && (valid_until == 0 || now < valid_until);
  }
};
// False when `json` is not an indicator with a pattern and a valid_from.
bool ReadIndicator(std::string_view json, IndicatorVersion* out);

struct LoadStats {
  size_t indicators = 0;  // latest versions seen
  size_t inactive = 0;    // revoked, not yet valid, or expired
  size_t indexed = 0;
  size_t evaluated = 0;
  size_t not_indexable = 0;
  size_t invalid = 0;
  std::map<std::string, size_t> not_indexable_reasons;
  std::vector<std::string> invalid_examples;  // "id: reason", the first few
  void Count(const IndicatorVersion& v, Result<AddOutcome> outcome, const std::string& reason);
};

class Snapshot {
 public:
  struct Hit {
    bool delta;
    uint32_t index;
    uint64_t observations;
  };
  Snapshot(std::shared_ptr<const IndicatorSet> base,
           std::shared_ptr<const std::vector<bool>> removed,
           std::shared_ptr<const IndicatorSet> delta, LoadStats stats);
  void Match(const PreparedRecord& record, std::vector<Hit>* hits) const;
  std::string IndicatorId(const Hit& hit) const;
  const LoadStats& stats() const { return stats_; }
  size_t MemoryBytes() const;

 private:
  std::shared_ptr<const IndicatorSet> base_;
  std::shared_ptr<const std::vector<bool>> removed_;  // by base index
  std::shared_ptr<const IndicatorSet> delta_;
  LoadStats stats_;
};

struct EngineOptions {
  IndicatorSetOptions set;
  size_t max_delta = 50'000;  // changed indicators before the base is rebuilt
};

class MatchEngine {
 public:
  MatchEngine(const store::ObjectStore& store, const Clock& clock, EngineOptions options = {});
  ~MatchEngine();

  // Builds the base from every active indicator.
  Status Load();
  // Picks up store changes and the passing of validity times. Not thread-safe with itself.
  Status Refresh();
  // Runs Refresh() every `interval` on its own scheduler thread until the engine is destroyed
  // (its own, so a long base rebuild delays no other job); a failure is logged and retried.
  void StartRefreshing(Micros interval);

  std::shared_ptr<const Snapshot> snapshot() const { return snapshot_.load(); }
  // Grows with every snapshot published: an answer derived from a snapshot (a search by value)
  // is cached under it, since the snapshot follows the store a moment after the data version.
  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }
  // The indicator's name from the store (cached), or "".
  std::string IndicatorName(const std::string& id) const;

 private:
  void Publish(LoadStats stats);
  void NoteValidity(const IndicatorVersion& v, Micros now);

  const store::ObjectStore& store_;
  const Clock& clock_;
  EngineOptions options_;
  std::atomic<std::shared_ptr<const Snapshot>> snapshot_;
  std::atomic<uint64_t> generation_{0};

  // Refresh state, touched only by the refreshing thread.
  std::shared_ptr<const IndicatorSet> base_;
  std::shared_ptr<const std::vector<bool>> removed_;
  std::unordered_map<std::string, IndicatorVersion> changed_;  // id -> latest version
  LoadStats base_stats_;
  Micros cursor_ = 0;            // the newest date_added read
  int64_t deletion_cursor_ = 0;  // the last deletion seen (ObjectStore::DeletedSince)
  Micros next_change_ = 0;       // the earliest future valid_from/valid_until (0: none)
  uint64_t data_version_ = 0;

  mutable Mutex names_mutex_;
  mutable std::unordered_map<std::string, std::string> names_ GUARDED_BY(names_mutex_);

  std::unique_ptr<Scheduler> refresher_;
};

}  // namespace concord::match
