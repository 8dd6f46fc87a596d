#pragma once
// SQLite plumbing shared by the store implementations in this folder: RAII handles, statement
// helpers, the read-connection pool and the schema migrations. Internal to store/sqlite/.

#include <sqlite3.h>

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/thread_annotations.h"
#include "store/sql/statement.h"

namespace concord::store::sqlite {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Db = std::unique_ptr<sqlite3, DbCloser>;

struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Stmt = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

Status SqlError(sqlite3* db, const std::string& what);
Status Exec(sqlite3* db, const char* sql);
Result<Db> OpenConnection(const std::string& path, int cache_mib);
struct Migration;
// Applies the pending `migrations` (in version order); refuses a database newer than them.
Status Migrate(sqlite3* db, const std::string& path, const std::vector<Migration>& migrations);
// The core's schema version (without modules).
int SchemaVersion();

std::string_view ColumnText(sqlite3_stmt* s, int i);

// A SQLite connection (not owned) as the store's portable SQL connection (store/sql/).
class SqliteConnection : public sql::Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  sql::Dialect dialect() const override { return sql::Dialect::kSqlite; }
  std::unique_ptr<sql::Statement> Prepare(std::string_view sql) override;
  Status Exec(std::string_view sql) override;

 private:
  sqlite3* db_;
};

// Read connections are pooled: a SQLite connection is used by one thread at a time.
class ReaderPool {
 public:
  explicit ReaderPool(std::string path) : path_(std::move(path)) {}
  class Lease {
   public:
    Lease(ReaderPool* pool, sqlite3* db, Status st)
        : pool_(pool), db_(db), status_(std::move(st)) {}
    Lease(Lease&& o) noexcept : pool_(o.pool_), db_(o.db_), status_(std::move(o.status_)) {
      o.db_ = nullptr;
    }
    ~Lease() {
      if (db_) pool_->Return(db_);
    }
    sqlite3* db() const { return db_; }
    const Status& status() const { return status_; }

   private:
    ReaderPool* pool_;
    sqlite3* db_;
    Status status_;
  };
  Lease Get();

 private:
  void Return(sqlite3* db);
  std::string path_;
  Mutex mu_;
  std::vector<Db> idle_ GUARDED_BY(mu_);
};

}  // namespace concord::store::sqlite
