#pragma once
// The STIX object store: every version (id, modified) of every object, immutable once written,
// with the node-assigned `date_added` that TAXII pages by.
//
// Contract:
//  - date_added is assigned by the store at Put, in milliseconds, strictly increasing across
//    the whole store (under bursts it runs ahead of the wall clock by at most 1 ms per object).
//  - Put of an (id, version) already stored adds nothing (kUnchanged); a newer or older version
//    is stored as another version.
//  - Delete removes every version of an object and leaves a tombstone: a later Put of the id
//    with the same originator (created_by_ref) adds nothing (kDeleted).
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
#include "store/ownership.h"
#include "store/transaction.h"

namespace concord::store {

// An object version to write: its validated metadata and canonical JSON text.
struct ObjectRecord {
  stix::ObjectMeta meta;
  std::string json;
  int64_t received_from = 0;  // the peer it came from (store::Peer::id); 0: made or imported here
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
  int64_t received_from = 0;  // provenance: the peer this version first came from, or 0
  std::string owner;          // the organisation (identity id) that owns the id here
};

enum class PutOutcome { kAdded, kUnchanged, kDeleted };

struct PutResult {
  PutOutcome outcome;
  Micros date_added;  // of the new row, or of the row already stored
  bool same_json;     // kUnchanged: whether the stored text equals the one given
};

// One write transaction on the store: objects here, and the typed parts of other records that
// must commit with them (Part<AuditWriter>(), Part<CursorWriter>(), a module's writer; see
// transaction.h).
class ObjectWriter : public Transaction {
 public:
  // A hint: the ids about to be Put in this transaction. Where every statement is a round trip
  // (PostgreSQL), the store looks them all up at once, and then streams the new versions in
  // (COPY) instead of two statements per object. Put's results are the same without it.
  virtual Status Expect(const std::vector<std::string_view>& ids) = 0;
  // Stores a version owned by `owner` (PutObject decides it: store/ownership.h).
  // PermissionDenied when stored versions of the id have another owner.
  virtual Result<PutResult> Put(const ObjectRecord& record, std::string_view owner) = 0;
  // What this node knows of the organisation with `identity` (for ownership decisions).
  virtual Result<Standing> StandingOf(std::string_view identity) = 0;
  // This node's own organisation's identity; "" before it exists.
  virtual Result<std::string> NodeIdentity() = 0;
  // The date_added of the stored version (id, version), if it is stored.
  virtual Result<std::optional<Micros>> Find(std::string_view id, Micros version) = 0;
  // Makes the stored version with `object_date_added` a member of the collection. Membership
  // has its own date_added (what TAXII clients page by), strictly increasing like objects'.
  // Adding a member twice keeps the first membership.
  virtual Status AddToCollection(std::string_view collection_id, Micros object_date_added) = 0;
  // Removes memberships (by their date_added, as Scan of the collection reports them) from
  // the collection (TAXII DELETE); the object versions stay stored.
  virtual Status RemoveFromCollection(std::string_view collection_id,
                                      const std::vector<Micros>& membership_date_added) = 0;
  // Deletes every stored version of `object_id` and its collection memberships, and records
  // the tombstone (`tombstone_id`, the object that announces the deletion). Only the originator
  // deletes: PermissionDenied when a stored version has another created_by_ref, or the id has
  // another owner than `owner`. Deleting an id not stored (yet) still records the tombstone.
  // Returns the number of versions removed.
  virtual Result<int64_t> Delete(std::string_view object_id, std::string_view originator,
                                 std::string_view owner, std::string_view tombstone_id) = 0;
  virtual Status Commit() = 0;
};

struct ObjectQuery {
  // Within a collection, date_added is the membership's and versions are compared among the
  // collection's members; otherwise the whole store is scanned.
  std::string collection_id;
  std::vector<std::string> types;          // empty: all types
  std::vector<std::string> ids;            // empty: all ids
  std::vector<std::string> spec_versions;  // empty: all
  std::optional<Micros> added_after;       // exclusive
  // Which versions of each id: any of first/last/the listed ones; every one when all_versions.
  bool all_versions = false;
  bool first_version = false;
  bool last_version = true;
  std::vector<Micros> versions;
  size_t limit = 0;  // 0: no limit
};

// A search over the latest version of each object (the console, GET /api/v1/objects). Every
// filter is optional; the rows come in the sort order, and `after` resumes after the last row
// the caller examined (keyset paging: pages stay fast however deep, and rows added meanwhile
// neither repeat nor shift the pages).
struct ObjectSearch {
  std::vector<std::string> types;
  std::string label;       // one of the object's labels
  std::string created_by;  // created_by_ref
  std::string collection_id;
  std::optional<Micros> added_from, added_to;        // date_added in [from, to)
  std::optional<Micros> modified_from, modified_to;  // the version's modified in [from, to)
  std::optional<bool> revoked;
  // Either of: the words (each a prefix) in the name or description (the text index), or one
  // of `ids`. Both empty with `match_any` set: nothing matches.
  std::string text;
  std::vector<std::string> ids;
  bool match_any = false;  // restrict to text/ids (set when the caller asked for either)
  enum class Sort { kAdded, kModified } sort = Sort::kAdded;
  bool ascending = false;
  // Resume after (sort key, date_added) of the last row examined.
  std::optional<std::pair<Micros, Micros>> after;
};

// The extension whose value the sharing policy reads from an object's JSON (Concord's
// distribution: sharing/policy.h). The store keeps it with the counts below, so that counts can
// be released group by group.
inline constexpr std::string_view kPolicyExtension =
    "extension-definition--95a68e9b-0933-587e-a8a4-f9ae00ab7074";

// Counts of latest versions, kept by the search index (UpdateSearchIndex), grouped by the day
// they were added and everything the sharing policy reads: a caller applies the policy once per
// group, never per object, and a million objects count in milliseconds.
struct FactGroup {
  std::string type, marking_refs, created_by_ref;
  int64_t received_from = 0;
  std::string key;  // the day ("2026-12-03") or the label, by what was asked
  int64_t count = 0;
  std::string json;  // {"extensions": {kPolicyExtension: …}} when the objects carry it, else ""
};
struct AggregateQuery {
  Micros from = 0, to = 0;  // added in [from, to), whole UTC days; to 0: no end
  enum class By { kDay, kLabel } by = By::kDay;
};

class ObjectStore {
 public:
  virtual ~ObjectStore() = default;
  virtual Result<std::unique_ptr<ObjectWriter>> BeginWrite() = 0;
  // Calls `fn` for each matching object in date_added order until it returns false.
  virtual Status Scan(const ObjectQuery& query,
                      const std::function<bool(const StoredObject&)>& fn) const = 0;
  virtual Result<int64_t> CountVersions() const = 0;
  // A number that changes whenever anything in the database was committed, by this process or
  // another one. Caches of query results compare it to know they are still valid.
  virtual Result<uint64_t> DataVersion() const = 0;
  // Calls `fn` with each object deleted after deletion number `after` (0: all), oldest first;
  // returns the number of the last deletion (`after` when there is none newer).
  virtual Result<int64_t> DeletedSince(int64_t after,
                                       const std::function<void(std::string_view)>& fn) const = 0;
  // Every stored version of `id` with its date_added (store-wide), oldest version first.
  virtual Result<std::vector<StoredObject>> Versions(std::string_view id) const = 0;

  // The search index (text of names and descriptions; values, labels and references of each
  // version) is built behind the writes, so that importing stays fast: this indexes up to
  // `max_objects` versions added since the last call and returns how many it indexed. `serve`
  // calls it every second; searches call it first, so they see every committed object.
  virtual Result<size_t> UpdateSearchIndex(size_t max_objects) = 0;
  // Calls `fn` for each matching object in the search's order until it returns false.
  virtual Status Search(const ObjectSearch& search,
                        const std::function<bool(const StoredObject&)>& fn) const = 0;
  // Latest versions that reference `id` (any *_ref or *_refs but created_by_ref and markings),
  // or that carry `value` as their value ("value:198.51.100.7"): keys "ref:<id>", "value:<v>".
  virtual Status FindReferencing(std::string_view key,
                                 const std::function<bool(const StoredObject&)>& fn) const = 0;
  virtual Status Aggregate(const AggregateQuery& query,
                           const std::function<void(const FactGroup&)>& fn) const = 0;
};

}  // namespace concord::store
