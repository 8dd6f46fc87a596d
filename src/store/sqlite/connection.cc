#include "store/sqlite/connection.h"

#include <set>

#include "store/sqlite/schema.h"

namespace concord::store::sqlite {
namespace {

// Each connection is used by one thread at a time, so SQLite's own mutexes and memory
// statistics are overhead (measured: ~3% of import time).
void ConfigureSqliteOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  });
}

}  // namespace

Status SqlError(sqlite3* db, const std::string& what) {
  return Status::Internal(what + ": " + sqlite3_errmsg(db));
}

Status Exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return Status::Internal(std::string("sqlite: ") + msg);
  }
  return Status::Ok();
}

Result<Db> OpenConnection(const std::string& path, int cache_mib) {
  ConfigureSqliteOnce();
  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) {
    return Status::Internal("cannot open database " + path + ": " +
                            (raw ? sqlite3_errmsg(raw) : "out of memory"));
  }
  sqlite3_busy_timeout(db.get(), 30000);
  std::string pragmas =
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
      "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; "
      "PRAGMA cache_size=-" +
      std::to_string(cache_mib * 1024) + ";";
  Status st = Exec(db.get(), pragmas.c_str());
  if (!st.ok()) return st.WithPrefix("cannot open database " + path);
  return db;
}

int SchemaVersion() { return AllMigrations().empty() ? 0 : AllMigrations().back().version; }

Status Migrate(sqlite3* db, const std::string& path, const std::vector<Migration>& migrations) {
  CONCORD_RETURN_IF_ERROR(CheckMigrations(migrations, /*contiguous=*/false));
  // Which migrations ran. Databases from before this table ran 1..user_version, in order.
  CONCORD_RETURN_IF_ERROR(Exec(db, "BEGIN IMMEDIATE"));
  Status st = Exec(db,
                   "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                   "module TEXT NOT NULL)");
  if (st.ok()) {
    st = Exec(db,
              "WITH RECURSIVE n(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM n WHERE v < "
              "(SELECT user_version FROM pragma_user_version)) "
              "INSERT INTO schema_migrations (version, module) SELECT v, '' FROM n "
              "WHERE (SELECT user_version FROM pragma_user_version) > 0 "
              "AND NOT EXISTS (SELECT 1 FROM schema_migrations)");
  }
  if (!st.ok()) {
    (void)Exec(db, "ROLLBACK");
    return st.WithPrefix("database " + path + ": recording migrations");
  }
  CONCORD_RETURN_IF_ERROR(Exec(db, "COMMIT"));
  std::set<int> applied;
  {
    SqliteConnection conn(db);
    sql::Query q(conn, "SELECT version FROM schema_migrations");
    while (q.Next()) applied.insert(static_cast<int>(q.Int(0)));
    CONCORD_RETURN_IF_ERROR(q.status());
  }
  std::set<int> known;
  for (const Migration& m : migrations) known.insert(m.version);
  const int known_newest = known.empty() ? 0 : *known.rbegin();
  {
    SqliteConnection conn(db);
    sql::Query q(conn, "PRAGMA user_version");
    const int current = q.Next() ? static_cast<int>(q.Int(0)) : 0;
    if (current > known_newest) {
      return Status::Unsupported("database " + path + " has schema version " +
                                 std::to_string(current) + ", newer than this concord supports (" +
                                 std::to_string(known_newest) + "); upgrade concord to open it");
    }
  }
  for (int v : applied) {
    if (known.count(v)) continue;
    return Status::Unsupported("database " + path + " has schema migration " + std::to_string(v) +
                               ", which this concord does not know (it knows up to " +
                               std::to_string(known_newest) + "); upgrade concord to open it");
  }
  int newest = applied.empty() ? 0 : *applied.rbegin();
  for (const Migration& m : migrations) {
    if (applied.count(m.version)) continue;
    newest = std::max(newest, m.version);
    CONCORD_RETURN_IF_ERROR(Exec(db, "BEGIN IMMEDIATE"));
    Status run = Exec(db, m.sql);
    if (run.ok()) {
      SqliteConnection conn(db);
      run = sql::Query(conn, "INSERT INTO schema_migrations (version, module) VALUES (?, ?)")
                .Bind(static_cast<int64_t>(m.version))
                .Bind(std::string_view(m.module))
                .Run();
    }
    // user_version: the newest migration applied, for tools that read it.
    if (run.ok()) run = Exec(db, ("PRAGMA user_version = " + std::to_string(newest)).c_str());
    if (!run.ok()) {
      (void)Exec(db, "ROLLBACK");
      return run.WithPrefix("migration " + std::to_string(m.version) + " (" + m.module + ")");
    }
    CONCORD_RETURN_IF_ERROR(Exec(db, "COMMIT"));
  }
  return Status::Ok();
}

