#include "store/sqlite/connection.h"

namespace concord::store::sqlite {
namespace {

// Forward-only migrations: entry i brings the schema from version i to i+1. Never edit an entry
// that has shipped; append a new one.
const std::vector<const char*>& Migrations() {
  static const std::vector<const char*> kMigrations = {
      // 1: STIX object versions.
      R"sql(
      CREATE TABLE objects (
        date_added     INTEGER PRIMARY KEY,  -- microseconds since epoch, ms steps, strictly increasing
        id             TEXT NOT NULL,
        version        INTEGER NOT NULL,     -- modified (else created) in microseconds; 0 for SCOs
        version_text   TEXT NOT NULL,
        type           TEXT NOT NULL,
        spec_version   TEXT NOT NULL,
        created_by_ref TEXT NOT NULL,
        marking_refs   TEXT NOT NULL,        -- space-separated marking-definition ids
        revoked        INTEGER NOT NULL,
        json           TEXT NOT NULL         -- canonical JSON of this version
      );
      CREATE UNIQUE INDEX objects_by_id_version ON objects (id, version);
      CREATE INDEX objects_by_type_added ON objects (type, date_added);
      )sql",
      // 2: organisations, users, tokens; TAXII collections, grants, membership, statuses.
      R"sql(
      CREATE TABLE organisations (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE,
        identity_id TEXT NOT NULL,
        created     INTEGER NOT NULL
      );
      CREATE TABLE users (
        id            INTEGER PRIMARY KEY,
        name          TEXT NOT NULL UNIQUE,
        org_id        INTEGER NOT NULL REFERENCES organisations (id),
        role          TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        disabled      INTEGER NOT NULL DEFAULT 0,
        created       INTEGER NOT NULL
      );
      CREATE TABLE tokens (
        id      TEXT PRIMARY KEY,
        digest  TEXT NOT NULL UNIQUE,     -- SHA-256 of the secret, hex; the secret is never stored
        user_id INTEGER NOT NULL REFERENCES users (id),
        name    TEXT NOT NULL,
        created INTEGER NOT NULL,
        expires INTEGER,
        revoked INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE collections (
        id          TEXT PRIMARY KEY,
        title       TEXT NOT NULL,
        description TEXT NOT NULL,
        media_types TEXT NOT NULL,        -- space-separated
        created     INTEGER NOT NULL
      );
      CREATE TABLE collection_grants (
        collection_id TEXT NOT NULL REFERENCES collections (id),
        org_id        INTEGER NOT NULL REFERENCES organisations (id),
        can_read      INTEGER NOT NULL,
        can_write     INTEGER NOT NULL,
        PRIMARY KEY (collection_id, org_id)
      );
      CREATE TABLE collection_objects (
        date_added    INTEGER PRIMARY KEY,  -- when the version joined the collection (TAXII date_added)
        collection_id TEXT NOT NULL REFERENCES collections (id),
        object_added  INTEGER NOT NULL REFERENCES objects (date_added),
        UNIQUE (collection_id, object_added)
      );
      CREATE INDEX collection_objects_by_collection ON collection_objects (collection_id, date_added);
      CREATE TABLE taxii_statuses (
        id      TEXT PRIMARY KEY,
        org_id  INTEGER NOT NULL,
        body    TEXT NOT NULL
      );
      )sql",
      // 3: mark the newest stored version of each id, so "latest version" needs no subquery.
      R"sql(
      ALTER TABLE objects ADD COLUMN latest INTEGER NOT NULL DEFAULT 0;
      UPDATE objects SET latest = (version = (SELECT MAX(v.version) FROM objects v
                                              WHERE v.id = objects.id));
      )sql",
      // 4: peer nodes, their sync cursors, and where each object version came from.
      R"sql(
      CREATE TABLE peers (
        id              INTEGER PRIMARY KEY,
        name            TEXT NOT NULL UNIQUE,
        url             TEXT NOT NULL,
        token           TEXT NOT NULL,
        ca_file         TEXT NOT NULL,
        collections     TEXT NOT NULL,     -- space-separated remote collection ids
        into_collection TEXT NOT NULL REFERENCES collections (id),
        interval        INTEGER NOT NULL,  -- microseconds
        paused          INTEGER NOT NULL DEFAULT 0,
        created         INTEGER NOT NULL,
        last_attempt    INTEGER NOT NULL DEFAULT 0,
        last_success    INTEGER NOT NULL DEFAULT 0,
        last_error      TEXT NOT NULL DEFAULT '',
        failures        INTEGER NOT NULL DEFAULT 0,
        received        INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE peer_cursors (
        peer_id           INTEGER NOT NULL REFERENCES peers (id) ON DELETE CASCADE,
        remote_collection TEXT NOT NULL,
        added_after       TEXT NOT NULL,
        PRIMARY KEY (peer_id, remote_collection)
      );
      -- Provenance: the peer a version was first received from (0: made or imported here).
      ALTER TABLE objects ADD COLUMN received_from INTEGER NOT NULL DEFAULT 0;
      )sql",
      // 5: pushing to peers, the peer's organisation, deletions (tombstones), node settings.
      R"sql(
      ALTER TABLE peers ADD COLUMN org_id INTEGER NOT NULL DEFAULT 0;  -- 0: not known
      ALTER TABLE peers ADD COLUMN push_to TEXT NOT NULL DEFAULT '';   -- remote collection id
      ALTER TABLE peers ADD COLUMN push_from TEXT NOT NULL DEFAULT ''; -- local collection ids
      CREATE TABLE peer_push_cursors (
        peer_id          INTEGER NOT NULL REFERENCES peers (id) ON DELETE CASCADE,
        local_collection TEXT NOT NULL,     -- '' : the whole store
        pushed_through   INTEGER NOT NULL,  -- the date_added of the last version considered
        PRIMARY KEY (peer_id, local_collection)
      );
      -- A deleted object: its versions are gone and never come back from anyone whose
      -- copy has the same originator.
      CREATE TABLE tombstones (
        seq        INTEGER PRIMARY KEY,     -- grows with every deletion (readers watch it)
        object_id  TEXT NOT NULL UNIQUE,
        originator TEXT NOT NULL,
        tombstone  TEXT NOT NULL,           -- the tombstone object's id
        deleted    INTEGER NOT NULL
      );
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      )sql",
      // 6: the directory's audit log and contact reachability checks (teams themselves are
      // STIX identities in `objects`).
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
      // 7: spam reports, the sources each names, and the DNSBL zones with their manual entries.
      R"sql(
      CREATE TABLE spam_reports (
        id            INTEGER PRIMARY KEY,
        fingerprint   TEXT NOT NULL UNIQUE,  -- SHA-256 of the reporter and the message: dedup
        format        TEXT NOT NULL,
        feedback_type TEXT NOT NULL,
        reporter      TEXT NOT NULL,
        submitter     TEXT NOT NULL,
        reported_at   INTEGER NOT NULL,
        received_at   INTEGER NOT NULL,
        source_ip     TEXT NOT NULL,
        sender_domain TEXT NOT NULL,
        summary       TEXT NOT NULL,         -- JSON
        raw           BLOB NOT NULL,         -- at most the configured size
        raw_size      INTEGER NOT NULL       -- of the whole message
      );
      CREATE TABLE spam_sources (
        kind      TEXT NOT NULL,             -- ip, network, domain, url-host
        key       TEXT NOT NULL,
        report_id INTEGER NOT NULL REFERENCES spam_reports (id) ON DELETE CASCADE,
        PRIMARY KEY (kind, key, report_id)
      ) WITHOUT ROWID;
      CREATE TABLE dns_zones (
        origin TEXT PRIMARY KEY,
        source TEXT NOT NULL,                -- spam, indicators, manual
        config TEXT NOT NULL                 -- JSON
      );
      CREATE TABLE dns_listings (
        id      INTEGER PRIMARY KEY,
        zone    TEXT NOT NULL,
        entry   TEXT NOT NULL,
        delist  INTEGER NOT NULL,
        code    TEXT NOT NULL,
        reason  TEXT NOT NULL,
        actor   TEXT NOT NULL,
        created INTEGER NOT NULL,
        expires INTEGER NOT NULL             -- 0: never
      );
      CREATE INDEX dns_listings_zone ON dns_listings (zone, id);
      )sql",
  };
  return kMigrations;
}

