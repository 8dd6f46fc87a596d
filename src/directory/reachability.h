#pragma once
// Reachability checks of the 24/7 network: every contact gets a one-time token by mail and
// acknowledges it through the API (POST /api/v1/contacts/ack) before a deadline. A contact that
// acknowledged its latest challenge is verified (and, for teams this node publishes, its
// last_verified date moves, which federates); one past the deadline without acknowledging is
// overdue; a challenge that could not be sent is undeliverable. Only the token's SHA-256 is
// stored.

#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "directory/mail.h"
#include "directory/store.h"
#include "store/database.h"

namespace concord::directory {

struct CheckOptions {
  std::string team;  // id or short name; "" : every team published here
  Micros deadline_after = 72LL * 3600 * 1'000'000;  // from issue
  std::string from = "concord@localhost";           // the challenge's sender
  std::string ack_url = "http://127.0.0.1:8080/api/v1/contacts/ack";
  std::string actor;  // for the audit log of last_verified changes
};

struct IssuedCheck {
  std::string team, email;
  std::string error;  // delivery failure ("" : sent)
};

Result<std::vector<IssuedCheck>> IssueChecks(store::Database& db, const Clock& clock,
                                             MailTransport& mail, const CheckOptions& options);

// Acknowledges the challenge carrying `token`. NotFound for an unknown token, Unprocessable
// for one already used or past its deadline.
Result<directory::ContactCheck> AcknowledgeCheck(store::Database& db, const Clock& clock,
                                                 std::string_view token);

enum class Reachability { kUnchecked, kPending, kVerified, kOverdue, kUndeliverable };
const char* ReachabilityName(Reachability r);  // "unchecked", "pending", ...
// The state one challenge leaves its contact in at `now`.
Reachability StateOf(const directory::ContactCheck& check, Micros now);

struct ContactReachability {
  std::string team_id, team, email;
  bool always_on = false;
  Reachability state = Reachability::kUnchecked;
  directory::ContactCheck latest;  // the newest challenge (id 0: none)
};
// Every contact of every team, with the state of its latest challenge at `now`.
Result<std::vector<ContactReachability>> ReachabilityReport(store::Database& db, Micros now);

}  // namespace concord::directory
