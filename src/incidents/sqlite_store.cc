// The incidents module's tables (migration 12) and its store, in portable SQL (both engines).

#include "incidents/sqlite_store.h"

#include <algorithm>
#include <limits>
#include <map>
#include <memory>
#include <set>

#include "accounts/secrets.h"
#include "common/strings.h"
#include "incidents/notify.h"
#include "incidents/store.h"
#include "store/sql/engine.h"
#include "store/sqlite/schema.h"

namespace concord::incidents {

namespace {

namespace sql = store::sql;
using store::sqlite::Migration;

const char* kRecordTypes = "('incident', 'task', 'x-concord-request', 'x-concord-request-update')";

const std::vector<Migration>& IncidentMigrations() {
  static const std::vector<Migration> kMigrations = {{12, "incidents",
                                                      R"sql(
      CREATE TABLE incidents (
        id            TEXT PRIMARY KEY,
        owner         TEXT NOT NULL,      -- what is listed and sorted is in incident_audience
        created       INTEGER NOT NULL,
        modified      INTEGER NOT NULL,
        received_from INTEGER NOT NULL
      );
      -- One row per incident and organisation it goes to (owner and participants), carrying the
      -- columns the list filters and sorts by, so that an organisation's list is one index walk
      -- in the order asked, stopped after a page (never a sort of every incident). Each sort
      -- index also holds the filter columns, so the walk never reads the table.
      CREATE TABLE incident_audience (
        org           TEXT NOT NULL,
        incident_id   TEXT NOT NULL,
        owner         TEXT NOT NULL,
        name_lower    TEXT NOT NULL,
        status        TEXT NOT NULL,
        determination TEXT NOT NULL,
        criticality   INTEGER NOT NULL,
        rsit_class    TEXT NOT NULL,
        created       INTEGER NOT NULL,
        modified      INTEGER NOT NULL,
        PRIMARY KEY (org, incident_id)
      );
      CREATE INDEX incident_audience_by_incident ON incident_audience (incident_id);
      CREATE INDEX incident_audience_by_name
        ON incident_audience (org, name_lower, incident_id, status, rsit_class, owner);
      CREATE INDEX incident_audience_by_status
        ON incident_audience (org, status, incident_id, rsit_class, owner);
      CREATE INDEX incident_audience_by_determination
        ON incident_audience (org, determination, incident_id, status, rsit_class, owner);
      CREATE INDEX incident_audience_by_criticality
        ON incident_audience (org, criticality, incident_id, status, rsit_class, owner);
      CREATE INDEX incident_audience_by_class
        ON incident_audience (org, rsit_class, incident_id, status, owner);
      CREATE INDEX incident_audience_by_owner
        ON incident_audience (org, owner, incident_id, status, rsit_class);
      CREATE INDEX incident_audience_by_created
        ON incident_audience (org, created, incident_id, status, rsit_class, owner);
      CREATE INDEX incident_audience_by_modified
        ON incident_audience (org, modified, incident_id, status, rsit_class, owner);
      CREATE TABLE incident_tasks (
        id          TEXT PRIMARY KEY,
        incident_id TEXT NOT NULL,
        owner       TEXT NOT NULL,
        modified    INTEGER NOT NULL
      );
      CREATE INDEX incident_tasks_by_incident ON incident_tasks (incident_id);
      CREATE TABLE incident_requests (
        id             TEXT PRIMARY KEY,
        incident_id    TEXT NOT NULL,
        requester      TEXT NOT NULL,
        recipient      TEXT NOT NULL,
        created        INTEGER NOT NULL,
        modified       INTEGER NOT NULL,
        state          TEXT NOT NULL,       -- folded from the updates held here
        acknowledge_by INTEGER NOT NULL,
        complete_by    INTEGER NOT NULL,
        escalated_at   INTEGER NOT NULL,    -- when this node escalated it; 0: not
        acknowledged_at INTEGER NOT NULL DEFAULT 0,  -- folded too (0: not yet), for the reports
        closed_at      INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX incident_requests_by_incident ON incident_requests (incident_id);
      CREATE INDEX incident_requests_by_recipient ON incident_requests (recipient, created);
      CREATE INDEX incident_requests_by_requester ON incident_requests (requester, created);
      CREATE INDEX incident_requests_by_state ON incident_requests (state, acknowledge_by);
      CREATE TABLE incident_updates (
        id         TEXT PRIMARY KEY,
        request_id TEXT NOT NULL,
        created    INTEGER NOT NULL
      );
      CREATE INDEX incident_updates_by_request ON incident_updates (request_id, created);
      CREATE TABLE incident_audit (         -- append-only, hash-chained per incident
        seq         INTEGER PRIMARY KEY,
        incident_id TEXT NOT NULL,
        at          INTEGER NOT NULL,
        actor       TEXT NOT NULL,
        action      TEXT NOT NULL,
        subject     TEXT NOT NULL,
        version     INTEGER NOT NULL,
        previous_version INTEGER NOT NULL,  -- the record's version before this one (0: none)
        content_hash TEXT NOT NULL,         -- SHA-256 of this version's JSON (objects.json)
        prev_hash   TEXT NOT NULL,
        hash        TEXT NOT NULL
      );
      CREATE UNIQUE INDEX incident_audit_by_version ON incident_audit (subject, version);
      CREATE INDEX incident_audit_chain ON incident_audit (incident_id, seq);
      CREATE TABLE incident_audit_heads (   -- each chain's length and last link: a cut tail shows
        incident_id TEXT PRIMARY KEY,
        entries     INTEGER NOT NULL,
        hash        TEXT NOT NULL
      );
      CREATE TABLE incident_index_cursor (
        id            INTEGER PRIMARY KEY,
        added_through INTEGER NOT NULL      -- objects.date_added of the last version indexed
      );
      )sql",
                                                      R"sql(
      CREATE TABLE incidents (
        id            TEXT COLLATE "C" PRIMARY KEY,
        owner         TEXT COLLATE "C" NOT NULL,
        created       BIGINT NOT NULL,
        modified      BIGINT NOT NULL,
        received_from BIGINT NOT NULL
      );
      CREATE TABLE incident_audience (
        org           TEXT COLLATE "C" NOT NULL,
        incident_id   TEXT COLLATE "C" NOT NULL,
        owner         TEXT COLLATE "C" NOT NULL,
        name_lower    TEXT COLLATE "C" NOT NULL,
        status        TEXT COLLATE "C" NOT NULL,
        determination TEXT COLLATE "C" NOT NULL,
        criticality   BIGINT NOT NULL,
        rsit_class    TEXT COLLATE "C" NOT NULL,
        created       BIGINT NOT NULL,
        modified      BIGINT NOT NULL,
        PRIMARY KEY (org, incident_id)
      );
      CREATE INDEX incident_audience_by_incident ON incident_audience (incident_id);
      CREATE INDEX incident_audience_by_name
        ON incident_audience (org, name_lower, incident_id, status, rsit_class, owner);
      CREATE INDEX incident_audience_by_status
        ON incident_audience (org, status, incident_id, rsit_class, owner);
      CREATE INDEX incident_audience_by_determination
        ON incident_audience (org, determination, incident_id, status, rsit_class, owner);
      CREATE INDEX incident_audience_by_criticality
        ON incident_audience (org, criticality, incident_id, status, rsit_class, owner);
      CREATE INDEX incident_audience_by_class
        ON incident_audience (org, rsit_class, incident_id, status, owner);
      CREATE INDEX incident_audience_by_owner
        ON incident_audience (org, owner, incident_id, status, rsit_class);
      CREATE INDEX incident_audience_by_created
        ON incident_audience (org, created, incident_id, status, rsit_class, owner);
      CREATE INDEX incident_audience_by_modified
        ON incident_audience (org, modified, incident_id, status, rsit_class, owner);
      CREATE TABLE incident_tasks (
        id          TEXT COLLATE "C" PRIMARY KEY,
        incident_id TEXT COLLATE "C" NOT NULL,
        owner       TEXT COLLATE "C" NOT NULL,
        modified    BIGINT NOT NULL
      );
      CREATE INDEX incident_tasks_by_incident ON incident_tasks (incident_id);
      CREATE TABLE incident_requests (
        id             TEXT COLLATE "C" PRIMARY KEY,
        incident_id    TEXT COLLATE "C" NOT NULL,
        requester      TEXT COLLATE "C" NOT NULL,
        recipient      TEXT COLLATE "C" NOT NULL,
        created        BIGINT NOT NULL,
        modified       BIGINT NOT NULL,
        state          TEXT COLLATE "C" NOT NULL,
        acknowledge_by BIGINT NOT NULL,
        complete_by    BIGINT NOT NULL,
        escalated_at   BIGINT NOT NULL,
        acknowledged_at BIGINT NOT NULL DEFAULT 0,
        closed_at      BIGINT NOT NULL DEFAULT 0
      );
      CREATE INDEX incident_requests_by_incident ON incident_requests (incident_id);
      CREATE INDEX incident_requests_by_recipient ON incident_requests (recipient, created);
      CREATE INDEX incident_requests_by_requester ON incident_requests (requester, created);
      CREATE INDEX incident_requests_by_state ON incident_requests (state, acknowledge_by);
      CREATE TABLE incident_updates (
        id         TEXT COLLATE "C" PRIMARY KEY,
        request_id TEXT COLLATE "C" NOT NULL,
        created    BIGINT NOT NULL
      );
      CREATE INDEX incident_updates_by_request ON incident_updates (request_id, created);
      CREATE TABLE incident_audit (
        seq         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        incident_id TEXT COLLATE "C" NOT NULL,
        at          BIGINT NOT NULL,
        actor       TEXT COLLATE "C" NOT NULL,
        action      TEXT COLLATE "C" NOT NULL,
        subject     TEXT COLLATE "C" NOT NULL,
        version     BIGINT NOT NULL,
        previous_version BIGINT NOT NULL,
        content_hash TEXT COLLATE "C" NOT NULL,
        prev_hash   TEXT COLLATE "C" NOT NULL,
        hash        TEXT COLLATE "C" NOT NULL
      );
      CREATE UNIQUE INDEX incident_audit_by_version ON incident_audit (subject, version);
      CREATE INDEX incident_audit_chain ON incident_audit (incident_id, seq);
      CREATE TABLE incident_audit_heads (
        incident_id TEXT COLLATE "C" PRIMARY KEY,
        entries     BIGINT NOT NULL,
        hash        TEXT COLLATE "C" NOT NULL
      );
      CREATE TABLE incident_index_cursor (
        id            BIGINT PRIMARY KEY,
        added_through BIGINT NOT NULL
      );
      )sql"},
                                                     {13, "incident notifications",
                                                      R"sql(
      -- What each organisation of this node is told (notify.h), derived from the audit log.
      CREATE TABLE incident_notifications (
        id          INTEGER PRIMARY KEY,
        org         TEXT NOT NULL,
        incident_id TEXT NOT NULL,
        subject     TEXT NOT NULL,
        kind        TEXT NOT NULL,
        at          INTEGER NOT NULL,
        tlp         INTEGER NOT NULL,
        title       TEXT NOT NULL,
        summary     TEXT NOT NULL,
        read_at     INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX incident_notifications_by_org ON incident_notifications (org, id);
      CREATE TABLE incident_subscriptions (
        id      INTEGER PRIMARY KEY,
        org     TEXT NOT NULL,
        channel TEXT NOT NULL,      -- mail, webhook
        target  TEXT NOT NULL,      -- the address or the URL
        secret  TEXT NOT NULL,      -- webhook: the HMAC key, sealed with the node key
        created INTEGER NOT NULL
      );
      CREATE INDEX incident_subscriptions_by_org ON incident_subscriptions (org);
      CREATE TABLE incident_deliveries (
        notification_id INTEGER NOT NULL,
        subscription_id INTEGER NOT NULL,
        delivered_at    INTEGER NOT NULL DEFAULT 0,
        attempts        INTEGER NOT NULL DEFAULT 0,
        retry_at        INTEGER NOT NULL DEFAULT 0,
        last_error      TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (notification_id, subscription_id)
      );
      CREATE INDEX incident_deliveries_due ON incident_deliveries (delivered_at, retry_at);
      CREATE TABLE incident_notify_cursor (
        id            INTEGER PRIMARY KEY,
        audit_through INTEGER NOT NULL
      );
      )sql",
                                                      R"sql(
      CREATE TABLE incident_notifications (
        id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        org         TEXT COLLATE "C" NOT NULL,
        incident_id TEXT COLLATE "C" NOT NULL,
        subject     TEXT COLLATE "C" NOT NULL,
        kind        TEXT COLLATE "C" NOT NULL,
        at          BIGINT NOT NULL,
        tlp         BIGINT NOT NULL,
        title       TEXT NOT NULL,
        summary     TEXT NOT NULL,
        read_at     BIGINT NOT NULL DEFAULT 0
      );
      CREATE INDEX incident_notifications_by_org ON incident_notifications (org, id);
      CREATE TABLE incident_subscriptions (
        id      BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        org     TEXT COLLATE "C" NOT NULL,
        channel TEXT COLLATE "C" NOT NULL,
        target  TEXT NOT NULL,
        secret  TEXT NOT NULL,
        created BIGINT NOT NULL
      );
      CREATE INDEX incident_subscriptions_by_org ON incident_subscriptions (org);
      CREATE TABLE incident_deliveries (
        notification_id BIGINT NOT NULL,
        subscription_id BIGINT NOT NULL,
        delivered_at    BIGINT NOT NULL DEFAULT 0,
        attempts        BIGINT NOT NULL DEFAULT 0,
        retry_at        BIGINT NOT NULL DEFAULT 0,
        last_error      TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (notification_id, subscription_id)
      );
      CREATE INDEX incident_deliveries_due ON incident_deliveries (delivered_at, retry_at);
      CREATE TABLE incident_notify_cursor (
        id            BIGINT PRIMARY KEY,
        audit_through BIGINT NOT NULL
      );
      )sql"},
                                                     {14, "incident audience changes",
                                                      R"sql(
      -- Incidents whose participants changed, until this node's own records on them follow
      -- (FollowAudienceChanges, desk.h).
      CREATE TABLE incident_audience_changes (
        incident_id TEXT PRIMARY KEY
      );
      )sql",
                                                      R"sql(
      CREATE TABLE incident_audience_changes (
        incident_id TEXT COLLATE "C" PRIMARY KEY
      );
      )sql"},
                                                     {15, "missed request deadlines",
                                                      R"sql(
      -- Whether this node told its organisations that a request's acknowledgement (ack_missed)
      -- or completion (completion_missed) deadline passed: 0 not yet, 1 told. A deadline that
      -- already passed when this came in counts as told (no flood of old news).
      ALTER TABLE incident_requests ADD COLUMN ack_missed INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE incident_requests ADD COLUMN completion_missed INTEGER NOT NULL DEFAULT 0;
      UPDATE incident_requests SET
        ack_missed = CASE WHEN acknowledge_by > 0 AND
          acknowledge_by < CAST(strftime('%s', 'now') AS INTEGER) * 1000000 THEN 1 ELSE 0 END,
        completion_missed = CASE WHEN complete_by > 0 AND
          complete_by < CAST(strftime('%s', 'now') AS INTEGER) * 1000000 THEN 1 ELSE 0 END;
      CREATE INDEX incident_requests_ack_missed ON incident_requests (acknowledge_by)
        WHERE ack_missed = 0 AND state = 'sent';
      CREATE INDEX incident_requests_completion_missed ON incident_requests (complete_by)
        WHERE completion_missed = 0 AND state IN ('sent', 'acknowledged', 'accepted');
      )sql",
                                                      R"sql(
      ALTER TABLE incident_requests ADD COLUMN ack_missed BIGINT NOT NULL DEFAULT 0;
      ALTER TABLE incident_requests ADD COLUMN completion_missed BIGINT NOT NULL DEFAULT 0;
      UPDATE incident_requests SET
        ack_missed = CASE WHEN acknowledge_by > 0 AND
          acknowledge_by < (EXTRACT(EPOCH FROM now()) * 1000000)::BIGINT THEN 1 ELSE 0 END,
        completion_missed = CASE WHEN complete_by > 0 AND
          complete_by < (EXTRACT(EPOCH FROM now()) * 1000000)::BIGINT THEN 1 ELSE 0 END;
      CREATE INDEX incident_requests_ack_missed ON incident_requests (acknowledge_by)
        WHERE ack_missed = 0 AND state = 'sent';
      CREATE INDEX incident_requests_completion_missed ON incident_requests (complete_by)
        WHERE completion_missed = 0 AND state IN ('sent', 'acknowledged', 'accepted');
      )sql"}};
  return kMigrations;
}

template <typename T, typename Parse>
Result<T> ParseStix(std::string_view text, Parse parse) {
  json::Document doc;
  CONCORD_RETURN_IF_ERROR(doc.ParseAll(text));
  return parse(doc.root());
}

// Each index row names its record's version; the JSON is the object store's (never a copy).
constexpr const char* kIncidentJson =
    "SELECT o.json, i.received_from FROM incidents i JOIN objects o ON o.id = i.id AND "
    "o.version = i.modified ";
constexpr const char* kTaskJson =
    "SELECT o.json FROM incident_tasks t JOIN objects o ON o.id = t.id AND o.version = "
    "t.modified ";
constexpr const char* kRequestJson =
    "SELECT o.json, r.escalated_at FROM incident_requests r JOIN objects o ON o.id = r.id AND "
    "o.version = r.modified ";
// An audit entry with the record's JSON before and after it (from the object store: NULL when
// that version was deleted since).
constexpr const char* kAuditColumns =
    "SELECT a.seq, a.incident_id, a.at, a.actor, a.action, a.subject, a.version, "
    "a.previous_version, a.content_hash, a.prev_hash, a.hash, COALESCE(b.json, ''), "
    "COALESCE(o.json, ''), o.json FROM incident_audit a "
    "LEFT JOIN objects o ON o.id = a.subject AND o.version = a.version "
    "LEFT JOIN objects b ON b.id = a.subject AND b.version = a.previous_version "
    "AND a.previous_version <> 0 ";
constexpr const char* kUpdateJson =
    "SELECT o.json FROM incident_updates u JOIN objects o ON o.id = u.id AND o.version = "
    "u.created ";

// One row of kAuditColumns.
AuditRecord ReadAudit(sql::Query& q) {
  AuditRecord r;
  r.seq = q.Int(0);
  r.incident_id = q.Text(1);
  r.at = q.Int(2);
  r.actor = q.Text(3);
  r.action = q.Text(4);
  r.subject = q.Text(5);
  r.version = q.Int(6);
  r.previous_version = q.Int(7);
  r.content_hash = q.Text(8);
  r.prev_hash = q.Text(9);
  r.hash = q.Text(10);
  r.before = q.Text(11);
  r.after = q.Text(12);
  r.stored = !q.IsNull(13);
  return r;
}

Result<Incident> IncidentOf(std::string_view stix) {
  return ParseStix<Incident>(stix, IncidentFromStix);
}

// The request with every update held here, folded.
Result<RequestState> Fold(sql::Connection& conn, std::string_view request_stix) {
  auto request = ParseStix<Request>(request_stix, RequestFromStix);
  if (!request.ok()) return request.status();
  RequestState s;
  s.request = std::move(*request);
  sql::Query q(conn, std::string(kUpdateJson) + "WHERE u.request_id = ? ORDER BY u.created, u.id");
  q.Bind(s.request.id);
  while (q.Next()) {
    auto u = ParseStix<RequestUpdate>(q.Text(0), UpdateFromStix);
    if (!u.ok()) continue;  // indexed rows validated; a damaged one is left out
    Status allowed = CheckTransition(s, *u);
    if (allowed.ok()) {
      ApplyTransition(*u, &s);
    } else {
      s.ignored.push_back(u->id + ": " + allowed.message());
    }
    s.updates.push_back(std::move(*u));
  }
  CONCORD_RETURN_IF_ERROR(q.status());
  return s;
}

class SqlIndexWriter : public IndexWriter {
 public:
  explicit SqlIndexWriter(sql::Connection& tx) : tx_(tx) {}

