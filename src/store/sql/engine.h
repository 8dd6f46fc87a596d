#pragma once
// One database as the stores see it, whichever engine holds it (SQLite: store/sqlite/shared.h;
// PostgreSQL: store/postgres/engine.h): connections lent for reads and for writes, the data
// version, and what the stores share (the clock, the node key). A store written against this
// runs on both engines. Thread-safe.
//
//   auto conn = engine.Read();                       // a pooled connection, or the error
//   if (!conn) return conn.status();
//   sql::Query q(*conn, "SELECT value FROM settings WHERE key = ?");
//
//   auto w = engine.Write();                         // the writer: one at a time
//   if (!w) return w.status();
//   CONCORD_RETURN_IF_ERROR(engine.Begin(*w));       // and the only one across processes
//   ... writes ...; w->Exec("COMMIT")

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/secret_box.h"
#include "common/status.h"
#include "common/time.h"
#include "store/database.h"
#include "store/sql/statement.h"

namespace concord::store::sql {

// A connection lent for one operation; it goes back (and a write lock is released) with the
// lease.
class Lease {
 public:
  explicit Lease(Status error) : status_(std::move(error)) {}
  // `holder` keeps the connection lent (a pool's lease, a lock) until the lease goes.
  Lease(Connection* connection, std::shared_ptr<void> holder)
      : connection_(connection), holder_(std::move(holder)) {}
  explicit operator bool() const { return connection_ != nullptr; }
  Connection& operator*() const { return *connection_; }
  Connection* operator->() const { return connection_; }
  const Status& status() const { return status_; }

 private:
  Connection* connection_ = nullptr;
  std::shared_ptr<void> holder_;
  Status status_;
};

class Engine {
 public:
  virtual ~Engine() = default;
  virtual Dialect dialect() const = 0;
  // A connection for reads.
  virtual Lease Read() = 0;
  // The connection writes go through, the caller's alone until the lease goes: one writer at
  // a time in this process. A single statement on it commits by itself.
  virtual Lease Write() = 0;
  // Starts a transaction on the writer that is also the only writing transaction across
  // processes until it ends, so what it numbers (date_added) grows in commit order.
  virtual Status Begin(Connection& writer) = 0;
  // Changes whenever anything was committed, by this process or another.
  virtual Result<uint64_t> DataVersion() = 0;
  virtual const Clock& clock() const = 0;
  // The node key's box (secrets stored encrypted), loaded on first need.
  virtual Result<const SecretBox*> Secrets() = 0;
  // Database::TryExclusive.
  virtual Result<std::unique_ptr<ExclusiveLock>> TryExclusive(std::string_view name) = 0;

  // Strictly increasing at millisecond granularity: max(now, last + 1 ms).
  Micros NextDateAdded(Micros last) const {
    const Micros now = clock().Now() / 1000 * 1000;
    return now > last + 1000 ? now : last + 1000;
  }
};

// Runs `sql` on a connection for reads, binding parameters with `bind(query)`, and turns every
// row into a T with `read`.
template <typename T, typename Bind, typename Read>
Result<std::vector<T>> ReadAll(Engine& engine, std::string_view sql, Bind bind, Read read) {
  auto conn = engine.Read();
  if (!conn) return conn.status();
  Query q(*conn, sql);
  bind(q);
  std::vector<T> out;
  while (q.Next()) out.push_back(read(q));
  if (!q.status().ok()) return q.status();
  return out;
}

// The first row as a T, or NotFound(`not_found`) when there is none.
template <typename T, typename Bind, typename Read>
Result<T> ReadOne(Engine& engine, std::string_view sql, Bind bind, Read read,
                  const std::string& not_found) {
  auto conn = engine.Read();
  if (!conn) return conn.status();
  Query q(*conn, sql);
  bind(q);
  if (q.Next()) return read(q);
  if (!q.status().ok()) return q.status();
  return Status::NotFound(not_found);
}

// Runs an INSERT ... RETURNING id to its end, setting `*id`.
inline Status ReturnedId(Query& q, int64_t* id) {
  if (q.Next()) *id = q.Int(0);
  return q.Run();
}

// For queries without parameters.
inline void NoParameters(Query&) {}

}  // namespace concord::store::sql
