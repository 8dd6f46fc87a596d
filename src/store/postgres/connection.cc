#include "store/postgres/connection.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <deque>
#include <optional>

namespace concord::store::postgres {
namespace {

constexpr Oid kInt8Oid = 20;   // the type of an integer parameter (text ones are left untyped)
constexpr Oid kByteaOid = 17;  // bytes, sent in binary
constexpr Oid kBoolOid = 16, kInt2Oid = 21, kInt4Oid = 23;

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// A statement run in single-row mode: rows arrive one by one, so a scan of a million rows
// never holds them all in memory.
class PgStatement : public sql::Statement, public PgPending {
 public:
  PgStatement(PgConnection* conn, std::string_view sql)
      : conn_(conn), sql_(NumberPlaceholders(sql)) {}
  ~PgStatement() override { Reset(); }

  void BindInt(int64_t value) override { Add(std::to_string(value), kInt8Oid, 0); }
  void BindText(std::string_view value) override { Add(std::string(value), 0, 0); }
  void BindNull() override { Add(std::nullopt, 0, 0); }
  void BindBlob(std::string_view value) override { Add(std::string(value), kByteaOid, 1); }

  bool Next() override {
    Clear();
    if (!buffered_.empty()) {  // rows read ahead when another statement needed the connection
      row_ = buffered_.front();
      buffered_.pop_front();
      return true;
    }
    if (finished_ || !status_.ok()) return false;
    if (!sent_ && !Send()) return false;
    row_ = Receive();
    return row_ != nullptr;
  }

  void BufferRest() override {
    while (PGresult* row = Receive()) buffered_.push_back(row);
  }

  int64_t Int(int column) const override {
    if (!row_ || PQgetisnull(row_, 0, column)) return 0;
    const char* text = PQgetvalue(row_, 0, column);
    const int length = PQgetlength(row_, 0, column);
    if (length == 1 && (text[0] == 't' || text[0] == 'f')) return text[0] == 't';  // boolean
    int64_t value = 0;
    std::from_chars(text, text + length, value);
    return value;
  }
  std::string_view Text(int column) const override {
    if (!row_ || PQgetisnull(row_, 0, column)) return {};
    return {PQgetvalue(row_, 0, column), static_cast<size_t>(PQgetlength(row_, 0, column))};
  }
  bool IsNull(int column) const override { return !row_ || PQgetisnull(row_, 0, column); }
  std::string Blob(int column) const override {
    if (IsNull(column)) return {};
    size_t length = 0;
    unsigned char* bytes = PQunescapeBytea(
        reinterpret_cast<const unsigned char*>(PQgetvalue(row_, 0, column)), &length);
    if (!bytes) return {};
    std::string out(reinterpret_cast<const char*>(bytes), length);
    PQfreemem(bytes);
    return out;
  }
  int ColumnCount() const override { return row_ ? PQnfields(row_) : 0; }
  Kind ColumnKind(int column) const override {
    if (IsNull(column)) return Kind::kNull;
    switch (PQftype(row_, column)) {
      case kByteaOid:
        return Kind::kBlob;
      case kInt8Oid:
      case kInt4Oid:
      case kInt2Oid:
      case kBoolOid:
        return Kind::kInt;
      default:
        return Kind::kText;
    }
  }
  int64_t Changes() const override { return changes_; }

  void Reset() override {
    Drain();
    for (PGresult* row : buffered_) PQclear(row);
    buffered_.clear();
    values_.clear();
    types_.clear();
    formats_.clear();
    sent_ = finished_ = false;
    changes_ = 0;
    status_ = Status::Ok();
  }
  const Status& status() const override { return status_; }

