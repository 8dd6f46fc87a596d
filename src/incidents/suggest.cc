#include "incidents/suggest.h"

#include <algorithm>

#include "common/strings.h"
#include "directory/directory.h"
#include "directory/editor.h"
#include "incidents/views.h"
#include "sharing/node_policy.h"
#include "stix/pattern/parser.h"

namespace concord::incidents {
namespace {

bool IsObservableType(std::string_view type) {
  return type == "ipv4-addr" || type == "ipv6-addr" || type == "domain-name" || type == "url" ||
         type == "email-addr";
}

void Collect(const stix::pattern::ComparisonExpr& e, std::vector<std::string>* out) {
  using stix::pattern::ComparisonExpr;
  if (e.kind != ComparisonExpr::Kind::kComparison) {
    if (e.left) Collect(*e.left, out);
    if (e.right) Collect(*e.right, out);
    return;
  }
  const auto& c = e.comparison;
  if (c.negated || !IsObservableType(c.path.object_type) || c.path.steps.size() != 1 ||
      c.path.steps[0].name != "value") {
    return;
  }
  if (c.op != stix::pattern::CompareOp::kEqual && c.op != stix::pattern::CompareOp::kIn) return;
  for (const auto& v : c.values) {
    if (v.kind == stix::pattern::LiteralKind::kString) out->push_back(v.text);
  }
}

void Collect(const stix::pattern::ObservationExpr& e, std::vector<std::string>* out) {
  if (e.comparison) Collect(*e.comparison, out);
  if (e.left) Collect(*e.left, out);
  if (e.right) Collect(*e.right, out);
}

}  // namespace

std::vector<std::string> ObservableValues(json::Value object) {
  std::vector<std::string> out;
  const std::string type = object["type"].str();
  if (IsObservableType(type) && object["value"].is_string()) {
    out.push_back(object["value"].str());
  } else if (type == "indicator" && object["pattern_type"].str_equals("stix") &&
             object["pattern"].is_string()) {
    auto pattern = stix::pattern::Parse(object["pattern"].str());
    if (pattern.ok() && pattern->root) Collect(*pattern->root, &out);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<std::vector<Suggestion>> Suggest(store::Database& db, const Clock& clock, const Actor& actor,
                                        std::string_view incident_id) {
  auto row = Desk(db, clock, actor).Visible(incident_id);
  if (!row.ok()) return row.status();
  auto policy = sharing::LoadNodePolicy(db);
  if (!policy.ok()) return policy.status();
  const sharing::Recipient me{sharing::Channel::kLocalUser, actor.org_identity};
  auto entries = directory::LoadTeams(db.objects());
  if (!entries.ok()) return entries.status();
  const directory::Directory dir(directory::TeamsOf(*entries));
  auto orgs = db.accounts().ListOrganisations();
  if (!orgs.ok()) return orgs.status();
  const std::vector<std::string> audience = row->incident.Audience();
  // The names of the incident's organisations, to tell a team already taking part.
  std::vector<std::string> audience_names;
  for (const auto& o : *orgs) {
    if (std::find(audience.begin(), audience.end(), o.identity_id) != audience.end()) {
      audience_names.push_back(AsciiLower(o.name));
    }
  }
  auto linked = VisibleLinkedObjects(db, actor, row->incident);
  if (!linked.ok()) return linked.status();
  std::vector<Suggestion> out;
  for (const store::StoredObject& latest : *linked) {
    const std::string& ref = latest.id;
    json::Document doc;
    if (!doc.ParseAll(latest.json).ok()) continue;
    for (const std::string& value : ObservableValues(doc.root())) {
      const directory::Answer answer = dir.Lookup(value);
      for (uint32_t t : answer.teams) {
        if (!policy->Decide((*entries)[t].facts, me).release) continue;
        const directory::Team& team = dir.teams()[t];
        Suggestion s;
        s.value = value;
        s.object_id = ref;
        s.team_id = team.id;
        s.team = team.short_name;
        s.country = team.country;
        s.reason = answer.reason;
        s.participant = std::find(audience.begin(), audience.end(), team.id) != audience.end() ||
                        std::find(audience_names.begin(), audience_names.end(),
                                  AsciiLower(team.short_name)) != audience_names.end();
        out.push_back(std::move(s));
      }
    }
  }
  return out;
}

}  // namespace concord::incidents
