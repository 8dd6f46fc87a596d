#include <cstdio>

#include "cli/commands.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace concord::cli {

void AddVersionCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  auto* cmd = app.add_subcommand(
      "version", "Print the program's version, the schema it writes, and the database's store");
  cmd->callback([&global, exit_code] {
    std::printf("concord %s (STIX 2.1, database schema %d)\n", CONCORD_VERSION,
                store::SqliteSchemaVersion(global.sqlite));
    // Read without changing anything: `version` never creates or migrates a database.
    auto store = store::DescribeDatabase(global.db);
    if (!store.ok()) {
      *exit_code = Report("version", store.status());
      return;
    }
    if (!store->exists) {
      std::printf("store: %s, %s (not created yet)\n", store->engine.c_str(), store->where.c_str());
    } else {
      std::printf("store: %s, %s, schema %d\n", store->engine.c_str(), store->where.c_str(),
                  store->schema_version);
    }
    *exit_code = kExitOk;
  });
}

}  // namespace concord::cli
