#include <cstdio>

#include "cli/commands.h"
#include "store/sqlite/sqlite_store.h"

namespace concord::cli {

void AddVersionCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  auto* cmd = app.add_subcommand("version", "Print the program and database schema versions");
  cmd->callback([&global, exit_code] {
    std::printf("concord %s (STIX 2.1, database schema %d)\n", CONCORD_VERSION,
                store::SqliteSchemaVersion(global.sqlite));
    *exit_code = kExitOk;
  });
}

}  // namespace concord::cli
