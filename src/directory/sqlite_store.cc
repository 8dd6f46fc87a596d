// DirectoryStore on SQLite: the audit log (read side) and contact reachability checks.

// DirectoryStore on SQLite. Its table, contact_checks, was created by migration 6 together with
// the audit log, before modules declared their own migrations (store/sqlite/audit.cc).

#include "directory/sqlite_store.h"

#include "directory/store.h"
#include "store/sqlite/shared.h"

namespace concord::directory {
namespace {

using store::sqlite::Query;
using store::sqlite::Shared;

constexpr const char* kCheckColumns =
    "id, team_id, email, issued, deadline, acknowledged, delivery_error";

ContactCheck ReadCheck(const Query& q) {
  ContactCheck c;
  c.id = q.Int(0);
  c.team_id = q.Text(1);
  c.email = q.Text(2);
  c.issued = q.Int(3);
  c.deadline = q.Int(4);
  c.acknowledged = q.Int(5);
  c.delivery_error = q.Text(6);
  return c;
}

class SqliteDirectory : public DirectoryStore {
 public:
  explicit SqliteDirectory(Shared* shared) : shared_(shared) {}

  Result<int64_t> AddCheck(const ContactCheck& c, std::string_view token_hash) override {
    std::lock_guard<std::mutex> g(shared_->write_mu);
    Query q(shared_->writer.get(),
            "INSERT INTO contact_checks (token_hash, team_id, email, issued, deadline, "
            "delivery_error) VALUES (?, ?, ?, ?, ?, ?)");
    CONCORD_RETURN_IF_ERROR(q.Bind(token_hash)
                                .Bind(c.team_id)
                                .Bind(c.email)
                                .Bind(c.issued)
                                .Bind(c.deadline)
                                .Bind(c.delivery_error)
                                .Run());
    return static_cast<int64_t>(sqlite3_last_insert_rowid(shared_->writer.get()));
  }

  Status SetDeliveryError(int64_t check_id, std::string_view error) override {
    std::lock_guard<std::mutex> g(shared_->write_mu);
    Query q(shared_->writer.get(), "UPDATE contact_checks SET delivery_error = ? WHERE id = ?");
    return q.Bind(error).Bind(check_id).Run();
  }

  Result<ContactCheck> Acknowledge(std::string_view token_hash, Micros now) override {
    std::lock_guard<std::mutex> g(shared_->write_mu);
    Query find(shared_->writer.get(), std::string("SELECT ") + kCheckColumns +
                                          " FROM contact_checks WHERE token_hash = ?");
    find.Bind(token_hash);
    if (!find.Next()) {
      if (!find.status().ok()) return find.status();
      return Status::NotFound("unknown or mistyped token");
    }
    ContactCheck check = ReadCheck(find);
    if (check.acknowledged != 0) {
      return Status::Unprocessable("this token was already used at " +
                                   FormatTimestampMillis(check.acknowledged));
    }
    if (now > check.deadline) {
      return Status::Unprocessable("the deadline passed at " +
                                   FormatTimestampMillis(check.deadline));
    }
    Query ack(shared_->writer.get(), "UPDATE contact_checks SET acknowledged = ? WHERE id = ?");
    CONCORD_RETURN_IF_ERROR(ack.Bind(now).Bind(check.id).Run());
    check.acknowledged = now;
    return check;
  }

  Result<std::vector<ContactCheck>> LatestChecks() const override {
    auto conn = shared_->readers.Get();
    if (!conn.db()) return conn.status();
    // The id grows with time, so the newest check of a contact has its largest id.
    Query q(conn.db(), std::string("SELECT ") + kCheckColumns +
                           " FROM contact_checks WHERE id IN (SELECT max(id) FROM contact_checks "
                           "GROUP BY team_id, email) ORDER BY team_id, email");
    std::vector<ContactCheck> out;
    while (q.Next()) out.push_back(ReadCheck(q));
    if (!q.status().ok()) return q.status();
    return out;
  }

  Result<std::vector<ContactCheck>> ChecksOf(std::string_view team_id,
                                             size_t limit) const override {
    auto conn = shared_->readers.Get();
    if (!conn.db()) return conn.status();
    Query q(conn.db(), std::string("SELECT ") + kCheckColumns +
                           " FROM contact_checks WHERE team_id = ? ORDER BY id DESC LIMIT ?");
    q.Bind(team_id).Bind(static_cast<int64_t>(limit));
    std::vector<ContactCheck> out;
    while (q.Next()) out.push_back(ReadCheck(q));
    if (!q.status().ok()) return q.status();
    return out;
  }

 private:
  Shared* shared_;
};

}  // namespace

std::unique_ptr<DirectoryStore> MakeSqliteDirectoryStore(Shared* shared) {
  return std::make_unique<SqliteDirectory>(shared);
}

void AddSqlite(store::SqliteModule& module) {
  module.stores.push_back(store::MakeStoreFactory<DirectoryStore>(MakeSqliteDirectoryStore));
}

}  // namespace concord::directory
