#include "incidents/views.h"

#include <algorithm>

#include "common/strings.h"
#include "sharing/node_policy.h"

namespace concord::incidents {
namespace {

bool Contains(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

void WriteTimeField(json::Writer& w, std::string_view key, Micros t) {
  if (t != 0) w.Key(key).String(FormatTimestampMillis(t));
}

}  // namespace

Result<Names> Names::Load(store::Database& db) {
  Names names;
  auto orgs = db.accounts().ListOrganisations();
  if (!orgs.ok()) return orgs.status();
  for (const auto& o : *orgs) names.orgs_[o.identity_id] = o.name;
  auto teams = directory::LoadTeams(db.objects());
  if (!teams.ok()) return teams.status();
  names.teams_ = std::move(*teams);
  return names;
}

std::string Names::NameOf(std::string_view identity) const {
  if (auto it = orgs_.find(identity); it != orgs_.end()) return it->second;
  for (const auto& t : teams_) {
    if (t.team.id == identity) return t.team.short_name;
  }
  return std::string(identity);
}

const directory::Team* Names::TeamOf(std::string_view identity) const {
  for (const auto& t : teams_) {
    if (t.team.id == identity) return &t.team;
  }
  auto it = orgs_.find(identity);
  if (it == orgs_.end()) return nullptr;
  for (const auto& t : teams_) {
    if (AsciiLower(t.team.short_name) == AsciiLower(it->second)) return &t.team;
  }
  return nullptr;
}

Result<IncidentPage> LoadPage(store::Database& db, const Clock& clock, const Actor& actor,
                              std::string_view incident_id) {
  IncidentPage page;
  auto row = Desk(db, clock, actor).Visible(incident_id);
  if (!row.ok()) return row.status();
  page.row = std::move(*row);
  const std::vector<std::string> audience = page.row.incident.Audience();
  auto& store = db.Get<IncidentStore>();
  auto tasks = store.Tasks(page.row.incident.id);
  if (!tasks.ok()) return tasks.status();
  for (auto& t : *tasks) {
    if (Contains(audience, t.owner)) page.tasks.push_back(std::move(t));
  }
  auto requests = store.Requests(page.row.incident.id);
  if (!requests.ok()) return requests.status();
  const Micros now = clock.Now();
  for (auto& r : *requests) {
    const Request& q = r.request;
    if (!Contains(audience, q.requester) ||
        (q.requester != actor.org_identity && q.recipient != actor.org_identity)) {
      continue;
    }
    if (!r.closed()) ++page.row.open_requests;
    if (!r.closed() && (r.AcknowledgeOverdue(now) || r.Overdue(now))) ++page.row.overdue_requests;
    page.requests.push_back(std::move(r));
  }
  page.row.tasks = static_cast<int>(page.tasks.size());
  auto audit = store.Audit(page.row.incident.id);
  if (!audit.ok()) return audit.status();
  // The timeline shows what this organisation may see: the incident's versions, the tasks and
  // requests listed above and their updates.
  for (auto& a : *audit) {
    const bool shown =
        a.subject == page.row.incident.id ||
        std::any_of(page.tasks.begin(), page.tasks.end(),
                    [&](const Task& t) { return t.id == a.subject; }) ||
        std::any_of(page.requests.begin(), page.requests.end(), [&](const RequestState& r) {
          return r.request.id == a.subject ||
                 std::any_of(r.updates.begin(), r.updates.end(),
                             [&](const RequestUpdate& u) { return u.id == a.subject; });
        });
    if (shown) page.timeline.push_back(std::move(a));
  }
  auto names = Names::Load(db);
  if (!names.ok()) return names.status();
  page.names = std::move(*names);
  return page;
}

Result<std::vector<store::StoredObject>> VisibleLinkedObjects(store::Database& db,
                                                              const Actor& actor,
                                                              const Incident& incident) {
  auto policy = sharing::LoadNodePolicy(db);
  if (!policy.ok()) return policy.status();
  const sharing::Recipient me{sharing::Channel::kLocalUser, actor.org_identity};
  std::vector<store::StoredObject> out;
  for (const std::string& ref : incident.object_refs) {
    auto versions = db.objects().Versions(ref);
    if (!versions.ok()) return versions.status();
    if (versions->empty()) continue;
    auto facts = sharing::FactsOf(versions->back());
    if (!facts.ok() || !policy->Decide(*facts, me).release) continue;
    out.push_back(std::move(versions->back()));
  }
  return out;
}

void WriteIncidentRow(const IncidentRow& row, const Names& names, json::Writer& w) {
  // The incident's own fields, then what the node adds: names, counts.
  WriteIncident(row.incident, w, [&](json::Writer& w) {
    w.Key("owner_name").String(names.NameOf(row.incident.owner));
    w.Key("participant_names").BeginArray();
    for (const auto& p : row.incident.participants) w.String(names.NameOf(p));
    w.EndArray();
    w.Key("received").Bool(row.received_from != 0);
    w.Key("open_requests").Int(row.open_requests);
    w.Key("overdue_requests").Int(row.overdue_requests);
    w.Key("tasks").Int(row.tasks);
  });
}

void WriteRequestState(const RequestState& s, const Names& names, Micros now, json::Writer& w) {
  WriteRequest(s.request, w, [&](json::Writer& w) {
    w.Key("requester_name").String(names.NameOf(s.request.requester));
    w.Key("recipient_name").String(names.NameOf(s.request.recipient));
    w.Key("state").String(s.state);
    if (!s.outcome.empty()) w.Key("outcome").String(s.outcome);
    if (!s.recipient_reference.empty()) w.Key("recipient_reference").String(s.recipient_reference);
    WriteTimeField(w, "acknowledged_at", s.acknowledged_at);
    WriteTimeField(w, "closed_at", s.closed_at);
    WriteTimeField(w, "escalated_at", s.escalated_at);
    w.Key("acknowledge_overdue").Bool(s.AcknowledgeOverdue(now));
    w.Key("overdue").Bool(s.Overdue(now));
    w.Key("updates").BeginArray();
    for (const auto& u : s.updates) WriteUpdate(u, w);
    w.EndArray();
    w.Key("ignored").BeginArray();
    for (const auto& i : s.ignored) w.String(i);
    w.EndArray();
  });
}

void WritePage(const IncidentPage& page, Micros now, json::Writer& w) {
  w.BeginObject().Key("incident");
  WriteIncidentRow(page.row, page.names, w);
  w.Key("tasks").BeginArray();
  for (const auto& t : page.tasks) WriteTask(t, w);
  w.EndArray();
  w.Key("requests").BeginArray();
  for (const auto& r : page.requests) WriteRequestState(r, page.names, now, w);
  w.EndArray();
  w.Key("timeline").BeginArray();
  for (const auto& a : page.timeline) {
    w.BeginObject().Key("at").String(FormatTimestampMillis(a.at)).Key("actor").String(a.actor);
    w.Key("action").String(a.action).Key("subject").String(a.subject);
    w.Key("version").String(FormatTimestampMillis(a.version)).EndObject();
  }
  w.EndArray();
  w.EndObject();
}

void WriteChainProblems(const std::vector<ChainProblem>& problems, json::Writer& w) {
  w.Key("verified").Bool(problems.empty()).Key("problems").BeginArray();
  for (const auto& p : problems) {
    w.BeginObject().Key("incident").String(p.incident_id).Key("seq").Int(p.seq);
    w.Key("problem").String(p.problem).EndObject();
  }
  w.EndArray();
}

void WriteAudit(const std::vector<AuditRecord>& audit, const std::vector<ChainProblem>& problems,
                json::Writer& w) {
  w.BeginObject();
  WriteChainProblems(problems, w);
  w.Key("entries").BeginArray();
  for (const auto& a : audit) {
    w.BeginObject().Key("seq").Int(a.seq).Key("at").String(FormatTimestampMillis(a.at));
    w.Key("actor").String(a.actor).Key("action").String(a.action).Key("subject").String(a.subject);
    w.Key("version").String(FormatTimestampMillis(a.version));
    w.Key("before").String(a.before).Key("after").String(a.after);
    w.Key("prev_hash").String(a.prev_hash).Key("hash").String(a.hash).EndObject();
  }
  w.EndArray().EndObject();
}

}  // namespace concord::incidents
