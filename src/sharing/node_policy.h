#pragma once
// The policy as configured for this node, read from the store: the node's organisation is the
// first one created (by the first `serve`), every organisation with an account here is local.

#include "sharing/policy.h"
#include "store/database.h"

namespace concord::sharing {

// The node's own organisation: the first one created (the lowest id). NotFound before the
// first `serve` or `org add`.
Result<store::Organisation> NodeOrganisation(store::Database& db);

Result<Policy> LoadNodePolicy(store::Database& db);

}  // namespace concord::sharing
