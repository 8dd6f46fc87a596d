#pragma once
// Pulling from a peer over TAXII 2.1: every new object version of each of the peer's
// collections, page by page (`added_after` = the last page's X-TAXII-Date-Added-Last,
// `match[version]=all`). A group of pages and the cursor after the last commit in one transaction,
// so a sync cut at any point resumes exactly where the last committed page ended: no gap, no
// duplicate. Invalid objects from the peer are reported and skipped; a peer that breaks the
// protocol (wrong media type, `more` without objects, a cursor that does not advance) ends that
// peer's sync with an error naming what it did.
//
// Works with any TAXII 2.1 server, not only Concord nodes.

#include <functional>
#include <string>

#include "common/status.h"
#include "store/database.h"

namespace concord::federation {

struct PullStats {
  size_t pages = 0;
  size_t received = 0;  // object versions in the pages
  size_t added = 0;     // new to this node
  size_t rejected = 0;  // invalid, skipped
};

struct PullOptions {
  size_t page_size = 1000;
  // Pages whose objects commit together (with the cursor after the last): fewer, larger
  // transactions; a cut loses at most this many pages of work, never their consistency.
  size_t pages_per_commit = 50;
  // Pages one sync of one collection reads at most: a peer that always says "more" cannot
  // keep a sync (and its thread) busy forever; the next sync resumes from the cursor.
  size_t max_pages_per_sync = 10'000;
  std::function<void(const std::string&)> log;  // one line per problem
};

Status PullPeer(store::Database& db, const store::Peer& peer, const PullOptions& options,
                PullStats* stats);

}  // namespace concord::federation
