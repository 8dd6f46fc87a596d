#include "store/tombstone.h"

#include "common/json.h"
#include "common/uuid.h"

namespace concord::store {
namespace {

// Namespace of tombstone ids (a v5 UUID of Concord's own).
constexpr std::string_view kTombstoneNamespace = "2dc28314-991a-59b5-b6bc-d3db195e8b59";

}  // namespace

std::string TombstoneId(std::string_view object_id) {
  return std::string(kTombstoneType) + "--" + UuidV5(kTombstoneNamespace, object_id);
}

Result<PutResult> PutObject(ObjectWriter& writer, const ObjectRecord& record,
                            const Supplier& given) {
  // An empty supplier is this node's own organisation (a local administrator's import).
  Supplier node;
  if (given.org_identity.empty()) {
    auto identity = writer.NodeIdentity();
    if (!identity.ok()) return identity.status();
    node.org_identity = *identity;
  }
  const Supplier& supplier = given.org_identity.empty() ? node : given;
  Standing creator = Standing::kUnknown;
  if (!record.meta.created_by_ref.empty() && record.meta.created_by_ref != supplier.org_identity) {
    auto standing = writer.StandingOf(record.meta.created_by_ref);
    if (!standing.ok()) return standing.status();
    creator = *standing;
  }
  auto owner = DecideOwner(record.meta.type, record.meta.created_by_ref, creator, supplier);
  if (!owner.ok()) {
    // Passing on a version already stored changes nothing (a peer echoing what we sent it).
    auto stored = writer.Find(record.meta.id, record.meta.version);
    if (!stored.ok()) return stored.status();
    if (*stored) return PutResult{PutOutcome::kUnchanged, **stored, false};
    return owner.status();
  }
  if (record.meta.type == kTombstoneType) {
    json::Document doc;
    CONCORD_RETURN_IF_ERROR(doc.ParseAll(record.json));
    const json::Value target = doc.root()["object_ref"];
    const size_t sep = target.is_string() ? target.str().find("--") : std::string::npos;
    if (sep == std::string::npos || sep == 0) {
      return Status::InvalidArgument("object_ref: a tombstone must name the deleted object");
    }
    if (record.meta.id != TombstoneId(target.str())) {
      return Status::InvalidArgument("id: a tombstone's id is " + TombstoneId(target.str()) +
                                     " for " + target.str());
    }
    auto removed = writer.Delete(target.str(), record.meta.created_by_ref, *owner, record.meta.id);
    if (!removed.ok()) return removed.status().WithPrefix("tombstone ignored");
  }
  return writer.Put(record, *owner);
}

}  // namespace concord::store
