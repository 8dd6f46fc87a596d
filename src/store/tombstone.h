#pragma once
// Deletions that travel: a tombstone is a STIX object of Concord's own type (a STIX 2.1 new-SDO
// extension) saying "object X was deleted by its originator":
//
//   {"type": "concord-tombstone", "spec_version": "2.1", "id": "concord-tombstone--<uuid5 of X>",
//    "created": ..., "modified": ..., "created_by_ref": <X's originator>, "object_ref": X,
//    "object_marking_refs": <X's>, "extensions": {<kTombstoneExtension>:
//    {"extension_type": "new-sdo"}, <X's distribution extension, if any>}}
//
// It carries X's markings and distribution, so the sharing policy sends it exactly where X could
// go, and it lives in the collections X was in, so whoever pulled X pulls its tombstone from the
// same place. Its id is derived from X's, so two paths deliver one tombstone. Storing it deletes
// X (every version), and X never comes back from anyone, provided the tombstone's
// created_by_ref is X's: nobody deletes another organisation's object.

#include <string>
#include <string_view>

#include "common/status.h"
#include "store/object_store.h"

namespace concord::store {

inline constexpr std::string_view kTombstoneType = "concord-tombstone";
inline constexpr std::string_view kTombstoneExtension =
    "extension-definition--399c7a47-4617-5c7a-a77e-886395af111a";

// The tombstone's id for a deleted object.
std::string TombstoneId(std::string_view object_id);

// Writes one object version the way every path into the store must: decides its owner from
// `supplier` (store/ownership.h; empty: this node's own organisation; PermissionDenied, nothing
// written, when the supplier may not publish it), then a tombstone first deletes its object
// (PermissionDenied when it does not come from the object's owner and originator; InvalidArgument
// when it names no object), then the version is stored like any object.
Result<PutResult> PutObject(ObjectWriter& writer, const ObjectRecord& record,
                            const Supplier& supplier = {});

}  // namespace concord::store
