#pragma once
// A team as a STIX 2.1 `identity` (identity_class "organization"), so the directory federates
// like any other object: each team publishes its own entry, and every node's directory is built
// from the entries it holds. The standard properties carry what any STIX consumer understands
// (name, description, contact_information); Concord's property extension carries the whole team
// record (team.h's JSON, without its id):
//
//   "extensions": {"<kTeamExtension>": {"extension_type": "property-extension",
//                                        "team": {"short_name": ..., "contacts": [...], ...}}}

#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "common/status.h"
#include "directory/team.h"

namespace concord::directory {

inline constexpr std::string_view kTeamExtension =
    "extension-definition--bb372238-6a00-51e6-88c6-da5f65f9d405";

struct StixEnvelope {
  std::string created_by_ref;  // the publishing organisation
  Micros created = 0, modified = 0;
  std::vector<std::string> marking_refs;
  bool revoked = false;
};

// The identity object's JSON (team.id must be set).
std::string TeamToStix(const Team& team, const StixEnvelope& envelope);
// Whether an identity carries Concord's team extension.
bool IsTeamIdentity(json::Value object);
// The team in an identity carrying the extension (id from the object); the same validation as
// TeamFromJson, errors prefixed with the object's id.
Result<Team> TeamFromStix(json::Value object);

}  // namespace concord::directory
