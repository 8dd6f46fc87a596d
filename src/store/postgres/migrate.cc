#include "store/postgres/migrate.h"

#include <set>

namespace concord::store::postgres {
namespace {

// pg_advisory_lock's key for "the schema is being migrated" (any fixed number; this one is
// "CONCORD1" in ASCII).
constexpr int64_t kMigrationLock = 0x434F4E434F524431;

}  // namespace

Result<int> SchemaVersion(PgConnection& conn) {
  sql::Query q(conn, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!q.Next()) return q.status();
  return static_cast<int>(q.Int(0));
}

Status Migrate(PgConnection& conn, const std::string& where,
               const std::vector<sqlite::Migration>& migrations) {
  CONCORD_RETURN_IF_ERROR(sqlite::CheckMigrations(migrations, /*contiguous=*/false));
  CONCORD_RETURN_IF_ERROR(
      sql::Query(conn, "SELECT pg_advisory_lock(?)").Bind(kMigrationLock).Run());
  auto migrate = [&]() -> Status {
    CONCORD_RETURN_IF_ERROR(
        conn.Exec("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, "
                  "module TEXT NOT NULL)"));
    std::set<int> applied;
    sql::Query q(conn, "SELECT version FROM schema_migrations");
    while (q.Next()) applied.insert(static_cast<int>(q.Int(0)));
    CONCORD_RETURN_IF_ERROR(q.status());
    std::set<int> known;
    for (const sqlite::Migration& m : migrations) known.insert(m.version);
    const int known_newest = known.empty() ? 0 : *known.rbegin();
    for (int v : applied) {
      if (known.count(v)) continue;
      return Status::Unsupported("database " + where + " has schema migration " +
                                 std::to_string(v) + ", which this concord does not know (it " +
                                 "knows up to " + std::to_string(known_newest) +
                                 "); upgrade concord to open it");
    }
    for (const sqlite::Migration& m : migrations) {
      if (applied.count(m.version)) continue;
      if (!m.postgres || !*m.postgres) {
        return Status::Internal("schema migration " + std::to_string(m.version) + " of module " +
                                m.module + " has no PostgreSQL version");
      }
      CONCORD_RETURN_IF_ERROR(conn.Exec("BEGIN"));
      Status st = conn.Exec(m.postgres);
      if (st.ok()) {
        st = sql::Query(conn, "INSERT INTO schema_migrations (version, module) VALUES (?, ?)")
                 .Bind(int64_t{m.version})
                 .Bind(m.module)
                 .Run();
      }
      if (st.ok()) st = conn.Exec("COMMIT");
      if (!st.ok()) {
        (void)conn.Exec("ROLLBACK");
        return st.WithPrefix("database " + where + ": schema migration " +
                             std::to_string(m.version) + " (" + m.module + ")");
      }
    }
    return Status::Ok();
  };
  Status st = migrate();
  (void)sql::Query(conn, "SELECT pg_advisory_unlock(?)").Bind(kMigrationLock).Run();
  return st;
}

}  // namespace concord::store::postgres
