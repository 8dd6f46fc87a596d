#pragma once
// The incidents module's store: an index of the incident records held in the object store
// (incident.h), kept for what people ask of them (lists filtered and sorted on any column, an
// incident's page, a team's inbox and outbox, deadlines), and the hash-chained audit log of
// every version indexed.
//
// The STIX objects are the truth; the index is derived from them by one path, whether a record
// was made here, imported or received from a peer: IndexWriter::CatchUp reads every incident
// record version added since the last pass, in date_added order, inside the write transaction
// (so it commits with the objects an edit wrote, or on its own for received ones). Found with
// db.Get<incidents::IncidentStore>(). Thread-safe.

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "incidents/incident.h"
#include "store/transaction.h"

namespace concord::incidents {

// A request as each node sees it: the request, and the state folded from the updates it holds.
struct RequestState {
  Request request;
  std::string state = "sent";  // sent, acknowledged, accepted, declined, completed, cancelled
  std::string outcome;         // completed: successful, partial, failed
  std::string recipient_reference;
  Micros acknowledged_at = 0, closed_at = 0;
  Micros escalated_at = 0;             // when this node escalated a missed acknowledgement (0: not)
  std::vector<RequestUpdate> updates;  // oldest first
  // Updates that did not apply (out of sequence, or from a team that may not send them).
  std::vector<std::string> ignored;