// Each connection is used by one thread at a time, so SQLite's own mutexes and memory
// statistics are overhead (measured: ~3% of import time).
void ConfigureSqliteOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  });
}

}  // namespace

Status SqlError(sqlite3* db, const std::string& what) {
  return Status::Internal(what + ": " + sqlite3_errmsg(db));
}

Status Exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return Status::Internal(std::string("sqlite: ") + msg);
  }
  return Status::Ok();
}

Result<Stmt> Prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v3(db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) !=
      SQLITE_OK) {
    return SqlError(db, "prepare");
  }
  return Stmt(s);
}

Result<Db> OpenConnection(const std::string& path, int cache_mib) {
  ConfigureSqliteOnce();
  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) {
    return Status::Internal("cannot open database " + path + ": " +
                            (raw ? sqlite3_errmsg(raw) : "out of memory"));
  }
  sqlite3_busy_timeout(db.get(), 30000);
  std::string pragmas =
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
      "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; "
      "PRAGMA cache_size=-" +
      std::to_string(cache_mib * 1024) + ";";
  Status st = Exec(db.get(), pragmas.c_str());
  if (!st.ok()) return st.WithPrefix("cannot open database " + path);
  return db;
}

int SchemaVersion() { return static_cast<int>(Migrations().size()); }

