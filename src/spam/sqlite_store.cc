// SpamStore on SQLite, and the spam module's tables.

#include "spam/sqlite_store.h"

#include <limits>

#include "spam/store.h"
#include "store/sql/engine.h"
#include "store/sqlite/schema.h"

namespace concord::spam {
namespace {

namespace sql = store::sql;
using store::sqlite::Migration;

constexpr const char* kReportColumns =
    "id, fingerprint, format, feedback_type, reporter, submitter, reported_at, received_at, "
    "source_ip, sender_domain, summary, raw_size";

SpamReportRow ReadReport(const sql::Query& q) {
  SpamReportRow r;
  r.id = q.Int(0);
  r.fingerprint = q.Text(1);
  r.format = q.Text(2);
  r.feedback_type = q.Text(3);
  r.reporter = q.Text(4);
  r.submitter = q.Text(5);
  r.reported_at = q.Int(6);
  r.received_at = q.Int(7);
  r.source_ip = q.Text(8);
  r.sender_domain = q.Text(9);
  r.summary = q.Text(10);
  r.raw_size = q.Int(11);
  return r;
}

DnsListing ReadListing(const sql::Query& q) {
  DnsListing l;
  l.id = q.Int(0);
  l.zone = q.Text(1);
  l.entry = q.Text(2);
  l.delist = q.Int(3) != 0;
  l.code = q.Text(4);
  l.reason = q.Text(5);
  l.actor = q.Text(6);
  l.created = q.Int(7);
  l.expires = q.Int(8);
  return l;
}

class SqlSpam : public SpamStore {
 public:
  explicit SqlSpam(sql::Engine& engine) : engine_(engine) {}

  Result<std::pair<int64_t, bool>> AddReport(const SpamReportRow& r,
                                             const std::vector<SpamSource>& sources) override {
    auto writer = engine_.Write();
    if (!writer) return writer.status();
    {
      sql::Query existing(*writer, "SELECT id FROM spam_reports WHERE fingerprint = ?");
      existing.Bind(r.fingerprint);
      if (existing.Next()) return std::make_pair(existing.Int(0), false);
      CONCORD_RETURN_IF_ERROR(existing.status());
    }
    CONCORD_RETURN_IF_ERROR(engine_.Begin(*writer));
    auto id = Insert(*writer, r, sources);
    if (!id.ok()) {
      (void)writer->Exec("ROLLBACK");
      return id.status();
    }
    CONCORD_RETURN_IF_ERROR(writer->Exec("COMMIT"));
    return std::make_pair(*id, true);
  }

  Result<std::optional<SpamReportRow>> GetReport(int64_t id) const override {
    auto conn = engine_.Read();
    if (!conn) return conn.status();
    sql::Query q(*conn,
                 std::string("SELECT ") + kReportColumns + ", raw FROM spam_reports WHERE id = ?");
    q.Bind(id);
    if (!q.Next()) {
      if (!q.status().ok()) return q.status();
      return std::optional<SpamReportRow>();
    }
    SpamReportRow r = ReadReport(q);
    r.raw = q.Blob(12);
    return std::optional<SpamReportRow>(std::move(r));
  }

  Result<std::vector<SpamReportRow>> ListReports(size_t limit) const override {
    auto conn = engine_.Read();
    if (!conn) return conn.status();
    sql::Query q(*conn, std::string("SELECT ") + kReportColumns +
                            " FROM spam_reports ORDER BY id DESC LIMIT ?");
    q.Bind(limit == 0 ? std::numeric_limits<int64_t>::max() : static_cast<int64_t>(limit));
    std::vector<SpamReportRow> out;
    while (q.Next()) out.push_back(ReadReport(q));
    if (!q.status().ok()) return q.status();
    return out;
  }

  Status ScanObservations(const std::function<void(const SpamObservation&)>& fn) const override {
    auto conn = engine_.Read();
    if (!conn) return conn.status();
    sql::Query q(*conn,
                 "SELECT s.kind, s.key, r.reporter, r.reported_at, r.id FROM spam_sources s "
                 "JOIN spam_reports r ON r.id = s.report_id ORDER BY s.kind, s.key");
    while (q.Next()) fn({q.Text(0), q.Text(1), q.Text(2), q.Int(3), q.Int(4)});
    return q.status();
  }

