#include "store/importer.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "common/thread_annotations.h"
#include "stix/bundle_reader.h"
#include "stix/validate.h"
#include "store/tombstone.h"

namespace concord::store {
namespace {

// One object waiting to be written, with its position in the input for messages.
struct Pending {
  size_t index = 0;
  ObjectRecord record;
};

struct Batch {
  std::vector<Pending> items;  // slots are reused so their strings keep their capacity
  size_t used = 0;
  size_t bytes = 0;
  size_t read_so_far = 0;  // objects read from the input when this batch was closed
};

// Two-stage pipeline on two cores: the calling thread reads, validates and canonicalises; a
// writer thread commits batches to the store. At most two batches are in flight, so memory is
// bounded by 3 x batch_size objects whatever the input size.
class Importer {
 public:
  Importer(ObjectStore& store, const ImportOptions& options, ImportStats* stats)
      : store_(store), options_(options), stats_(stats) {
    for (int i = 0; i < 3; ++i) free_.push_back(std::make_unique<Batch>());
    open_ = TakeFree();
  }

  Status Run(std::string_view text) {
    std::thread writer([this] { WriterLoop(); });
    Status read = stix::ReadObjects(text, [this](const stix::RawObject& o) { return Add(o); });
    // After a syntax error the objects read before it are complete and valid: they are kept
    // (in strict mode nothing is). The broken object and everything after it are not read.
    if (open_->used > 0) Send(std::move(open_));
    {
      MutexLock lock(mu_);
      input_done_ = true;
      // Strict mode commits its single transaction only if the whole input was good.
      commit_at_end_ = read.ok() && stats_->rejected == 0;
    }
    cv_.notify_all();
    writer.join();
    MutexLock lock(mu_);
    if (!writer_status_.ok()) return writer_status_;
    return read;
  }

 private:
  Status Add(const stix::RawObject& o) {
    ++stats_->read;
    {
      MutexLock lock(mu_);
      if (!writer_status_.ok()) return writer_status_;
    }
    if (open_->used == open_->items.size()) open_->items.emplace_back();
    Pending& p = open_->items[open_->used];
    if (o.value.raw().size() > options_.max_object_bytes) {
      Reject(o, "object is " + std::to_string(o.value.raw().size()) + " bytes, over the limit of " +
                    std::to_string(options_.max_object_bytes));
      return Status::Ok();
    }
    Status st = stix::Validate(o.value, &p.record.meta);
    if (!st.ok()) {
      Reject(o, st.message());
      return Status::Ok();
    }
    p.record.json.clear();
    json::Minify(o.value.raw(), &p.record.json);
    p.record.received_from = options_.received_from;
    p.index = o.index;
    open_->bytes += p.record.json.size();
    if (++open_->used >= options_.batch_size || open_->bytes >= options_.batch_bytes) {
      open_->read_so_far = stats_->read;
      Send(std::move(open_));
      open_ = TakeFree();
      // Everything up to the end of this object now lives in the batches.
      if (options_.on_input_consumed) options_.on_input_consumed(o.offset + o.value.raw().size());
    }
    return Status::Ok();
  }

  void Reject(const stix::RawObject& o, const std::string& why) {
    ++stats_->rejected;
    std::string id = o.value.is_object() ? o.value["id"].str() : "";
    Problem(o.index, id, why);
  }

  void Problem(size_t index, const std::string& id, const std::string& why) {
    if (!options_.on_problem) return;
    std::string line = "object " + std::to_string(index);
    if (!id.empty()) line += " (" + id + ")";
    MutexLock lock(report_mu_);
    options_.on_problem(line + ": " + why);
  }

  std::unique_ptr<Batch> TakeFree() {
    MutexLock lock(mu_);
    cv_.wait(mu_, [this]() REQUIRES(mu_) { return !free_.empty(); });
    auto b = std::move(free_.back());
    free_.pop_back();
    b->used = 0;
    b->bytes = 0;
    return b;
  }

  void Send(std::unique_ptr<Batch> b) {
    if (b->read_so_far == 0) b->read_so_far = stats_->read;
    {
      MutexLock lock(mu_);
      full_.push_back(std::move(b));
    }
    cv_.notify_all();
  }

