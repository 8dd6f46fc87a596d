#pragma once
// One sync with one peer, as `concord sync` and the serve schedule run it: pull from it, then
// push to it (when the peer has push_to), and record the outcome in the peer's state.

#include <functional>
#include <string>

#include "common/time.h"
#include "federation/puller.h"
#include "federation/pusher.h"

namespace concord::federation {

struct SyncReport {
  PullStats pull;
  PushStats push;
  bool pushed = false;  // push was configured and attempted
  Status status;        // the first failure; a failed pull skips the push
};

// `options.log` also receives the push's problems.
SyncReport SyncPeer(store::Database& db, const store::Peer& peer, const Clock& clock,
                    const PullOptions& options);

// "CERT-X: 3 pages, 2500 object versions received, 2400 new, 0 rejected; pushed 10 of 12
// (2 withheld, 0 refused)" and "; stopped: <why>" on failure.
std::string Describe(const store::Peer& peer, const SyncReport& report);

}  // namespace concord::federation
