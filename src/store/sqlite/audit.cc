// The audit log on SQLite (table audit_log, created by migration 6): AuditWriter in a write
// transaction, AuditStore for reading.

#include "store/audit_store.h"
#include "store/sqlite/schema.h"
#include "store/sqlite/shared.h"

namespace concord::store::sqlite {
namespace {

class SqliteAuditWriter : public AuditWriter {
 public:
  explicit SqliteAuditWriter(Shared* shared) : shared_(shared) {}
  Status Add(const AuditEntry& e) override {
    Query q(shared_->writer.get(),
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
  Shared* shared_;
};

class SqliteAuditStore : public AuditStore {
 public:
  explicit SqliteAuditStore(Shared* shared) : shared_(shared) {}
  Result<std::vector<AuditEntry>> List(std::string_view subject, size_t limit) const override {
    auto conn = shared_->readers.Get();
    if (!conn.db()) return conn.status();
    Query q(conn.db(),
            "SELECT seq, at, actor, action, subject, before, after FROM audit_log "
            "WHERE ? = '' OR subject = ? ORDER BY seq DESC LIMIT ?");
    q.Bind(subject).Bind(subject).Bind(limit == 0 ? int64_t{-1} : static_cast<int64_t>(limit));
    std::vector<AuditEntry> out;
    while (q.Next()) {
      out.push_back({q.Int(0), q.Int(1), std::string(q.Text(2)), std::string(q.Text(3)),
                     std::string(q.Text(4)), std::string(q.Text(5)), std::string(q.Text(6))});
    }
    if (!q.status().ok()) return q.status();
    return out;
  }

 private:
  Shared* shared_;
};

class SqliteCursorWriter : public CursorWriter {
 public:
  explicit SqliteCursorWriter(Shared* shared) : shared_(shared) {}
  Status SetPushCursor(int64_t peer_id, std::string_view local_collection,
                       Micros pushed_through) override {
    Query q(shared_->writer.get(),
            "INSERT INTO peer_push_cursors (peer_id, local_collection, pushed_through) "
            "VALUES (?, ?, ?) ON CONFLICT (peer_id, local_collection) DO UPDATE SET "
            "pushed_through = excluded.pushed_through");
    return q.Bind(peer_id).Bind(local_collection).Bind(pushed_through).Run();
  }
  Status SetPeerCursor(int64_t peer_id, std::string_view remote_collection,
                       std::string_view added_after) override {
    Query q(shared_->writer.get(),
            "INSERT INTO peer_cursors (peer_id, remote_collection, added_after) VALUES (?, ?, ?) "
            "ON CONFLICT (peer_id, remote_collection) DO UPDATE SET "
            "added_after = excluded.added_after");
    return q.Bind(peer_id).Bind(remote_collection).Bind(added_after).Run();
  }

 private:
  Shared* shared_;
};

}  // namespace

std::unique_ptr<AuditStore> MakeAuditStore(Shared* shared) {
  return std::make_unique<SqliteAuditStore>(shared);
}

std::vector<PartFactory> CoreParts() {
  return {MakePartFactory<AuditWriter>(
              [](Shared* s) { return std::make_unique<SqliteAuditWriter>(s); }),
          MakePartFactory<CursorWriter>(
              [](Shared* s) { return std::make_unique<SqliteCursorWriter>(s); })};
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
      )sql"},
  };
  return kMigrations;
}

}  // namespace concord::store::sqlite
