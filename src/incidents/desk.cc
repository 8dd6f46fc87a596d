#include "incidents/desk.h"

#include <algorithm>
#include <map>
#include <set>

#include "accounts/admin.h"
#include "common/uuid.h"
#include "incidents/sla.h"
#include "sharing/node_policy.h"
#include "stix/validate.h"
#include "store/tombstone.h"

namespace concord::incidents {
namespace {

constexpr size_t kPassVersions = 1000;

bool Contains(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// Every participant must be an organisation this node knows (registered with its identity), or
// nothing could reach it.
Status CheckKnown(store::Database& db, std::string_view field,
                  const std::vector<std::string>& identities) {
  if (identities.empty()) return Status::Ok();
  auto orgs = db.accounts().ListOrganisations();
  if (!orgs.ok()) return orgs.status();
  for (size_t i = 0; i < identities.size(); ++i) {
    const bool known = std::any_of(orgs->begin(), orgs->end(), [&](const store::Organisation& o) {
      return o.identity_id == identities[i];
    });
    if (!known) {
      return Status::InvalidArgument(
          std::string(field) + (identities.size() > 1 ? "[" + std::to_string(i) + "]" : "") +
          ": no organisation here has identity " + identities[i] +
          " (register the team with `concord org add NAME --identity ...`)");
    }
  }
  return Status::Ok();
}

}  // namespace

Status CatchUpIndex(store::Database& db, std::vector<std::string>* problems) {
  for (;;) {
    auto behind = db.Get<IncidentStore>().Behind();
    if (!behind.ok()) return behind.status();
    if (!*behind) return Status::Ok();
    auto tx = db.objects().BeginWrite();
    if (!tx.ok()) return tx.status();
    auto read = (*tx)->Part<IndexWriter>().CatchUp(kPassVersions, "", {}, problems);
    if (!read.ok()) return read.status();
    CONCORD_RETURN_IF_ERROR((*tx)->Commit());
    if (*read < kPassVersions) return Status::Ok();
  }
}

namespace {

// Calls `fn(key, value)` for each member of a JSON object, in order.
template <typename Fn>
void ForEachMember(json::Value object, Fn fn) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    const json::Value::Member m = it.member();
    fn(m.key, m.value);
  }
}

// `object` again with `modified` and its `participants` distribution replaced; every other
// member as it was written.
std::string WithParticipants(json::Value object, const std::vector<std::string>& audience,
                             Micros modified) {
  std::string out;
  json::Writer w(&out);
  w.BeginObject();
  ForEachMember(object, [&](std::string_view key, json::Value value) {
    w.Key(key);
    if (key == "modified") {
      w.String(FormatTimestampMillis(modified));
    } else if (key == "extensions") {
      w.BeginObject();
      ForEachMember(value, [&](std::string_view name, json::Value extension) {
        w.Key(name);
        if (name != sharing::kDistributionExtension) {
          w.Raw(extension.raw());
          return;
        }
        w.BeginObject();
        ForEachMember(extension, [&](std::string_view field, json::Value v) {
          w.Key(field);
          if (field != "participants") {
            w.Raw(v.raw());
            return;
          }
          w.BeginArray();
          for (const auto& a : audience) w.String(a);
          w.EndArray();
        });
        w.EndObject();
      });
      w.EndObject();
    } else {
      w.Raw(value.raw());
    }
  });
  w.EndObject();
  return out;
}

}  // namespace

