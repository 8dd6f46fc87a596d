// concord explain-release: what the sharing policy decides for one object and one recipient.
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "sharing/node_policy.h"

namespace concord::cli {
namespace {

struct ExplainArgs {
  std::string id;
  std::string to;
  std::string via = "peer";
};

int RunExplain(const ExplainArgs& args, const GlobalOptions& global) {
  sharing::Channel channel;
  if (args.via == "local") {
    channel = sharing::Channel::kLocalUser;
  } else if (args.via == "peer") {
    channel = sharing::Channel::kPeerNode;
  } else if (args.via == "export") {
    channel = sharing::Channel::kExport;
  } else if (args.via == "public") {
    channel = sharing::Channel::kPublic;
  } else {
    return Report("explain-release",
                  Status::InvalidArgument("--via must be local, peer, export or public"));
  }
  auto db = OpenDatabaseOrReport(global, "explain-release");
  if (!db) return kExitError;
  auto policy = sharing::LoadNodePolicy(*db);
  if (!policy.ok()) return Report("explain-release", policy.status());
  sharing::Recipient to{channel, ""};
  if (channel != sharing::Channel::kPublic) {
    if (args.to.empty()) {
      return Report("explain-release", Status::InvalidArgument("--to ORG is required"));
    }
    auto org = db->accounts().FindOrganisation(args.to);
    if (!org.ok()) return Report("explain-release", org.status());
    to.org_identity = org->identity_id;
  }
  auto versions = db->objects().Versions(args.id);
  if (!versions.ok()) return Report("explain-release", versions.status());
  if (versions->empty()) {
    return Report("explain-release", Status::NotFound("no object " + args.id + " in the store"));
  }
  const store::StoredObject& latest = versions->back();
  auto facts = sharing::FactsOf(latest);
  if (!facts.ok()) return Report("explain-release", facts.status());
  const sharing::Decision d = policy->Decide(*facts, to);
  std::printf("%s (version %s) to %s via %s: %s\n", latest.id.c_str(), latest.version_text.c_str(),
              args.via == "public" ? "the public" : args.to.c_str(), sharing::ChannelName(channel),
              d.release ? "RELEASED" : "WITHHELD");
  std::printf("  %s, distribution %s\n  rule: %s\n", sharing::TlpName(d.tlp),
              sharing::DistributionName(d.distribution).c_str(), d.rule.c_str());
  return d.release ? kExitOk : kExitRejected;
}

}  // namespace

void AddExplainReleaseCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  auto* cmd = app.add_subcommand(
      "explain-release",
      "Say whether the sharing policy releases an object to an organisation, and by which rule "
      "(exit 0 released, 1 withheld)");
  auto args = std::make_shared<ExplainArgs>();
  cmd->add_option("id", args->id, "The object's id (its latest version is judged)")->required();
  cmd->add_option("--to", args->to, "The receiving organisation");
  cmd->add_option("--via", args->via,
                  "local (a user of this node), peer (sync to another node), export, public")
      ->capture_default_str();
  cmd->callback([args, &global, exit_code] { *exit_code = RunExplain(*args, global); });
}

}  // namespace concord::cli