  Result<int64_t> AddListing(const DnsListing& l) override {
    auto writer = engine_.Write();
    if (!writer) return writer.status();
    sql::Query q(
        *writer,
        "INSERT INTO dns_listings (zone, entry, delist, code, reason, actor, created, expires) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    int64_t id = 0;
    CONCORD_RETURN_IF_ERROR(sql::ReturnedId(q.Bind(l.zone)
                                                .Bind(l.entry)
                                                .Bind(int64_t{l.delist})
                                                .Bind(l.code)
                                                .Bind(l.reason)
                                                .Bind(l.actor)
                                                .Bind(l.created)
                                                .Bind(l.expires),
                                            &id));
    return id;
  }

  Status RemoveListing(int64_t id) override {
    return DeleteOne(
        "DELETE FROM dns_listings WHERE id = ?", [&](sql::Query& q) { q.Bind(id); },
        "no listing " + std::to_string(id));
  }

  Result<std::vector<DnsListing>> ListListings(std::string_view zone) const override {
    auto conn = engine_.Read();
    if (!conn) return conn.status();
    sql::Query q(*conn,
                 "SELECT id, zone, entry, delist, code, reason, actor, created, expires "
                 "FROM dns_listings WHERE ? = '' OR zone = ? ORDER BY id");
    q.Bind(zone).Bind(zone);
    std::vector<DnsListing> out;
    while (q.Next()) out.push_back(ReadListing(q));
    if (!q.status().ok()) return q.status();
    return out;
  }

  Status PutZone(const DnsZoneConfig& z) override {
    auto writer = engine_.Write();
    if (!writer) return writer.status();
    sql::Query q(
        *writer,
        "INSERT INTO dns_zones (origin, source, config) VALUES (?, ?, ?) "
        "ON CONFLICT (origin) DO UPDATE SET source = excluded.source, config = excluded.config");
    return q.Bind(z.origin).Bind(z.source).Bind(z.config).Run();
  }

  Status RemoveZone(std::string_view origin) override {
    return DeleteOne(
        "DELETE FROM dns_zones WHERE origin = ?", [&](sql::Query& q) { q.Bind(origin); },
        "no zone " + std::string(origin));
  }

  Result<std::vector<DnsZoneConfig>> ListZones() const override {
    auto conn = engine_.Read();
    if (!conn) return conn.status();
    sql::Query q(*conn, "SELECT origin, source, config FROM dns_zones ORDER BY origin");
    std::vector<DnsZoneConfig> out;
    while (q.Next()) {
      out.push_back({std::string(q.Text(0)), std::string(q.Text(1)), std::string(q.Text(2))});
    }
    if (!q.status().ok()) return q.status();
    return out;
  }

 private:
  // The report and its sources, in the caller's transaction; returns the report's id.
  static Result<int64_t> Insert(sql::Connection& tx, const SpamReportRow& r,
                                const std::vector<SpamSource>& sources) {
    sql::Query q(
        tx,
        "INSERT INTO spam_reports (fingerprint, format, feedback_type, reporter, submitter, "
        "reported_at, received_at, source_ip, sender_domain, summary, raw, raw_size) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    int64_t id = 0;
    CONCORD_RETURN_IF_ERROR(sql::ReturnedId(q.Bind(r.fingerprint)
                                                .Bind(r.format)
                                                .Bind(r.feedback_type)
                                                .Bind(r.reporter)
                                                .Bind(r.submitter)
                                                .Bind(r.reported_at)
                                                .Bind(r.received_at)
                                                .Bind(r.source_ip)
                                                .Bind(r.sender_domain)
                                                .Bind(r.summary)
                                                .BindBlob(r.raw)
                                                .Bind(r.raw_size),
                                            &id));
    for (const SpamSource& s : sources) {
      sql::Query source(tx,
                        "INSERT INTO spam_sources (kind, key, report_id) VALUES (?, ?, ?) "
                        "ON CONFLICT DO NOTHING");
      CONCORD_RETURN_IF_ERROR(source.Bind(s.kind).Bind(s.key).Bind(id).Run());
    }
    return id;
  }

  Status DeleteOne(const char* statement, const std::function<void(sql::Query&)>& bind,
                   const std::string& not_found) {
    auto writer = engine_.Write();
    if (!writer) return writer.status();
    sql::Query q(*writer, statement);
    bind(q);
    CONCORD_RETURN_IF_ERROR(q.Run());
    if (q.Changes() == 0) return Status::NotFound(not_found);
    return Status::Ok();
  }

  sql::Engine& engine_;
};

}  // namespace

std::unique_ptr<SpamStore> MakeSpamStore(sql::Engine& engine) {
  return std::make_unique<SqlSpam>(engine);
}

// The spam module's schema: forward-only migrations, numbered across all modules
// (store/sqlite/schema.h). Never edit one that has shipped; add a new one.
const std::vector<Migration>& SpamMigrations() {
  static const std::vector<Migration> kMigrations = {
      // spam reports, the sources each names, and the DNSBL zones with their manual entries.
      {7, "spam",
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
       R"sql(      CREATE TABLE spam_reports (
        id            BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        fingerprint   TEXT COLLATE "C" NOT NULL UNIQUE,
        format        TEXT COLLATE "C" NOT NULL,
        feedback_type TEXT COLLATE "C" NOT NULL,
        reporter      TEXT COLLATE "C" NOT NULL,
        submitter     TEXT COLLATE "C" NOT NULL,
        reported_at   BIGINT NOT NULL,
        received_at   BIGINT NOT NULL,
        source_ip     TEXT COLLATE "C" NOT NULL,
        sender_domain TEXT COLLATE "C" NOT NULL,
        summary       TEXT COLLATE "C" NOT NULL,
        raw           BYTEA NOT NULL,
        raw_size      BIGINT NOT NULL
      );
      CREATE TABLE spam_sources (
        kind      TEXT COLLATE "C" NOT NULL,
        key       TEXT COLLATE "C" NOT NULL,
        report_id BIGINT NOT NULL REFERENCES spam_reports (id) ON DELETE CASCADE,
        PRIMARY KEY (kind, key, report_id)
      );
      CREATE TABLE dns_zones (
        origin TEXT COLLATE "C" PRIMARY KEY,
        source TEXT COLLATE "C" NOT NULL,
        config TEXT COLLATE "C" NOT NULL
      );
      CREATE TABLE dns_listings (
        id      BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        zone    TEXT COLLATE "C" NOT NULL,
        entry   TEXT COLLATE "C" NOT NULL,
        delist  BIGINT NOT NULL,
        code    TEXT COLLATE "C" NOT NULL,
        reason  TEXT COLLATE "C" NOT NULL,
        actor   TEXT COLLATE "C" NOT NULL,
        created BIGINT NOT NULL,
        expires BIGINT NOT NULL
      );
      CREATE INDEX dns_listings_zone ON dns_listings (zone, id);
      
      )sql"},
  };
  return kMigrations;
}

void AddSqlite(store::SqliteModule& module) {
  module.migrations = SpamMigrations();
  module.stores.push_back(store::MakeStoreFactory<SpamStore>(MakeSpamStore));
}

}  // namespace concord::spam
