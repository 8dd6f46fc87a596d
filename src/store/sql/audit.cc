// The audit log in portable SQL (table audit_log, created by migration 6): AuditWriter in a write
// transaction, AuditStore for reading.

#include <limits>

#include "store/audit_store.h"
#include "store/sql/stores.h"
#include "store/sqlite/parts.h"
#include "store/sqlite/schema.h"

namespace concord::store {
namespace sql {
namespace {

class SqlAuditWriter : public AuditWriter {
 public:
  explicit SqlAuditWriter(sql::Connection& transaction) : tx_(transaction) {}
  Status Add(const AuditEntry& e) override {
    sql::Query q(tx_,
                 "INSERT INTO audit_log (at, actor, action, subject, before, after) "
                 "VALUES (?, ?, ?, ?, ?, ?)");
    return q.Bind(e.at)
        .Bind(e.actor)
        .Bind(e.action)
        .Bind(e.subject)
        .Bind(e.before)
        .Bind(e.after)
        .Run();
  }

 private:
  sql::Connection& tx_;
};

class SqlAuditStore : public AuditStore {
 public:
  explicit SqlAuditStore(Engine& engine) : engine_(engine) {}
  Result<std::vector<AuditEntry>> List(std::string_view subject, size_t limit) const override {
    auto conn = engine_.Read();
    if (!conn) return conn.status();
    sql::Query q(*conn,
                 "SELECT seq, at, actor, action, subject, before, after FROM audit_log "
                 "WHERE ? = '' OR subject = ? ORDER BY seq DESC LIMIT ?");
    q.Bind(subject).Bind(subject).Bind(limit == 0 ? std::numeric_limits<int64_t>::max()
                                                  : static_cast<int64_t>(limit));
    std::vector<AuditEntry> out;
    while (q.Next()) {
      out.push_back({q.Int(0), q.Int(1), std::string(q.Text(2)), std::string(q.Text(3)),
                     std::string(q.Text(4)), std::string(q.Text(5)), std::string(q.Text(6))});
    }
    if (!q.status().ok()) return q.status();
    return out;
  }

 private:
  Engine& engine_;
};

class SqlCursorWriter : public CursorWriter {
 public:
  explicit SqlCursorWriter(sql::Connection& transaction) : tx_(transaction) {}
  Status SetPushCursor(int64_t peer_id, std::string_view local_collection,
                       Micros pushed_through) override {
    sql::Query q(tx_,
                 "INSERT INTO peer_push_cursors (peer_id, local_collection, pushed_through) "
                 "VALUES (?, ?, ?) ON CONFLICT (peer_id, local_collection) DO UPDATE SET "
                 "pushed_through = excluded.pushed_through");
    return q.Bind(peer_id).Bind(local_collection).Bind(pushed_through).Run();
  }
  Status SetPeerCursor(int64_t peer_id, std::string_view remote_collection,
                       std::string_view added_after) override {
    sql::Query q(
        tx_,
        "INSERT INTO peer_cursors (peer_id, remote_collection, added_after) VALUES (?, ?, ?) "
        "ON CONFLICT (peer_id, remote_collection) DO UPDATE SET "
        "added_after = excluded.added_after");
    return q.Bind(peer_id).Bind(remote_collection).Bind(added_after).Run();
  }

 private:
  sql::Connection& tx_;
};

}  // namespace

std::unique_ptr<AuditStore> MakeAuditStore(Engine& engine) {
  return std::make_unique<SqlAuditStore>(engine);
}

}  // namespace sql

namespace sqlite {

std::vector<PartFactory> CoreParts() {
  return {MakePartFactory<AuditWriter>(
              [](sql::Connection& tx) { return std::make_unique<sql::SqlAuditWriter>(tx); }),
          MakePartFactory<CursorWriter>(
              [](sql::Connection& tx) { return std::make_unique<sql::SqlCursorWriter>(tx); })};
}

// The audit log's schema (and the directory's contact checks, which came with it): forward-only
// migrations, numbered across all modules (store/sqlite/schema.cc). Never edit one that has
// shipped; add a new one.
const std::vector<Migration>& AuditMigrations() {
  static const std::vector<Migration> kMigrations = {
      // the directory's audit log and contact reachability checks (teams themselves are STIX
      // identities in `objects`).
      {6, "audit",
       R"sql(
      CREATE TABLE audit_log (
        seq     INTEGER PRIMARY KEY,
        at      INTEGER NOT NULL,
        actor   TEXT NOT NULL,          -- "cli:<os user>" or "api:<user>@<organisation>"
        action  TEXT NOT NULL,          -- "team.add", "contact.remove", ...
        subject TEXT NOT NULL,          -- the team's identity id
        before  TEXT NOT NULL,          -- the team's JSON before ('' when created)
        after   TEXT NOT NULL           -- and after ('' when removed)
      );
      CREATE INDEX audit_log_subject ON audit_log (subject, seq);
      CREATE TABLE contact_checks (
        id             INTEGER PRIMARY KEY,
        token_hash     TEXT NOT NULL UNIQUE,  -- SHA-256 of the one-time token, hex
        team_id        TEXT NOT NULL,
        email          TEXT NOT NULL,
        issued         INTEGER NOT NULL,
        deadline       INTEGER NOT NULL,
        acknowledged   INTEGER NOT NULL DEFAULT 0,  -- when; 0: not (yet)
        delivery_error TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX contact_checks_contact ON contact_checks (team_id, email, issued);
      )sql",
       R"sql(      CREATE TABLE audit_log (
        seq     BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        at      BIGINT NOT NULL,
        actor   TEXT COLLATE "C" NOT NULL,
        action  TEXT COLLATE "C" NOT NULL,
        subject TEXT COLLATE "C" NOT NULL,
        before  TEXT COLLATE "C" NOT NULL,
        after   TEXT COLLATE "C" NOT NULL
      );
      CREATE INDEX audit_log_subject ON audit_log (subject, seq);
      CREATE TABLE contact_checks (
        id             BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        token_hash     TEXT COLLATE "C" NOT NULL UNIQUE,
        team_id        TEXT COLLATE "C" NOT NULL,
        email          TEXT COLLATE "C" NOT NULL,
        issued         BIGINT NOT NULL,
        deadline       BIGINT NOT NULL,
        acknowledged   BIGINT NOT NULL DEFAULT 0,
        delivery_error TEXT COLLATE "C" NOT NULL DEFAULT ''
      );
      CREATE INDEX contact_checks_contact ON contact_checks (team_id, email, issued);
      
      )sql"},
  };
  return kMigrations;
}

}  // namespace sqlite
}  // namespace concord::store
