// What every command shares: opening the database, reporting errors, naming the actor.

#include <pwd.h>
#include <unistd.h>

#include <cstdio>

#include "cli/commands.h"
#include "store/postgres/postgres_store.h"

namespace concord::cli {

std::unique_ptr<store::Database> OpenDatabaseOrReport(const GlobalOptions& global,
                                                      const char* command) {
  auto db = store::OpenDatabase(global.db, global.sqlite);
  if (!db.ok()) {
    Report(command, db.status());
    return nullptr;
  }
  return std::move(db.value());
}

void RunWithDatabase(CLI::App* cmd, std::string name, const GlobalOptions& global, int* exit_code,
                     std::function<int(store::Database&)> run) {
  cmd->callback([name = std::move(name), &global, exit_code, run = std::move(run)] {
    auto db = OpenDatabaseOrReport(global, name.c_str());
    *exit_code = db ? run(*db) : kExitError;
  });
}

std::string CliActor() {
  const passwd* pw = getpwuid(getuid());
  return std::string("cli:") + (pw != nullptr ? pw->pw_name : std::to_string(getuid()));
}

int Report(const char* command, const Status& st) {
  std::fprintf(stderr, "concord %s: %s\n", command, st.message().c_str());
  return kExitError;
}

}  // namespace concord::cli
