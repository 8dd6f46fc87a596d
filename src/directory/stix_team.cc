#include "directory/stix_team.h"

namespace concord::directory {

std::string TeamToStix(const Team& team, const StixEnvelope& env) {
  std::string out;
  json::Writer w(&out);
  w.BeginObject();
  w.Key("type").String("identity").Key("spec_version").String("2.1").Key("id").String(team.id);
  if (!env.created_by_ref.empty()) w.Key("created_by_ref").String(env.created_by_ref);
  w.Key("created").String(FormatTimestampMillis(env.created));
  w.Key("modified").String(FormatTimestampMillis(env.modified));
  if (env.revoked) w.Key("revoked").Bool(true);
  w.Key("name").String(team.name);
  if (!team.constituency.description.empty()) {
    w.Key("description").String(team.constituency.description);
  }
  w.Key("identity_class").String("organization");
  std::string contact;
  for (const auto& [label, value] :
       {std::pair<const char*, const std::string&>{"E-mail", team.email},
        {"Phone", team.phone},
        {"24/7 emergency", team.emergency_phone},
        {"Web", team.website},
        {"PGP", team.pgp_fingerprint}}) {
    if (!value.empty())
      contact += (contact.empty() ? "" : "; ") + std::string(label) + ": " + value;
  }
  if (!contact.empty()) w.Key("contact_information").String(contact);
  if (!env.marking_refs.empty()) {
    w.Key("object_marking_refs").BeginArray();
    for (const auto& m : env.marking_refs) w.String(m);
    w.EndArray();
  }
  w.Key("extensions").BeginObject().Key(kTeamExtension).BeginObject();
  w.Key("extension_type").String("property-extension");
  Team body = team;
  body.id.clear();  // the object's own id says it
  w.Key("team");
  WriteTeam(body, w);
  w.EndObject().EndObject();
  w.EndObject();
  return out;
}

bool IsTeamIdentity(json::Value object) {
  return object["type"].str_equals("identity") && object["extensions"][kTeamExtension].exists();
}

Result<Team> TeamFromStix(json::Value object) {
  const std::string id = object["id"].str();
  auto team = TeamFromJson(object["extensions"][kTeamExtension]["team"]);
  if (!team.ok()) return team.status().WithPrefix(id + ": team extension");
  team->id = id;
  return team;
}

}  // namespace concord::directory