 private:
  // The next row, or null at the end (then changes_ and status_ are set).
  PGresult* Receive() {
    if (finished_) return nullptr;
    PGresult* result = PQgetResult(conn_->raw());
    if (!result) return Finish(), nullptr;
    switch (PQresultStatus(result)) {
      case PGRES_SINGLE_TUPLE:
        return result;
      case PGRES_TUPLES_OK:
      case PGRES_COMMAND_OK: {
        conn_->NoteResult(result);
        const char* changed = PQcmdTuples(result);
        changes_ = 0;
        std::from_chars(changed, changed + std::strlen(changed), changes_);
        break;
      }
      default:
        status_ = PgError(conn_->raw(), result, "query");
    }
    PQclear(result);
    return Finish(), nullptr;
  }
  void Add(std::optional<std::string> value, Oid type, int format) {
    values_.push_back(std::move(value));
    types_.push_back(type);
    formats_.push_back(format);
  }
  bool Send() {
    sent_ = true;
    conn_->Yield(this);
    std::vector<const char*> values(values_.size());
    std::vector<int> lengths(values_.size());
    for (size_t i = 0; i < values_.size(); ++i) {
      values[i] = values_[i] ? values_[i]->data() : nullptr;
      lengths[i] = values_[i] ? static_cast<int>(values_[i]->size()) : 0;
    }
    if (!PQsendQueryParams(conn_->raw(), sql_.c_str(), static_cast<int>(values.size()),
                           types_.data(), values.data(), lengths.data(), formats_.data(), 0)) {
      status_ = PgError(conn_->raw(), nullptr, "query");
      finished_ = true;
      conn_->Done(this);
      return false;
    }
    PQsetSingleRowMode(conn_->raw());
    return true;
  }
  // Reads what remains of the results, so the connection is ready for the next command.
  void Finish() {
    finished_ = true;
    while (PGresult* rest = PQgetResult(conn_->raw())) PQclear(rest);
    conn_->Done(this);
  }
  void Drain() {
    Clear();
    if (sent_ && !finished_) Finish();
  }
  void Clear() {
    if (row_) PQclear(row_);
    row_ = nullptr;
  }

  PgConnection* conn_;
  std::string sql_;
  std::vector<std::optional<std::string>> values_;
  std::vector<Oid> types_;
  std::vector<int> formats_;  // 0: text, 1: binary (bytes)
  PGresult* row_ = nullptr;
  std::deque<PGresult*> buffered_;
  bool sent_ = false, finished_ = false;
  int64_t changes_ = 0;
  Status status_;
};

// Rows streamed with COPY in text format: a tab between values, a newline after each row,
// backslash escapes for the bytes that would end either.
class PgCopyAppender : public sql::RowAppender {
 public:
  PgCopyAppender(PgConnection* conn, std::string_view table, std::string_view columns)
      : conn_(conn) {
    conn_->Yield(nullptr);
    const std::string sql =
        "COPY " + std::string(table) + " (" + std::string(columns) + ") FROM STDIN";
    PGresult* result = PQexec(conn_->raw(), sql.c_str());
    if (PQresultStatus(result) == PGRES_COPY_IN) {
      open_ = true;
    } else {
      status_ = PgError(conn_->raw(), result, "copy");
    }
    PQclear(result);
    buffer_.reserve(kChunk + (64u << 10));
  }
  ~PgCopyAppender() override {
    if (!open_) return;
    PQputCopyEnd(conn_->raw(), "abandoned");  // the server fails the COPY and the transaction
    while (PGresult* rest = PQgetResult(conn_->raw())) PQclear(rest);
  }

  RowAppender& Int(int64_t value) override {
    char digits[24];
    char* end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    buffer_.append(digits, end);
    buffer_ += '\t';
    return *this;
  }
  RowAppender& Text(std::string_view value) override {
    size_t from = 0;
    for (size_t i = 0; i < value.size(); ++i) {
      const char c = value[i];
      const char* escape = c == '\\'   ? "\\\\"
                           : c == '\t' ? "\\t"
                           : c == '\n' ? "\\n"
                           : c == '\r' ? "\\r"
                                       : nullptr;
      if (!escape) continue;
      buffer_.append(value.data() + from, i - from);
      buffer_ += escape;
      from = i + 1;
    }
    buffer_.append(value.data() + from, value.size() - from);
    buffer_ += '\t';
    return *this;
  }
  RowAppender& Null() override {
    buffer_ += "\\N\t";
    return *this;
  }
  RowAppender& Blob(std::string_view bytes) override {
    // bytea's hex input form, its backslash escaped for COPY.
    static constexpr char kHex[] = "0123456789abcdef";
    buffer_ += "\\\\x";
    for (unsigned char c : bytes) {
      buffer_ += kHex[c >> 4];
      buffer_ += kHex[c & 15];
    }
    buffer_ += '\t';
    return *this;
  }
  Status EndRow() override {
    if (!buffer_.empty() && buffer_.back() == '\t') buffer_.back() = '\n';
    if (buffer_.size() >= kChunk) Send();
    return status_;
  }
  Status Finish() override {
    if (!open_) return status_;
    Send();
    open_ = false;
    if (PQputCopyEnd(conn_->raw(), status_.ok() ? nullptr : "failed") != 1 && status_.ok()) {
      status_ = PgError(conn_->raw(), nullptr, "copy");
    }
    while (PGresult* result = PQgetResult(conn_->raw())) {
      if (PQresultStatus(result) == PGRES_COMMAND_OK) {
        conn_->NoteResult(result);
      } else if (status_.ok()) {
        status_ = PgError(conn_->raw(), result, "copy");
      }
      PQclear(result);
    }
    return status_;
  }

