#include "match/engine.h"

#include <chrono>
#include <unordered_set>

#include "common/json.h"

namespace concord::match {

bool ReadIndicator(std::string_view json_text, IndicatorVersion* out) {
  json::Document doc;
  if (!doc.ParseAll(json_text).ok()) return false;
  const json::Value root = doc.root();
  if (!root["type"].str_equals("indicator") || !root["pattern"].is_string()) return false;
  out->id = root["id"].str();
  out->name = root["name"].is_string() ? root["name"].str() : "";
  out->pattern = root["pattern"].str();
  out->pattern_type = root["pattern_type"].is_string() ? root["pattern_type"].str() : "stix";
  out->revoked = root["revoked"].is_bool() && root["revoked"].as_bool();
  auto from = ParseTimestamp(root["valid_from"].str());
  if (!from.ok()) return false;
  out->valid_from = *from;
  out->valid_until = 0;
  if (root["valid_until"].is_string()) {
    auto until = ParseTimestamp(root["valid_until"].str());
    if (!until.ok()) return false;
    out->valid_until = *until;
  }
  return true;
}

void LoadStats::Count(const IndicatorVersion& v, Result<AddOutcome> outcome,
                      const std::string& reason) {
  if (!outcome.ok()) {
    ++invalid;
    if (invalid_examples.size() < 10) {
      invalid_examples.push_back(v.id + ": " + outcome.status().message());
    }
    return;
  }
  switch (*outcome) {
    case AddOutcome::kIndexed:
      ++indexed;
      break;
    case AddOutcome::kEvaluated:
      ++evaluated;
      break;
    case AddOutcome::kNotIndexable:
      ++not_indexable;
      ++not_indexable_reasons[reason];
      break;
  }
}

Snapshot::Snapshot(std::shared_ptr<const IndicatorSet> base,
                   std::shared_ptr<const std::vector<bool>> removed,
                   std::shared_ptr<const IndicatorSet> delta, LoadStats stats)
    : base_(std::move(base)),
      removed_(std::move(removed)),
      delta_(std::move(delta)),
      stats_(std::move(stats)) {}

void Snapshot::Match(const PreparedRecord& record, std::vector<Hit>* hits) const {
  thread_local std::vector<match::Hit> found;
  found.clear();
  base_->Match(record, &found);
  for (const auto& h : found) {
    if (!(*removed_)[h.indicator]) hits->push_back({false, h.indicator, h.observations});
  }
  found.clear();
  delta_->Match(record, &found);
  for (const auto& h : found) hits->push_back({true, h.indicator, h.observations});
}

std::string Snapshot::IndicatorId(const Hit& hit) const {
  return (hit.delta ? delta_ : base_)->IndicatorId(hit.index);
}

size_t Snapshot::MemoryBytes() const {
  return base_->MemoryBytes() + delta_->MemoryBytes() + removed_->capacity() / 8;
}

MatchEngine::MatchEngine(const store::ObjectStore& store, const Clock& clock, EngineOptions options)
    : store_(store), clock_(clock), options_(options) {}

MatchEngine::~MatchEngine() {
  if (refresher_) refresher_->Stop();
}

void MatchEngine::NoteValidity(const IndicatorVersion& v, Micros now) {
  for (Micros t : {v.valid_from, v.valid_until}) {
    if (t > now && (next_change_ == 0 || t < next_change_)) next_change_ = t;
  }
}

Status MatchEngine::Load() {
  const Micros now = clock_.Now();
  auto version = store_.DataVersion();
  if (!version.ok()) return version.status();
  auto set = std::make_shared<IndicatorSet>(options_.set);
  LoadStats stats;
  Micros cursor = 0;
  next_change_ = 0;
  // Deletions before this load are already absent from the scan.
  auto deleted = store_.DeletedSince(deletion_cursor_, [](std::string_view) {});
  if (!deleted.ok()) return deleted.status();
  store::ObjectQuery q;
  q.types = {"indicator"};
  IndicatorVersion v;
  std::string reason;
  Status st = store_.Scan(q, [&](const store::StoredObject& o) {
    cursor = std::max(cursor, o.date_added);
    ++stats.indicators;
    if (!ReadIndicator(o.json, &v)) return true;
    NoteValidity(v, now);
    if (!v.ActiveAt(now)) {
      ++stats.inactive;
      return true;
    }
    if (v.pattern_type != "stix") {
      stats.Count(v, AddOutcome::kNotIndexable, "pattern_type " + v.pattern_type);
      return true;
    }
    uint32_t index;
    stats.Count(v, set->Add(v.id, v.pattern, &index, &reason), reason);
    return true;
  });
  if (!st.ok()) return st;
  CONCORD_RETURN_IF_ERROR(set->Compile());
  base_ = std::move(set);
  removed_ = std::make_shared<const std::vector<bool>>(base_->size(), false);
  changed_.clear();
  base_stats_ = stats;
  cursor_ = cursor;
  deletion_cursor_ = *deleted;
  data_version_ = *version;
  Publish(std::move(stats));
  return Status::Ok();
}

void MatchEngine::Publish(LoadStats stats) {
  auto delta = std::make_shared<IndicatorSet>(options_.set);
  const Micros now = clock_.Now();
  std::string reason;
  for (const auto& [id, v] : changed_) {
    if (!v.ActiveAt(now)) {
      ++stats.inactive;
      continue;
    }
    if (v.pattern_type != "stix") {
      stats.Count(v, AddOutcome::kNotIndexable, "pattern_type " + v.pattern_type);
      continue;
    }
    uint32_t index;
    stats.Count(v, delta->Add(v.id, v.pattern, &index, &reason), reason);
  }
  (void)delta->Compile();
  snapshot_.store(
      std::make_shared<const Snapshot>(base_, removed_, std::move(delta), std::move(stats)));
  generation_.fetch_add(1, std::memory_order_release);
}

Status MatchEngine::Refresh() {
  if (!base_) return Load();
  const Micros now = clock_.Now();
  if (next_change_ != 0 && now >= next_change_) return Load();
  auto version = store_.DataVersion();
  if (!version.ok()) return version.status();
  if (*version == data_version_) return Status::Ok();
  data_version_ = *version;
  store::ObjectQuery q;
  q.types = {"indicator"};
  q.added_after = cursor_;
  q.all_versions = true;
  std::unordered_set<std::string> ids;
  CONCORD_RETURN_IF_ERROR(store_.Scan(q, [&](const store::StoredObject& o) {
    cursor_ = std::max(cursor_, o.date_added);
    ids.insert(o.id);
    return true;
  }));
  std::vector<std::string> deleted_ids;
  auto deleted = store_.DeletedSince(deletion_cursor_,
                                     [&](std::string_view id) { deleted_ids.emplace_back(id); });
  if (!deleted.ok()) return deleted.status();
  deletion_cursor_ = *deleted;
  if (ids.empty() && deleted_ids.empty()) return Status::Ok();
  auto removed = std::make_shared<std::vector<bool>>(*removed_);
  for (const auto& id : deleted_ids) {
    if (const int64_t i = base_->Find(id); i >= 0) (*removed)[i] = true;
    changed_.erase(id);
    ids.erase(id);
  }
  for (const auto& id : ids) {
    auto versions = store_.Versions(id);
    if (!versions.ok()) return versions.status();
    // The newest version decides (a newer `modified` may arrive before an older one).
    const store::StoredObject* latest = nullptr;
    for (const auto& o : *versions) {
      if (!latest || o.version > latest->version) latest = &o;
    }
    IndicatorVersion v;
    if (!latest || !ReadIndicator(latest->json, &v)) continue;
    NoteValidity(v, now);
    if (const int64_t i = base_->Find(id); i >= 0) (*removed)[i] = true;
    changed_[id] = std::move(v);
  }
  removed_ = std::move(removed);
  if (changed_.size() > options_.max_delta) return Load();
  // Stats: the base's, less what was superseded, plus the delta's (counted by Publish).
  LoadStats stats = base_stats_;
  Publish(std::move(stats));
  return Status::Ok();
}

void MatchEngine::StartRefreshing(Micros interval) {
  refresher_ = std::make_unique<Scheduler>(clock_, /*max_backoff=*/10'000'000);
  refresher_->Every(
      "match refresh", interval, [this] { return Refresh(); }, interval);
  refresher_->Start(/*tick=*/std::min<Micros>(interval, 100'000));
}

std::string MatchEngine::IndicatorName(const std::string& id) const {
  {
    MutexLock lock(names_mutex_);
    if (auto it = names_.find(id); it != names_.end()) return it->second;
  }
  std::string name;
  if (auto versions = store_.Versions(id); versions.ok() && !versions->empty()) {
    IndicatorVersion v;
    if (ReadIndicator(versions->back().json, &v)) name = v.name;
  }
  MutexLock lock(names_mutex_);
  if (names_.size() > 100'000) names_.clear();  // a bound, not an LRU: names rarely change
  names_[id] = name;
  return name;
}

}  // namespace concord::match
