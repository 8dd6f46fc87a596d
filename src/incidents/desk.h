#pragma once
// The one way incident records are written: the coordination desk of one organisation of this
// node. Each change validates, stores the record as a STIX object version owned by the acting
// organisation (through store::PutObject, in the "Incidents" collection) and indexes it with its
// audit entry, in one transaction: all or nothing.
//
// Who may do what (an organisation changes only what it owns):
//  - the owner opens and changes an incident and chooses its participants;
//  - the owner and every participant add tasks; a task is changed by the team that made it;
//  - a team of the incident's audience sends a request to a participant;
//  - the recipient reports on it (acknowledged, accepted, declined, progress, completed); the
//    requester may cancel it.
// What the acting organisation may not see is reported as NotFound, never as refused, so that
// a stranger learns nothing of an incident it is not part of.

#include <functional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "directory/team.h"
#include "incidents/incident.h"
#include "incidents/store.h"
#include "store/database.h"

namespace concord::incidents {

inline constexpr const char* kIncidentsCollectionTitle = "Incidents";

// Brings the index up to date with every incident record stored (a pass per 1000 versions).
// `problems` (when given) collects the records that did not validate.
Status CatchUpIndex(store::Database& db, std::vector<std::string>* problems = nullptr);

// Keeps this node's records on other teams' incidents in step with who takes part in them: for
// each incident whose participants changed (as the index noted), every task an organisation
// of this node owns on it is re-issued by that organisation to the new audience (a new
// version), so a team added later receives it and a team removed receives no more of it. The
// owner's node does the same for the owner's tasks when it changes the incident (Desk::Change);
// this covers the other participants' nodes. serve runs it after each index pass. Returns how
// many tasks were re-issued; a task that cannot be is described in `problems`.
Result<size_t> FollowAudienceChanges(store::Database& db, const Clock& clock,
                                     std::vector<std::string>* problems);

struct Actor {
  std::string org_identity;  // the organisation acting
  std::string org_name;
  std::string name;  // for the audit log: "api:alice@CERT-A", "cli:root"
};

class Desk {
 public:
  Desk(store::Database& db, const Clock& clock, Actor actor)
      : db_(db), clock_(clock), actor_(std::move(actor)) {}

  // Validates and opens an incident owned by the acting organisation.
  Result<Incident> Open(Incident draft);
  // Opens an incident with what came with it, in one transaction (an import): `objects` are
  // new STIX objects ((id, JSON) pairs, owned by the acting organisation) the incident links
  // to, and `tasks` its tasks (their ids, owner, audience and times are set here).
  Result<Incident> OpenWith(Incident draft,
                            const std::vector<std::pair<std::string, std::string>>& objects,
                            std::vector<Task> tasks);
  // Applies `edit` to the latest version and stores the result (owner only).
  Result<Incident> Change(std::string_view incident_id,
                          const std::function<Status(Incident&)>& edit);
  Result<Task> AddTask(std::string_view incident_id, Task draft);
  Result<Task> ChangeTask(std::string_view task_id, const std::function<Status(Task&)>& edit);
  // Sends a request; its clocks are set from the recipient's directory entry (sla.h).
  // `team_of` finds the directory's team for an identity (null when unknown).
  Result<RequestState> Send(std::string_view incident_id, Request draft,
                            const std::function<const directory::Team*(std::string_view)>& team_of);
  Result<RequestState> Report(std::string_view request_id, RequestUpdate draft);

  // The incident if the acting organisation is its owner or a participant (NotFound otherwise).
  Result<IncidentRow> Visible(std::string_view incident_id) const;

 private:
  // Stores the records' new versions ((id, STIX) pairs) and indexes them, in one transaction.
  Status Write(const std::vector<std::pair<std::string, std::string>>& records);
  Micros Now() const { return clock_.Now() / 1000 * 1000; }
  Status CheckEvidence(const Request& request) const;
  // New versions of the linked objects (`refs`) this organisation shared with exactly the
  // incident's audience `before` (an import's threat actors, campaigns and indicators), for the
  // audience `after`; evidence shared with fewer (a request's) keeps its list.
  Result<std::vector<std::pair<std::string, std::string>>> FollowingObjects(
      const std::vector<std::string>& refs, const std::vector<std::string>& before,
      const std::vector<std::string>& after, Micros modified) const;

  store::Database& db_;
  const Clock& clock_;
  Actor actor_;
};

}  // namespace concord::incidents