  Result<size_t> CatchUp(size_t max_versions, std::string_view actor,
                         const std::set<std::string>& own_ids,
                         std::vector<std::string>* problems) override {
    int64_t through = 0;
    {
      sql::Query& q = Cached("SELECT added_through FROM incident_index_cursor WHERE id = 1");
      if (q.Next()) through = q.Int(0);
      CONCORD_RETURN_IF_ERROR(q.status());
    }
    struct Version {
      int64_t date_added, received_from;
      std::string id, type, json;
    };
    std::vector<Version> versions;
    {
      sql::Query& q = Cached(std::string("SELECT date_added, received_from, id, type, json FROM "
                                         "objects WHERE type IN ") +
                             kRecordTypes + " AND date_added > ? ORDER BY date_added LIMIT ?");
      q.Bind(through).Bind(static_cast<int64_t>(max_versions));
      while (q.Next()) {
        versions.push_back({q.Int(0), q.Int(1), std::string(q.Text(2)), std::string(q.Text(3)),
                            std::string(q.Text(4))});
      }
      CONCORD_RETURN_IF_ERROR(q.status());
    }
    if (versions.empty()) return size_t{0};
    for (const Version& v : versions) {
      const std::string who = own_ids.count(v.id)    ? std::string(actor)
                              : v.received_from != 0 ? "peer:" + std::to_string(v.received_from)
                                                     : "import";
      Status s = IndexOne(v.type, v.json, v.received_from, v.date_added, who);
      if (!s.ok()) {
        if (s.code() != StatusCode::kInvalidArgument && s.code() != StatusCode::kPermissionDenied) {
          return s;  // the database failed: the pass is retried whole
        }
        if (problems) problems->push_back(v.id + ": " + s.message());
      }
    }
    for (auto& [text, statement] : cache_) statement->Reset();  // none left mid-row at COMMIT
    sql::Query& set = Cached(
        "INSERT INTO incident_index_cursor (id, added_through) VALUES (1, ?) "
        "ON CONFLICT (id) DO UPDATE SET added_through = excluded.added_through");
    CONCORD_RETURN_IF_ERROR(set.Bind(versions.back().date_added).Run());
    return versions.size();
  }