  bool closed() const {
    return state == "declined" || state == "completed" || state == "cancelled";
  }
  bool AcknowledgeOverdue(Micros now) const {
    return state == "sent" && request.acknowledge_by != 0 && now > request.acknowledge_by;
  }
  bool Overdue(Micros now) const {
    return !closed() && request.complete_by != 0 && now > request.complete_by;
  }
};

// What the next update would do to a request in `state`; an error saying why it may not be sent.
Status CheckTransition(const RequestState& current, const RequestUpdate& update);
// Applies `update` to the state (CheckTransition must allow it).
void ApplyTransition(const RequestUpdate& update, RequestState* state);

// A request deadline that passed unmet and that this node has not yet told its organisations
// of (notify.h, NoticeMissedDeadlines).
struct MissedDeadline {
  RequestState state;
  bool acknowledge = true;  // the acknowledgement deadline; false: the completion deadline
};

struct IncidentFilter {
  std::string viewer;  // the organisation whose incidents these are: owner or participant
  std::string status, rsit_class, participant, owner;
  std::string text;  // a substring of the name (case-insensitive for ASCII)
  // name, status, determination, criticality, rsit_class, owner, created, modified
  std::string sort = "modified";
  bool ascending = false;
  size_t limit = 50, offset = 0;
};
// Lists count their rows up to this many (more is reported as "more than").
inline constexpr int64_t kCountCap = 10000;
inline constexpr const char* kIncidentSortColumns[] = {
    "name", "status", "determination", "criticality", "rsit_class", "owner", "created", "modified"};

struct IncidentRow {
  Incident incident;
  int64_t received_from = 0;                    // 0: made here
  int open_requests = 0, overdue_requests = 0;  // as of the read's `now`
  int tasks = 0;
};

struct AuditRecord {
  int64_t seq = 0;
  std::string incident_id;
  Micros at = 0;
  std::string actor;    // "api:user@ORG", "cli:user", "peer:NAME", "import"
  std::string action;   // "incident.version", "task.version", "request.version", "update.add"
  std::string subject;  // the record's id
  Micros version = 0;
  Micros previous_version = 0;  // the record's version before this one (0: none)
  std::string content_hash;     // SHA-256 of this version's JSON, hex
  std::string prev_hash, hash;  // the chain: the previous entry's hash, and this entry's
  // Read back with the entry (not part of the chain): the record's JSON before and after, from
  // the object store ("" when absent), and whether the version logged is still stored.
  std::string before, after;
  bool stored = false;
};

// The chain's link: SHA-256 over the previous link and every field (the record's content by
// its hash), hex.
std::string AuditHash(const AuditRecord& record);

struct ChainProblem {
  std::string incident_id;
  int64_t seq = 0;
  std::string problem;
};

// Writes in the object store's write transaction (store/transaction.h).
class IndexWriter : public store::TransactionPart {
 public:
  // Indexes every incident record version added since the last pass (at most `max_versions`),
  // and appends each to its incident's audit chain. `actor` is recorded for the versions whose
  // ids are in `own_ids` (what the calling edit wrote); others are "peer:<id>" or "import".
  // Returns how many versions it read. Records that do not validate are skipped and described
  // in `problems`.
  virtual Result<size_t> CatchUp(size_t max_versions, std::string_view actor,
                                 const std::set<std::string>& own_ids,
                                 std::vector<std::string>* problems) = 0;
  // Marks a request escalated by this node.
  virtual Status MarkEscalated(std::string_view request_id, Micros at) = 0;
  // Takes an incident off the list of AudienceChanged (its followers were re-issued).
  virtual Status AudienceFollowed(std::string_view incident_id) = 0;
};

// A request's clocks and what happened to them, for the reports.
struct RequestTiming {
  std::string requester, recipient, state;
  Micros created = 0, acknowledge_by = 0, complete_by = 0;
  Micros acknowledged_at = 0, closed_at = 0;  // 0: not (yet)
};

class IncidentStore {
 public:
  virtual ~IncidentStore() = default;
  // Whether incident records were added since the index's last pass (a cheap check).
  virtual Result<bool> Behind() const = 0;
  // Incidents whose audience (owner and participants) a new version changed, as the index
  // noted them, until AudienceFollowed (FollowAudienceChanges, desk.h).
  virtual Result<std::vector<std::string>> AudienceChanged(size_t limit) const = 0;
  // A page of the viewer's incidents. `*total` counts them (up to kCountCap + 1) when the list
  // is not filtered, else -1; `*more` says whether rows follow this page.
  virtual Result<std::vector<IncidentRow>> List(const IncidentFilter& filter, Micros now,
                                                int64_t* total, bool* more) const = 0;
  virtual Result<std::optional<IncidentRow>> Get(std::string_view id, Micros now) const = 0;
  virtual Result<std::vector<Task>> Tasks(std::string_view incident_id) const = 0;
  virtual Result<std::optional<Task>> GetTask(std::string_view task_id) const = 0;
  virtual Result<std::vector<RequestState>> Requests(std::string_view incident_id) const = 0;
  virtual Result<std::optional<RequestState>> GetRequest(std::string_view request_id) const = 0;
  // A team's requests: received (`inbox`) or sent, newest first.
  virtual Result<std::vector<RequestState>> RequestsOf(std::string_view org, bool inbox,
                                                       size_t limit) const = 0;
  // Requests whose acknowledgement deadline passed in [since, now) still unacknowledged, and
  // open requests whose completion deadline passed then, that this node has not told of yet
  // (at most `limit` of each, oldest deadline first).
  virtual Result<std::vector<MissedDeadline>> MissedDeadlines(Micros since, Micros now,
                                                              size_t limit) const = 0;
  // Requests past their acknowledgement deadline, not acknowledged, not yet escalated here.
  virtual Result<std::vector<RequestState>> DueForEscalation(Micros now) const = 0;
  // For the reports: each incident `org` owns or takes part in (its class and when it was
  // opened), and each request it sent or received.
  virtual Status ForEachIncidentOf(
      std::string_view org,
      const std::function<void(std::string_view rsit_class, Micros created)>& fn) const = 0;
  virtual Status ForEachRequestOf(std::string_view org,
                                  const std::function<void(const RequestTiming&)>& fn) const = 0;
  // The incident's audit chain, oldest first.
  virtual Result<std::vector<AuditRecord>> Audit(std::string_view incident_id) const = 0;
  // Recomputes every chain (or one incident's); the problems found (none: intact).
  virtual Result<std::vector<ChainProblem>> VerifyAudit(std::string_view incident_id) const = 0;
};

}  // namespace concord::incidents
