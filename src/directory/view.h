#pragma once
// What directory reads need, rebuilt together when the store changes (the policy reads
// organisations, groups and settings from the same database): shared by the lookup and team
// resources. Immutable once built; published through Refreshing.

#include <memory>
#include <vector>

#include "accounts/authenticator.h"
#include "common/refreshing.h"
#include "directory/directory.h"
#include "directory/editor.h"
#include "sharing/policy.h"
#include "store/database.h"

namespace concord::directory {

struct DirectoryView {
  std::vector<TeamEntry> entries;
  Directory directory;
  sharing::Policy policy{sharing::PolicyConfig{}};

  // Whether entry `i` is released to a user of `caller`'s organisation on this node.
  bool VisibleTo(uint32_t i, const accounts::Principal& caller) const;
};

using DirectoryViews = Refreshing<DirectoryView>;

// Rebuilt when the store's data version moved, checked on every read.
std::unique_ptr<DirectoryViews> MakeDirectoryViews(store::Database& db, const Clock& clock);

}  // namespace concord::directory
