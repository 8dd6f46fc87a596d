#include "spam/module.h"

#include "spam/sqlite_store.h"

namespace concord::spam {

void RegisterModule(modules::Registry& registry) {
  AddSqlite(registry.sqlite());
  registry.AddRoutes([](api::Routes& routes, Scheduler&) {
    AddReportRoutes(routes);
    AddDnsRoutes(routes);
  });
  registry.AddCommands([](CLI::App& app, const cli::GlobalOptions& global, int* exit_code) {
    AddSpamCommand(app, global, exit_code);
    AddDnsCommand(app, global, exit_code);
  });
  // The zones' refresh belongs to the DNS server (server/dnsbl_service.h), which runs only with
  // `serve --dns`, so it schedules itself.
}

}  // namespace concord::spam
