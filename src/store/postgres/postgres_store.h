#pragma once
// The store on PostgreSQL, for several `concord serve` processes on one database: the same
// stores as SQLite's (written once in portable SQL, store/sql/), the same numbered migrations,
// a pool of libpq connections, one writing transaction at a time across every process (an
// advisory lock), and a data version that follows every process's commits (LISTEN/NOTIFY).
// Thread-safe.

#include <memory>
#include <string>

#include "store/sqlite/sqlite_store.h"

namespace concord::store {

// Opens the database `target` names (postgresql://..., postgres://... or a libpq keyword
// string), creating or migrating its schema. The options are SQLite's (modules, clock, node
// key); `key_file` defaults to "concord.key" in the working directory: every process on the
// database needs the same key to read the secrets stored encrypted.
Result<std::unique_ptr<Database>> OpenPostgresDatabase(const std::string& target,
                                                       const SqliteOptions& options = {});

// True when `target` names a PostgreSQL database rather than a SQLite file.
bool IsPostgresTarget(std::string_view target);
// What `concord version` says of a database, read without changing it (no migration).
struct StoreDescription {
  std::string engine;      // "SQLite 3.40.1", "PostgreSQL 15.18"
  std::string where;       // the file, or the target without its password
  int schema_version = 0;  // the newest migration applied (0: none yet)
  bool exists = true;      // false: a SQLite file not created yet
};
Result<StoreDescription> DescribeDatabase(const std::string& target);

// `target` fit for messages and logs: a PostgreSQL password replaced by ***.
std::string RedactedTarget(std::string_view target);

// The database `target` names, on the engine it names: PostgreSQL for a postgresql:// or
// postgres:// URI or a libpq keyword string, else the SQLite file at that path. Nothing outside
// store/ needs to know which.
Result<std::unique_ptr<Database>> OpenDatabase(const std::string& target,
                                               const SqliteOptions& options = {});

}  // namespace concord::store