Result<std::vector<std::pair<std::string, std::string>>> Desk::FollowingObjects(
    const std::vector<std::string>& refs, const std::vector<std::string>& before,
    const std::vector<std::string>& after, Micros modified) const {
  const std::set<std::string> old_audience(before.begin(), before.end());
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& ref : refs) {
    auto versions = db_.objects().Versions(ref);
    if (!versions.ok()) return versions.status();
    if (versions->empty()) continue;
    const store::StoredObject& o = versions->back();
    if (o.created_by_ref != actor_.org_identity || o.revoked) continue;
    auto facts = sharing::FactsOf(o);
    if (!facts.ok() || !facts->distribution ||
        facts->distribution->scope != sharing::Scope::kParticipants) {
      continue;
    }
    const auto& listed = facts->distribution->participants;
    if (std::set<std::string>(listed.begin(), listed.end()) != old_audience) continue;
    json::Document doc;
    CONCORD_RETURN_IF_ERROR(doc.ParseAll(o.json));
    out.emplace_back(o.id,
                     WithParticipants(doc.root(), after, std::max(modified, o.version + 1000)));
  }
  return out;
}

Result<size_t> FollowAudienceChanges(store::Database& db, const Clock& clock,
                                     std::vector<std::string>* problems) {
  auto& store = db.Get<IncidentStore>();
  auto changed = store.AudienceChanged(100);
  if (!changed.ok()) return changed.status();
  if (changed->empty()) return size_t{0};
  auto policy = sharing::LoadNodePolicy(db);
  if (!policy.ok()) return policy.status();
  auto orgs = db.accounts().ListOrganisations();
  if (!orgs.ok()) return orgs.status();
  std::map<std::string, std::string> name_of;
  for (const auto& o : *orgs) name_of[o.identity_id] = o.name;
  size_t reissued = 0;
  for (const std::string& incident_id : *changed) {
    auto row = store.Get(incident_id, 0);
    if (!row.ok()) return row.status();
    auto tasks = store.Tasks(incident_id);
    if (!tasks.ok()) return tasks.status();
    const std::vector<std::string> audience =
        row->has_value() ? (*row)->incident.Audience() : std::vector<std::string>{};
    const std::set<std::string> wanted(audience.begin(), audience.end());
    for (const Task& t : *tasks) {
      // Only an organisation of this node re-issues, only its own tasks, and only while it
      // takes part (a team removed no longer speaks on the incident).
      if (!policy->IsLocalOrg(t.owner) || !wanted.count(t.owner)) continue;
      if (std::set<std::string>(t.audience.begin(), t.audience.end()) == wanted) continue;
      Desk desk(db, clock, {t.owner, name_of[t.owner], "node:participants-changed"});
      auto done = desk.ChangeTask(t.id, [](Task&) { return Status::Ok(); });
      if (done.ok()) {
        ++reissued;
      } else if (problems) {
        problems->push_back(t.id + ": not re-issued to the incident's new participants: " +
                            done.status().message());
      }
    }
    auto tx = db.objects().BeginWrite();
    if (!tx.ok()) return tx.status();
    CONCORD_RETURN_IF_ERROR((*tx)->Part<IndexWriter>().AudienceFollowed(incident_id));
    CONCORD_RETURN_IF_ERROR((*tx)->Commit());
  }
  return reissued;
}

Status Desk::Write(const std::vector<std::pair<std::string, std::string>>& records) {
  auto node = sharing::NodeOrganisation(db_);
  if (!node.ok()) return node.status();
  auto collection = accounts::ModuleCollection(
      db_, kIncidentsCollectionTitle,
      "Cross-border incidents, their tasks, assistance requests and updates (each goes only to "
      "the teams it lists)",
      node->name, clock_);
  if (!collection.ok()) return collection.status();
  std::vector<store::ObjectRecord> objects(records.size());
  std::set<std::string> ids;
  for (size_t i = 0; i < records.size(); ++i) {
    objects[i].json = records[i].second;
    json::Document doc;
    CONCORD_RETURN_IF_ERROR(doc.ParseAll(objects[i].json));
    CONCORD_RETURN_IF_ERROR(stix::Validate(doc.root(), &objects[i].meta));
    ids.insert(records[i].first);
  }
  auto tx = db_.objects().BeginWrite();
  if (!tx.ok()) return tx.status();
  // Index what arrived before this change first, under the writer lock, then these versions
  // with the actor's name: the audit chain records who did it.
  std::vector<std::string> problems;
  auto earlier = (*tx)->Part<IndexWriter>().CatchUp(1'000'000, "", {}, &problems);
  if (!earlier.ok()) return earlier.status();
  store::Supplier supplier{actor_.org_identity, false, actor_.org_name};
  for (const store::ObjectRecord& record : objects) {
    auto put = store::PutObject(**tx, record, supplier);
    if (!put.ok()) return put.status();
    CONCORD_RETURN_IF_ERROR((*tx)->AddToCollection(*collection, put->date_added));
  }
  problems.clear();
  auto indexed = (*tx)->Part<IndexWriter>().CatchUp(kPassVersions, actor_.name, ids, &problems);
  if (!indexed.ok()) return indexed.status();
  for (const auto& p : problems) {
    for (const auto& id : ids) {
      if (p.rfind(id, 0) == 0) return Status::Unprocessable(p);  // ours did not index: roll back
    }
  }
  return (*tx)->Commit();
}

