#include "store/importer.h"

#include <vector>

#include "stix/bundle_reader.h"
#include "stix/validate.h"

namespace concord::store {
namespace {

class Importer {
 public:
  Importer(ObjectStore& store, const ImportOptions& options, ImportStats* stats)
      : store_(store), options_(options), stats_(stats) {
    batch_.reserve(options.batch_size);
  }

  Status Run(std::string_view text) {
    Status read = stix::ReadObjects(text, [this](const stix::RawObject& o) { return Add(o); });
    if (!read.ok()) {
      // Whatever was read after the last commit belongs to the broken part: drop it.
      batch_.clear();
      writer_.reset();
      return read;
    }
    CONCORD_RETURN_IF_ERROR(Flush());
    if (options_.strict) {
      if (stats_->rejected > 0) {
        writer_.reset();  // rolls back
        return Status::Ok();
      }
      CONCORD_RETURN_IF_ERROR(Writer().status());
      CONCORD_RETURN_IF_ERROR(writer_->Commit());
      writer_.reset();
      stats_->committed = true;
      Committed();
    }
    return Status::Ok();
  }

 private:
  void Problem(const stix::RawObject& o, const std::string& id, const std::string& why) {
    if (!options_.on_problem) return;
    std::string line = "object " + std::to_string(o.index);
    if (!id.empty()) line += " (" + id + ")";
    options_.on_problem(line + ": " + why);
  }

  Status Add(const stix::RawObject& o) {
    ++stats_->read;
    Pending& p = Slot();
    if (o.value.raw().size() > options_.max_object_bytes) {
      Reject(o, o.value["id"].str(),
             "object is " + std::to_string(o.value.raw().size()) + " bytes, over the limit of " +
                 std::to_string(options_.max_object_bytes));
      return Status::Ok();
    }
    Status st = stix::Validate(o.value, &p.record.meta);
    if (!st.ok()) {
      Reject(o, o.value.is_object() ? o.value["id"].str() : "", st.message());
      return Status::Ok();
    }
    p.record.json.clear();
    json::Minify(o.value.raw(), &p.record.json);
    p.index = o.index;
    ++used_;
    if (used_ >= options_.batch_size) return Flush();
    return Status::Ok();
  }

  void Reject(const stix::RawObject& o, const std::string& id, const std::string& why) {
    ++stats_->rejected;
    Problem(o, id, why);
  }

  // Batch slots are reused across batches so their strings keep their capacity.
  struct Pending {
    size_t index = 0;
    ObjectRecord record;
  };
  Pending& Slot() {
    if (used_ == batch_.size()) batch_.emplace_back();
    return batch_[used_];
  }

  Result<ObjectWriter*> Writer() {
    if (!writer_) {
      auto w = store_.BeginWrite();
      if (!w.ok()) return w.status();
      writer_ = std::move(w.value());
    }
    return writer_.get();
  }

  Status Flush() {
    if (used_ == 0) return Status::Ok();
    auto w = Writer();
    if (!w.ok()) return w.status();
    for (size_t i = 0; i < used_; ++i) {
      const Pending& p = batch_[i];
      auto r = writer_->Put(p.record);
      if (!r.ok()) return r.status();
      if (r->outcome == PutOutcome::kAdded) {
        ++stats_->added;
        if (first_added_ == 0) first_added_ = r->date_added;
        continue;
      }
      ++stats_->unchanged;
      // Only versions repeated within this input are worth a word; re-imports are silent.
      if (first_added_ > 0 && r->date_added >= first_added_) {
        stix::RawObject where{p.index, 0, {}};
        Problem(where, p.record.meta.id,
                r->same_json ? "duplicate of an earlier object with the same id and version; "
                               "kept once"
                             : "same id and version as an earlier object but different "
                               "content; the first was kept");
      }
    }
    used_ = 0;
    if (!options_.strict) {
      CONCORD_RETURN_IF_ERROR(writer_->Commit());
      writer_.reset();
      Committed();
    }
    return Status::Ok();
  }

  void Committed() {
    if (options_.on_commit) options_.on_commit(stats_->read);
  }

  ObjectStore& store_;
  const ImportOptions& options_;
  ImportStats* stats_;
  std::vector<Pending> batch_;
  size_t used_ = 0;
  std::unique_ptr<ObjectWriter> writer_;
  Micros first_added_ = 0;  // date_added of the first version this import stored
};

}  // namespace

Status ImportStix(ObjectStore& store, std::string_view text, const ImportOptions& options,
                  ImportStats* stats) {
  return Importer(store, options, stats).Run(text);
}

}  // namespace concord::store
