// concord audit verify: recomputes every incident's hash chain and reports what does not hold.
#include <cstdio>
#include <memory>

#include "incidents/command_support.h"
#include "incidents/module.h"

namespace concord::incidents {

using namespace cli::common;  // GlobalOptions, Report, kExit*, ...

void AddAuditCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  auto* audit = app.add_subcommand("audit", "The audit log of incidents");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand(
      "verify", "Detect a changed, removed or reordered entry in the incidents' hash chains");
  struct Flags {
    std::string incident;
    bool json = false;
  };
  auto f = std::make_shared<Flags>();
  verify->add_option("--incident", f->incident, "Only this incident's chain");
  verify->add_flag("--json", f->json, "Print JSON");
  RunWithDatabase(verify, "audit verify", global, exit_code, [f](store::Database& db) {
    if (Status s = CatchUpIndex(db); !s.ok()) return Report("audit verify", s);
    auto problems = db.Get<IncidentStore>().VerifyAudit(f->incident);
    if (!problems.ok()) return Report("audit verify", problems.status());
    if (f->json) {
      PrintJson([&](json::Writer& w) {
        w.BeginObject().Key("verified").Bool(problems->empty()).Key("problems").BeginArray();
        for (const auto& p : *problems) {
          w.BeginObject().Key("incident").String(p.incident_id).Key("seq").Int(p.seq);
          w.Key("problem").String(p.problem).EndObject();
        }
        w.EndArray().EndObject();
      });
    } else {
      for (const auto& p : *problems) {
        std::printf("%s entry %lld: %s\n", p.incident_id.c_str(), static_cast<long long>(p.seq),
                    p.problem.c_str());
      }
      std::printf(problems->empty() ? "audit chains verified\n" : "audit chains damaged\n");
    }
    return problems->empty() ? kExitOk : kExitRejected;
  });
}

}  // namespace concord::incidents
