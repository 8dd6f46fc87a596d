#pragma once
// PostgreSQL plumbing with libpq: a connection that speaks the store's SQL (store/sql/
// statement.h), and a pool of them that reconnects with back-off when the server restarts.
// Internal to store/postgres/.
//
// Errors say what a person can act on: an unreachable server, refused credentials and a
// missing database are told apart at connection time; a connection lost in the middle of a
// query is Unavailable (503: the request may be retried), every other server error Internal
// with the server's message and SQLSTATE.

#include <libpq-fe.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "common/thread_annotations.h"
#include "store/sql/statement.h"

namespace concord::store::postgres {

// True for what names a PostgreSQL database rather than a SQLite file: a postgresql:// or
// postgres:// URI, or a libpq keyword string ("host=... dbname=...").
bool IsPostgresTarget(std::string_view target);

// `?` placeholders become `$1`, `$2`, ... (outside quoted strings, identifiers and comments).
std::string NumberPlaceholders(std::string_view sql);

// The target without its password, fit for messages and logs.
std::string RedactTarget(std::string_view target);

// A statement whose rows are still arriving on its connection. libpq runs one command at a
// time per connection, while SQLite lets a statement run inside another's loop; to give the
// stores SQLite's freedom, a statement sent while another is mid-result first makes that one
// read the rest of its rows into memory (PgConnection::Yield).
class PgPending {
 public:
  virtual void BufferRest() = 0;

 protected:
  ~PgPending() = default;
};

class PgConnection : public sql::Connection {
 public:
  // Connects to `target` (a URI or keyword string); the error names the server and the cause.
  static Result<std::unique_ptr<PgConnection>> Open(const std::string& target);
  ~PgConnection() override;

  sql::Dialect dialect() const override { return sql::Dialect::kPostgres; }
  std::unique_ptr<sql::Statement> Prepare(std::string_view sql) override;
  Status Exec(std::string_view sql) override;
  // COPY … FROM STDIN in text format, sent in chunks of about a megabyte.
  std::unique_ptr<sql::RowAppender> Append(std::string_view table,
                                           std::string_view columns) override;
  // False once the server closed the connection (a restart): the pool drops it.
  bool healthy() const;
  PGconn* raw() const { return conn_; }
  // Before sending a command: the statement mid-result (if not `next`) buffers its rows.
  void Yield(PgPending* next) {
    if (pending_ && pending_ != next) pending_->BufferRest();
    pending_ = next;
  }
  // `done` has read all its results.
  void Done(PgPending* done) {
    if (pending_ == done) pending_ = nullptr;
  }
  // Notes a result that changed rows (INSERT, UPDATE, DELETE, COPY); TakeWritten() says whether
  // one came since it was last asked, so only writers that wrote announce a change.
  void NoteResult(const PGresult* result);
  bool TakeWritten() { return std::exchange(written_, false); }

 private:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  PGconn* conn_;
  PgPending* pending_ = nullptr;
  bool written_ = false;
};

// The error of a failed result or connection: Unavailable when the connection is gone.
Status PgError(PGconn* conn, const PGresult* result, std::string_view what);

// Connections to one database, opened on demand up to `max_size` at once (a caller beyond that
// waits for one to come back). After a failed connect, new connects wait for a back-off that
// doubles from 50 ms up to 2 s; meanwhile callers get the last error at once (503), so a
// restarting server is not hammered and requests fail fast until it is back.
class PgPool {
 public:
  PgPool(std::string target, size_t max_size);
  ~PgPool();
  PgPool(const PgPool&) = delete;
  PgPool& operator=(const PgPool&) = delete;

  class Lease {
   public:
    Lease(PgPool* pool, std::unique_ptr<PgConnection> conn, Status status)
        : pool_(pool), conn_(std::move(conn)), status_(std::move(status)) {}
    Lease(Lease&&) noexcept = default;
    ~Lease() {
      if (conn_) pool_->Return(std::move(conn_));
    }
    PgConnection* get() const { return conn_.get(); }  // null: see status()
    PgConnection& operator*() const { return *conn_; }
    PgConnection* operator->() const { return conn_.get(); }
    const Status& status() const { return status_; }

   private:
    PgPool* pool_;
    std::unique_ptr<PgConnection> conn_;
    Status status_;
  };
  Lease Get();
  const std::string& target() const { return target_; }

 private:
  void Return(std::unique_ptr<PgConnection> conn);

  const std::string target_;
  const size_t max_size_;
  Mutex mu_;
  CondVar returned_;
  std::vector<std::unique_ptr<PgConnection>> idle_ GUARDED_BY(mu_);
  size_t open_ GUARDED_BY(mu_) = 0;  // leased and idle
  std::chrono::steady_clock::time_point retry_at_ GUARDED_BY(mu_);
  std::chrono::milliseconds backoff_ GUARDED_BY(mu_){0};
  Status last_error_ GUARDED_BY(mu_);
};

}  // namespace concord::store::postgres
