#include "directory/editor.h"

#include <algorithm>

#include "accounts/admin.h"
#include "common/strings.h"
#include "common/uuid.h"
#include "directory/stix_team.h"
#include "sharing/node_policy.h"
#include "stix/validate.h"
#include "store/tombstone.h"

namespace concord::directory {

Result<std::vector<TeamEntry>> LoadTeams(const store::ObjectStore& objects,
                                         std::vector<std::string>* problems) {
  std::vector<TeamEntry> out;
  store::ObjectQuery q;
  q.types = {"identity"};
  Status scan = objects.Scan(q, [&](const store::StoredObject& o) {
    if (o.revoked) return true;
    json::Document doc;
    if (!doc.ParseAll(o.json).ok() || !IsTeamIdentity(doc.root())) return true;
    auto team = TeamFromStix(doc.root());
    auto facts = sharing::FactsOf(o);
    if (!team.ok() || !facts.ok()) {
      if (problems) {
        problems->push_back(team.ok() ? facts.status().ToString() : team.status().ToString());
      }
      return true;
    }
    TeamEntry e;
    e.team = std::move(*team);
    e.publisher = o.created_by_ref;
    e.modified = o.version;
    auto created = ParseTimestamp(doc.root()["created"].str());
    e.created = created.ok() ? *created : o.version;
    e.marking_refs = o.marking_refs;
    e.facts = std::move(*facts);
    out.push_back(std::move(e));
    return true;
  });
  if (!scan.ok()) return scan;
  std::sort(out.begin(), out.end(), [](const TeamEntry& a, const TeamEntry& b) {
    return AsciiLower(a.team.short_name) < AsciiLower(b.team.short_name);
  });
  return out;
}

std::vector<Team> TeamsOf(const std::vector<TeamEntry>& entries) {
  std::vector<Team> teams;
  teams.reserve(entries.size());
  for (const auto& e : entries) teams.push_back(e.team);
  return teams;
}

struct Editor::Context {
  std::unique_ptr<store::ObjectWriter> writer;
  store::Organisation node;
  sharing::Policy policy{sharing::PolicyConfig{}};
  std::vector<TeamEntry> entries;
  Directory directory;
  std::string collection;
};

Result<Editor::Context> Editor::Begin() {
  Context ctx;
  auto node = sharing::NodeOrganisation(db_);
  if (!node.ok()) {
    return Status::Unprocessable(
        "this node has no organisation yet: run `concord serve` once (or `concord org add`) "
        "before editing the directory");
  }
  ctx.node = *node;
  auto policy = sharing::LoadNodePolicy(db_);
  if (!policy.ok()) return policy.status();
  ctx.policy = std::move(*policy);
  auto collection = accounts::ModuleCollection(
      db_, kDirectoryCollectionTitle,
      "Teams, their contacts and constituencies (STIX identities with Concord's team extension)",
      ctx.node.name, clock_);
  if (!collection.ok()) return collection.status();
  ctx.collection = *collection;
  auto writer = db_.objects().BeginWrite();
  if (!writer.ok()) return writer.status();
  ctx.writer = std::move(*writer);
  // Read under the writer lock: no other change can land between this read and our write.
  auto entries = LoadTeams(db_.objects());
  if (!entries.ok()) return entries.status();
  ctx.entries = std::move(*entries);
  ctx.directory = Directory(TeamsOf(ctx.entries));
  return ctx;
}

Result<EditResult> Editor::Write(Context& ctx, Team team, const TeamEntry* previous,
                                 const std::string& action, sharing::Tlp tlp, bool revoke) {
  CONCORD_RETURN_IF_ERROR(NormaliseTeam(&team).WithPrefix(team.short_name));
  const Micros now = clock_.Now() / 1000 * 1000;
  StixEnvelope env;
  env.created_by_ref = previous ? previous->publisher : ctx.node.identity_id;
  env.created = previous ? previous->created : now;
  env.modified = previous ? std::max(now, previous->modified + 1000) : now;
  env.marking_refs = previous ? previous->marking_refs
                              : std::vector<std::string>{std::string(sharing::TlpMarkingId(tlp))};
  env.revoked = revoke;
  if (team.id.empty()) team.id = "identity--" + UuidV4();
  store::ObjectRecord record;
  record.json = TeamToStix(team, env);
  json::Document doc;
  CONCORD_RETURN_IF_ERROR(doc.ParseAll(record.json));
  CONCORD_RETURN_IF_ERROR(stix::Validate(doc.root(), &record.meta).WithPrefix(team.short_name));
  auto put = store::PutObject(*ctx.writer, record);
  if (!put.ok()) return put.status();
  CONCORD_RETURN_IF_ERROR(ctx.writer->AddToCollection(ctx.collection, put->date_added));
  store::AuditEntry audit;
  audit.at = clock_.Now();
  audit.actor = actor_;
  audit.action = action;
  audit.subject = team.id;
  audit.before = previous ? TeamToJson(previous->team) : "";
  audit.after = revoke ? "" : TeamToJson(team);
  CONCORD_RETURN_IF_ERROR(ctx.writer->Part<store::AuditWriter>().Add(audit));
  EditResult result;
  result.added = previous == nullptr;
  for (const Conflict& c : ctx.directory.ConflictsOf(team)) {
    std::string names;
    for (uint32_t t : c.teams) {
      names += (names.empty() ? "" : ", ") + ctx.directory.teams()[t].short_name;
    }
    result.warnings.push_back(c.kind + " " + c.claim + " is also claimed by " + names +
                              ": lookups will report both teams as a conflict");
  }
  result.team = std::move(team);
  return result;
}

namespace {

// The stored entry of `ref`, which this node must have published to change it.
Result<const TeamEntry*> Editable(const std::vector<TeamEntry>& entries, const Directory& dir,
                                  const sharing::Policy& policy, std::string_view ref) {
  auto index = dir.Find(ref);
  if (!index.ok()) return index.status();
  const TeamEntry& e = entries[*index];
  if (!policy.IsLocalOrg(e.publisher)) {
    return Status::PermissionDenied("team " + e.team.short_name + " is published by " +
                                    e.publisher +
                                    "; only its publisher changes it (its entry federates here)");
  }
  return &e;
}

}  // namespace

Result<EditResult> Editor::Add(Team team, sharing::Tlp tlp) {
  auto ctx = Begin();
  if (!ctx.ok()) return ctx.status();
  for (const auto& e : ctx->entries) {
    if (AsciiLower(e.team.short_name) == AsciiLower(team.short_name) &&
        ctx->policy.IsLocalOrg(e.publisher)) {
      return Status::AlreadyExists("team " + team.short_name + " exists (" + e.team.id +
                                   "); use `team edit`");
    }
  }
  team.id.clear();
  auto result = Write(*ctx, std::move(team), nullptr, "team.add", tlp, false);
  if (!result.ok()) return result.status();
  CONCORD_RETURN_IF_ERROR(ctx->writer->Commit());
  return result;
}

Result<EditResult> Editor::Change(std::string_view ref, const std::string& action,
                                  const std::function<Status(Team&)>& edit) {
  auto ctx = Begin();
  if (!ctx.ok()) return ctx.status();
  auto entry = Editable(ctx->entries, ctx->directory, ctx->policy, ref);
  if (!entry.ok()) return entry.status();
  Team team = (*entry)->team;
  CONCORD_RETURN_IF_ERROR(edit(team));
  team.id = (*entry)->team.id;
  auto result = Write(*ctx, std::move(team), *entry, action, sharing::Tlp::kAmber, false);
  if (!result.ok()) return result.status();
  CONCORD_RETURN_IF_ERROR(ctx->writer->Commit());
  return result;
}

Result<Team> Editor::Remove(std::string_view ref) {
  auto ctx = Begin();
  if (!ctx.ok()) return ctx.status();
  auto entry = Editable(ctx->entries, ctx->directory, ctx->policy, ref);
  if (!entry.ok()) return entry.status();
  auto result = Write(*ctx, (*entry)->team, *entry, "team.remove", sharing::Tlp::kAmber, true);
  if (!result.ok()) return result.status();
  CONCORD_RETURN_IF_ERROR(ctx->writer->Commit());
  return result->team;
}

Result<std::vector<EditResult>> Editor::Import(std::vector<Team> teams, sharing::Tlp tlp) {
  // Validate everything first: one bad row writes nothing.
  for (size_t i = 0; i < teams.size(); ++i) {
    CONCORD_RETURN_IF_ERROR(NormaliseTeam(&teams[i]).WithPrefix("team " + std::to_string(i + 1) +
                                                                " (" + teams[i].short_name + ")"));
  }
  auto ctx = Begin();
  if (!ctx.ok()) return ctx.status();
  std::vector<EditResult> out;
  for (Team& team : teams) {
    const TeamEntry* previous = nullptr;
    for (const auto& e : ctx->entries) {
      if (AsciiLower(e.team.short_name) == AsciiLower(team.short_name) &&
          ctx->policy.IsLocalOrg(e.publisher)) {
        previous = &e;
      }
    }
    team.id = previous ? previous->team.id : "";
    if (previous) KeepWhatIsMissing(previous->team, &team);
    auto result =
        Write(*ctx, std::move(team), previous, previous ? "team.import" : "team.add", tlp, false);
    if (!result.ok()) return result.status();
    out.push_back(std::move(*result));
  }
  CONCORD_RETURN_IF_ERROR(ctx->writer->Commit());
  return out;
}

namespace {

std::string LowerEmail(std::string_view email) { return AsciiLower(std::string(email)); }

}  // namespace

Result<EditResult> Editor::AddContact(std::string_view team, Contact contact) {
  contact.email = LowerEmail(contact.email);
  return Change(team, "contact.add", [&](Team& t) -> Status {
    for (const Contact& c : t.contacts) {
      if (c.email == contact.email) {
        return Status::AlreadyExists(contact.email + " is already a contact of " + t.short_name);
      }
    }
    t.contacts.push_back(contact);
    return Status::Ok();
  });
}

Result<EditResult> Editor::EditContact(std::string_view team, std::string_view email,
                                       const std::function<void(Contact&)>& edit) {
  const std::string key = LowerEmail(email);
  return Change(team, "contact.edit", [&](Team& t) -> Status {
    for (Contact& c : t.contacts) {
      if (c.email == key) {
        edit(c);
        return Status::Ok();
      }
    }
    return Status::NotFound(key + " is not a contact of " + t.short_name);
  });
}

Result<EditResult> Editor::RemoveContact(std::string_view team, std::string_view email) {
  const std::string key = LowerEmail(email);
  return Change(team, "contact.remove", [&](Team& t) -> Status {
    const size_t before = t.contacts.size();
    std::erase_if(t.contacts, [&](const Contact& c) { return c.email == key; });
    if (t.contacts.size() == before)
      return Status::NotFound(key + " is not a contact of " + t.short_name);
    return Status::Ok();
  });
}

}  // namespace concord::directory
