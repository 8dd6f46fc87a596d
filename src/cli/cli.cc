#include "cli/cli.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdio>

#include "cli/commands.h"
#include "store/sqlite/sqlite_store.h"

namespace concord::cli {

std::unique_ptr<store::Database> OpenDatabaseOrReport(const GlobalOptions& global,
                                                      const char* command) {
  auto db = store::OpenSqliteDatabase(global.db);
  if (!db.ok()) {
    Report(command, db.status());
    return nullptr;
  }
  return std::move(db.value());
}

std::string CliActor() {
  const passwd* pw = getpwuid(getuid());
  return std::string("cli:") + (pw != nullptr ? pw->pw_name : std::to_string(getuid()));
}

int Report(const char* command, const Status& st) {
  std::fprintf(stderr, "concord %s: %s\n", command, st.message().c_str());
  return kExitError;
}

int Run(int argc, char** argv) {
  CLI::App app{
      "Concord: the cooperation hub for national CERTs/CSIRTs.\n"
      "Stores and exchanges STIX 2.1 threat intelligence."};
  app.require_subcommand(1);
  app.fallthrough();  // global options work after the subcommand too: concord import --db X f
  GlobalOptions global;
  app.add_option("--db", global.db, "SQLite database file (its directory is created)")
      ->capture_default_str();
  int exit_code = kExitOk;
  AddServeCommand(app, global, &exit_code);
  AddImportCommand(app, global, &exit_code);
  AddExportCommand(app, global, &exit_code);
  AddVersionCommand(app, &exit_code);
  AddOrgCommand(app, global, &exit_code);
  AddUserCommand(app, global, &exit_code);
  AddTokenCommand(app, global, &exit_code);
  AddCollectionCommand(app, global, &exit_code);
  AddMatchCommand(app, global, &exit_code);
  AddExplainReleaseCommand(app, global, &exit_code);
  AddPeerCommand(app, global, &exit_code);
  AddGroupCommand(app, global, &exit_code);
  AddPolicyCommand(app, global, &exit_code);
  AddDirectoryCommands(app, global, &exit_code);
  AddCvssCommand(app, &exit_code);
  AddVulnCommand(app, global, &exit_code);
  AddSpamCommand(app, global, &exit_code);
  AddDnsCommand(app, global, &exit_code);
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
