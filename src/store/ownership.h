#pragma once
// Who owns an object here, and who may supply a version of it (docs/SECURITY.md, "Who owns an
// object"). One rule for every path into the store (TAXII POST, a peer's push, a pull, a file
// import), applied by store::PutObject:
//
//  - created_by_ref may name the supplier's own organisation;
//  - it may name another organisation known here only when a peer node relays it (a peer may
//    pass on what its partners released) and that organisation is not one of this node's own
//    (its own organisation or a hosted member: those speak only for themselves here); an
//    `identity` object of a known organisation comes only from that organisation;
//  - it may name a publisher not known here (MITRE, a vendor): the supplier then owns it here,
//    unless the supplier is a peer node, which relays: then the publisher owns it;
//  - without created_by_ref the supplier owns it, never silently this node.
// The owner of an id is fixed by its first version; a new version, a revocation or a deletion
// is accepted only when the same owner results.

#include <string>
#include <string_view>

#include "common/status.h"

namespace concord::store {

// The organisation handing a version to the store.
struct Supplier {
  // Its STIX identity id. Empty: this node's own organisation (a local administrator's import).
  std::string org_identity;
  // A peer node (a push to us, or a pull from it): may relay what others released.
  bool peer = false;
  // How refusals name the supplier ("PARTNER-CERT"); org_identity when empty.
  std::string name;
};

// What this node knows of the organisation an object names as its creator.
enum class Standing {
  kUnknown,  // no organisation here has that identity
  kLocal,    // this node's own organisation, or one with users here
  kPeer,     // a peer node's organisation
};

// The owner of the version, or PermissionDenied with what the supplier may do instead.
// `supplier.org_identity` must be resolved (not empty).
Result<std::string> DecideOwner(std::string_view type, std::string_view created_by_ref,
                                Standing creator, const Supplier& supplier);

// OK when a version owned by `owner` may be stored beside versions owned by `stored_owner`
// ("" when the id is new or predates owners).
Status CheckSameOwner(std::string_view id, std::string_view stored_owner, std::string_view owner);

}  // namespace concord::store
