#pragma once
// The directory module on SQLite: its DirectoryStore (contact checks).

#include "store/sqlite/sqlite_store.h"

namespace concord::directory {

void AddSqlite(store::SqliteModule& module);

}  // namespace concord::directory
