#include "sharing/node_policy.h"

#include <algorithm>

namespace concord::sharing {

Result<store::Organisation> NodeOrganisation(store::Database& db) {
  auto orgs = db.accounts().ListOrganisations();
  if (!orgs.ok()) return orgs.status();
  if (orgs->empty()) {
    return Status::NotFound(
        "this node has no organisation yet; run serve once or `concord org add`");
  }
  return *std::min_element(orgs->begin(), orgs->end(),
                           [](const auto& a, const auto& b) { return a.id < b.id; });
}

Result<Policy> LoadNodePolicy(store::Database& db) {
  auto orgs = db.accounts().ListOrganisations();
  if (!orgs.ok()) return orgs.status();
  PolicyConfig config;
  if (auto node = NodeOrganisation(db); node.ok()) config.node_org_identity = node->identity_id;
  for (const auto& o : *orgs) config.local_org_identities.push_back(o.identity_id);
  return Policy(std::move(config));
}

}  // namespace concord::sharing
