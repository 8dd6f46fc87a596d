#include "cli/cli.h"

#include <cstdio>

#include "cli/commands.h"
#include "cli/terminal.h"
#include "modules/modules.h"

namespace concord::cli {

int Run(int argc, char** argv) {
  GuardTerminalOutput();  // stored text printed to a terminal cannot drive it
  CLI::App app{
      "Concord: the cooperation hub for national CERTs/CSIRTs.\n"
      "Stores and exchanges STIX 2.1 threat intelligence."};
  app.require_subcommand(1);
  app.fallthrough();  // global options work after the subcommand too: concord import --db X f
  GlobalOptions global;
  global.sqlite = modules::SqliteOptionsWithModules();
  app.add_option("--db", global.db,
                 "SQLite database file (its directory is created), or a PostgreSQL database: "
                 "postgresql://user@host/dbname or a libpq keyword string")
      ->capture_default_str();
  app.add_option("--key-file", global.sqlite.key_file,
                 "The node key that encrypts stored secrets (default: the SQLite file's path + "
                 ".key; on PostgreSQL concord.key here: every process needs the same one)");
  app.add_option("--db-replica", global.sqlite.replica,
                 "A hot standby of the PostgreSQL database (streaming replication) to read "
                 "from; a client's own writes are still read at once");
  int exit_code = kExitOk;
  AddServeCommand(app, global, &exit_code);
  AddImportCommand(app, global, &exit_code);
  AddExportCommand(app, global, &exit_code);
  AddVersionCommand(app, global, &exit_code);
  AddDbCommand(app, global, &exit_code);
  AddOrgCommand(app, global, &exit_code);
  AddUserCommand(app, global, &exit_code);
  AddTokenCommand(app, global, &exit_code);
  AddCollectionCommand(app, global, &exit_code);
  AddMatchCommand(app, global, &exit_code);
  AddExplainReleaseCommand(app, global, &exit_code);
  AddPeerCommand(app, global, &exit_code);
  AddGroupCommand(app, global, &exit_code);
  AddPolicyCommand(app, global, &exit_code);
  modules::AddCommands(app, global, &exit_code);
  AddDeleteCommand(app, global, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitError;
  }
  return exit_code;
}

}  // namespace concord::cli
