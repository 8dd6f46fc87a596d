#pragma once
// Reading the directory from the store and changing it: the one way teams are written.
//
// Each team is a STIX identity (stix_team.h). A change reads the team's latest version, applies
// the edit, validates the result and stores it as a new version, together with its audit-log
// entry (who, when, the team before and after) in one transaction: all or nothing. New versions
// go into the node's "Directory" collection (made on first use), which peers pull to federate
// the directory. Only teams published by this node's organisations can be changed here; the
// others belong to the node that published them. Removing a team revokes it (STIX `revoked`),
// which travels like any version.

#include <functional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "directory/directory.h"
#include "directory/team.h"
#include "sharing/policy.h"
#include "store/database.h"

namespace concord::directory {

inline constexpr const char* kDirectoryCollectionTitle = "Directory";

// A team as stored, with what the sharing policy needs to judge who may see it.
struct TeamEntry {
  Team team;
  std::string publisher;  // created_by_ref
  Micros created = 0, modified = 0;
  std::vector<std::string> marking_refs;
  sharing::ObjectFacts facts;
};

// The latest, unrevoked version of every team identity. Identities whose team extension does not
// validate are skipped and described in `problems` (when given).
Result<std::vector<TeamEntry>> LoadTeams(const store::ObjectStore& objects,
                                         std::vector<std::string>* problems = nullptr);
std::vector<Team> TeamsOf(const std::vector<TeamEntry>& entries);

struct EditResult {
  Team team;
  bool added = false;                 // a new team, not a new version
  std::vector<std::string> warnings;  // claims other teams make too (conflicts)
};

class Editor {
 public:
  // `actor` is written to the audit log: "cli:<os user>" or "api:<user>@<organisation>".
  Editor(store::Database& db, const Clock& clock, std::string actor)
      : db_(db), clock_(clock), actor_(std::move(actor)) {}

  // A new team published by this node's organisation, marked `tlp`.
  Result<EditResult> Add(Team team, sharing::Tlp tlp);
  // Edits the latest version of team `ref` (id or short name). `action` names the change in the
  // audit log ("team.edit", "contact.add", ...).
  Result<EditResult> Change(std::string_view ref, const std::string& action,
                            const std::function<Status(Team&)>& edit);
  // Revokes the team.
  Result<Team> Remove(std::string_view ref);

  // A team's contacts, keyed by e-mail address (compared in lower case).
  // Adds `contact`; AlreadyExists if the team has that address.
  Result<EditResult> AddContact(std::string_view team, Contact contact);
  // Changes the contact with address `email`; NotFound if the team has none.
  Result<EditResult> EditContact(std::string_view team, std::string_view email,
                                 const std::function<void(Contact&)>& edit);
  // Removes the contact with address `email`; NotFound if the team has none.
  Result<EditResult> RemoveContact(std::string_view team, std::string_view email);
  // Adds or updates (matched by short name among this node's teams) every team, in one
  // transaction: if any team is invalid nothing is written. An update merges: what the
  // imported team leaves empty keeps its stored value (KeepWhatIsMissing). Returns one result
  // per team.
  Result<std::vector<EditResult>> Import(std::vector<Team> teams, sharing::Tlp tlp);

 private:
  struct Context;
  Result<Context> Begin();
  Result<EditResult> Write(Context& ctx, Team team, const TeamEntry* previous,
                           const std::string& action, sharing::Tlp tlp, bool revoke);

  store::Database& db_;
  const Clock& clock_;
  std::string actor_;
};

}  // namespace concord::directory
