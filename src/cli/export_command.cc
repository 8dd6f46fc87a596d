#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "common/time.h"
#include "sharing/node_policy.h"
#include "stix/bundle_writer.h"

namespace concord::cli {
namespace {

struct ExportArgs {
  std::vector<std::string> types;
  std::vector<std::string> ids;
  std::string added_after;
  bool all_versions = false;
  std::string output = "-";
  std::string to;  // recipient organisation (default: the node's own)
  bool public_feed = false;
};

int RunExport(const ExportArgs& args, const GlobalOptions& global) {
  store::ObjectQuery q;
  q.types = args.types;
  q.ids = args.ids;
  q.all_versions = args.all_versions;
  if (!args.added_after.empty()) {
    auto t = ParseTimestamp(args.added_after);
    if (!t.ok()) {
      std::fprintf(stderr, "concord export: --added-after: %s\n", t.status().message().c_str());
      return kExitError;
    }
    q.added_after = *t;
  }
  auto db = OpenDatabaseOrReport(global, "export");
  if (!db) return kExitError;
  // Export is an egress: the sharing policy decides, for the organisation the file is for.
  auto policy = sharing::LoadNodePolicy(*db);
  if (!policy.ok()) return Report("export", policy.status());
  sharing::Recipient to{args.public_feed ? sharing::Channel::kPublic : sharing::Channel::kExport,
                        ""};
  if (!args.public_feed) {
    // Without --to the export is for this node's own organisation (before any organisation
    // exists, for the node itself, which the policy treats the same way).
    if (!args.to.empty()) {
      auto org = db->accounts().FindOrganisation(args.to);
      if (!org.ok()) return Report("export", org.status());
      to.org_identity = org->identity_id;
    } else {
      to.org_identity = policy->config().node_org_identity;
    }
  }
  size_t withheld = 0;
  std::FILE* out = stdout;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(nullptr, &std::fclose);
  const std::string tmp = args.output + ".partial";
  if (args.output != "-") {
    // Written beside the target and renamed at the end: a failed export leaves no half file.
    file.reset(std::fopen(tmp.c_str(), "wb"));
    if (!file) {
      std::perror(("concord export: " + tmp).c_str());
      return kExitError;
    }
    out = file.get();
  }
  stix::BundleWriter writer(out);
  Status st = db->objects().Scan(q, [&](const store::StoredObject& o) {
    auto facts = sharing::FactsOf(o);
    if (!facts.ok() || !policy->Decide(*facts, to).release) {
      ++withheld;
      return true;
    }
    return writer.Add(o.json).ok();
  });
  if (st.ok()) st = writer.Finish();
  if (file) {
    if (std::fclose(file.release()) != 0 && st.ok()) st = Status::Internal("close failed");
    if (st.ok() && std::rename(tmp.c_str(), args.output.c_str()) != 0) {
      st = Status::Internal("cannot rename " + tmp + " to " + args.output);
    }
    if (!st.ok()) std::remove(tmp.c_str());
  }
  if (!st.ok()) {
    std::fprintf(stderr, "concord export: %s\n", st.message().c_str());
    return kExitError;
  }
  std::fprintf(stderr, "exported %zu objects; %zu withheld by the sharing policy\n", writer.count(),
               withheld);
  return kExitOk;
}

}  // namespace

void AddExportCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  auto* cmd = app.add_subcommand("export", "Write stored objects as a STIX 2.1 bundle");
  auto args = std::make_shared<ExportArgs>();
  cmd->add_option("--type", args->types, "Only these object types (comma separated)")
      ->delimiter(',');
  cmd->add_option("--id", args->ids, "Only these object ids (comma separated)")->delimiter(',');
  cmd->add_option("--added-after", args->added_after,
                  "Only versions added after this RFC 3339 timestamp");
  cmd->add_flag("--all-versions", args->all_versions,
                "Every stored version (default: the latest version of each object)");
  cmd->add_option("-o,--output", args->output, "Output file (default: standard output)");
  cmd->add_option("--to", args->to,
                  "The organisation the export is for; the sharing policy decides what it may "
                  "receive (default: this node's own organisation)");
  cmd->add_flag("--public", args->public_feed,
                "A public export: only TLP:CLEAR objects with distribution all");
  cmd->callback([args, &global, exit_code] { *exit_code = RunExport(*args, global); });
}

}  // namespace concord::cli
