#pragma once
// The embedded default store on SQLite: WAL mode (readers never block the writer), one write
// connection, a pool of read connections, and versioned forward-only migrations applied at open.
// A database written by a newer Concord is refused with a clear message. Thread-safe.

#include <memory>
#include <string>

#include "common/status.h"
#include "common/time.h"
#include "store/database.h"

namespace concord::store {

struct SqliteOptions {
  const Clock* clock = &SystemClock::Get();
  // Page cache of the writer connection; large imports benefit from a big cache for the index.
  int cache_mib = 256;
};

// Opens (creating if needed, with its directory) the database at `path`.
Result<std::unique_ptr<Database>> OpenSqliteDatabase(const std::string& path,
                                                     const SqliteOptions& options = {});

// The schema version this program writes; a database with a higher one is refused.
int SqliteSchemaVersion();

}  // namespace concord::store
