#pragma once
// The embedded default store on SQLite: WAL mode (readers never block the writer), one write
// connection, a pool of read connections, and versioned forward-only migrations applied at open.
// A database written by a newer Concord is refused with a clear message. Thread-safe.

#include <memory>
#include <string>
#include <typeindex>
#include <utility>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "store/database.h"
#include "store/sql/engine.h"
#include "store/sqlite/parts.h"
#include "store/sqlite/schema.h"

namespace concord::store {

// A module's store (found with Database::Get<T>()), made over either engine's sql::Engine.
struct StoreFactory {
  using Made = std::pair<std::shared_ptr<void>, void*>;  // the owner, and the T* to return
  std::type_index type;
  std::function<Made(sql::Engine&)> make;
};
// `make(sql::Engine&)` returns std::unique_ptr<T> (or of a class derived from T).
template <typename T, typename Make>
StoreFactory MakeStoreFactory(Make make) {
  return {std::type_index(typeid(T)), [make](sql::Engine& engine) {
            std::shared_ptr<T> store = make(engine);
            void* as_t = store.get();
            return StoreFactory::Made(std::move(store), as_t);
          }};
}

// What a module adds to a SQLite database: its tables (migrations, numbered after every other
// module's: see store/sqlite/schema.h), its stores and its transaction parts.
struct SqliteModule {
  std::string name;
  std::vector<sqlite::Migration> migrations;
  std::vector<StoreFactory> stores;
  std::vector<sqlite::PartFactory> parts;
};

struct SqliteOptions {
  const Clock* clock = &SystemClock::Get();
  // Page cache of the writer connection; large imports benefit from a big cache for the index.
  int cache_mib = 256;
  // The modules beyond the core (modules/modules.h lists them; tests of the core need none).
  std::vector<const SqliteModule*> modules;
  // The node key that encrypts stored secrets (peer tokens; common/secret_box.h); "": the
  // database's path + ".key". Created on first use, mode 0600.
  std::string key_file;
  // PostgreSQL only: a hot standby of the database that reads go to whenever it has replayed
  // every commit this process knows of (store/postgres/postgres_store.h); "": none.
  std::string replica;
};

// Where the node key of the database `target` is: `options.key_file` when set, else beside a
// SQLite file (its path + ".key"), else (PostgreSQL) concord.key in the working directory.
std::string NodeKeyFile(const std::string& target, const SqliteOptions& options);

// Opens (creating if needed, with its directory) the database at `path`.
Result<std::unique_ptr<Database>> OpenSqliteDatabase(const std::string& path,
                                                     const SqliteOptions& options = {});

// The transaction parts of the core and of these modules.
std::vector<sqlite::PartFactory> ModuleParts(const SqliteOptions& options);

// The schema version this program writes with these modules; a database with a higher one is
// refused.
int SqliteSchemaVersion(const SqliteOptions& options = {});
// Every migration of the core and these modules in version order, checked.
Result<std::vector<sqlite::Migration>> SqliteMigrations(const SqliteOptions& options);

}  // namespace concord::store
