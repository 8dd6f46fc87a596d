// concord group add|list: sharing groups. A group is a STIX grouping (context
// concord-sharing-group) made by this node's organisation, whose object_refs are the members'
// identities; it carries distribution group:NAME itself, so it travels to the members and only
// to them (sharing/node_policy.h).
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "common/json.h"
#include "common/uuid.h"
#include "sharing/node_policy.h"
#include "stix/validate.h"
#include "store/importer.h"

namespace concord::cli {
namespace {

struct GroupArgs {
  std::string name, collection;
  std::vector<std::string> members;
};

// The id of the group `name` this node's organisation made before, or a new one.
Result<std::string> GroupId(store::Database& db, const std::string& name,
                            const std::string& node_identity) {
  store::ObjectQuery q;
  q.types = {"grouping"};
  std::string id = "grouping--" + UuidV4();
  Status st = db.objects().Scan(q, [&](const store::StoredObject& o) {
    if (o.created_by_ref != node_identity) return true;
    json::Document doc;
    if (doc.ParseAll(o.json).ok() && doc.root()["context"].str() == sharing::kSharingGroupContext &&
        doc.root()["name"].str() == name) {
      id = o.id;
      return false;
    }
    return true;
  });
  if (!st.ok()) return st;
  return id;
}

int AddGroup(const GroupArgs& a, const GlobalOptions& global) {
  if (a.name.empty() || a.name.find_first_of(" \t\n") != std::string::npos) {
    return Report("group add", Status::InvalidArgument("a group name is one word"));
  }
  auto db = OpenDatabaseOrReport(global, "group add");
  if (!db) return kExitError;
  auto node = sharing::NodeOrganisation(*db);
  if (!node.ok()) return Report("group add", node.status());
  std::vector<std::string> identities;
  for (const auto& m : a.members) {
    if (m.rfind("identity--", 0) == 0) {
      identities.push_back(m);
      continue;
    }
    auto org = db->accounts().FindOrganisation(m);
    if (!org.ok()) return Report("group add", org.status().WithPrefix("--member " + m));
    identities.push_back(org->identity_id);
  }
  auto id = GroupId(*db, a.name, node->identity_id);
  if (!id.ok()) return Report("group add", id.status());
  const std::string now = FormatTimestampMillis(SystemClock::Get().Now());
  std::string text;
  json::Writer w(&text);
  w.BeginObject().Key("type").String("grouping").Key("spec_version").String("2.1");
  w.Key("id").String(*id).Key("created").String(now).Key("modified").String(now);
  w.Key("created_by_ref").String(node->identity_id).Key("name").String(a.name);
  w.Key("context").String(sharing::kSharingGroupContext).Key("object_refs").BeginArray();
  for (const auto& i : identities) w.String(i);
  w.EndArray().Key("object_marking_refs").BeginArray();
  w.String(sharing::TlpMarkingId(sharing::Tlp::kGreen)).EndArray();
  w.Key("extensions").BeginObject().Key(sharing::kDistributionExtension).BeginObject();
  w.Key("extension_type").String("property-extension").Key("distribution").String("group");
  w.Key("sharing_group").String(a.name).EndObject().EndObject().EndObject();
  store::ImportOptions options;
  options.strict = true;
  options.collection_id = a.collection;
  options.on_problem = [](const std::string& line) {
    std::fprintf(stderr, "concord group add: %s\n", line.c_str());
  };
  store::ImportStats stats;
  Status st = store::ImportStix(db->objects(), text, options, &stats);
  if (!st.ok()) return Report("group add", st);
  if (!stats.committed) return kExitError;
  std::printf("group %s (%s): %zu members\n", a.name.c_str(), id->c_str(), identities.size());
  return kExitOk;
}

int ListGroups(const GlobalOptions& global) {
  auto db = OpenDatabaseOrReport(global, "group list");
  if (!db) return kExitError;
  auto policy = sharing::LoadNodePolicy(*db);
  if (!policy.ok()) return Report("group list", policy.status());
  auto orgs = db->accounts().ListOrganisations();
  if (!orgs.ok()) return Report("group list", orgs.status());
  for (const auto& [name, members] : policy->config().groups) {
    std::printf("%s", name.c_str());
    for (const auto& m : members) {
      std::string shown = m;
      for (const auto& o : *orgs) {
        if (o.identity_id == m) shown = o.name + " (" + m + ")";
      }
      std::printf("\t%s", shown.c_str());
    }
    std::printf("\n");
  }
  return kExitOk;
}

}  // namespace

void AddGroupCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  auto* group = app.add_subcommand(
      "group", "Sharing groups: named sets of organisations for distribution group:NAME");
  group->require_subcommand(1);
  auto args = std::make_shared<GroupArgs>();
  auto* add = group->add_subcommand("add", "Define a group, or replace its members");
  add->add_option("name", args->name, "The group's name (one word)")->required();
  add->add_option("--member", args->members,
                  "Member organisations: names known here or identity ids (comma separated)")
      ->delimiter(',')
      ->required();
  add->add_option("--collection", args->collection,
                  "Also place the group in this collection, so that members pulling it learn it");
  add->callback([args, &global, exit_code] { *exit_code = AddGroup(*args, global); });
  group->add_subcommand("list", "List the groups this node knows, with their members")
      ->callback([&global, exit_code] { *exit_code = ListGroups(global); });
}

}  // namespace concord::cli
