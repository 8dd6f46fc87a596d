#include "store/ownership.h"

namespace concord::store {
namespace {

std::string Named(const Supplier& s) { return s.name.empty() ? s.org_identity : s.name; }

}  // namespace

Result<std::string> DecideOwner(std::string_view type, std::string_view created_by_ref,
                                Standing creator, const Supplier& supplier) {
  if (created_by_ref.empty() || created_by_ref == supplier.org_identity) {
    return supplier.org_identity;
  }
  const std::string creator_ref(created_by_ref);
  if (creator == Standing::kUnknown) {
    // A publisher not known here. A user's organisation that brings it owns it here; a peer
    // node passes on what its creator released (several peers may relay one publisher's
    // objects, and their order must not decide who may update them).
    return supplier.peer ? creator_ref : supplier.org_identity;
  }
  const std::string remedy = "; leave created_by_ref out or set it to " + Named(supplier) +
                             "'s identity (" + supplier.org_identity + ")";
  if (creator == Standing::kLocal) {
    return Status::PermissionDenied("created_by_ref names " + creator_ref +
                                    ", an organisation of this node: only it publishes as itself" +
                                    remedy);
  }
  if (!supplier.peer) {
    return Status::PermissionDenied("created_by_ref names " + creator_ref +
                                    ", a peer's organisation: only it, or a peer node relaying "
                                    "what it released, publishes as it" +
                                    remedy);
  }
  if (type == "identity") {
    return Status::PermissionDenied("an identity of " + creator_ref +
                                    " comes only from that organisation's own node, not relayed");
  }
  return creator_ref;  // a peer relays what another peer's organisation released
}

Status CheckSameOwner(std::string_view id, std::string_view stored_owner, std::string_view owner) {
  if (stored_owner.empty() || stored_owner == owner) return Status::Ok();
  // The owner is not named: the caller may not be allowed to see the object.
  return Status::PermissionDenied(std::string(id) +
                                  " belongs to another organisation: only its owner publishes "
                                  "new versions of it, revokes or deletes it; publish your own "
                                  "object (a new id) instead");
}

}  // namespace concord::store
