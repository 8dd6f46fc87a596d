#pragma once
// SQL that reads the same on SQLite and PostgreSQL: the one interface the store's queries are
// written against, so a store file holds its queries once and only what truly differs between
// the engines (full-text search, bulk loading, schema types) is written per engine.
//
//   sql::Query q(conn, "SELECT id, name FROM organisations WHERE name = ?");
//   q.Bind(name);
//   while (q.Next()) use(q.Int(0), q.Text(1));
//   if (!q.status().ok()) return q.status();
//
// Parameters are `?` on both engines (PostgreSQL's `$n` are numbered for it). Values are
// 64-bit integers, text and NULL; a boolean expression reads as 1 or 0 with Int(). A statement
// and its connection are used by one thread at a time. Internal to store implementations.

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

namespace concord::store::sql {

enum class Dialect { kSqlite, kPostgres };

// One prepared statement. Bind the parameters in order, then Next() row by row or Run() to
// the end; Reset() makes it ready to bind and run again.
class Statement {
 public:
  virtual ~Statement() = default;
  virtual void BindInt(int64_t value) = 0;
  virtual void BindText(std::string_view value) = 0;  // copied: `value` may go away at once
  virtual void BindNull() = 0;
  // Bytes that need not be UTF-8 (a raw e-mail): SQLite BLOB, PostgreSQL BYTEA.
  virtual void BindBlob(std::string_view value) = 0;
  // True while there is a row; false at the end or on an error (then status() says why).
  virtual bool Next() = 0;
  virtual int64_t Int(int column) const = 0;
  // Valid until the next Next(), Reset() or the statement's end.
  virtual std::string_view Text(int column) const = 0;
  virtual bool IsNull(int column) const = 0;
  // A BLOB / BYTEA column's bytes.
  virtual std::string Blob(int column) const = 0;
  // For code that reads any table (db copy): the row's columns and what each value is.
  enum class Kind { kNull, kInt, kText, kBlob };
  virtual int ColumnCount() const = 0;
  virtual Kind ColumnKind(int column) const = 0;
  // Rows changed by the last INSERT, UPDATE or DELETE run to its end.
  virtual int64_t Changes() const = 0;
  virtual void Reset() = 0;
  virtual const Status& status() const = 0;
};

// Rows appended to one table at the engine's fastest: PostgreSQL streams them with COPY (the
// whole batch in one command instead of a round trip per row), SQLite runs one prepared INSERT
// per row. Give each row's values in the table's column order, then EndRow(); Finish() makes
// them all stored, or says why not. While an appender is open nothing else may run on its
// connection; one dropped unfinished leaves the transaction failed (roll it back).
class RowAppender {
 public:
  virtual ~RowAppender() = default;
  virtual RowAppender& Int(int64_t value) = 0;
  virtual RowAppender& Text(std::string_view value) = 0;
  virtual RowAppender& Null() = 0;
  virtual RowAppender& Blob(std::string_view bytes) = 0;
  virtual Status EndRow() = 0;
  virtual Status Finish() = 0;
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // A statement of `sql` (with `?` parameters). An error (a syntax error, a lost connection)
  // shows at the first Next() or Run().
  virtual std::unique_ptr<Statement> Prepare(std::string_view sql) = 0;
  // Runs `sql`, which may hold several statements and no parameters.
  virtual Status Exec(std::string_view sql) = 0;
  // Appends rows to `table`'s `columns` ("a, b, c"). The default inserts row by row with a
  // prepared statement, which is the fastest an in-process engine can do.
  virtual std::unique_ptr<RowAppender> Append(std::string_view table, std::string_view columns);
};

// A subquery listing the elements of one JSON array parameter (bound as text), so that one
// statement looks up any number of keys in one round trip:
//   "WHERE id IN (" + ArrayElements(dialect) + ")"  with  Bind("[\"a\", \"b\"]").
// `integers`: the elements are numbers, compared as BIGINT.
inline std::string ArrayElements(Dialect dialect, bool integers = false) {
  if (dialect == Dialect::kSqlite) return "SELECT value FROM json_each(?)";
  return integers ? "SELECT CAST(jsonb_array_elements_text(CAST(? AS jsonb)) AS BIGINT)"
                  : "SELECT jsonb_array_elements_text(CAST(? AS jsonb))";
}

// After a bulk write (thousands of rows) outside a transaction: PostgreSQL's planner chooses
// by table statistics, which autovacuum refreshes only a minute or more later; until then a
// freshly loaded table looks empty and a page of TAXII sorts the whole collection (185 ms
// instead of 3). SQLite's planner needs none (and its plans here were chosen without them).
inline Status RefreshStatistics(Connection& connection, std::string_view tables) {
  if (connection.dialect() == Dialect::kSqlite) return Status::Ok();
  return connection.Exec("ANALYZE " + std::string(tables));
}
inline constexpr size_t kBulkRows = 10000;  // rows after which statistics are refreshed

// Starts a read transaction whose statements all see one snapshot (SQLite's BEGIN does; in
// PostgreSQL's default isolation each statement would see its own).
inline const char* BeginSnapshot(Dialect dialect) {
  return dialect == Dialect::kSqlite ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
}

// The LIMIT of each statement of a scan read in chunks (ChunkedScan), growing from a page's
// worth: a caller that stops early costs about what it read. (A PostgreSQL statement sends
// every row it selects, and abandoning it midway means reading them all.)
inline size_t NextChunk(size_t chunk) {
  return chunk == 0 ? 256 : std::min<size_t>(chunk * 4, 65536);
}

// A statement with chainable binds, made from a connection: the store's everyday tool.
class Query {
 public:
  Query(Connection& connection, std::string_view sql) : s_(connection.Prepare(sql)) {}
  Query& Bind(int64_t value) {
    s_->BindInt(value);
    return *this;
  }
  Query& Bind(int value) { return Bind(static_cast<int64_t>(value)); }
  Query& Bind(bool value) { return Bind(static_cast<int64_t>(value ? 1 : 0)); }
  Query& Bind(std::string_view value) {
    s_->BindText(value);
    return *this;
  }
  Query& Bind(const std::string& value) { return Bind(std::string_view(value)); }
  Query& Bind(const char* value) { return Bind(std::string_view(value)); }
  Query& BindNull() {
    s_->BindNull();
    return *this;
  }
  Query& BindBlob(std::string_view value) {
    s_->BindBlob(value);
    return *this;
  }
  bool Next() { return s_->Next(); }
  // Steps to the end; an error if any step fails.
  Status Run() {
    while (s_->Next()) {
    }
    return s_->status();
  }
  int64_t Int(int column) const { return s_->Int(column); }
  std::string_view Text(int column) const { return s_->Text(column); }
  bool IsNull(int column) const { return s_->IsNull(column); }
  std::string Blob(int column) const { return s_->Blob(column); }
  int64_t Changes() const { return s_->Changes(); }
  void Reset() { s_->Reset(); }
  const Status& status() const { return s_->status(); }
  Statement& statement() { return *s_; }

 private:
  std::unique_ptr<Statement> s_;
};

}  // namespace concord::store::sql
