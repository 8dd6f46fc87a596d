#pragma once
// The spam module on SQLite: its tables (migration 7) and its SpamStore.

#include "store/sqlite/sqlite_store.h"

namespace concord::spam {

void AddSqlite(store::SqliteModule& module);

}  // namespace concord::spam