std::string_view ColumnText(sqlite3_stmt* s, int i) {
  const unsigned char* p = sqlite3_column_text(s, i);
  return p ? std::string_view(reinterpret_cast<const char*>(p), sqlite3_column_bytes(s, i))
           : std::string_view();
}

namespace {

class SqliteStatement : public sql::Statement {
 public:
  SqliteStatement(sqlite3* db, std::string_view sql) : db_(db) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &s, nullptr) !=
        SQLITE_OK) {
      status_ = SqlError(db, "prepare");
    }
    stmt_.reset(s);
  }
  void BindInt(int64_t value) override { sqlite3_bind_int64(stmt_.get(), ++next_, value); }
  void BindText(std::string_view value) override {
    sqlite3_bind_text(stmt_.get(), ++next_, value.data(), static_cast<int>(value.size()),
                      SQLITE_TRANSIENT);
  }
  void BindNull() override { sqlite3_bind_null(stmt_.get(), ++next_); }
  void BindBlob(std::string_view value) override {
    sqlite3_bind_blob64(stmt_.get(), ++next_, value.data(), value.size(), SQLITE_TRANSIENT);
  }
  bool Next() override {
    if (!status_.ok() || !stmt_ || done_) return false;
    const int rc = sqlite3_step(stmt_.get());
    if (rc == SQLITE_ROW) return true;
    done_ = true;
    if (rc == SQLITE_DONE) {
      changes_ = sqlite3_changes(db_);
    } else {
      status_ = rc == SQLITE_CONSTRAINT ? Status::AlreadyExists(sqlite3_errmsg(db_))
                                        : SqlError(db_, "query");
    }
    return false;
  }
  int64_t Int(int column) const override { return sqlite3_column_int64(stmt_.get(), column); }
  std::string_view Text(int column) const override { return ColumnText(stmt_.get(), column); }
  bool IsNull(int column) const override {
    return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL;
  }
  int ColumnCount() const override { return sqlite3_column_count(stmt_.get()); }
  Kind ColumnKind(int column) const override {
    switch (sqlite3_column_type(stmt_.get(), column)) {
      case SQLITE_NULL:
        return Kind::kNull;
      case SQLITE_INTEGER:
        return Kind::kInt;
      case SQLITE_BLOB:
        return Kind::kBlob;
      default:
        return Kind::kText;  // text, and a REAL (none in the schema) as its text
    }
  }
  std::string Blob(int column) const override {
    const void* bytes = sqlite3_column_blob(stmt_.get(), column);
    return bytes ? std::string(static_cast<const char*>(bytes),
                               sqlite3_column_bytes(stmt_.get(), column))
                 : std::string();
  }
  int64_t Changes() const override { return changes_; }
  void Reset() override {
    if (!stmt_) return;
    sqlite3_reset(stmt_.get());
    sqlite3_clear_bindings(stmt_.get());
    next_ = 0;
    done_ = false;
    changes_ = 0;
    status_ = Status::Ok();
  }
  const Status& status() const override { return status_; }

 private:
  sqlite3* db_;
  Stmt stmt_;
  int next_ = 0;
  bool done_ = false;
  int64_t changes_ = 0;
  Status status_;
};

}  // namespace

std::unique_ptr<sql::Statement> SqliteConnection::Prepare(std::string_view sql) {
  return std::make_unique<SqliteStatement>(db_, sql);
}

Status SqliteConnection::Exec(std::string_view sql) {
  return sqlite::Exec(db_, std::string(sql).c_str());
}

ReaderPool::Lease ReaderPool::Get() {
  {
    MutexLock lock(mu_);
    if (!idle_.empty()) {
      sqlite3* db = idle_.back().release();
      idle_.pop_back();
      return Lease(this, db, Status::Ok());
    }
  }
  auto db = OpenConnection(path_, 16);
  if (!db.ok()) return Lease(this, nullptr, db.status());
  // Readers map the file: pages come straight from the page cache instead of a read() copy each
  // (measured: large TAXII pages spent ~15% of their time copying).
  (void)Exec(db->get(), "PRAGMA mmap_size=17179869184");
  return Lease(this, db.value().release(), Status::Ok());
}

void ReaderPool::Return(sqlite3* db) {
  MutexLock lock(mu_);
  idle_.emplace_back(db);
}

}  // namespace concord::store::sqlite