  Status MarkEscalated(std::string_view request_id, Micros at) override {
    sql::Query& q = Cached("UPDATE incident_requests SET escalated_at = ? WHERE id = ?");
    return q.Bind(at).Bind(request_id).Run();
  }

 private:
  Status IndexOne(const std::string& type, const std::string& text, int64_t received_from,
                  int64_t date_added, const std::string& actor) {
    json::Document doc;
    CONCORD_RETURN_IF_ERROR(doc.ParseAll(text));
    if (type == "incident") {
      if (!IsConcordIncident(doc.root())) return Status::Ok();  // someone else's incident
      auto i = IncidentFromStix(doc.root());
      if (!i.ok()) return i.status();
      return IndexIncident(*i, text, received_from, date_added, actor);
    }
    if (type == "task") {
      if (!doc.root()["extensions"][kConcordTaskExtension].exists()) return Status::Ok();
      auto t = TaskFromStix(doc.root());
      if (!t.ok()) return t.status();
      return IndexTask(*t, text, date_added, actor);
    }
    if (type == kRequestType) {
      auto r = RequestFromStix(doc.root());
      if (!r.ok()) return r.status();
      return IndexRequest(*r, text, date_added, actor);
    }
    auto u = UpdateFromStix(doc.root());
    if (!u.ok()) return u.status();
    return IndexUpdate(*u, text, date_added, actor);
  }

  // The owner and version of `id` as indexed in `table`, if it is (version -1 when not).
  Result<std::pair<std::string, int64_t>> Stored(const char* table, const char* owner,
                                                 std::string_view id) {
    sql::Query& q =
        Cached(std::string("SELECT ") + owner + ", modified FROM " + table + " WHERE id = ?");
    q.Bind(id);
    if (q.Next()) return std::make_pair(std::string(q.Text(0)), q.Int(1));
    CONCORD_RETURN_IF_ERROR(q.status());
    return std::make_pair(std::string(), int64_t{-1});
  }
  // The version the audit entry follows: the latest indexed before this one (0: none).
  static Micros Previous(int64_t stored, Micros version) {
    return stored >= 0 && stored < version ? stored : 0;
  }