  void WriterLoop() {
    std::unique_ptr<ObjectWriter> writer;
    Status st;
    while (true) {
      std::unique_ptr<Batch> batch;
      bool finish = false;
      {
        MutexLock lock(mu_);
        cv_.wait(mu_, [this]() REQUIRES(mu_) { return !full_.empty() || input_done_; });
        if (!full_.empty()) {
          batch = std::move(full_.front());
          full_.pop_front();
        } else {
          finish = true;
        }
      }
      if (finish) break;
      if (st.ok()) st = Write(*batch, &writer);
      batch->read_so_far = 0;
      {
        MutexLock lock(mu_);
        free_.push_back(std::move(batch));
        if (!st.ok()) writer_status_ = st;
      }
      cv_.notify_all();
    }
    bool commit_at_end = false;
    {
      MutexLock lock(mu_);
      commit_at_end = commit_at_end_;
    }
    if (st.ok() && options_.strict && commit_at_end) {
      if (!writer) {
        auto w = store_.BeginWrite();  // an empty input still "commits" nothing, successfully
        st = w.ok() ? Status::Ok() : w.status();
      } else {
        if (options_.before_commit) st = options_.before_commit(*writer);
        if (st.ok()) st = writer->Commit();
        writer.reset();
      }
      if (st.ok()) {
        stats_->committed = true;
        if (options_.on_commit) options_.on_commit(stats_->read);
      }
    }
    writer.reset();  // strict with rejections or errors: rolls back
    MutexLock lock(mu_);
    if (!st.ok()) writer_status_ = st;
  }

  Status Write(const Batch& batch, std::unique_ptr<ObjectWriter>* writer) {
    if (!*writer) {
      auto w = store_.BeginWrite();
      if (!w.ok()) return w.status();
      *writer = std::move(w.value());
    }
    std::vector<std::string_view> ids(batch.used);
    for (size_t i = 0; i < batch.used; ++i) ids[i] = batch.items[i].record.meta.id;
    CONCORD_RETURN_IF_ERROR((*writer)->Expect(ids));
    for (size_t i = 0; i < batch.used; ++i) {
      const Pending& p = batch.items[i];
      auto r = PutObject(**writer, p.record, options_.supplier);
      if (!r.ok()) {
        const StatusCode code = r.status().code();
        if (code != StatusCode::kPermissionDenied && code != StatusCode::kInvalidArgument) {
          return r.status();  // the store failed
        }
        ++stats_->rejected;  // a tombstone that may not delete (reported; nothing written)
        Problem(p.index, p.record.meta.id, r.status().message());
        continue;
      }
      if (r->outcome == PutOutcome::kDeleted) {
        ++stats_->deleted;
        Problem(p.index, p.record.meta.id, "deleted by its originator: not stored again");
        continue;
      }
      if (!options_.collection_id.empty()) {
        CONCORD_RETURN_IF_ERROR((*writer)->AddToCollection(options_.collection_id, r->date_added));
      }
      if (r->outcome == PutOutcome::kAdded) {
        ++stats_->added;
        if (first_added_ == 0) first_added_ = r->date_added;
        continue;
      }
      ++stats_->unchanged;
      // Only versions repeated within this input are worth a word; re-imports are silent.
      if (first_added_ > 0 && r->date_added >= first_added_) {
        Problem(p.index, p.record.meta.id,
                r->same_json ? "duplicate of an earlier object with the same id and version; "
                               "stored once"
                             : "same id and version as an earlier object but different content; "
                               "the first was kept");
      }
    }
    if (!options_.strict) {
      if (options_.before_commit) CONCORD_RETURN_IF_ERROR(options_.before_commit(**writer));
      CONCORD_RETURN_IF_ERROR((*writer)->Commit());
      writer->reset();
      if (options_.on_commit) options_.on_commit(batch.read_so_far);
    }
    return Status::Ok();
  }

  ObjectStore& store_;
  const ImportOptions& options_;
  ImportStats* stats_;           // read/rejected: reader thread; added/unchanged: writer thread
  std::unique_ptr<Batch> open_;  // reader thread only

  Mutex mu_;
  CondVar cv_;
  std::vector<std::unique_ptr<Batch>> free_ GUARDED_BY(mu_);
  std::deque<std::unique_ptr<Batch>> full_ GUARDED_BY(mu_);
  bool input_done_ GUARDED_BY(mu_) = false;
  bool commit_at_end_ GUARDED_BY(mu_) = false;
  Status writer_status_ GUARDED_BY(mu_);
  Mutex report_mu_;         // serialises on_problem calls
  Micros first_added_ = 0;  // writer thread only
};

}  // namespace

Status ImportStix(ObjectStore& store, std::string_view text, const ImportOptions& options,
                  ImportStats* stats) {
  return Importer(store, options, stats).Run(text);
}

}  // namespace concord::store
