// What every command shares: opening the database, reporting errors, naming the actor.

#include <pwd.h>
#include <unistd.h>

#include <cstdio>

#include "cli/commands.h"

namespace concord::cli {

std::unique_ptr<store::Database> OpenDatabaseOrReport(const GlobalOptions& global,
                                                      const char* command) {
  auto db = store::OpenSqliteDatabase(global.db, global.sqlite);
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

}  // namespace concord::cli