  Status IndexIncident(const Incident& i, const std::string& text, int64_t received_from,
                       int64_t date_added, const std::string& actor) {
    auto stored = Stored("incidents", "owner", i.id);
    if (!stored.ok()) return stored.status();
    if (stored->second >= 0 && stored->first != i.owner) {
      return Status::PermissionDenied("a version by another owner than " + stored->first);
    }
    if (i.modified > stored->second) {
      sql::Query& up = Cached(
          "INSERT INTO incidents (id, owner, created, modified, received_from) "
          "VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET modified = excluded.modified");
      CONCORD_RETURN_IF_ERROR(
          up.Bind(i.id).Bind(i.owner).Bind(i.created).Bind(i.modified).Bind(received_from).Run());
      if (stored->second >= 0) CONCORD_RETURN_IF_ERROR(NoteAudienceChange(i));
      sql::Query& clear = Cached("DELETE FROM incident_audience WHERE incident_id = ?");
      CONCORD_RETURN_IF_ERROR(clear.Bind(i.id).Run());
      for (const std::string& org : i.Audience()) {
        sql::Query& add = Cached(
            "INSERT INTO incident_audience (org, incident_id, owner, name_lower, status, "
            "determination, criticality, rsit_class, created, modified) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        CONCORD_RETURN_IF_ERROR(add.Bind(org)
                                    .Bind(i.id)
                                    .Bind(i.owner)
                                    .Bind(AsciiLower(i.name))
                                    .Bind(i.investigation_status)
                                    .Bind(i.determination)
                                    .Bind(int64_t{i.criticality})
                                    .Bind(i.rsit_class)
                                    .Bind(i.created)
                                    .Bind(i.modified)
                                    .Run());
      }
    }
    return Audit(i.id, "incident.version", i.id, i.modified, Previous(stored->second, i.modified),
                 text, date_added, actor);
  }

  // Notes the incident when the new version's audience is not the indexed one.
  Status NoteAudienceChange(const Incident& i) {
    sql::Query& q = Cached("SELECT org FROM incident_audience WHERE incident_id = ?");
    q.Bind(i.id);
    std::set<std::string> before;
    while (q.Next()) before.emplace(q.Text(0));
    CONCORD_RETURN_IF_ERROR(q.status());
    const std::vector<std::string> now = i.Audience();
    if (before == std::set<std::string>(now.begin(), now.end())) return Status::Ok();
    sql::Query& note = Cached(
        "INSERT INTO incident_audience_changes (incident_id) VALUES (?) ON CONFLICT DO NOTHING");
    return note.Bind(i.id).Run();
  }

  Status AudienceFollowed(std::string_view incident_id) override {
    sql::Query& done = Cached("DELETE FROM incident_audience_changes WHERE incident_id = ?");
    return done.Bind(incident_id).Run();
  }

  // Refuses a record from an organisation that is not in the incident (when the incident is
  // known here; one that arrives before its incident is checked when the page is read).
  Status CheckTakesPart(const std::string& incident_id, const std::string& org) {
    sql::Query& q = Cached(
        "SELECT COUNT(*), SUM(CASE WHEN org = ? THEN 1 ELSE 0 END) FROM "
        "incident_audience WHERE incident_id = ?");
    q.Bind(org).Bind(incident_id);
    if (!q.Next()) return q.status();
    if (q.Int(0) > 0 && q.Int(1) == 0) {
      return Status::PermissionDenied(org + " does not take part in " + incident_id +
                                      ": not added to it");
    }
    return Status::Ok();
  }

  Status IndexTask(const Task& t, const std::string& text, int64_t date_added,
                   const std::string& actor) {
    CONCORD_RETURN_IF_ERROR(CheckTakesPart(t.incident_id, t.owner));
    auto stored = Stored("incident_tasks", "owner", t.id);
    if (!stored.ok()) return stored.status();
    if (t.modified > stored->second) {
      sql::Query& up = Cached(
          "INSERT INTO incident_tasks (id, incident_id, owner, modified) "
          "VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET modified = excluded.modified");
      CONCORD_RETURN_IF_ERROR(
          up.Bind(t.id).Bind(t.incident_id).Bind(t.owner).Bind(t.modified).Run());
    }
    return Audit(t.incident_id, "task.version", t.id, t.modified,
                 Previous(stored->second, t.modified), text, date_added, actor);
  }

  Status IndexRequest(const Request& r, const std::string& text, int64_t date_added,
                      const std::string& actor) {
    CONCORD_RETURN_IF_ERROR(CheckTakesPart(r.incident_id, r.requester));
    CONCORD_RETURN_IF_ERROR(CheckTakesPart(r.incident_id, r.recipient));
    auto stored = Stored("incident_requests", "requester", r.id);
    if (!stored.ok()) return stored.status();
    if (r.modified > stored->second) {
      sql::Query& up = Cached(
          "INSERT INTO incident_requests (id, incident_id, requester, recipient, "
          "created, modified, state, acknowledge_by, complete_by, escalated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, 'sent', ?, ?, 0) ON CONFLICT (id) DO UPDATE SET "
          "modified = excluded.modified, acknowledge_by = excluded.acknowledge_by, "
          "complete_by = excluded.complete_by, "
          // A deadline moved is a new deadline: missing it is news again.
          "ack_missed = CASE WHEN excluded.acknowledge_by = incident_requests.acknowledge_by "
          "THEN incident_requests.ack_missed ELSE 0 END, "
          "completion_missed = CASE WHEN excluded.complete_by = incident_requests.complete_by "
          "THEN incident_requests.completion_missed ELSE 0 END");
      CONCORD_RETURN_IF_ERROR(up.Bind(r.id)
                                  .Bind(r.incident_id)
                                  .Bind(r.requester)
                                  .Bind(r.recipient)
                                  .Bind(r.created)
                                  .Bind(r.modified)
                                  .Bind(r.acknowledge_by)
                                  .Bind(r.complete_by)
                                  .Run());
      CONCORD_RETURN_IF_ERROR(Refold(r.id));
    }
    return Audit(r.incident_id, "request.version", r.id, r.modified,
                 Previous(stored->second, r.modified), text, date_added, actor);
  }

  Status IndexUpdate(const RequestUpdate& u, const std::string& text, int64_t date_added,
                     const std::string& actor) {
    sql::Query& add = Cached(
        "INSERT INTO incident_updates (id, request_id, created) VALUES (?, ?, ?) "
        "ON CONFLICT (id) DO NOTHING");
    CONCORD_RETURN_IF_ERROR(add.Bind(u.id).Bind(u.request_id).Bind(u.created).Run());
    CONCORD_RETURN_IF_ERROR(Refold(u.request_id));
    return Audit(u.incident_id, "update." + u.kind, u.id, u.created, 0, text, date_added, actor);
  }

  // The request's state column, folded again from its updates (they may arrive in any order).
  Status Refold(std::string_view request_id) {
    std::string stix;
    {
      sql::Query& q = Cached(std::string(kRequestJson) + "WHERE r.id = ?");
      q.Bind(request_id);
      if (!q.Next()) return q.status();  // the request itself has not arrived yet
      stix = q.Text(0);
    }
    auto s = Fold(tx_, stix);
    if (!s.ok()) return s.status();
    sql::Query& up = Cached(
        "UPDATE incident_requests SET state = ?, acknowledged_at = ?, closed_at = ? WHERE id = ?");
    return up.Bind(s->state).Bind(s->acknowledged_at).Bind(s->closed_at).Bind(request_id).Run();
  }

