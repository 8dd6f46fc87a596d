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
Result<Stmt> Prepare(sqlite3* db, const std::string& sql);
Result<Db> OpenConnection(const std::string& path, int cache_mib);
struct Migration;
// Applies the pending `migrations` (in version order); refuses a database newer than them.
Status Migrate(sqlite3* db, const std::string& path, const std::vector<Migration>& migrations);
// The core's schema version (without modules).
int SchemaVersion();

std::string_view ColumnText(sqlite3_stmt* s, int i);
void BindText(sqlite3_stmt* s, int i, std::string_view v);  // v must outlive the step

// A statement bound step by step; Step() returns SQLITE_ROW / SQLITE_DONE or an error Status.
class Query {
 public:
  Query(sqlite3* db, const std::string& sql);
  Query& Bind(std::string_view v) {
    BindText(stmt_.get(), ++next_, v);
    return *this;
  }
  Query& Bind(int64_t v) {
    sqlite3_bind_int64(stmt_.get(), ++next_, v);
    return *this;
  }
  Query& BindNull() {
    sqlite3_bind_null(stmt_.get(), ++next_);
    return *this;
  }
  // True while there is a row; false at the end or on error (then status() says why).
  bool Next();
  Status Run();  // steps to completion
  // Ready to bind and run again (bindings cleared).
  void Reset() {
    sqlite3_reset(stmt_.get());
    sqlite3_clear_bindings(stmt_.get());
    next_ = 0;
    status_ = Status::Ok();
  }
  const Status& status() const { return status_; }
  sqlite3_stmt* get() const { return stmt_.get(); }
  std::string_view Text(int i) const { return ColumnText(stmt_.get(), i); }
  int64_t Int(int i) const { return sqlite3_column_int64(stmt_.get(), i); }
  bool IsNull(int i) const { return sqlite3_column_type(stmt_.get(), i) == SQLITE_NULL; }

 private:
  sqlite3* db_;
  Stmt stmt_;
  int next_ = 0;
  Status status_;
};

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

// Runs `sql` on a pooled reader, binding parameters with `bind(query)`, and turns every row into a
// T with `read`.
template <typename T, typename Bind, typename Read>
Result<std::vector<T>> ReadAll(ReaderPool& pool, const std::string& sql, Bind bind, Read read) {
  auto conn = pool.Get();
  if (!conn.db()) return conn.status();
  Query q(conn.db(), sql);
  bind(q);
  std::vector<T> out;
  while (q.Next()) out.push_back(read(q));
  if (!q.status().ok()) return q.status();
  return out;
}

// The first row as a T, or NotFound(`not_found`) when there is none.
template <typename T, typename Bind, typename Read>
Result<T> ReadOne(ReaderPool& pool, const std::string& sql, Bind bind, Read read,
                  const std::string& not_found) {
  auto conn = pool.Get();
  if (!conn.db()) return conn.status();
  Query q(conn.db(), sql);
  bind(q);
  if (q.Next()) return read(q);
  if (!q.status().ok()) return q.status();
  return Status::NotFound(not_found);
}

// For queries without parameters.
inline void NoParameters(Query&) {}

}  // namespace concord::store::sqlite
