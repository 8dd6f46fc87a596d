#pragma once
// Deleting an object from this node (`concord delete`).
//
// When the object originated here, a tombstone (store/tombstone.h) takes its place in every
// collection it was in, so the deletion travels wherever the object went: each node that pulls
// the tombstone deletes its copy and passes the tombstone on. An object received from elsewhere
// is deleted here only: it is gone, and it is not stored again when a peer sends it once more,
// but other nodes keep their copies (only the originator deletes for everyone).

#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "store/database.h"

namespace concord::federation {

struct Deletion {
  int64_t versions_removed = 0;
  std::string tombstone_id;              // empty: deleted here only
  std::vector<std::string> collections;  // where the tombstone was placed
};

// `as` is who deletes (default: this node's own organisation): an object made here is deleted
// for everyone only by its owner (store/ownership.h). Removing a received copy from this node
// is the node's own business and needs no ownership.
Result<Deletion> DeleteObject(store::Database& db, std::string_view object_id, const Clock& clock,
                              const store::Supplier& as = {});

}  // namespace concord::federation