// Evidence travels by the sharing policy like any object: each must exist, be visible to the
// requester, and be released to the recipient; otherwise the request would promise evidence
// the recipient never receives.
Status Desk::CheckEvidence(const Request& request) const {
  auto policy = sharing::LoadNodePolicy(db_);
  if (!policy.ok()) return policy.status();
  const sharing::Recipient requester{sharing::Channel::kLocalUser, actor_.org_identity};
  const sharing::Recipient recipient{policy->IsLocalOrg(request.recipient)
                                         ? sharing::Channel::kLocalUser
                                         : sharing::Channel::kPeerNode,
                                     request.recipient};
  for (size_t i = 0; i < request.evidence_refs.size(); ++i) {
    const std::string field = "evidence_refs[" + std::to_string(i) + "]";
    auto versions = db_.objects().Versions(request.evidence_refs[i]);
    if (!versions.ok()) return versions.status();
    std::optional<sharing::ObjectFacts> facts;
    if (!versions->empty()) {
      auto f = sharing::FactsOf(versions->back());
      if (f.ok()) facts = *f;
    }
    if (!facts || !policy->Decide(*facts, requester).release) {
      return Status::InvalidArgument(field + ": no object " + request.evidence_refs[i]);
    }
    const sharing::Decision to = policy->Decide(*facts, recipient);
    if (!to.release) {
      return Status::InvalidArgument(field + ": would not reach the recipient (" + to.rule +
                                     "); share it with them first");
    }
  }
  return Status::Ok();
}

Result<IncidentRow> Desk::Visible(std::string_view incident_id) const {
  CONCORD_RETURN_IF_ERROR(CatchUpIndex(db_));
  auto row = db_.Get<IncidentStore>().Get(incident_id, clock_.Now());
  if (!row.ok()) return row.status();
  if (!row->has_value() || !Contains((*row)->incident.Audience(), actor_.org_identity) ||
      ((*row)->incident.tlp == sharing::Tlp::kRed &&
       (*row)->incident.owner != actor_.org_identity)) {
    return Status::NotFound("no incident " + std::string(incident_id));
  }
  return std::move(**row);
}

Result<Incident> Desk::Open(Incident draft) { return OpenWith(std::move(draft), {}, {}); }

