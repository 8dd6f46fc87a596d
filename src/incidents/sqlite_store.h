#pragma once
// The incidents module on either engine: its tables (migration 12), its IncidentStore and its
// IndexWriter transaction part.

#include "store/sqlite/sqlite_store.h"

namespace concord::incidents {

void AddSqlite(store::SqliteModule& module);

}  // namespace concord::incidents