  Status Audit(const std::string& incident_id, const std::string& action,
               const std::string& subject, Micros version, Micros previous_version,
               const std::string& content, int64_t date_added, const std::string& actor) {
    {
      sql::Query& seen = Cached("SELECT 1 FROM incident_audit WHERE subject = ? AND version = ?");
      seen.Bind(subject).Bind(version);
      if (seen.Next()) return Status::Ok();  // a version indexed once is logged once
      CONCORD_RETURN_IF_ERROR(seen.status());
    }
    AuditRecord r;
    r.incident_id = incident_id;
    r.at = date_added;
    r.actor = actor;
    r.action = action;
    r.subject = subject;
    r.version = version;
    r.previous_version = previous_version;
    r.content_hash = accounts::Sha256Hex(content);
    int64_t entries = 0;
    {
      sql::Query& head =
          Cached("SELECT entries, hash FROM incident_audit_heads WHERE incident_id = ?");
      head.Bind(incident_id);
      if (head.Next()) {
        entries = head.Int(0);
        r.prev_hash = head.Text(1);
      }
      CONCORD_RETURN_IF_ERROR(head.status());
    }
    r.hash = AuditHash(r);
    sql::Query& add = Cached(
        "INSERT INTO incident_audit (incident_id, at, actor, action, subject, version, "
        "previous_version, content_hash, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    CONCORD_RETURN_IF_ERROR(add.Bind(r.incident_id)
                                .Bind(r.at)
                                .Bind(r.actor)
                                .Bind(r.action)
                                .Bind(r.subject)
                                .Bind(r.version)
                                .Bind(r.previous_version)
                                .Bind(r.content_hash)
                                .Bind(r.prev_hash)
                                .Bind(r.hash)
                                .Run());
    sql::Query& head = Cached(
        "INSERT INTO incident_audit_heads (incident_id, entries, hash) VALUES (?, ?, "
        "?) ON CONFLICT (incident_id) DO UPDATE SET entries = excluded.entries, "
        "hash = excluded.hash");
    return head.Bind(incident_id).Bind(entries + 1).Bind(r.hash).Run();
  }

  // The statement of `sql`, prepared once per transaction and reset for its next use: the pass
  // runs the same few statements for every version.
  sql::Query& Cached(const std::string& sql) {
    auto& q = cache_[sql];
    if (!q) {
      q = std::make_unique<sql::Query>(tx_, sql);
    } else {
      q->Reset();
    }
    return *q;
  }

  sql::Connection& tx_;
  std::map<std::string, std::unique_ptr<sql::Query>> cache_;
};

class SqlIncidentStore : public IncidentStore {
 public:
  explicit SqlIncidentStore(sql::Engine& engine) : engine_(engine) {}

  Result<bool> Behind() const override {
    auto conn = engine_.Read();
    if (!conn) return conn.status();
    sql::Query q(*conn, std::string("SELECT (SELECT COALESCE(MAX(date_added), 0) FROM objects "
                                    "WHERE type IN ") +
                            kRecordTypes +
                            ") > COALESCE((SELECT added_through FROM incident_index_cursor "
                            "WHERE id = 1), 0)");
    if (q.Next()) return q.Int(0) != 0;
    CONCORD_RETURN_IF_ERROR(q.status());
    return false;
  }

  Result<std::vector<std::string>> AudienceChanged(size_t limit) const override {
    auto conn = engine_.Read();
    if (!conn) return conn.status();
    sql::Query q(*conn, "SELECT incident_id FROM incident_audience_changes LIMIT ?");
    q.Bind(static_cast<int64_t>(limit));
    std::vector<std::string> out;
    while (q.Next()) out.emplace_back(q.Text(0));
    CONCORD_RETURN_IF_ERROR(q.status());
    return out;
  }

  Result<std::vector<IncidentRow>> List(const IncidentFilter& f, Micros now, int64_t* total,
                                        bool* more) const override {
    // One walk of the viewer's rows in the sort column's index (org, column, incident), the
    // filters checked on the way, stopped after the page.
    std::string where = " FROM incident_audience a WHERE a.org = ?";
    std::vector<std::string> args{f.viewer};
    auto add = [&](const std::string& value, const char* condition) {
      if (value.empty()) return;
      where += condition;
      args.push_back(value);
    };
    add(f.status, " AND a.status = ?");
    add(f.rsit_class, " AND a.rsit_class = ?");
    add(f.owner, " AND a.owner = ?");
    add(f.participant,
        " AND EXISTS (SELECT 1 FROM incident_audience p WHERE p.org = ? AND "
        "p.incident_id = a.incident_id)");
    auto conn = engine_.Read();
    if (!conn) return conn.status();
    const std::string text = AsciiLower(f.text);
    if (!text.empty()) {
      where += conn->dialect() == sql::Dialect::kSqlite ? " AND instr(a.name_lower, ?) > 0"
                                                        : " AND strpos(a.name_lower, ?) > 0";
      args.push_back(text);
    }
    std::string column = "modified";
    for (const char* c : kIncidentSortColumns) {
      if (f.sort == c) column = c;
    }
    if (column == "name") column = "name_lower";
    const char* dir = f.ascending ? " ASC" : " DESC";
    const bool filtered = args.size() > 1;
    if (total) *total = -1;
    if (total && !filtered) {
      // Counted up to a cap: an exact count of a million rows would cost more than the page.
      // A filtered list is not counted: that would read every row the filters reject.
      sql::Query q(*conn, "SELECT COUNT(*) FROM (SELECT 1" + where + " LIMIT ?) counted");
      for (const auto& a : args) q.Bind(a);
      q.Bind(static_cast<int64_t>(kCountCap) + 1);
      if (q.Next()) *total = q.Int(0);
      CONCORD_RETURN_IF_ERROR(q.status());
    }
    sql::Query q(*conn,
                 "SELECT o.json, i.received_from, "
                 "(SELECT COUNT(*) FROM incident_requests r WHERE r.incident_id = i.id AND "
                 "r.state IN ('sent', 'acknowledged', 'accepted')), "
                 "(SELECT COUNT(*) FROM incident_requests r WHERE r.incident_id = i.id AND "
                 "r.state IN ('sent', 'acknowledged', 'accepted') AND ((r.state = 'sent' AND "
                 "r.acknowledge_by < ?) OR r.complete_by < ?)), "
                 "(SELECT COUNT(*) FROM incident_tasks t WHERE t.incident_id = i.id) "
                 "FROM (SELECT a.incident_id, a." +
                     column + " AS sort_key" + where + " ORDER BY a." + column + dir +
                     ", a.incident_id" + dir +
                     " LIMIT ? OFFSET ?) page JOIN incidents i ON i.id = page.incident_id "
                     "JOIN objects o ON o.id = i.id AND o.version = i.modified "
                     "ORDER BY page.sort_key" +
                     dir + ", page.incident_id" + dir);
    q.Bind(now).Bind(now);
    for (const auto& a : args) q.Bind(a);
    q.Bind(static_cast<int64_t>(f.limit) + 1).Bind(static_cast<int64_t>(f.offset));
    std::vector<IncidentRow> out;
    while (q.Next()) {
      auto i = IncidentOf(q.Text(0));
      if (!i.ok()) continue;
      IncidentRow row;
      row.incident = std::move(*i);
      row.received_from = q.Int(1);
      row.open_requests = static_cast<int>(q.Int(2));
      row.overdue_requests = static_cast<int>(q.Int(3));
      row.tasks = static_cast<int>(q.Int(4));
      out.push_back(std::move(row));
    }
    CONCORD_RETURN_IF_ERROR(q.status());
    if (more) *more = out.size() > f.limit;
    if (out.size() > f.limit) out.pop_back();  // read one more to know whether there are more
    return out;
  }

  Result<std::optional<IncidentRow>> Get(std::string_view id, Micros now) const override {
    auto conn = engine_.Read();
    if (!conn) return conn.status();
    sql::Query q(*conn, std::string(kIncidentJson) + "WHERE i.id = ?");
    q.Bind(id);
    if (!q.Next()) {
      CONCORD_RETURN_IF_ERROR(q.status());
      return std::optional<IncidentRow>();
    }
    auto i = IncidentOf(q.Text(0));
    if (!i.ok()) return i.status();
    IncidentRow row;
    row.incident = std::move(*i);
    row.received_from = q.Int(1);
    return std::optional<IncidentRow>(std::move(row));
  }

