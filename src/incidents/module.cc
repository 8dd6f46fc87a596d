#include "incidents/module.h"

#include "common/log.h"
#include "incidents/escalation.h"
#include "incidents/sqlite_store.h"

namespace concord::incidents {
namespace {

// One pass of the node's deadline watch: the index catches up with records received from peers,
// then missed acknowledgements are escalated by mail when a relay is configured. Only one
// process of a node runs it at a time.
Status WatchDeadlines(store::Database& db, const Clock& clock) {
  auto lock = db.TryExclusive("incident deadlines");
  if (!lock.ok()) return lock.status();
  if (!*lock) return Status::Ok();  // another process is on it
  std::vector<std::string> problems;
  CONCORD_RETURN_IF_ERROR(CatchUpIndex(db, &problems));
  for (const auto& p : problems) Log(LogLevel::kWarning, "incidents", "not indexed: " + p);
  auto relay = db.settings().Get(kSmtpRelaySetting);
  if (!relay.ok()) return relay.status();
  if (!relay->has_value() || (*relay)->empty()) return Status::Ok();
  auto from = db.settings().Get(kMailFromSetting);
  if (!from.ok()) return from.status();
  directory::SmtpTransport smtp(**relay);
  auto reports = EscalateOverdue(db, clock.Now(), smtp,
                                 from->has_value() ? **from : std::string("concord@localhost"));
  if (!reports.ok()) return reports.status();
  for (const auto& r : *reports) {
    if (!r.error.empty())
      Log(LogLevel::kWarning, "incidents", "escalation of " + r.request_id + ": " + r.error);
  }
  return Status::Ok();
}

}  // namespace

void RegisterModule(modules::Registry& registry) {
  AddSqlite(registry.sqlite());
  registry.AddRoutes([](api::Routes& routes, Scheduler& scheduler) {
    api::Node& node = routes.node();
    scheduler.Every("incident deadlines", 5'000'000,
                    [&node] { return WatchDeadlines(node.db, node.clock); });
    AddIncidentRoutes(routes);
  });
  registry.AddCommands([](CLI::App& app, const cli::GlobalOptions& global, int* exit_code) {
    AddIncidentCommand(app, global, exit_code);
    AddRequestCommand(app, global, exit_code);
    AddAuditCommand(app, global, exit_code);
  });
}

}  // namespace concord::incidents
