#pragma once
// The policy as configured for this node, read from the store:
//  - the defaults for unmarked objects come from the node's settings;
//  - the node's organisation is the first one created (by the first `serve`);
//  - organisations whose people work here (at least one user that is not a peer node's
//    account) are local: what they make originated here. An organisation known only as a peer
//    node's account is not: what it sends was received;
//  - sharing groups are the latest versions of STIX `grouping` objects with context
//    kSharingGroupContext (name = the group, object_refs = its member organisations' identities),
//    so a group travels to its members like any object (`concord group add` makes one with
//    distribution group:NAME). When two organisations define groups of the same name, the one
//    made here wins, else the first received.

#include "sharing/policy.h"
#include "store/database.h"

namespace concord::sharing {

inline constexpr std::string_view kSharingGroupContext = "concord-sharing-group";
// Settings keys of the defaults for objects without a TLP marking or a distribution
// (`concord policy set`); unset: TLP:AMBER and community.
inline constexpr std::string_view kDefaultTlpSetting = "sharing.default_tlp";
inline constexpr std::string_view kDefaultDistributionSetting = "sharing.default_distribution";

// The node's own organisation: the first one created (the lowest id). NotFound before the
// first `serve` or `org add`.
Result<store::Organisation> NodeOrganisation(store::Database& db);

Result<Policy> LoadNodePolicy(store::Database& db);

// Sets the defaults for objects without a TLP marking or a distribution (either may be empty:
// left as it is). InvalidArgument names the field: "default_tlp: ...".
Status SetPolicyDefaults(store::Database& db, std::string_view default_tlp,
                         std::string_view default_distribution);

}  // namespace concord::sharing
