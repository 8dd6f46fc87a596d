#include "sharing/node_policy.h"

#include <algorithm>
#include <set>

namespace concord::sharing {

Result<store::Organisation> NodeOrganisation(store::Database& db) {
  auto orgs = db.accounts().ListOrganisations();
  if (!orgs.ok()) return orgs.status();
  if (orgs->empty()) {
    return Status::NotFound(
        "this node has no organisation yet; run serve once or `concord org add`");
  }
  return *std::min_element(orgs->begin(), orgs->end(),
                           [](const auto& a, const auto& b) { return a.id < b.id; });
}

namespace {

// Adds the sharing groups stored as groupings to `config` (see node_policy.h).
Status LoadGroups(store::Database& db, const Policy& local, PolicyConfig* config) {
  store::ObjectQuery q;
  q.types = {"grouping"};
  std::set<std::string> made_here;
  return db.objects().Scan(q, [&](const store::StoredObject& o) {
    if (o.revoked || o.json.find(kSharingGroupContext) == std::string::npos) return true;
    json::Document doc;
    if (!doc.ParseAll(o.json).ok() || doc.root()["context"].str() != kSharingGroupContext) {
      return true;
    }
    const std::string name = doc.root()["name"].str();
    const bool here = local.IsLocalOrg(o.created_by_ref);
    auto& groups = config->groups;
    auto it =
        std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == name; });
    if (it != groups.end() && (!here || made_here.count(name))) return true;
    std::vector<std::string> members;
    for (json::Value m : doc.root()["object_refs"]) members.push_back(m.str());
    if (it == groups.end()) {
      groups.emplace_back(name, std::move(members));
    } else {
      it->second = std::move(members);
    }
    if (here) made_here.insert(name);
    return true;
  });
}

}  // namespace

Result<Policy> LoadNodePolicy(store::Database& db) {
  auto orgs = db.accounts().ListOrganisations();
  if (!orgs.ok()) return orgs.status();
  auto users = db.accounts().ListUsers();
  if (!users.ok()) return users.status();
  PolicyConfig config;
  if (auto node = NodeOrganisation(db); node.ok()) config.node_org_identity = node->identity_id;
  auto tlp = db.settings().Get(kDefaultTlpSetting);
  if (!tlp.ok()) return tlp.status();
  if (*tlp) {
    auto t = ParseTlp(**tlp);
    if (!t)
      return Status::InvalidArgument("setting " + std::string(kDefaultTlpSetting) + ": '" + **tlp +
                                     "' is not a TLP level");
    config.default_tlp = *t;
  }
  auto dist = db.settings().Get(kDefaultDistributionSetting);
  if (!dist.ok()) return dist.status();
  if (*dist) {
    auto d = ParseDistribution(**dist);
    if (!d)
      return Status::InvalidArgument("setting " + std::string(kDefaultDistributionSetting) + ": '" +
                                     **dist + "' is not a distribution");
    config.default_distribution = *d;
  }
  for (const auto& o : *orgs) {
    const bool works_here = std::any_of(users->begin(), users->end(), [&](const auto& u) {
      return u.org_id == o.id && u.role != store::Role::kPeer;
    });
    if (works_here) config.local_org_identities.push_back(o.identity_id);
  }
  const Policy local(config);
  CONCORD_RETURN_IF_ERROR(LoadGroups(db, local, &config));
  return Policy(std::move(config));
}

Status SetPolicyDefaults(store::Database& db, std::string_view default_tlp,
                         std::string_view default_distribution) {
  if (default_tlp.empty() && default_distribution.empty()) {
    return Status::InvalidArgument("default_tlp: nothing to set");
  }
  if (!default_tlp.empty() && !ParseTlp(default_tlp)) {
    return Status::InvalidArgument("default_tlp: '" + std::string(default_tlp) +
                                   "' is not clear, green, amber, amber+strict or red");
  }
  if (!default_distribution.empty() && !ParseDistribution(default_distribution)) {
    return Status::InvalidArgument("default_distribution: '" + std::string(default_distribution) +
                                   "' is not organisation, community, connected, all or "
                                   "group:NAME");
  }
  if (!default_tlp.empty()) {
    CONCORD_RETURN_IF_ERROR(db.settings().Set(kDefaultTlpSetting, default_tlp));
  }
  if (!default_distribution.empty()) {
    CONCORD_RETURN_IF_ERROR(db.settings().Set(kDefaultDistributionSetting, default_distribution));
  }
  return Status::Ok();
}

}  // namespace concord::sharing
