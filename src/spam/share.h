#pragma once
// Sharing spam listings with peers: each source a spam zone lists becomes a STIX indicator
// (label "spam-source", the TLP and distribution chosen by the team), made by this node's
// organisation, and federation carries it under the sharing policy like any object. Its id is
// derived from the source, so sharing again updates the same indicator; a source no longer
// listed has its indicator revoked. Peers' spam-source indicators are merged into the spam
// zones (spam/zones.h). Thread-safe.

#include <string>

#include "sharing/policy.h"
#include "store/database.h"

namespace concord::spam {

struct ShareOptions {
  sharing::Tlp tlp = sharing::Tlp::kGreen;
  sharing::Distribution distribution{sharing::Scope::kConnected, "", {}};
  Micros now = 0;
};

struct ShareResult {
  size_t shared = 0;     // indicators made or updated
  size_t unchanged = 0;  // already shared as they are
  size_t revoked = 0;    // sources no longer listed
};

Result<ShareResult> ShareListings(store::Database& db, const ShareOptions& options);

// The indicator id for a source ("192.0.2.1", "192.0.2.0/24", "example.com").
std::string SpamSourceIndicatorId(std::string_view key);

}  // namespace concord::spam
