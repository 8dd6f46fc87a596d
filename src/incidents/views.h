#pragma once
// What people read about incidents, shared by the REST API and the CLI's --json: the names of
// the organisations involved, an incident's page (the incident with its tasks, requests and
// timeline, as one organisation may see them) and their JSON.

#include <map>
#include <string>
#include <vector>

#include "common/json.h"
#include "directory/editor.h"
#include "incidents/desk.h"
#include "incidents/store.h"

namespace concord::incidents {

// Identity ids to names: the organisations registered here and the directory's teams.
class Names {
 public:
  static Result<Names> Load(store::Database& db);
  // The organisation's name, else the directory team's short name, else the id itself.
  std::string NameOf(std::string_view identity) const;
  // The directory's team for an organisation: the team whose id is the identity, else the team
  // whose short name is the organisation's name. Null when the directory has none.
  const directory::Team* TeamOf(std::string_view identity) const;

 private:
  std::map<std::string, std::string, std::less<>> orgs_;  // identity -> organisation name
  std::vector<directory::TeamEntry> teams_;
};

struct IncidentPage {
  IncidentRow row;
  std::vector<Task> tasks;
  std::vector<RequestState> requests;
  std::vector<AuditRecord> timeline;
  Names names;
};

// The page as `actor`'s organisation may see it: tasks by a team of the incident's audience,
// the requests it sent or received (between teams of the audience). NotFound when the
// organisation is neither the owner nor a participant.
Result<IncidentPage> LoadPage(store::Database& db, const Clock& clock, const Actor& actor,
                              std::string_view incident_id);

// The latest version of each object the incident links to (object_refs) that the sharing
// policy lets `actor`'s organisation see; the others are left out, unsaid.
Result<std::vector<store::StoredObject>> VisibleLinkedObjects(store::Database& db,
                                                              const Actor& actor,
                                                              const Incident& incident);

void WriteIncidentRow(const IncidentRow& row, const Names& names, json::Writer& w);
void WriteRequestState(const RequestState& state, const Names& names, Micros now, json::Writer& w);
void WritePage(const IncidentPage& page, Micros now, json::Writer& w);
// `"verified": …, "problems": [{incident, seq, problem}, …]`, as members of the open object.
void WriteChainProblems(const std::vector<ChainProblem>& problems, json::Writer& w);
void WriteAudit(const std::vector<AuditRecord>& audit, const std::vector<ChainProblem>& problems,
                json::Writer& w);

}  // namespace concord::incidents