  Result<std::vector<Task>> Tasks(std::string_view incident_id) const override {
    auto conn = engine_.Read();
    if (!conn) return conn.status();
    sql::Query q(*conn, std::string(kTaskJson) + "WHERE t.incident_id = ? ORDER BY t.id");
    q.Bind(incident_id);
    std::vector<Task> out;
    while (q.Next()) {
      auto t = ParseStix<Task>(q.Text(0), TaskFromStix);
      if (t.ok()) out.push_back(std::move(*t));
    }
    CONCORD_RETURN_IF_ERROR(q.status());
    std::sort(out.begin(), out.end(),
              [](const Task& a, const Task& b) { return a.created < b.created; });
    return out;
  }

  Result<std::optional<Task>> GetTask(std::string_view task_id) const override {
    auto conn = engine_.Read();
    if (!conn) return conn.status();
    sql::Query q(*conn, std::string(kTaskJson) + "WHERE t.id = ?");
    q.Bind(task_id);
    if (!q.Next()) {
      CONCORD_RETURN_IF_ERROR(q.status());
      return std::optional<Task>();
    }
    auto t = ParseStix<Task>(q.Text(0), TaskFromStix);
    if (!t.ok()) return t.status();
    return std::optional<Task>(std::move(*t));
  }

  Result<std::vector<RequestState>> Requests(std::string_view incident_id) const override {
    return Folded(std::string(kRequestJson) + "WHERE r.incident_id = ? ORDER BY r.created, r.id",
                  [&](sql::Query& q) { q.Bind(incident_id); });
  }

  Result<std::optional<RequestState>> GetRequest(std::string_view request_id) const override {
    auto list = Folded(std::string(kRequestJson) + "WHERE r.id = ?",
                       [&](sql::Query& q) { q.Bind(request_id); });
    if (!list.ok()) return list.status();
    if (list->empty()) return std::optional<RequestState>();
    return std::optional<RequestState>(std::move(list->front()));
  }

  Result<std::vector<RequestState>> RequestsOf(std::string_view org, bool inbox,
                                               size_t limit) const override {
    return Folded(std::string(kRequestJson) + "WHERE r." + (inbox ? "recipient" : "requester") +
                      " = ? ORDER BY r.created DESC, r.id DESC LIMIT ?",
                  [&](sql::Query& q) { q.Bind(org).Bind(static_cast<int64_t>(limit)); });
  }

  Result<std::vector<MissedDeadline>> MissedDeadlines(Micros since, Micros now,
                                                      size_t limit) const override {
    std::vector<MissedDeadline> out;
    for (const bool acknowledge : {true, false}) {
      // Each side read through its partial index (migration 15).
      auto found =
          Folded(std::string(kRequestJson) +
                     (acknowledge ? "WHERE r.ack_missed = 0 AND r.state = 'sent' AND "
                                    "r.acknowledge_by >= ? AND r.acknowledge_by < ? "
                                    "ORDER BY r.acknowledge_by LIMIT ?"
                                  : "WHERE r.completion_missed = 0 AND r.state IN ('sent', "
                                    "'acknowledged', 'accepted') AND r.complete_by >= ? AND "
                                    "r.complete_by < ? ORDER BY r.complete_by LIMIT ?"),
                 [&](sql::Query& q) {
                   // A deadline of 0 is none.
                   q.Bind(std::max<Micros>(since, 1)).Bind(now).Bind(static_cast<int64_t>(limit));
                 });
      if (!found.ok()) return found.status();
      for (auto& s : *found) out.push_back({std::move(s), acknowledge});
    }
    return out;
  }

  Result<std::vector<RequestState>> DueForEscalation(Micros now) const override {
    return Folded(
        std::string(kRequestJson) +
            "WHERE r.state = 'sent' AND r.acknowledge_by > 0 AND r.acknowledge_by < ? AND "
            "r.escalated_at = 0 ORDER BY r.acknowledge_by",
        [&](sql::Query& q) { q.Bind(now); });
  }

  Status ForEachIncidentOf(
      std::string_view org,
      const std::function<void(std::string_view rsit_class, Micros created)>& fn) const override {
    auto conn = engine_.Read();
    if (!conn) return conn.status();
    sql::Query q(*conn, "SELECT rsit_class, created FROM incident_audience WHERE org = ?");
    q.Bind(org);
    while (q.Next()) fn(q.Text(0), q.Int(1));
    return q.status();
  }

  Status ForEachRequestOf(std::string_view org,
                          const std::function<void(const RequestTiming&)>& fn) const override {
    auto conn = engine_.Read();
    if (!conn) return conn.status();
    sql::Query q(*conn,
                 "SELECT requester, recipient, state, created, acknowledge_by, complete_by, "
                 "acknowledged_at, closed_at FROM incident_requests WHERE requester = ? OR "
                 "recipient = ?");
    q.Bind(org).Bind(org);
    while (q.Next()) {
      fn({std::string(q.Text(0)), std::string(q.Text(1)), std::string(q.Text(2)), q.Int(3),
          q.Int(4), q.Int(5), q.Int(6), q.Int(7)});
    }
    return q.status();
  }

  Result<std::vector<AuditRecord>> Audit(std::string_view incident_id) const override {
    auto conn = engine_.Read();
    if (!conn) return conn.status();
    sql::Query q(*conn, std::string(kAuditColumns) + "WHERE a.incident_id = ? ORDER BY a.seq");
    q.Bind(incident_id);
    std::vector<AuditRecord> out;
    while (q.Next()) out.push_back(ReadAudit(q));
    CONCORD_RETURN_IF_ERROR(q.status());
    return out;
  }

  Result<std::vector<ChainProblem>> VerifyAudit(std::string_view incident_id) const override {
    auto conn = engine_.Read();
    if (!conn) return conn.status();
    std::vector<ChainProblem> problems;
    std::string current;
    std::string prev_hash;
    int64_t count = 0;
    std::vector<std::pair<std::string, std::pair<int64_t, std::string>>> ends;
    auto close = [&]() {
      if (!current.empty()) ends.push_back({current, {count, prev_hash}});
    };
    {
      sql::Query q(*conn, std::string(kAuditColumns) +
                              "WHERE ? = '' OR a.incident_id = ? ORDER BY a.incident_id, a.seq");
      q.Bind(incident_id).Bind(incident_id);
      while (q.Next()) {
        AuditRecord r = ReadAudit(q);
        if (r.incident_id != current) {
          close();
          current = r.incident_id;
          prev_hash.clear();
          count = 0;
        }
        ++count;
        if (r.prev_hash != prev_hash) {
          problems.push_back({r.incident_id, r.seq,
                              "does not follow the entry before it (an entry was removed, "
                              "reordered or changed)"});
        }
        if (AuditHash(r) != r.hash) {
          problems.push_back({r.incident_id, r.seq, "its content does not match its hash"});
        }
        if (r.stored && accounts::Sha256Hex(r.after) != r.content_hash) {
          problems.push_back({r.incident_id, r.seq,
                              "the record's stored version is not the one logged (changed since)"});
        }
        prev_hash = r.hash;
      }
      CONCORD_RETURN_IF_ERROR(q.status());
      close();
    }
    sql::Query heads(*conn,
                     "SELECT incident_id, entries, hash FROM incident_audit_heads WHERE ? = '' OR "
                     "incident_id = ? ORDER BY incident_id");
    heads.Bind(incident_id).Bind(incident_id);
    while (heads.Next()) {
      const std::string id(heads.Text(0));
      auto it =
          std::find_if(ends.begin(), ends.end(), [&](const auto& e) { return e.first == id; });
      const int64_t entries = heads.Int(1);
      const std::string hash(heads.Text(2));
      if (it == ends.end()) {
        problems.push_back({id, 0, "every entry of the chain is gone"});
      } else if (it->second.first != entries || it->second.second != hash) {
        problems.push_back({id, 0,
                            "the chain has " + std::to_string(it->second.first) +
                                " entries ending elsewhere than the recorded head (" +
                                std::to_string(entries) + " entries): entries were removed"});
      }
    }
    CONCORD_RETURN_IF_ERROR(heads.status());
    return problems;
  }

