#pragma once
// The directory module's store, besides the team identities (which are STIX objects in the
// object store): the contact reachability checks. Found with db.Get<directory::DirectoryStore>().
// (Directory changes are in the audit log: store/audit_store.h.) Thread-safe.

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "store/object_store.h"

namespace concord::directory {

// One challenge sent to one contact: acknowledged with its one-time token before `deadline`.
struct ContactCheck {
  int64_t id = 0;
  std::string team_id;  // identity--...
  std::string email;
  Micros issued = 0, deadline = 0;
  Micros acknowledged = 0;     // 0: not acknowledged
  std::string delivery_error;  // why the challenge could not be sent ("" : sent)
};

class DirectoryStore {
 public:
  virtual ~DirectoryStore() = default;
  // Stores a check; only the token's hash is kept. Returns its id.
  virtual Result<int64_t> AddCheck(const ContactCheck& check, std::string_view token_hash) = 0;
  virtual Status SetDeliveryError(int64_t check_id, std::string_view error) = 0;
  // Acknowledges the check whose token has this hash, at `now`. NotFound for an unknown token,
  // Unprocessable when it was used already or its deadline has passed (it stays open and
  // becomes overdue).
  virtual Result<ContactCheck> Acknowledge(std::string_view token_hash, Micros now) = 0;
  // The newest check of every (team, contact) ever checked.
  virtual Result<std::vector<ContactCheck>> LatestChecks() const = 0;
  // The checks of one team's contacts, newest first, at most `limit`.
  virtual Result<std::vector<ContactCheck>> ChecksOf(std::string_view team_id,
                                                     size_t limit) const = 0;
};

}  // namespace concord::directory