Result<Incident> Desk::OpenWith(Incident draft,
                                const std::vector<std::pair<std::string, std::string>>& objects,
                                std::vector<Task> tasks) {
  draft.id = "incident--" + UuidV4();
  draft.owner = actor_.org_identity;
  draft.created = draft.modified = Now();
  draft.participants.erase(
      std::remove(draft.participants.begin(), draft.participants.end(), actor_.org_identity),
      draft.participants.end());
  CONCORD_RETURN_IF_ERROR(ValidateIncident(draft));
  CONCORD_RETURN_IF_ERROR(CheckKnown(db_, "participants", draft.participants));
  std::vector<std::pair<std::string, std::string>> records = objects;
  records.emplace_back(draft.id, IncidentToStix(draft));
  for (size_t k = 0; k < tasks.size(); ++k) {
    Task& t = tasks[k];
    t.id = "task--" + UuidV4();
    t.incident_id = draft.id;
    t.owner = actor_.org_identity;
    t.audience = draft.Audience();
    t.tlp = std::max(t.tlp, draft.tlp);
    t.created = t.modified = draft.created;
    CONCORD_RETURN_IF_ERROR(ValidateTask(t).WithPrefix("tasks[" + std::to_string(k) + "]"));
    records.emplace_back(t.id, TaskToStix(t));
  }
  CONCORD_RETURN_IF_ERROR(Write(records));
  return draft;
}

Result<Incident> Desk::Change(std::string_view incident_id,
                              const std::function<Status(Incident&)>& edit) {
  auto row = Visible(incident_id);
  if (!row.ok()) return row.status();
  Incident i = row->incident;
  if (i.owner != actor_.org_identity) {
    return Status::PermissionDenied("incident " + i.id + " belongs to " + i.owner +
                                    ": only its owner changes it (add a task or a note instead)");
  }
  CONCORD_RETURN_IF_ERROR(edit(i));
  i.id = row->incident.id;
  i.owner = row->incident.owner;
  i.created = row->incident.created;
  i.modified = std::max(Now(), row->incident.modified + 1000);
  i.participants.erase(
      std::remove(i.participants.begin(), i.participants.end(), actor_.org_identity),
      i.participants.end());
  CONCORD_RETURN_IF_ERROR(ValidateIncident(i));
  CONCORD_RETURN_IF_ERROR(CheckKnown(db_, "participants", i.participants));
  std::vector<std::pair<std::string, std::string>> records{{i.id, IncidentToStix(i)}};
  // When the participants change, the owner's own tasks go to the new list too (a new version
  // each, in the same transaction): a team added later receives them, a team removed does not.
  const std::vector<std::string> audience = i.Audience();
  if (audience != row->incident.Audience()) {
    auto tasks = db_.Get<IncidentStore>().Tasks(i.id);
    if (!tasks.ok()) return tasks.status();
    for (Task t : *tasks) {
      if (t.owner != actor_.org_identity) continue;
      t.audience = audience;
      t.modified = std::max(i.modified, t.modified + 1000);
      records.emplace_back(t.id, TaskToStix(t));
    }
    auto linked = FollowingObjects(i.object_refs, row->incident.Audience(), audience, i.modified);
    if (!linked.ok()) return linked.status();
    records.insert(records.end(), linked->begin(), linked->end());
  }
  CONCORD_RETURN_IF_ERROR(Write(records));
  return i;
}

Result<Task> Desk::AddTask(std::string_view incident_id, Task draft) {
  auto row = Visible(incident_id);
  if (!row.ok()) return row.status();
  draft.id = "task--" + UuidV4();
  draft.incident_id = row->incident.id;
  draft.owner = actor_.org_identity;
  draft.audience = row->incident.Audience();
  draft.tlp = std::max(draft.tlp, row->incident.tlp);
  draft.created = draft.modified = Now();
  CONCORD_RETURN_IF_ERROR(ValidateTask(draft));
  if (!draft.assignee.empty() && draft.assignee.rfind("user:", 0) != 0 &&
      !Contains(draft.audience, draft.assignee)) {
    return Status::InvalidArgument("assignee: " + draft.assignee +
                                   " is not a participant of the incident");
  }
  CONCORD_RETURN_IF_ERROR(Write({{draft.id, TaskToStix(draft)}}));
  return draft;
}