 private:
  // The requests `query` (kRequestJson ...) selects, each folded with its updates.
  template <typename BindFn>
  Result<std::vector<RequestState>> Folded(const std::string& query, BindFn bind) const {
    auto conn = engine_.Read();
    if (!conn) return conn.status();
    std::vector<std::pair<std::string, int64_t>> rows;  // JSON, escalated_at
    {
      sql::Query q(*conn, query);
      bind(q);
      while (q.Next()) rows.emplace_back(std::string(q.Text(0)), q.Int(1));
      CONCORD_RETURN_IF_ERROR(q.status());
    }
    std::vector<RequestState> out;
    for (const auto& [text, escalated_at] : rows) {
      auto s = Fold(*conn, text);
      if (!s.ok()) continue;
      s->escalated_at = escalated_at;
      out.push_back(std::move(*s));
    }
    return out;
  }

  sql::Engine& engine_;
};

std::unique_ptr<IncidentStore> MakeIncidentStore(sql::Engine& engine) {
  return std::make_unique<SqlIncidentStore>(engine);
}

// ---------------------------------------------------------------------------------------------
// Notifications (notify.h)

constexpr const char* kNotificationColumns =
    "n.id, n.org, n.incident_id, n.subject, n.kind, n.at, n.tlp, n.title, n.summary, n.read_at";

Notification ReadNotification(sql::Query& q, int at = 0) {
  Notification n;
  n.id = q.Int(at);
  n.org = std::string(q.Text(at + 1));
  n.incident_id = std::string(q.Text(at + 2));
  n.subject = std::string(q.Text(at + 3));
  n.kind = std::string(q.Text(at + 4));
  n.at = q.Int(at + 5);
  n.tlp = static_cast<sharing::Tlp>(q.Int(at + 6));
  n.title = std::string(q.Text(at + 7));
  n.summary = std::string(q.Text(at + 8));
  n.read_at = q.Int(at + 9);
  return n;
}

class SqlNotificationStore : public NotificationStore {
 public:
  explicit SqlNotificationStore(sql::Engine& engine) : engine_(engine) {}

  Result<std::vector<Notification>> List(std::string_view org, bool unread_only,
                                         int limit) const override {
    auto conn = engine_.Read();
    if (!conn) return conn.status();
    sql::Query q(*conn, std::string("SELECT ") + kNotificationColumns +
                            " FROM incident_notifications n WHERE n.org = ? AND (? = 0 OR "
                            "n.read_at = 0) ORDER BY n.id DESC LIMIT ?");
    q.Bind(org).Bind(int64_t{unread_only}).Bind(int64_t{limit});
    std::vector<Notification> out;
    while (q.Next()) out.push_back(ReadNotification(q));
    CONCORD_RETURN_IF_ERROR(q.status());
    return out;
  }

  Result<int64_t> Unread(std::string_view org) const override {
    return sql::ReadOne<int64_t>(
        engine_, "SELECT COUNT(*) FROM incident_notifications WHERE org = ? AND read_at = 0",
        [&](sql::Query& q) { q.Bind(org); }, [](sql::Query& q) { return q.Int(0); }, "none");
  }

  Status MarkRead(std::string_view org, const std::vector<int64_t>& ids, Micros at) override {
    auto w = engine_.Write();
    if (!w) return w.status();
    CONCORD_RETURN_IF_ERROR(engine_.Begin(*w));
    if (ids.empty()) {
      sql::Query q(*w,
                   "UPDATE incident_notifications SET read_at = ? WHERE org = ? AND read_at = 0");
      CONCORD_RETURN_IF_ERROR(q.Bind(at).Bind(org).Run());
    }
    for (int64_t id : ids) {
      sql::Query q(*w,
                   "UPDATE incident_notifications SET read_at = ? WHERE org = ? AND id = ? AND "
                   "read_at = 0");
      CONCORD_RETURN_IF_ERROR(q.Bind(at).Bind(org).Bind(id).Run());
    }
    return w->Exec("COMMIT");
  }

  Result<int64_t> Subscribe(const Subscription& s) override {
    std::string secret;
    if (!s.secret.empty()) {
      auto box = engine_.Secrets();
      if (!box.ok()) return box.status();
      auto sealed = (*box)->Seal(s.secret);
      if (!sealed.ok()) return sealed.status();
      secret = std::move(*sealed);
    }
    auto w = engine_.Write();
    if (!w) return w.status();
    sql::Query q(*w,
                 "INSERT INTO incident_subscriptions (org, channel, target, secret, created) "
                 "VALUES (?, ?, ?, ?, ?) RETURNING id");
    q.Bind(s.org).Bind(s.channel).Bind(s.target).Bind(secret).Bind(s.created);
    if (!q.Next()) return q.status().ok() ? Status::Internal("no id returned") : q.status();
    return q.Int(0);
  }

  Status Unsubscribe(std::string_view org, int64_t id) override {
    auto w = engine_.Write();
    if (!w) return w.status();
    CONCORD_RETURN_IF_ERROR(engine_.Begin(*w));
    sql::Query q(*w, "DELETE FROM incident_subscriptions WHERE org = ? AND id = ?");
    CONCORD_RETURN_IF_ERROR(q.Bind(org).Bind(id).Run());
    if (q.Changes() == 0) {
      (void)w->Exec("ROLLBACK");
      return Status::NotFound("no subscription " + std::to_string(id) + " of this organisation");
    }
    sql::Query d(*w, "DELETE FROM incident_deliveries WHERE subscription_id = ?");
    CONCORD_RETURN_IF_ERROR(d.Bind(id).Run());
    return w->Exec("COMMIT");
  }

  Result<std::set<std::string>> SubscribedOrganisations() const override {
    auto conn = engine_.Read();
    if (!conn) return conn.status();
    sql::Query q(*conn, "SELECT DISTINCT org FROM incident_subscriptions");
    std::set<std::string> out;
    while (q.Next()) out.emplace(q.Text(0));
    CONCORD_RETURN_IF_ERROR(q.status());
    return out;
  }

  Result<std::vector<Subscription>> Subscriptions(std::string_view org) const override {
    auto conn = engine_.Read();
    if (!conn) return conn.status();
    sql::Query q(*conn,
                 "SELECT id, org, channel, target, created FROM incident_subscriptions WHERE org "
                 "= ? ORDER BY id");
    q.Bind(org);
    std::vector<Subscription> out;
    while (q.Next()) {
      out.push_back({q.Int(0), std::string(q.Text(1)), std::string(q.Text(2)),
                     std::string(q.Text(3)), "", q.Int(4)});
    }
    CONCORD_RETURN_IF_ERROR(q.status());
    return out;
  }

  Result<int64_t> Cursor() const override {
    auto conn = engine_.Read();
    if (!conn) return conn.status();
    sql::Query q(*conn, "SELECT audit_through FROM incident_notify_cursor WHERE id = 1");
    if (q.Next()) return q.Int(0);
    CONCORD_RETURN_IF_ERROR(q.status());
    return int64_t{0};
  }

  Result<std::vector<AuditRecord>> AuditAfter(int64_t seq, int limit) const override {
    auto conn = engine_.Read();
    if (!conn) return conn.status();
    sql::Query q(*conn, std::string(kAuditColumns) + "WHERE a.seq > ? ORDER BY a.seq LIMIT ?");
    q.Bind(seq).Bind(int64_t{limit});
    std::vector<AuditRecord> out;
    while (q.Next()) out.push_back(ReadAudit(q));
    CONCORD_RETURN_IF_ERROR(q.status());
    return out;
  }

