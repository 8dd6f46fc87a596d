#pragma once
// Peer nodes this node pulls from and pushes to, and where each stands. A cursor (the `added_after`
// of the next request per remote collection) is written by CursorWriter, a part of the
// ObjectWriter transaction (transaction.h) of the objects it covers, in the same transaction as the
// objects it covers, so an interrupted sync resumes exactly where the last committed page ended.
// Thread-safe.
//
// The token is the credential this node presents to the peer, so it is stored as given (a
// digest would be useless); the database file is the secret store, like a TLS key file.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "store/transaction.h"

namespace concord::store {

// The provenance of what a peer node's account POSTs when no peer entry here names its
// organisation (see Peer::org_id): received from a peer, which one unknown.
inline constexpr int64_t kUnlistedPeer = -1;

// Sync cursors, written in the transaction of the objects they cover.
class CursorWriter : public TransactionPart {
 public:
  // Saves a peer's pull cursor for one of its collections.
  virtual Status SetPeerCursor(int64_t peer_id, std::string_view remote_collection,
                               std::string_view added_after) = 0;
  // Saves how far pushing `local_collection` ("": the whole store) to a peer has got.
  virtual Status SetPushCursor(int64_t peer_id, std::string_view local_collection,
                               Micros pushed_through) = 0;
};

struct Peer {
  int64_t id = 0;
  std::string name;
  std::string url;  // the peer's TAXII API root, e.g. https://cert.example/taxii2/api/
  std::string token;
  std::string ca_file;  // PEM file of CAs to trust for this peer ("" = the system's)
  std::vector<std::string> collections;  // remote collection ids; empty = every readable one
  std::string into_collection;           // local collection the pulled objects join
  // The peer node's organisation (an organisation record here with the peer's identity id):
  // the recipient the sharing policy judges pushes by, and the provenance of what it POSTs
  // to us. 0: not known (pull only).
  int64_t org_id = 0;
  std::string push_to;                 // remote collection to push to ("": no push)
  std::vector<std::string> push_from;  // local collections to push; empty = the whole store
  Micros interval = 60'000'000;
  bool paused = false;
  Micros created = 0;
  // Sync state.
  Micros last_attempt = 0, last_success = 0;
  std::string last_error;
  int64_t failures = 0;  // consecutive
  int64_t received = 0;  // object versions received in all
};

class PeerStore {
 public:
  virtual ~PeerStore() = default;
  virtual Result<Peer> AddPeer(const Peer& peer) = 0;  // AlreadyExists
  virtual Result<std::vector<Peer>> ListPeers() const = 0;
  virtual Result<Peer> FindPeer(std::string_view name) const = 0;  // NotFound
  virtual Status RemovePeer(std::string_view name) = 0;            // NotFound
  // The peer whose organisation is `org_id` (the first one added); NotFound.
  virtual Result<Peer> FindPeerOfOrganisation(int64_t org_id) const = 0;
  virtual Status SetPaused(std::string_view name, bool paused) = 0;
  // The saved added_after for one remote collection ("" before the first page).
  virtual Result<std::string> GetCursor(int64_t peer_id,
                                        std::string_view remote_collection) const = 0;
  // How far pushing `local_collection` ("" = the whole store) has got (0 before the first).
  virtual Result<Micros> GetPushCursor(int64_t peer_id,
                                       std::string_view local_collection) const = 0;
  // Records the outcome of one sync attempt.
  virtual Status RecordAttempt(int64_t peer_id, Micros at, const Status& outcome,
                               int64_t received) = 0;
};

}  // namespace concord::store
