// DirectoryStore in portable SQL (SQLite and PostgreSQL): contact reachability checks. Its table,
// contact_checks, was created by migration 6 together with the audit log, before modules declared
// their own migrations (store/sqlite/audit.cc).

#include "directory/sqlite_store.h"

#include "directory/store.h"
#include "store/sql/engine.h"

namespace concord::directory {
namespace {

namespace sql = store::sql;

constexpr const char* kCheckColumns =
    "id, team_id, email, issued, deadline, acknowledged, delivery_error";

ContactCheck ReadCheck(const sql::Query& q) {
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

class SqlDirectory : public DirectoryStore {
 public:
  explicit SqlDirectory(sql::Engine& engine) : engine_(engine) {}

  Result<int64_t> AddCheck(const ContactCheck& c, std::string_view token_hash) override {
    auto writer = engine_.Write();
    if (!writer) return writer.status();
    sql::Query q(*writer,
                 "INSERT INTO contact_checks (token_hash, team_id, email, issued, deadline, "
                 "delivery_error) VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
    int64_t id = 0;
    CONCORD_RETURN_IF_ERROR(sql::ReturnedId(q.Bind(token_hash)
                                                .Bind(c.team_id)
                                                .Bind(c.email)
                                                .Bind(c.issued)
                                                .Bind(c.deadline)
                                                .Bind(c.delivery_error),
                                            &id));
    return id;
  }

  Status SetDeliveryError(int64_t check_id, std::string_view error) override {
    auto writer = engine_.Write();
    if (!writer) return writer.status();
    sql::Query q(*writer, "UPDATE contact_checks SET delivery_error = ? WHERE id = ?");
    return q.Bind(error).Bind(check_id).Run();
  }

  Result<ContactCheck> Acknowledge(std::string_view token_hash, Micros now) override {
    auto writer = engine_.Write();
    if (!writer) return writer.status();
    sql::Query find(*writer, std::string("SELECT ") + kCheckColumns +
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
    sql::Query ack(*writer, "UPDATE contact_checks SET acknowledged = ? WHERE id = ?");
    CONCORD_RETURN_IF_ERROR(ack.Bind(now).Bind(check.id).Run());
    check.acknowledged = now;
    return check;
  }

  Result<std::vector<ContactCheck>> LatestChecks() const override {
    auto conn = engine_.Read();
    if (!conn) return conn.status();
    // The id grows with time, so the newest check of a contact has its largest id.
    sql::Query q(*conn, std::string("SELECT ") + kCheckColumns +
                            " FROM contact_checks WHERE id IN (SELECT max(id) FROM contact_checks "
                            "GROUP BY team_id, email) ORDER BY team_id, email");
    std::vector<ContactCheck> out;
    while (q.Next()) out.push_back(ReadCheck(q));
    if (!q.status().ok()) return q.status();
    return out;
  }

  Result<std::vector<ContactCheck>> ChecksOf(std::string_view team_id,
                                             size_t limit) const override {
    auto conn = engine_.Read();
    if (!conn) return conn.status();
    sql::Query q(*conn, std::string("SELECT ") + kCheckColumns +
                            " FROM contact_checks WHERE team_id = ? ORDER BY id DESC LIMIT ?");
    q.Bind(team_id).Bind(static_cast<int64_t>(limit));
    std::vector<ContactCheck> out;
    while (q.Next()) out.push_back(ReadCheck(q));
    if (!q.status().ok()) return q.status();
    return out;
  }

 private:
  sql::Engine& engine_;
};

}  // namespace

std::unique_ptr<DirectoryStore> MakeDirectoryStore(sql::Engine& engine) {
  return std::make_unique<SqlDirectory>(engine);
}

void AddSqlite(store::SqliteModule& module) {
  module.stores.push_back(store::MakeStoreFactory<DirectoryStore>(MakeDirectoryStore));
}

}  // namespace concord::directory