  Result<bool> Add(const std::vector<Notification>& notifications, int64_t from,
                   int64_t to) override {
    auto w = engine_.Write();
    if (!w) return w.status();
    CONCORD_RETURN_IF_ERROR(engine_.Begin(*w));
    {
      sql::Query q(*w, "SELECT audit_through FROM incident_notify_cursor WHERE id = 1");
      const int64_t now_at = q.Next() ? q.Int(0) : 0;
      CONCORD_RETURN_IF_ERROR(q.status());
      if (now_at != from) {
        CONCORD_RETURN_IF_ERROR(w->Exec("ROLLBACK"));
        return false;
      }
    }
    CONCORD_RETURN_IF_ERROR(Insert(*w, notifications));
    sql::Query moved(*w, "UPDATE incident_notify_cursor SET audit_through = ? WHERE id = 1");
    CONCORD_RETURN_IF_ERROR(moved.Bind(to).Run());
    if (moved.Changes() == 0) {
      sql::Query first(*w, "INSERT INTO incident_notify_cursor (id, audit_through) VALUES (1, ?)");
      CONCORD_RETURN_IF_ERROR(first.Bind(to).Run());
    }
    CONCORD_RETURN_IF_ERROR(w->Exec("COMMIT"));
    return true;
  }

  Result<size_t> AddMissedDeadlines(const std::vector<MissedDeadlineNotice>& notices) override {
    auto w = engine_.Write();
    if (!w) return w.status();
    CONCORD_RETURN_IF_ERROR(engine_.Begin(*w));
    size_t added = 0;
    for (const MissedDeadlineNotice& notice : notices) {
      sql::Query told(*w, notice.acknowledge ? "UPDATE incident_requests SET ack_missed = 1 "
                                               "WHERE id = ? AND ack_missed = 0"
                                             : "UPDATE incident_requests SET completion_missed = 1 "
                                               "WHERE id = ? AND completion_missed = 0");
      CONCORD_RETURN_IF_ERROR(told.Bind(notice.request_id).Run());
      if (told.Changes() == 0) continue;  // another process told of it first
      CONCORD_RETURN_IF_ERROR(Insert(*w, notice.notifications));
      ++added;
    }
    CONCORD_RETURN_IF_ERROR(w->Exec("COMMIT"));
    return added;
  }

  Status SkipMissedDeadlinesBefore(Micros before) override {
    // Both conditions through their partial indexes (migration 15). This runs on every read of
    // the notifications, so the write lock is taken only when there is something to mark.
    static constexpr const char* kOldAck =
        "ack_missed = 0 AND state = 'sent' AND acknowledge_by > 0 AND acknowledge_by < ?";
    static constexpr const char* kOldCompletion =
        "completion_missed = 0 AND state IN ('sent', 'acknowledged', 'accepted') AND "
        "complete_by > 0 AND complete_by < ?";
    {
      auto r = engine_.Read();
      if (!r) return r.status();
      sql::Query any(
          *r, std::string("SELECT CASE WHEN EXISTS (SELECT 1 FROM incident_requests WHERE ") +
                  kOldAck + ") OR EXISTS (SELECT 1 FROM incident_requests WHERE " + kOldCompletion +
                  ") THEN 1 ELSE 0 END");
      any.Bind(before).Bind(before);
      const bool found = any.Next() && any.Int(0) != 0;
      CONCORD_RETURN_IF_ERROR(any.status());
      if (!found) return Status::Ok();
    }
    auto w = engine_.Write();
    if (!w) return w.status();
    CONCORD_RETURN_IF_ERROR(engine_.Begin(*w));
    sql::Query ack(*w, std::string("UPDATE incident_requests SET ack_missed = 1 WHERE ") + kOldAck);
    CONCORD_RETURN_IF_ERROR(ack.Bind(before).Run());
    sql::Query completion(
        *w,
        std::string("UPDATE incident_requests SET completion_missed = 1 WHERE ") + kOldCompletion);
    CONCORD_RETURN_IF_ERROR(completion.Bind(before).Run());
    return w->Exec("COMMIT");
  }

  Result<std::vector<Delivery>> Due(Micros now, int limit, bool mail) const override {
    auto conn = engine_.Read();
    if (!conn) return conn.status();
    sql::Query q(*conn, std::string("SELECT ") + kNotificationColumns +
                            ", s.id, s.org, s.channel, s.target, s.secret, s.created, d.attempts "
                            "FROM incident_deliveries d "
                            "JOIN incident_notifications n ON n.id = d.notification_id "
                            "JOIN incident_subscriptions s ON s.id = d.subscription_id "
                            "WHERE d.delivered_at = 0 AND d.attempts < ? AND d.retry_at <= ? "
                            "AND (? = 1 OR s.channel <> 'mail') "
                            "ORDER BY d.notification_id, d.subscription_id LIMIT ?");
    q.Bind(int64_t{kMaxDeliveryAttempts}).Bind(now).Bind(int64_t{mail}).Bind(int64_t{limit});
    std::vector<Delivery> out;
    auto box = engine_.Secrets();
    while (q.Next()) {
      Delivery d;
      d.notification = ReadNotification(q);
      d.subscription = {
          q.Int(10), std::string(q.Text(11)), std::string(q.Text(12)), std::string(q.Text(13)), "",
          q.Int(15)};
      if (!q.Text(14).empty()) {
        if (!box.ok()) return box.status();
        auto secret = (*box)->Open(q.Text(14));
        if (!secret.ok()) return secret.status();
        d.subscription.secret = std::move(*secret);
      }
      d.attempts = static_cast<int>(q.Int(16));
      out.push_back(std::move(d));
    }
    CONCORD_RETURN_IF_ERROR(q.status());
    return out;
  }

  Status Delivered(int64_t notification, int64_t subscription, Micros at) override {
    auto w = engine_.Write();
    if (!w) return w.status();
    sql::Query q(*w,
                 "UPDATE incident_deliveries SET delivered_at = ?, attempts = attempts + 1, "
                 "last_error = '' WHERE notification_id = ? AND subscription_id = ?");
    return q.Bind(at).Bind(notification).Bind(subscription).Run();
  }

  Status Failed(int64_t notification, int64_t subscription, Micros retry_at,
                std::string_view error) override {
    auto w = engine_.Write();
    if (!w) return w.status();
    sql::Query q(*w,
                 "UPDATE incident_deliveries SET attempts = attempts + 1, retry_at = ?, "
                 "last_error = ? WHERE notification_id = ? AND subscription_id = ?");
    return q.Bind(retry_at).Bind(error).Bind(notification).Bind(subscription).Run();
  }

 private:
  // Stores `notifications`, each with a delivery for every subscription of its organisation,
  // in the caller's transaction.
  static Status Insert(sql::Connection& w, const std::vector<Notification>& notifications) {
    int64_t before = 0;
    {
      sql::Query q(w, "SELECT COALESCE(MAX(id), 0) FROM incident_notifications");
      if (q.Next()) before = q.Int(0);
      CONCORD_RETURN_IF_ERROR(q.status());
    }
    for (const Notification& n : notifications) {
      sql::Query q(w,
                   "INSERT INTO incident_notifications (org, incident_id, subject, kind, at, tlp, "
                   "title, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
      CONCORD_RETURN_IF_ERROR(q.Bind(n.org)
                                  .Bind(n.incident_id)
                                  .Bind(n.subject)
                                  .Bind(n.kind)
                                  .Bind(n.at)
                                  .Bind(static_cast<int64_t>(n.tlp))
                                  .Bind(n.title)
                                  .Bind(n.summary)
                                  .Run());
    }
    // A delivery for each subscription the organisation told has now.
    sql::Query deliveries(
        w,
        "INSERT INTO incident_deliveries (notification_id, subscription_id) SELECT n.id, s.id "
        "FROM incident_notifications n JOIN incident_subscriptions s ON s.org = n.org "
        "WHERE n.id > ?");
    return deliveries.Bind(before).Run();
  }

  sql::Engine& engine_;
};

std::unique_ptr<NotificationStore> MakeNotificationStore(sql::Engine& engine) {
  return std::make_unique<SqlNotificationStore>(engine);
}
}  // namespace

void AddSqlite(store::SqliteModule& module) {
  module.migrations = IncidentMigrations();
  module.stores.push_back(store::MakeStoreFactory<IncidentStore>(MakeIncidentStore));
  module.stores.push_back(store::MakeStoreFactory<NotificationStore>(MakeNotificationStore));
  module.parts.push_back(store::sqlite::MakePartFactory<IndexWriter>(
      [](sql::Connection& tx) { return std::make_unique<SqlIndexWriter>(tx); }));
}

}  // namespace concord::incidents