Status Migrate(sqlite3* db, const std::string& path) {
  const int known = SchemaVersion();
  int current = 0;
  {
    auto s = Prepare(db, "PRAGMA user_version");
    if (!s.ok()) return s.status();
    if (sqlite3_step(s->get()) == SQLITE_ROW) current = sqlite3_column_int(s->get(), 0);
  }
  if (current > known) {
    return Status::Unsupported("database " + path + " has schema version " +
                               std::to_string(current) + ", newer than this concord supports (" +
                               std::to_string(known) + "); upgrade concord to open it");
  }
  for (int v = current; v < known; ++v) {
    CONCORD_RETURN_IF_ERROR(Exec(db, "BEGIN IMMEDIATE"));
    Status st = Exec(db, Migrations()[v]);
    if (st.ok()) st = Exec(db, ("PRAGMA user_version = " + std::to_string(v + 1)).c_str());
    if (!st.ok()) {
      (void)Exec(db, "ROLLBACK");
      return st.WithPrefix("migration to schema version " + std::to_string(v + 1));
    }
    CONCORD_RETURN_IF_ERROR(Exec(db, "COMMIT"));
  }
  return Status::Ok();
}

std::string_view ColumnText(sqlite3_stmt* s, int i) {
  const unsigned char* p = sqlite3_column_text(s, i);
  return p ? std::string_view(reinterpret_cast<const char*>(p), sqlite3_column_bytes(s, i))
           : std::string_view();
}

void BindText(sqlite3_stmt* s, int i, std::string_view v) {
  sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
}

Query::Query(sqlite3* db, const std::string& sql) : db_(db) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
    status_ = SqlError(db, "prepare");
  }
  stmt_.reset(s);
}

bool Query::Next() {
  if (!status_.ok() || !stmt_) return false;
  int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) {
    status_ = rc == SQLITE_CONSTRAINT ? Status::AlreadyExists(sqlite3_errmsg(db_))
                                      : SqlError(db_, "query");
  }
  return false;
}

Status Query::Run() {
  while (Next()) {
  }
  return status_;
}

ReaderPool::Lease ReaderPool::Get() {
  {
    std::lock_guard<std::mutex> g(mu_);
    if (!idle_.empty()) {
      sqlite3* db = idle_.back().release();
      idle_.pop_back();
      return Lease(this, db, Status::Ok());
    }
  }
  auto db = OpenConnection(path_, 16);
  if (!db.ok()) return Lease(this, nullptr, db.status());
  // Readers map the file: pages come straight from the page cache instead of a read() copy each
  // (measured: large TAXII pages spent ~15% of their time copying).
  (void)Exec(db->get(), "PRAGMA mmap_size=17179869184");
  return Lease(this, db.value().release(), Status::Ok());
}

void ReaderPool::Return(sqlite3* db) {
  std::lock_guard<std::mutex> g(mu_);
  idle_.emplace_back(db);
}

}  // namespace concord::store::sqlite
