#pragma once
// Subcommand registration. Each Add*Command adds its subcommand to `app`; the subcommand runs
// through its callback and stores its exit status in `*exit_code`.

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>

#include "common/status.h"
#include "store/database.h"
#include "store/sqlite/sqlite_store.h"

namespace concord::cli {

struct GlobalOptions {
  std::string db = "var/concord.db";
  // Every module's tables and stores (set by Run from modules/modules.h).
  store::SqliteOptions sqlite;
};

void AddServeCommand(CLI::App& app, const GlobalOptions& global, int* exit_code);
void AddImportCommand(CLI::App& app, const GlobalOptions& global, int* exit_code);
void AddExportCommand(CLI::App& app, const GlobalOptions& global, int* exit_code);
void AddVersionCommand(CLI::App& app, const GlobalOptions& global, int* exit_code);
void AddOrgCommand(CLI::App& app, const GlobalOptions& global, int* exit_code);
void AddUserCommand(CLI::App& app, const GlobalOptions& global, int* exit_code);
void AddTokenCommand(CLI::App& app, const GlobalOptions& global, int* exit_code);
void AddCollectionCommand(CLI::App& app, const GlobalOptions& global, int* exit_code);
void AddMatchCommand(CLI::App& app, const GlobalOptions& global, int* exit_code);
void AddExplainReleaseCommand(CLI::App& app, const GlobalOptions& global, int* exit_code);
void AddPeerCommand(CLI::App& app, const GlobalOptions& global, int* exit_code);
void AddDeleteCommand(CLI::App& app, const GlobalOptions& global, int* exit_code);
void AddGroupCommand(CLI::App& app, const GlobalOptions& global, int* exit_code);
void AddPolicyCommand(CLI::App& app, const GlobalOptions& global, int* exit_code);
void AddDbCommand(CLI::App& app, const GlobalOptions& global, int* exit_code);

// Exit statuses shared by all subcommands.
inline constexpr int kExitOk = 0;
inline constexpr int kExitRejected = 1;  // ran, but some input was rejected
inline constexpr int kExitError = 2;     // could not run (bad usage, I/O, store)

// Opens the database named by --db, or prints why not (prefixed with `command`).
std::unique_ptr<store::Database> OpenDatabaseOrReport(const GlobalOptions& global,
                                                      const char* command);
// Makes `cmd` run `run` on the database named by --db: opens it (or prints why, as
// "concord NAME: ...", and exits kExitError) and stores run's exit status in *exit_code. The
// way a command that needs the store is written:
//   RunWithDatabase(list, "org list", global, exit_code, [](store::Database& db) { ... });
void RunWithDatabase(CLI::App* cmd, std::string name, const GlobalOptions& global, int* exit_code,
                     std::function<int(store::Database&)> run);
// Who runs this command, for audit trails: "cli:<os user>".
std::string CliActor();
// Prints "concord <command>: <message>" and returns kExitError.
int Report(const char* command, const Status& st);

// The names above, for a module's command files (which live in the module's namespace): one
// line, `using namespace cli::common;`, instead of a using-declaration for each.
namespace common {
using cli::CliActor;
using cli::GlobalOptions;
using cli::kExitError;
using cli::kExitOk;
using cli::kExitRejected;
using cli::OpenDatabaseOrReport;
using cli::Report;
using cli::RunWithDatabase;
}  // namespace common

}  // namespace concord::cli
