#pragma once
// The STIX object store: every version (id, modified) of every object, immutable once written,
// with the node-assigned `date_added` that TAXII pages by.
//
// Contract:
//  - date_added is assigned by the store at Put, in milliseconds, strictly increasing across
//    the whole store (under bursts it runs ahead of the wall clock by at most 1 ms per object).
//  - Put of an (id, version) already stored adds nothing (kUnchanged); a newer or older version
//    is stored as another version.
//  - One ObjectWriter is one transaction: nothing is visible to readers until Commit(), and a
//    writer destroyed without Commit() rolls back. Only one writer exists at a time; BeginWrite
//    waits for the previous one.
// Implementations are thread-safe: any number of concurrent readers plus one writer.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "stix/object.h"

namespace concord::store {

// An object version to write: its validated metadata and canonical JSON text.
struct ObjectRecord {
  stix::ObjectMeta meta;
  std::string json;
};

struct StoredObject {
  Micros date_added = 0;
  std::string id;
  std::string type;
  std::string spec_version;
  std::string created_by_ref;
  Micros version = 0;
  std::string version_text;
  std::vector<std::string> marking_refs;
  bool revoked = false;
  std::string json;
};

enum class PutOutcome { kAdded, kUnchanged };

struct PutResult {
  PutOutcome outcome;
  Micros date_added;  // of the new row, or of the row already stored
  bool same_json;     // kUnchanged: whether the stored text equals the one given
};

class ObjectWriter {
 public:
  virtual ~ObjectWriter() = default;
  virtual Result<PutResult> Put(const ObjectRecord& record) = 0;
  virtual Status Commit() = 0;
};

struct ObjectQuery {
  std::vector<std::string> types;     // empty: all types
  std::vector<std::string> ids;       // empty: all ids
  std::optional<Micros> added_after;  // exclusive
  bool all_versions = false;          // false: only the latest version of each id
  size_t limit = 0;                   // 0: no limit
};

class ObjectStore {
 public:
  virtual ~ObjectStore() = default;
  virtual Result<std::unique_ptr<ObjectWriter>> BeginWrite() = 0;
  // Calls `fn` for each matching object in date_added order until it returns false.
  virtual Status Scan(const ObjectQuery& query,
                      const std::function<bool(const StoredObject&)>& fn) const = 0;
  virtual Result<int64_t> CountVersions() const = 0;
};

}  // namespace concord::store
