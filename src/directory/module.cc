#include "directory/module.h"

#include "directory/sqlite_store.h"
#include "directory/view.h"

namespace concord::directory {

void RegisterModule(modules::Registry& registry) {
  AddSqlite(registry.sqlite());
  registry.AddRoutes([](api::Routes& routes, Scheduler& scheduler) {
    // One view of the directory for lookups and team reads, kept current off the request
    // path by a job; the routes keep it alive as long as they serve.
    api::Node& node = routes.node();
    DirectoryViews& views = routes.Keep(MakeDirectoryViews(node.db, node.clock));
    scheduler.Every("directory view", 500'000, [&views] { return views.Refresh(); });
    AddLookupRoutes(routes, views);
    AddTeamRoutes(routes, views);
    AddContactRoutes(routes);
  });
  registry.AddCommands([](CLI::App& app, const cli::GlobalOptions& global, int* exit_code) {
    AddTeamCommand(app, global, exit_code);
    AddContactCommand(app, global, exit_code);
    AddConstituencyCommand(app, global, exit_code);
    AddLookupCommand(app, global, exit_code);
  });
}

}  // namespace concord::directory
