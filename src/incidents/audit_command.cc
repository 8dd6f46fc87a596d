// concord audit verify: recomputes every incident's hash chain (or checks the audit log of an
// exported bundle) and reports what does not hold.
#include <cstdio>
#include <memory>

#include "incidents/command_support.h"
#include "incidents/interchange.h"
#include "incidents/module.h"
#include "incidents/views.h"

namespace concord::incidents {

using namespace cli::common;  // GlobalOptions, Report, kExit*, ...

namespace {

struct VerifyFlags {
  std::string incident, bundle;
  bool json = false;
};

void PrintProblems(const std::vector<ChainProblem>& problems, bool as_json,
                   const std::function<void(json::Writer&)>& more = nullptr) {
  if (as_json) {
    PrintJson([&](json::Writer& w) {
      w.BeginObject();
      WriteChainProblems(problems, w);
      if (more) more(w);
      w.EndObject();
    });
    return;
  }
  for (const auto& p : problems) {
    std::printf("%s entry %lld: %s\n", p.incident_id.c_str(), static_cast<long long>(p.seq),
                p.problem.c_str());
  }
}

int VerifyDatabase(const GlobalOptions& global, const VerifyFlags& f) {
  const bool as_json = f.json;
  auto db = OpenDatabaseOrReport(global, "audit verify");
  if (!db) return kExitError;
  if (Status s = CatchUpIndex(*db); !s.ok()) return Report("audit verify", s);
  auto problems = db->Get<IncidentStore>().VerifyAudit(f.incident);
  if (!problems.ok()) return Report("audit verify", problems.status());
  PrintProblems(*problems, as_json);
  if (!as_json)
    std::printf(problems->empty() ? "audit chains verified\n" : "audit chains damaged\n");
  return problems->empty() ? kExitOk : kExitRejected;
}

int VerifyBundle(const VerifyFlags& f) {
  auto text = ReadInput(f.bundle);
  if (!text.ok()) return Report("audit verify", text.status());
  auto audit = VerifyBundleAudit(*text);
  if (!audit.ok()) return Report("audit verify", audit.status().WithPrefix(f.bundle));
  PrintProblems(audit->problems, f.json, [&](json::Writer& w) {
    w.Key("entries").Int(static_cast<int64_t>(audit->entries));
    w.Key("versions_checked").Int(static_cast<int64_t>(audit->versions_checked));
    w.Key("gaps").Int(static_cast<int64_t>(audit->gaps));
  });
  if (!f.json) {
    std::printf("%zu entries, %zu logged versions checked against the bundle", audit->entries,
                audit->versions_checked);
    if (audit->gaps > 0) {
      std::printf("; %zu gaps (entries of records the exporter could not see, or removed)",
                  audit->gaps);
    }
    std::printf(audit->problems.empty() ? "\naudit log verified\n" : "\naudit log damaged\n");
  }
  return audit->problems.empty() ? kExitOk : kExitRejected;
}

}  // namespace

void AddAuditCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  auto* audit = app.add_subcommand("audit", "The audit log of incidents");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand(
      "verify", "Detect a changed, removed or reordered entry in the incidents' hash chains");
  auto f = std::make_shared<VerifyFlags>();
  verify->add_option("--incident", f->incident, "Only this incident's chain");
  verify->add_option("--bundle", f->bundle,
                     "Check the audit log an exported STIX bundle carries (no database needed)");
  verify->add_flag("--json", f->json, "Print JSON");
  verify->callback([f, &global, exit_code] {
    *exit_code = f->bundle.empty() ? VerifyDatabase(global, *f) : VerifyBundle(*f);
  });
}

}  // namespace concord::incidents
