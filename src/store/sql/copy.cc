// `concord db copy`: every table of one database into another, across engines, verified.
//
// Which tables, and in which order: those of the destination's schema (both databases are at
// this binary's schema, migrated when opened), in the order they were created: a table's
// foreign keys can only name tables created before it, so parents are filled first. The search
// index (the text index is FTS5 on SQLite and a tsvector on PostgreSQL) is not copied but
// rebuilt from the copied objects; schema_migrations is the destination's own.
//
// Verification: per table, the row count and a checksum over every value, computed on the rows
// read from the source and again on the rows read back from the destination. The checksum is
// a sum of per-row hashes, so it does not depend on the order either engine returns rows in.

#include <set>

#include "common/strings.h"
#include "store/sql/engine_database.h"
#include "store/sql/object_search.h"

namespace concord::store::sql {
namespace {

// Derived from the objects, rebuilt by UpdateSearchIndex; or the destination's own.
const std::set<std::string, std::less<>> kNotCopied = {"objects_text",       "object_refs",
                                                       "object_counts",      "object_counted",
                                                       "search_index_state", "schema_migrations"};

Result<std::vector<std::string>> TablesInCreationOrder(Connection& db) {
  const bool sqlite = db.dialect() == Dialect::kSqlite;
  Query q(db, sqlite ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                       "'sqlite_%' AND name NOT LIKE 'objects_text_%' ORDER BY rowid"
                     : "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = "
                       "c.relnamespace WHERE c.relkind = 'r' AND n.nspname = current_schema() "
                       "ORDER BY c.oid");
  std::vector<std::string> tables;
  while (q.Next()) {
    if (!kNotCopied.count(q.Text(0))) tables.emplace_back(q.Text(0));
  }
  if (!q.status().ok()) return q.status();
  return tables;
}

Result<std::vector<std::string>> ColumnsOf(Connection& db, const std::string& table) {
  const bool sqlite = db.dialect() == Dialect::kSqlite;
  Query q(db, sqlite ? "SELECT name FROM pragma_table_info(?) ORDER BY cid"
                     : "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                       "current_schema() AND table_name = ? ORDER BY ordinal_position");
  q.Bind(table);
  std::vector<std::string> columns;
  while (q.Next()) columns.emplace_back(q.Text(0));
  if (!q.status().ok()) return q.status();
  if (columns.empty()) return Status::NotFound("table " + table + " has no columns");
  return columns;
}

// FNV-1a over one value, tagged with its kind so that NULL, 0 and "" differ.
uint64_t Mix(uint64_t h, char kind, std::string_view bytes) {
  auto step = [&h](unsigned char c) {
    h ^= c;
    h *= 1099511628211ull;
  };
  step(static_cast<unsigned char>(kind));
  for (unsigned char c : bytes) step(c);
  step(0xff);
  return h;
}

// Reads every row of `table`'s `columns`, calling `row(query)` for each, and returns the
// checksum of what it read.
Result<uint64_t> ReadTable(Connection& db, const std::string& table, const std::string& columns,
                           const std::function<Status(Query&)>& row, int64_t* rows) {
  Query q(db, "SELECT " + columns + " FROM " + table);
  uint64_t sum = 0;
  *rows = 0;
  while (q.Next()) {
    uint64_t h = 14695981039346656037ull;
    Statement& s = q.statement();
    for (int c = 0; c < s.ColumnCount(); ++c) {
      switch (s.ColumnKind(c)) {
        case Statement::Kind::kNull:
          h = Mix(h, 'n', {});
          break;
        case Statement::Kind::kInt:
          h = Mix(h, 'i', std::to_string(s.Int(c)));
          break;
        case Statement::Kind::kText:
          h = Mix(h, 't', s.Text(c));
          break;
        case Statement::Kind::kBlob:
          h = Mix(h, 'b', s.Blob(c));
          break;
      }
    }
    sum += h;
    ++*rows;
    if (row) CONCORD_RETURN_IF_ERROR(row(q));
  }
  if (!q.status().ok()) return q.status().WithPrefix("read " + table);
  return sum;
}

// A PostgreSQL identity column continues after the largest id copied into it.
Status ResetIdentities(Connection& db, const std::string& table) {
  if (db.dialect() == Dialect::kSqlite) return Status::Ok();  // rowids follow MAX by themselves
  Query q(db,
          "SELECT column_name FROM information_schema.columns WHERE table_schema = "
          "current_schema() AND table_name = ? AND is_identity = 'YES'");
  q.Bind(table);
  std::vector<std::string> identities;
  while (q.Next()) identities.emplace_back(q.Text(0));
  CONCORD_RETURN_IF_ERROR(q.status());
  for (const std::string& column : identities) {
    Query reset(db, "SELECT setval(pg_get_serial_sequence(?, ?), COALESCE((SELECT MAX(" + column +
                        ") FROM " + table + "), 0) + 1, false)");
    CONCORD_RETURN_IF_ERROR(reset.Bind(table).Bind(column).Run());
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<TableCopy>> CopyTables(Engine& from, Engine& to, const CopyProgress& progress) {
  auto source = from.Write();  // the writer: nothing changes the source while it is read
  if (!source) return source.status();
  CONCORD_RETURN_IF_ERROR(from.Begin(*source));
  auto destination = to.Write();
  if (!destination) return destination.status();
  CONCORD_RETURN_IF_ERROR(to.Begin(*destination));
  auto fail = [&](Status st) -> Result<std::vector<TableCopy>> {
    (void)source->Exec("ROLLBACK");
    (void)destination->Exec("ROLLBACK");
    return st;
  };
  {
    Query objects(*destination, "SELECT COUNT(*) FROM objects");
    if (objects.Next() && objects.Int(0) > 0) {
      return fail(Status::AlreadyExists(
          "the destination already holds objects: db copy fills only an empty database"));
    }
    if (!objects.status().ok()) return fail(objects.status());
  }
  auto tables = TablesInCreationOrder(*destination);
  if (!tables.ok()) return fail(tables.status());
  // What the destination made when it first started (its organisation, its administrator) is
  // replaced: emptied children first.
  for (auto table = tables->rbegin(); table != tables->rend(); ++table) {
    if (Status st = destination->Exec("DELETE FROM " + *table); !st.ok()) return fail(st);
  }
  std::vector<TableCopy> report;
  for (const std::string& table : *tables) {
    auto names = ColumnsOf(*destination, table);
    if (!names.ok()) return fail(names.status());
    const std::string columns = Join(*names, ", ");
    TableCopy copy{table, 0, 0, 0};
    std::unique_ptr<RowAppender> rows = destination->Append(table, columns);
    auto sum = ReadTable(
        *source, table, columns,
        [&](Query& q) -> Status {
          Statement& s = q.statement();
          for (int c = 0; c < s.ColumnCount(); ++c) {
            switch (s.ColumnKind(c)) {
              case Statement::Kind::kNull:
                rows->Null();
                break;
              case Statement::Kind::kInt:
                rows->Int(s.Int(c));
                break;
              case Statement::Kind::kText:
                rows->Text(s.Text(c));
                break;
              case Statement::Kind::kBlob:
                rows->Blob(s.Blob(c));
                break;
            }
          }
          CONCORD_RETURN_IF_ERROR(rows->EndRow());
          // (ReadTable counts the rows in copy.rows.)
          if (copy.rows % 100000 == 0 && progress) progress(table, copy.rows);
          return Status::Ok();
        },
        &copy.rows);
    if (!sum.ok()) return fail(sum.status());
    if (Status st = rows->Finish(); !st.ok()) return fail(st.WithPrefix("write " + table));
    rows.reset();
    copy.source_sum = *sum;
    int64_t copied_rows = 0;
    auto copied = ReadTable(*destination, table, columns, nullptr, &copied_rows);
    if (!copied.ok()) return fail(copied.status());
    copy.copied_sum = *copied;
    if (copied_rows != copy.rows || copy.copied_sum != copy.source_sum) {
      return fail(Status::Internal(table + ": " + std::to_string(copy.rows) + " rows read, " +
                                   std::to_string(copied_rows) +
                                   " read back, checksums differ: nothing was committed"));
    }
    if (Status st = ResetIdentities(*destination, table); !st.ok()) return fail(st);
    if (progress) progress(table, copy.rows);
    report.push_back(std::move(copy));
  }
  // The search index (empty in a destination without objects) is built there from the copied
  // objects, from the first on.
  (void)source->Exec("ROLLBACK");
  if (Status st = destination->Exec("COMMIT"); !st.ok()) return st;
  (void)RefreshStatistics(*destination, "");
  return report;
}

}  // namespace concord::store::sql
