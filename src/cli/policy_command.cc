// concord policy show|set: the sharing policy's configuration on this node (the defaults for
// unmarked objects; the groups are managed with `concord group`).
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "sharing/node_policy.h"

namespace concord::cli {
namespace {

struct PolicyArgs {
  std::string default_tlp, default_distribution;
};

int ShowPolicy(const GlobalOptions& global) {
  auto db = OpenDatabaseOrReport(global, "policy show");
  if (!db) return kExitError;
  auto policy = sharing::LoadNodePolicy(*db);
  if (!policy.ok()) return Report("policy show", policy.status());
  const sharing::PolicyConfig& c = policy->config();
  std::printf("node organisation\t%s\n",
              c.node_org_identity.empty() ? "(none yet)" : c.node_org_identity.c_str());
  std::printf("default TLP\t%s\n", sharing::TlpName(c.default_tlp));
  std::printf("default distribution\t%s\n",
              sharing::DistributionName(c.default_distribution).c_str());
  std::printf("local organisations\t%zu\n", c.local_org_identities.size());
  std::printf("sharing groups\t%zu\n", c.groups.size());
  return kExitOk;
}

int SetPolicy(const PolicyArgs& a, const GlobalOptions& global) {
  if (a.default_tlp.empty() && a.default_distribution.empty()) {
    return Report(
        "policy set",
        Status::InvalidArgument("nothing to set: give --default-tlp or --default-distribution"));
  }
  if (!a.default_tlp.empty() && !sharing::ParseTlp(a.default_tlp)) {
    return Report("policy set",
                  Status::InvalidArgument("--default-tlp '" + a.default_tlp +
                                          "': expected clear, green, amber, amber+strict or red"));
  }
  if (!a.default_distribution.empty() && !sharing::ParseDistribution(a.default_distribution)) {
    return Report("policy set",
                  Status::InvalidArgument("--default-distribution '" + a.default_distribution +
                                          "': expected organisation, community, connected, all or "
                                          "group:NAME"));
  }
  auto db = OpenDatabaseOrReport(global, "policy set");
  if (!db) return kExitError;
  if (!a.default_tlp.empty()) {
    Status st = db->settings().Set(sharing::kDefaultTlpSetting, a.default_tlp);
    if (!st.ok()) return Report("policy set", st);
  }
  if (!a.default_distribution.empty()) {
    Status st = db->settings().Set(sharing::kDefaultDistributionSetting, a.default_distribution);
    if (!st.ok()) return Report("policy set", st);
  }
  return ShowPolicy(global);
}

}  // namespace

void AddPolicyCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  auto* policy = app.add_subcommand("policy", "The sharing policy's configuration on this node");
  policy->require_subcommand(1);
  policy->add_subcommand("show", "Print the defaults, the node's organisation and groups")
      ->callback([&global, exit_code] { *exit_code = ShowPolicy(global); });
  auto args = std::make_shared<PolicyArgs>();
  auto* set = policy->add_subcommand("set", "Set the defaults for objects without markings");
  set->add_option("--default-tlp", args->default_tlp,
                  "TLP for objects without a TLP marking (initially amber)");
  set->add_option("--default-distribution", args->default_distribution,
                  "Distribution for objects without one (initially community)");
  set->callback([args, &global, exit_code] { *exit_code = SetPolicy(*args, global); });
}

}  // namespace concord::cli
