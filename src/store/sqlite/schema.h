#pragma once
// The schema, declared per module: each store file of this folder declares its own
// migrations next to its queries (objects.cc: ObjectsMigrations(), ...), and schema.cc lists
// the modules, one line each. Version numbers are global and must be unique and contiguous
// from 1; CheckMigrations() says which are not (a test runs it, and so does every open), so
// two modules that both claim "migration 8" fail the build's tests instead of a user's
// database. Internal to store/sqlite/.

#include <string>
#include <vector>

#include "common/status.h"

namespace concord::store::sqlite {

struct Migration {
  int version;         // brings the schema from version-1 to version
  const char* module;  // who declared it, for messages
  const char* sql;
};

const std::vector<Migration>& ObjectsMigrations();
const std::vector<Migration>& AccountsMigrations();
const std::vector<Migration>& PeersMigrations();
const std::vector<Migration>& AuditMigrations();

// Every module's migrations in version order (entry i has version i+1 when they check out).
const std::vector<Migration>& AllMigrations();
// Ok when `migrations` (in version order) are numbered 1, 2, 3, ... with no gap or repeat.
Status CheckMigrations(const std::vector<Migration>& migrations);

}  // namespace concord::store::sqlite
