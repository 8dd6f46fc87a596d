#include <cstdio>

#include "cli/commands.h"
#include "common/file.h"
#include "common/strings.h"
#include "sharing/policy.h"
#include "store/importer.h"
#include "vulnerability/cve_json5.h"

namespace concord::cli {
namespace {

struct ImportArgs {
  std::vector<std::string> files;
  bool strict = false;
  bool progress = false;
  std::string collection;
  std::string as_org;  // --as: the organisation the files speak for (default: this node's)
  size_t batch_size = store::ImportOptions().batch_size;
};

int RunImport(const ImportArgs& args, const GlobalOptions& global) {
  auto db = OpenDatabaseOrReport(global, "import");
  if (!db) return kExitError;
  if (!args.collection.empty()) {
    auto col = db->collections().GetCollection(args.collection);
    if (!col.ok()) {
      std::fprintf(stderr, "concord import: --collection: %s\n", col.status().message().c_str());
      return kExitError;
    }
  }
  store::Supplier supplier;  // this node's own organisation
  if (!args.as_org.empty()) {
    auto org = db->accounts().FindOrganisation(args.as_org);
    if (!org.ok()) {
      std::fprintf(stderr, "concord import: --as %s: no such organisation here\n",
                   args.as_org.c_str());
      return kExitError;
    }
    supplier = {org->identity_id, false, org->name};
  }
  int rc = kExitOk;
  store::ImportStats total;
  for (const std::string& file : args.files) {
    const std::string name = file == "-" ? "<stdin>" : file;
    auto in = InputFile::Open(file);
    if (!in.ok()) {
      std::fprintf(stderr, "%s: %s\n", name.c_str(), in.status().message().c_str());
      rc = kExitError;
      continue;
    }
    // CVE JSON 5 records become STIX vulnerability objects first, then take the STIX path.
    std::string converted;
    std::string_view data = in->data();
    if (vulnerability::LooksLikeCveRecords(data)) {
      vulnerability::StixOptions stix;
      stix.marking_refs = {std::string(sharing::TlpMarkingId(sharing::Tlp::kClear))};
      auto cve = vulnerability::ConvertCveRecords(data, stix);
      if (!cve.ok()) {
        std::fprintf(stderr, "%s: %s\n", name.c_str(), cve.status().message().c_str());
        rc = std::max(rc, kExitRejected);
        continue;
      }
      for (const std::string& problem : cve->problems) {
        std::fprintf(stderr, "%s: %s\n", name.c_str(), problem.c_str());
      }
      if (cve->rejected) rc = std::max(rc, kExitRejected);
      std::fprintf(stderr, "%s: %zu CVE records, %zu converted to vulnerability objects\n",
                   name.c_str(), cve->records, cve->objects.size());
      converted = "[" + Join(cve->objects, ",") + "]";
      data = converted;
    }
    store::ImportOptions opts;
    opts.strict = args.strict;
    opts.collection_id = args.collection;
    opts.supplier = supplier;
    opts.batch_size = std::max<size_t>(1, args.batch_size);
    if (converted.empty()) opts.on_input_consumed = [&](size_t offset) { in->DoneBefore(offset); };
    opts.on_problem = [&](const std::string& line) {
      std::fprintf(stderr, "%s: %s\n", name.c_str(), line.c_str());
    };
    if (args.progress) {
      opts.on_commit = [&](size_t n) {
        std::fprintf(stderr, "%s: committed %zu objects\n", name.c_str(), n);
      };
    }
    store::ImportStats stats;
    Status st = store::ImportStix(db->objects(), data, opts, &stats);
    if (!st.ok()) {
      std::fprintf(stderr, "%s: %s\n", name.c_str(), st.message().c_str());
      if (st.code() == StatusCode::kInvalidArgument) {
        std::fprintf(stderr, "%s: %s\n", name.c_str(),
                     args.strict ? "strict: nothing was committed"
                                 : "the complete objects before this point were committed, "
                                   "nothing from it on");
      }
      rc = std::max(rc, st.code() == StatusCode::kInvalidArgument ? kExitRejected : kExitError);
    }
    if (stats.rejected > 0) {
      rc = std::max(rc, kExitRejected);
      if (args.strict) {
        std::fprintf(stderr, "%s: strict: %zu invalid objects, nothing committed\n", name.c_str(),
                     stats.rejected);
      }
    }
    total.read += stats.read;
    total.added += stats.added;
    total.unchanged += stats.unchanged;
    total.rejected += stats.rejected;
    total.deleted += stats.deleted;
  }
  std::printf("read %zu objects: %zu added, %zu already stored, %zu rejected", total.read,
              total.added, total.unchanged, total.rejected);
  if (total.deleted) std::printf(", %zu deleted by their originator", total.deleted);
  std::printf("\n");
  return rc;
}

}  // namespace

void AddImportCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  auto* cmd = app.add_subcommand(
      "import",
      "Import STIX 2.1 bundles, JSON arrays of objects or JSON lines ('-' reads stdin), or CVE\n"
      "JSON 5 records (one, an array, or JSON lines), stored as STIX vulnerability objects with\n"
      "their CVSS scores recomputed; a stated score that differs is reported.\n"
      "Invalid objects are reported one per line and skipped; exit status 1 if any was "
      "rejected.");
  auto args = std::make_shared<ImportArgs>();
  cmd->add_option("files", args->files, "Files to import, or - for standard input")->required();
  cmd->add_flag("--strict", args->strict,
                "Commit nothing from a file if anything in it is invalid");
  cmd->add_option("--batch-size", args->batch_size, "Objects per committed transaction")
      ->capture_default_str();
  cmd->add_flag("--progress", args->progress, "Report each committed batch on stderr");
  cmd->add_option("--collection", args->collection,
                  "Also put every imported object into this TAXII collection (its id)");
  cmd->add_option("--as", args->as_org,
                  "The organisation the files speak for (its name), when not this node's own: "
                  "objects created by an organisation of this node are accepted only as it");
  cmd->callback([args, &global, exit_code] { *exit_code = RunImport(*args, global); });
}

}  // namespace concord::cli