Result<Task> Desk::ChangeTask(std::string_view task_id, const std::function<Status(Task&)>& edit) {
  CONCORD_RETURN_IF_ERROR(CatchUpIndex(db_));
  auto task = db_.Get<IncidentStore>().GetTask(task_id);
  if (!task.ok()) return task.status();
  if (!task->has_value()) return Status::NotFound("no task " + std::string(task_id));
  auto row = Visible((*task)->incident_id);
  if (!row.ok()) return Status::NotFound("no task " + std::string(task_id));
  Task t = **task;
  if (t.owner != actor_.org_identity) {
    return Status::PermissionDenied("task " + t.id + " belongs to " + t.owner +
                                    ": only the team that made it changes it");
  }
  CONCORD_RETURN_IF_ERROR(edit(t));
  t.id = (*task)->id;
  t.owner = (*task)->owner;
  t.incident_id = (*task)->incident_id;
  t.created = (*task)->created;
  t.audience = row->incident.Audience();
  t.modified = std::max(Now(), (*task)->modified + 1000);
  CONCORD_RETURN_IF_ERROR(ValidateTask(t));
  CONCORD_RETURN_IF_ERROR(Write({{t.id, TaskToStix(t)}}));
  return t;
}

Result<RequestState> Desk::Send(
    std::string_view incident_id, Request draft,
    const std::function<const directory::Team*(std::string_view)>& team_of) {
  auto row = Visible(incident_id);
  if (!row.ok()) return row.status();
  draft.id = std::string(kRequestType) + "--" + UuidV4();
  draft.incident_id = row->incident.id;
  draft.requester = actor_.org_identity;
  draft.created = draft.modified = Now();
  CONCORD_RETURN_IF_ERROR(ValidateRequest(draft));
  CONCORD_RETURN_IF_ERROR(CheckKnown(db_, "recipient", {draft.recipient}));
  if (!Contains(row->incident.Audience(), draft.recipient)) {
    return Status::InvalidArgument("recipient: " + draft.recipient +
                                   " is not a participant of the incident (add it first)");
  }
  if (draft.deadline != 0 && draft.deadline <= draft.created) {
    return Status::InvalidArgument("deadline: " + FormatTimestampMillis(draft.deadline) +
                                   " is in the past");
  }
  CONCORD_RETURN_IF_ERROR(CheckEvidence(draft));
  SetClocks(&draft, team_of ? team_of(draft.recipient) : nullptr);
  CONCORD_RETURN_IF_ERROR(Write({{draft.id, RequestToStix(draft)}}));
  auto state = db_.Get<IncidentStore>().GetRequest(draft.id);
  if (!state.ok()) return state.status();
  if (!state->has_value()) return Status::Internal("the request was not indexed");
  return std::move(**state);
}

Result<RequestState> Desk::Report(std::string_view request_id, RequestUpdate draft) {
  CONCORD_RETURN_IF_ERROR(CatchUpIndex(db_));
  auto current = db_.Get<IncidentStore>().GetRequest(request_id);
  if (!current.ok()) return current.status();
  const std::string not_found = "no request " + std::string(request_id);
  if (!current->has_value()) return Status::NotFound(not_found);
  const Request& r = (*current)->request;
  if (actor_.org_identity != r.requester && actor_.org_identity != r.recipient) {
    return Status::NotFound(not_found);
  }
  draft.id = std::string(kRequestUpdateType) + "--" + UuidV4();
  draft.request_id = r.id;
  draft.incident_id = r.incident_id;
  draft.author = actor_.org_identity;
  draft.audience = {r.requester, r.recipient};
  draft.tlp = r.tlp;
  draft.created = Now();
  CONCORD_RETURN_IF_ERROR(ValidateUpdate(draft));
  CONCORD_RETURN_IF_ERROR(CheckTransition(**current, draft));
  CONCORD_RETURN_IF_ERROR(Write({{draft.id, UpdateToStix(draft)}}));
  auto state = db_.Get<IncidentStore>().GetRequest(r.id);
  if (!state.ok()) return state.status();
  if (!state->has_value()) return Status::Internal("the request vanished");
  return std::move(**state);
}

}  // namespace concord::incidents
