#pragma once
// The schema, declared per module: each store file of this folder declares its own
// migrations next to its queries (objects.cc: ObjectsMigrations(), ...), and schema.cc lists
// the modules, one line each. Version numbers are global and unique; CheckMigrations() says
// which repeat (every open runs it) and, over every module of the program, which are missing
// (a test runs that), so two modules that both claim "migration 8" fail the build's tests
// instead of a user's database. A database records each migration applied (table
// schema_migrations), so a module's migration that numbers below the core's newest still
// runs: the core's store tests open databases without the modules. Internal to store/sqlite/.

#include <string>
#include <vector>

#include "common/status.h"

namespace concord::store::sqlite {

// One step of the schema, written for each engine: the same number brings either engine's
// schema to the same shape (store/postgres/ applies `postgres`). PostgreSQL databases are new
// (issue 19), so its steps build the tables and need not convert old rows.
struct Migration {
  int version;           // brings the schema from version-1 to version
  const char* module;    // who declared it, for messages
  const char* sql;       // SQLite
  const char* postgres;  // PostgreSQL
};

const std::vector<Migration>& ObjectsMigrations();
const std::vector<Migration>& AccountsMigrations();
const std::vector<Migration>& PeersMigrations();
const std::vector<Migration>& AuditMigrations();

// Every module's migrations in version order (entry i has version i+1 when they check out).
const std::vector<Migration>& AllMigrations();
// Ok when `migrations` (in version order) repeat no number and, when `contiguous`, are
// numbered 1, 2, 3, ... with no gap (true for the whole program's set).
Status CheckMigrations(const std::vector<Migration>& migrations, bool contiguous = true);

}  // namespace concord::store::sqlite
