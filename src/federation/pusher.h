#pragma once
// Pushing to a peer over TAXII 2.1: the object versions added here since the last push (in the
// chosen local collections, or the whole store) that the sharing policy releases to the peer's
// organisation over Channel::kPeerNode are POSTed to the peer's collection, in envelopes within
// the peer's max_content_length. Each envelope's status resource is followed until it is
// complete; only then does the push cursor move past it, in its own transaction, so a failure
// or a crash sends the envelope again next time (the peer stores each version once) and nothing
// is skipped. Versions that came from this peer, or that its organisation made, are never sent
// to it; objects the peer refuses (its status lists them as failures) are logged and not retried.

#include <functional>
#include <string>

#include "common/status.h"
#include "common/time.h"
#include "store/database.h"

namespace concord::federation {

struct PushStats {
  size_t considered = 0;  // versions added here since the last push
  size_t pushed = 0;      // sent and accepted
  size_t withheld = 0;    // the policy keeps them here, or they came from the peer
  size_t refused = 0;     // the peer's status lists them as failures
};

struct PushOptions {
  size_t max_objects = 1000;  // per envelope
  Micros status_timeout = 60'000'000;
  std::function<void(const std::string&)> log;  // one line per problem
};

// Does nothing for a peer without push_to.
Status PushPeer(store::Database& db, const store::Peer& peer, const PushOptions& options,
                PushStats* stats);

// Whether a push would have anything to look at: a version added, in one of the pushed scopes,
// after the push cursor. One indexed read per scope and no network, so the serve schedule can
// ask it every second (push on change).
Result<bool> HasUnpushed(store::Database& db, const store::Peer& peer);

}  // namespace concord::federation