 private:
  static constexpr size_t kChunk = 1u << 20;
  void Send() {
    if (buffer_.empty() || !open_ || !status_.ok()) return;
    if (PQputCopyData(conn_->raw(), buffer_.data(), static_cast<int>(buffer_.size())) != 1) {
      status_ = PgError(conn_->raw(), nullptr, "copy");
    }
    buffer_.clear();
  }

  PgConnection* conn_;
  bool open_ = false;
  std::string buffer_;
  Status status_;
};

}  // namespace

bool IsPostgresTarget(std::string_view target) {
  if (target.starts_with("postgresql://") || target.starts_with("postgres://")) return true;
  // A keyword string starts with one of libpq's keywords: "host=/run/postgresql dbname=concord".
  const size_t equals = target.find('=');
  if (equals == std::string_view::npos) return false;
  std::string_view first = target.substr(0, equals);
  while (!first.empty() && first.back() == ' ') first.remove_suffix(1);
  for (std::string_view keyword :
       {"host", "hostaddr", "port", "dbname", "user", "password", "passfile", "service", "sslmode",
        "connect_timeout", "application_name", "options", "target_session_attrs"}) {
    if (first == keyword) return true;
  }
  return false;
}

std::string NumberPlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {  // a quoted string or identifier, doubled quotes inside
      const size_t end = sql.find(c, i + 1);
      const size_t stop = end == std::string_view::npos ? sql.size() : end + 1;
      out.append(sql.substr(i, stop - i));
      i = stop - 1;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {  // a comment to the line end
      const size_t end = sql.find('\n', i);
      const size_t stop = end == std::string_view::npos ? sql.size() : end;
      out.append(sql.substr(i, stop - i));
      i = stop - 1;
    } else if (c == '?') {
      out += '$' + std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

std::string RedactTarget(std::string_view target) {
  std::string out(target);
  if (IsPostgresTarget(target) && target.find("://") != std::string_view::npos) {
    // postgresql://user:password@host/...: the password is between the first ':' after the
    // scheme and the '@'.
    const size_t start = out.find("://") + 3;
    const size_t at = out.find('@', start);
    const size_t colon = out.find(':', start);
    if (at != std::string::npos && colon != std::string::npos && colon < at) {
      out.replace(colon + 1, at - colon - 1, "***");
    }
    return out;
  }
  const size_t password = out.find("password=");
  if (password != std::string::npos) {
    const size_t end = out.find(' ', password);
    out.replace(password + 9, (end == std::string::npos ? out.size() : end) - password - 9, "***");
  }
  return out;
}

Status PgError(PGconn* conn, const PGresult* result, std::string_view what) {
  if (!conn || PQstatus(conn) == CONNECTION_BAD) {
    return Status::Unavailable("the PostgreSQL server is unavailable (" + std::string(what) +
                               "): " + Trim(conn ? PQerrorMessage(conn) : "no connection"));
  }
  std::string message = Trim(result ? PQresultErrorMessage(result) : PQerrorMessage(conn));
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  // Every error the server reports carries a SQLSTATE; one without came from libpq itself: the
  // connection went away mid-statement ("server closed the connection unexpectedly").
  if (!state) {
    return Status::Unavailable("the PostgreSQL server is unavailable (" + std::string(what) +
                               "): " + message);
  }
  {
    const std::string_view code(state);
    // Serialisation failures, deadlocks, shutdown and too many connections: try again.
    if (code == "40001" || code == "40P01" || code.starts_with("57P") || code == "53300") {
      return Status::Unavailable("PostgreSQL: " + message + " [" + std::string(code) + "]");
    }
    message += " [" + std::string(code) + "]";
    // Integrity constraints (unique, foreign key, check): as SQLite's SQLITE_CONSTRAINT.
    if (code.starts_with("23")) return Status::AlreadyExists("PostgreSQL: " + message);
  }
  return Status::Internal("PostgreSQL " + std::string(what) + ": " + message);
}

Result<std::unique_ptr<PgConnection>> PgConnection::Open(const std::string& target) {
  PGconn* conn = PQconnectdb(target.c_str());
  if (!conn) return Status::Internal("libpq: out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    const std::string error = Trim(PQerrorMessage(conn));
    PQfinish(conn);
    const std::string where = "PostgreSQL at " + RedactTarget(target);
    if (error.find("password authentication failed") != std::string::npos ||
        error.find("no password supplied") != std::string::npos ||
        (error.find("role") != std::string::npos &&
         error.find("does not exist") != std::string::npos) ||
        error.find("no pg_hba.conf entry") != std::string::npos) {
      return Status::PermissionDenied(where + " refused the credentials: " + error);
    }
    if (error.find("database") != std::string::npos &&
        error.find("does not exist") != std::string::npos) {
      return Status::NotFound(where + ": " + error + " (create it with createdb)");
    }
    if (error.find("invalid") != std::string::npos && error.find("URI") != std::string::npos) {
      return Status::InvalidArgument(where + ": " + error);
    }
    return Status::Unavailable(where + " is unreachable: " + error);
  }
  // Notices (e.g. "relation already exists, skipping") are not errors; keep them off stderr.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  auto connection = std::unique_ptr<PgConnection>(new PgConnection(conn));
  // UTC timestamps and text in UTF-8 whatever the server's defaults. No JIT: the store's
  // queries are short, and compiling one (the planner's guess for a large batch) cost more than
  // it ran (a batch lookup: 1.7 s with JIT, 0.7 s without).
  CONCORD_RETURN_IF_ERROR(
      connection->Exec("SET TIME ZONE 'UTC'; SET client_encoding = 'UTF8'; SET jit = off"));
  return connection;
}

PgConnection::~PgConnection() { PQfinish(conn_); }

std::unique_ptr<sql::RowAppender> PgConnection::Append(std::string_view table,
                                                       std::string_view columns) {
  return std::make_unique<PgCopyAppender>(this, table, columns);
}

std::unique_ptr<sql::Statement> PgConnection::Prepare(std::string_view sql) {
  return std::make_unique<PgStatement>(this, sql);
}

Status PgConnection::Exec(std::string_view sql) {
  Yield(nullptr);
  PGresult* result = PQexec(conn_, std::string(sql).c_str());
  const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  Status st = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK
                  ? Status::Ok()
                  : PgError(conn_, result, "statement");
  if (st.ok()) NoteResult(result);
  PQclear(result);
  return st;
}

void PgConnection::NoteResult(const PGresult* result) {
  const std::string_view command = PQcmdStatus(const_cast<PGresult*>(result));
  const std::string_view rows = PQcmdTuples(const_cast<PGresult*>(result));
  const bool changes = command.starts_with("INSERT") || command.starts_with("UPDATE") ||
                       command.starts_with("DELETE") || command.starts_with("COPY");
  if (changes && !rows.empty() && rows != "0") written_ = true;
}

bool PgConnection::healthy() const {
  return PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE;
}

PgPool::PgPool(std::string target, size_t max_size)
    : target_(std::move(target)), max_size_(std::max<size_t>(1, max_size)) {}

PgPool::~PgPool() = default;

PgPool::Lease PgPool::Get() {
  {
    MutexLock lock(mu_);
    returned_.wait(mu_, [&]() REQUIRES(mu_) { return !idle_.empty() || open_ < max_size_; });
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(conn), Status::Ok());
    }
    if (std::chrono::steady_clock::now() < retry_at_) return Lease(this, nullptr, last_error_);
    ++open_;  // reserved while connecting outside the lock
  }
  auto conn = PgConnection::Open(target_);
  MutexLock lock(mu_);
  if (!conn.ok()) {
    --open_;
    returned_.notify_one();
    backoff_ = std::min(std::chrono::milliseconds(2000),
                        backoff_.count() ? backoff_ * 2 : std::chrono::milliseconds(50));
    retry_at_ = std::chrono::steady_clock::now() + backoff_;
    last_error_ = conn.status();
    return Lease(this, nullptr, conn.status());
  }
  backoff_ = std::chrono::milliseconds(0);
  return Lease(this, std::move(*conn), Status::Ok());
}

void PgPool::Return(std::unique_ptr<PgConnection> conn) {
  // A connection that lost its server, or was left inside a transaction, is not reused.
  const bool keep = conn->healthy();
  if (!keep) conn.reset();
  MutexLock lock(mu_);
  if (keep) {
    idle_.push_back(std::move(conn));
  } else {
    --open_;
  }
  returned_.notify_one();
}

}  // namespace concord::store::postgres
