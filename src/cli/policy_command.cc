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
  auto db = OpenDatabaseOrReport(global, "policy set");
  if (!db) return kExitError;
  Status st = sharing::SetPolicyDefaults(*db, a.default_tlp, a.default_distribution);
  // The CLI's flags for the fields the check names.
  if (!st.ok() && st.code() == StatusCode::kInvalidArgument) {
    std::string m = st.message();
    if (m.rfind("default_tlp: nothing", 0) == 0) {
      m = "nothing to set: give --default-tlp or --default-distribution";
    } else if (m.rfind("default_tlp: ", 0) == 0) {
      m = "--default-tlp " + m.substr(13);
    } else if (m.rfind("default_distribution: ", 0) == 0) {
      m = "--default-distribution " + m.substr(22);
    }
    st = Status::InvalidArgument(m);
  }
  if (!st.ok()) return Report("policy set", st);
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
