#pragma once
// Imports STIX content (any shape stix::ReadObjects accepts) into an ObjectStore: each object is
// validated, its canonical JSON computed (insignificant whitespace removed, everything else
// byte-exact), and committed in batches.
//
// Guarantees:
//  - An invalid object is reported (`on_problem`) and skipped; valid ones are committed.
//  - strict: nothing is committed if anything is invalid (one transaction for the whole input).
//  - A syntax error stops the import: every complete object before it is committed (unless
//    strict), nothing from the broken object on.
//  - A crash loses at most the open batch; committed batches are durable and complete.
// Not thread-safe; one Importer per import.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "store/object_store.h"

namespace concord::store {

struct ImportOptions {
  bool strict = false;
  // When set, every imported version (new or already stored) also joins this collection.
  std::string collection_id;
  // Provenance stamped on new versions: the peer they were received from (0: local).
  int64_t received_from = 0;
  // Who supplies the input (store/ownership.h); default: this node's own organisation.
  Supplier supplier;
  // A batch is committed when it holds batch_size objects or batch_bytes of JSON. Large
  // batches matter: each commit rewrites the index pages it touched, and ids are random.
  size_t batch_size = 100000;
  size_t batch_bytes = 128u << 20;
  size_t max_object_bytes = 64u << 20;
  // One line per rejected or duplicate object: "object 12 (indicator--…): pattern: …".
  std::function<void(const std::string&)> on_problem;
  // Called inside each batch's transaction just before it commits, so that state kept with the
  // objects (a sync cursor) commits atomically with them. An error rolls the batch back.
  std::function<Status(ObjectWriter&)> before_commit;
  // Called after each commit with the total number of objects read so far.
  std::function<void(size_t objects_read)> on_commit;
  // Called when the input before `offset` will not be looked at again, so that a memory-mapped
  // input can give those pages back (keeps peak memory flat for huge files).
  std::function<void(size_t offset)> on_input_consumed;
};

struct ImportStats {
  size_t read = 0;         // objects seen
  size_t added = 0;        // new versions stored
  size_t unchanged = 0;    // already stored (or repeated in this input)
  size_t rejected = 0;     // invalid objects
  size_t deleted = 0;      // versions of objects their originator deleted (not stored)
  bool committed = false;  // strict mode: whether the single transaction was committed
};

// Imports `text`. Returns non-OK only for input that could not be read to the end (syntax
// error, with line and column) or a store failure; per-object rejections are in `stats`.
Status ImportStix(ObjectStore& store, std::string_view text, const ImportOptions& options,
                  ImportStats* stats);

}  // namespace concord::store
