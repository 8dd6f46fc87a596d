// ObjectStore in portable SQL (SQLite and PostgreSQL): object versions, and their membership in
// collections. The search index and counts are in object_search.cc.

#include <algorithm>
#include <limits>
#include <optional>
#include <set>
#include <unordered_map>

#include "common/json.h"
#include "common/strings.h"
#include "store/sql/object_search.h"
#include "store/sql/stores.h"
#include "store/sqlite/parts.h"
#include "store/sqlite/schema.h"

namespace concord::store {
namespace sql {
namespace {

using sqlite::PartFactory;

constexpr std::string_view kObjectRowColumns =
    "date_added, id, version, version_text, type, spec_version, created_by_ref, marking_refs, "
    "revoked, json, latest, received_from, owner";

// What a transaction knows of an id it was told to expect (ObjectWriter::Expect): every stored
// version, and those it added itself. The write lock keeps it exact until the transaction ends.
struct KnownId {
  struct Version {
    Micros version;
    Micros date_added;
    size_t json_hash;  // tells "same content" from "different content" for a repeated version
  };
  std::vector<Version> versions;
  std::string owner;  // of the newest version
  const Version* Newest() const {
    const Version* newest = nullptr;
    for (const Version& v : versions) {
      if (!newest || v.version > newest->version) newest = &v;
    }
    return newest;
  }
  const Version* Find(Micros version) const {
    for (const Version& v : versions) {
      if (v.version == version) return &v;
    }
    return nullptr;
  }
};

size_t HashJson(std::string_view json) { return std::hash<std::string_view>{}(json); }

// A membership waiting for the objects streamed before it (AddToCollection).
struct PendingMember {
  Micros date_added;
  std::string collection_id;
  Micros object_added;
  bool surely_new;  // its object version was added by this transaction, so it cannot exist
};

// One write transaction. Every Put is decided from what Expect() loaded for its id (a batch's
// ids at once when the caller announced them, else the one id) and its row streamed in through
// a RowAppender (PostgreSQL: COPY); demotions of the versions it supersedes and memberships
// follow at Flush(), which runs before any other statement on the connection and before
// Commit().
class SqlWriter : public ObjectWriter {
 public:
  SqlWriter(Engine& engine, const std::vector<PartFactory>& parts, Lease tx, Micros last_added,
            Micros last_member, bool has_tombstones)
      : engine_(engine),
        part_factories_(parts),
        tx_(std::move(tx)),
        start_added_(last_added),
        last_added_(last_added),
        last_member_(last_member),
        has_tombstones_(has_tombstones) {}

  ~SqlWriter() override {
    appender_.reset();  // an unfinished COPY fails the transaction, which rolls back below
    if (!done_) (void)tx_->Exec("ROLLBACK");
  }

  Status Expect(const std::vector<std::string_view>& ids) override {
    std::string list = "[";
    for (std::string_view id : ids) {
      if (!known_.try_emplace(std::string(id)).second) continue;
      if (list.size() > 1) list += ',';
      json::AppendQuoted(&list, id);
    }
    if (list.size() == 1) return Status::Ok();
    list += ']';
    CONCORD_RETURN_IF_ERROR(Flush());
    const Dialect dialect = tx_->dialect();
    // One index lookup per id on both engines. (PostgreSQL's planner would rather hash the list
    // and scan the whole table, which grows with the store; OFFSET 0 keeps it per id.)
    Query stored(*tx_, dialect == Dialect::kSqlite
                           ? "SELECT id, version, date_added, owner, json FROM objects WHERE id IN "
                             "(SELECT value FROM json_each(?))"
                           : "SELECT k.id, o.version, o.date_added, o.owner, o.json FROM "
                             "jsonb_array_elements_text(CAST(? AS jsonb)) AS k(id) CROSS JOIN "
                             "LATERAL (SELECT version, date_added, owner, json FROM objects "
                             "WHERE id = k.id OFFSET 0) o");
    stored.Bind(list);
    while (stored.Next()) {
      KnownId& known = known_[std::string(stored.Text(0))];
      const KnownId::Version* newest = known.Newest();
      if (!newest || stored.Int(1) > newest->version) known.owner = stored.Text(3);
      known.versions.push_back({stored.Int(1), stored.Int(2), HashJson(stored.Text(4))});
    }
    if (!stored.status().ok()) return stored.status().WithPrefix("expect");
    if (!has_tombstones_) return Status::Ok();
    Query deleted(*tx_, "SELECT object_id, originator FROM tombstones WHERE object_id IN (" +
                            ArrayElements(dialect) + ")");
    deleted.Bind(list);
    while (deleted.Next()) tombstones_[std::string(deleted.Text(0))] = deleted.Text(1);
    return deleted.status().WithPrefix("expect");
  }

  Result<PutResult> Put(const ObjectRecord& r, std::string_view owner) override {
    // An id not announced is looked up on its own (what Expect does for a batch).
    if (!known_.count(r.meta.id)) CONCORD_RETURN_IF_ERROR(Expect({r.meta.id}));
    return PutKnown(known_[r.meta.id], r, owner);
  }

  Status AddToCollection(std::string_view collection_id, Micros object_date_added) override {
    // Adding a member twice keeps the first membership.
    if (!members_.emplace(std::string(collection_id), object_date_added).second) {
      return Status::Ok();
    }
    const Micros added = engine_.NextDateAdded(last_member_);
    last_member_ = added;  // a membership that exists already leaves a gap: harmless
    pending_members_.push_back({added, std::string(collection_id), object_date_added,
                                object_date_added > start_added_ && !removed_members_});
    return Status::Ok();
  }

  Status RemoveFromCollection(std::string_view collection_id,
                              const std::vector<Micros>& membership_date_added) override {
    CONCORD_RETURN_IF_ERROR(Flush());
    members_.clear();  // what is removed may be added again, and is then no longer surely new
    removed_members_ = true;
    for (Micros a : membership_date_added) {
      Query q(*tx_, "DELETE FROM collection_objects WHERE collection_id = ? AND date_added = ?");
      CONCORD_RETURN_IF_ERROR(q.Bind(collection_id).Bind(a).Run());
    }
    return Status::Ok();
  }

  Result<Standing> StandingOf(std::string_view identity) override {
    if (auto it = standings_.find(std::string(identity)); it != standings_.end()) {
      return it->second;
    }
    CONCORD_RETURN_IF_ERROR(Flush());
    Query q(*tx_,
            "SELECT o.id = (SELECT MIN(id) FROM organisations) OR EXISTS (SELECT 1 FROM users u "
            "WHERE u.org_id = o.id AND u.role != 'peer') FROM organisations o "
            "WHERE o.identity_id = ? ORDER BY o.id LIMIT 1");
    Standing standing = Standing::kUnknown;
    if (q.Bind(identity).Next()) standing = q.Int(0) != 0 ? Standing::kLocal : Standing::kPeer;
    CONCORD_RETURN_IF_ERROR(q.status());
    standings_.emplace(std::string(identity), standing);
    return standing;
  }

  Result<std::string> NodeIdentity() override {
    if (node_identity_) return *node_identity_;
    CONCORD_RETURN_IF_ERROR(Flush());
    Query q(*tx_, "SELECT identity_id FROM organisations ORDER BY id LIMIT 1");
    std::string identity = q.Next() ? std::string(q.Text(0)) : "";
    CONCORD_RETURN_IF_ERROR(q.status());
    node_identity_ = identity;
    return identity;
  }

  Result<std::optional<Micros>> Find(std::string_view id, Micros version) override {
    if (!known_.count(std::string(id))) CONCORD_RETURN_IF_ERROR(Expect({id}));
    const KnownId::Version* v = known_[std::string(id)].Find(version);
    return v ? std::optional<Micros>(v->date_added) : std::nullopt;
  }

  Result<int64_t> Delete(std::string_view object_id, std::string_view originator,
                         std::string_view owner, std::string_view tombstone_id) override {
    CONCORD_RETURN_IF_ERROR(Flush());
    Connection& db = *tx_;
    Query owned(db, "SELECT owner FROM objects WHERE id = ? AND owner != '' AND owner != ?");
    if (owned.Bind(object_id).Bind(owner).Next()) {
      return CheckSameOwner(object_id, owned.Text(0), owner);
    }
    CONCORD_RETURN_IF_ERROR(owned.status());
    Query other(db, "SELECT created_by_ref FROM objects WHERE id = ? AND created_by_ref != ?");
    if (other.Bind(object_id).Bind(originator).Next()) {
      return Status::PermissionDenied(
          std::string(object_id) + " was created by " + std::string(other.Text(0)) + ", not by " +
          (originator.empty() ? std::string("an unnamed creator") : std::string(originator)));
    }
    CONCORD_RETURN_IF_ERROR(other.status());
    // The version counted for the id (if the index reached it) leaves the counts with it.
    CONCORD_RETURN_IF_ERROR(UncountObject(db, object_id));
    Query members(db,
                  "DELETE FROM collection_objects WHERE object_added IN "
                  "(SELECT date_added FROM objects WHERE id = ?)");
    CONCORD_RETURN_IF_ERROR(members.Bind(object_id).Run());
    Query versions(db, "DELETE FROM objects WHERE id = ?");
    CONCORD_RETURN_IF_ERROR(versions.Bind(object_id).Run());
    const int64_t removed = versions.Changes();
    Query record(db,
                 "INSERT INTO tombstones (object_id, originator, tombstone, deleted) "
                 "VALUES (?, ?, ?, ?) ON CONFLICT (object_id) DO NOTHING");
    CONCORD_RETURN_IF_ERROR(record.Bind(object_id)
                                .Bind(originator)
                                .Bind(tombstone_id)
                                .Bind(engine_.clock().Now())
                                .Run());
    has_tombstones_ = true;
    known_[std::string(object_id)] = KnownId{};
    tombstones_.try_emplace(std::string(object_id), originator);
    return removed;
  }

  Status Commit() override {
    CONCORD_RETURN_IF_ERROR(Flush());
    done_ = true;
    CONCORD_RETURN_IF_ERROR(tx_->Exec("COMMIT"));
    // Statistics are a hint: failing to refresh them loses nothing.
    if (streamed_ >= kBulkRows) (void)RefreshStatistics(*tx_, "objects, collection_objects");
    return Status::Ok();
  }

 protected:
  void* FindPart(std::type_index type) override {
    // A part writes on this connection as soon as it is used: the objects go first.
    if (Status st = Flush(); !st.ok()) flush_error_ = st;
    for (const auto& [t, part] : parts_) {
      if (t == type) return part.second;
    }
    for (const PartFactory& f : part_factories_) {
      if (f.type != type) continue;
      auto made = f.make(*tx_);
      void* w = made.second;
      parts_.emplace_back(type, std::move(made));
      return w;
    }
    sqlite::DieOnUnknownPart(type);
  }

 private:
  // Put of an id Expect() loaded: decided in memory, the row streamed.
  Result<PutResult> PutKnown(KnownId& known, const ObjectRecord& r, std::string_view owner) {
    const stix::ObjectMeta& m = r.meta;
    if (auto t = tombstones_.find(m.id); t != tombstones_.end() && t->second == m.created_by_ref) {
      return PutResult{PutOutcome::kDeleted, 0, false};
    }
    const KnownId::Version* newest = known.Newest();
    const KnownId::Version* same = known.Find(m.version);
    if (Status st = CheckSameOwner(m.id, newest ? known.owner : "", owner); !st.ok()) {
      if (!same) return st;
      return PutResult{PutOutcome::kUnchanged, same->date_added, false};
    }
    if (same) {
      return PutResult{PutOutcome::kUnchanged, same->date_added,
                       same->json_hash == HashJson(r.json)};
    }
    const bool latest = !newest || m.version > newest->version;
    const Micros added = engine_.NextDateAdded(last_added_);
    if (!appender_) appender_ = tx_->Append("objects", kObjectRowColumns);
    appender_->Int(added)
        .Text(m.id)
        .Int(m.version)
        .Text(m.version_text)
        .Text(m.type)
        .Text(m.spec_version)
        .Text(m.created_by_ref)
        .Text(Join(m.marking_refs, " "))
        .Int(m.revoked)
        .Text(r.json)
        .Int(latest)
        .Int(r.received_from)
        .Text(owner);
    if (Status st = appender_->EndRow(); !st.ok()) return st.WithPrefix("insert " + m.id);
    ++streamed_;
    if (latest && newest) demote_.push_back(newest->date_added);
    if (latest) known.owner = owner;
    known.versions.push_back({m.version, added, HashJson(r.json)});
    last_added_ = added;
    return PutResult{PutOutcome::kAdded, added, true};
  }

  // Ends the streamed rows and applies what waited for them, so that the next statement on the
  // connection sees every write so far.
  Status Flush() {
    if (!flush_error_.ok()) return flush_error_;
    if (appender_) {
      Status st = appender_->Finish();
      appender_.reset();
      if (!st.ok()) return flush_error_ = st.WithPrefix("insert objects");
    }
    if (!demote_.empty()) {
      std::string list = "[";
      for (Micros d : demote_) list += (list.size() > 1 ? "," : "") + std::to_string(d);
      Query demote(*tx_, "UPDATE objects SET latest = 0 WHERE date_added IN (" +
                             ArrayElements(tx_->dialect(), true) + ")");
      if (Status st = demote.Bind(list + "]").Run(); !st.ok()) return flush_error_ = st;
      demote_.clear();
    }
    if (pending_members_.empty()) return Status::Ok();
    // Memberships of versions stored before: one statement for all, skipping those that exist.
    std::string existing = "[";
    streamed_ += pending_members_.size();
    for (const PendingMember& p : pending_members_) {
      if (p.surely_new) continue;
      existing += (existing.size() > 1 ? ",[" : "[") + std::to_string(p.date_added) + ",";
      json::AppendQuoted(&existing, p.collection_id);
      existing += "," + std::to_string(p.object_added) + "]";
    }
    if (existing.size() > 1) {
      Query member(*tx_,
                   "INSERT INTO collection_objects (date_added, collection_id, object_added) " +
                       std::string(tx_->dialect() == Dialect::kSqlite
                                       ? "SELECT value->>0, value->>1, value->>2 FROM json_each(?)"
                                       : "SELECT CAST(e->>0 AS BIGINT), e->>1, CAST(e->>2 AS "
                                         "BIGINT) FROM jsonb_array_elements(CAST(? AS jsonb)) e") +
                       " WHERE TRUE ON CONFLICT (collection_id, object_added) DO NOTHING");
      if (Status st = member.Bind(existing + "]").Run(); !st.ok()) {
        return flush_error_ = st.WithPrefix("add to collection");
      }
    }
    // Memberships of versions this transaction added: new, so streamed.
    std::unique_ptr<RowAppender> fresh;
    for (const PendingMember& p : pending_members_) {
      if (!p.surely_new) continue;
      if (!fresh) {
        fresh = tx_->Append("collection_objects", "date_added, collection_id, object_added");
      }
      fresh->Int(p.date_added).Text(p.collection_id).Int(p.object_added);
      if (Status st = fresh->EndRow(); !st.ok()) return flush_error_ = st;
    }
    pending_members_.clear();
    if (fresh) {
      if (Status st = fresh->Finish(); !st.ok())
        return flush_error_ = st.WithPrefix("add to collection");
    }
    return Status::Ok();
  }

  Engine& engine_;
  const std::vector<PartFactory>& part_factories_;
  Lease tx_;  // the writer, in a transaction, ours until we go
  // The typed parts made so far in this transaction, destroyed with it.
  std::vector<std::pair<std::type_index, PartFactory::Made>> parts_;
  // Per transaction: organisations do not change while the write lock is held.
  std::unordered_map<std::string, Standing> standings_;
  std::optional<std::string> node_identity_;
  // Ids looked up (Expect), with the versions this transaction added, and the tombstones among
  // them (id -> originator).
  std::unordered_map<std::string, KnownId> known_;
  std::unordered_map<std::string, std::string> tombstones_;
  std::unique_ptr<RowAppender> appender_;  // the object rows streaming in, if any
  std::vector<Micros> demote_;             // versions superseded by streamed ones
  std::vector<PendingMember> pending_members_;
  std::set<std::pair<std::string, Micros>> members_;  // added by this transaction
  bool removed_members_ = false;
  size_t streamed_ = 0;       // rows written in bulk
  const Micros start_added_;  // versions added after this were added by this transaction
  Micros last_added_, last_member_;
  bool has_tombstones_;
  Status flush_error_;  // a failed flush fails the rest of the transaction
  bool done_ = false;
};

class SqlObjects : public ObjectStore {
 public:
  SqlObjects(Engine& engine, const std::vector<PartFactory>& parts)
      : engine_(engine), parts_(parts) {}

  Result<std::unique_ptr<ObjectWriter>> BeginWrite() override {
    auto tx = engine_.Write();
    if (!tx) return tx.status();
    // The only writing transaction, across processes too, so date_added grows in commit order.
    CONCORD_RETURN_IF_ERROR(engine_.Begin(*tx));
    Query last(*tx,
               "SELECT (SELECT COALESCE(MAX(date_added), 0) FROM objects), "
               "(SELECT COALESCE(MAX(date_added), 0) FROM collection_objects), "
               "EXISTS (SELECT 1 FROM tombstones)");
    if (!last.Next()) {
      Status st = last.status().ok() ? Status::Internal("no row") : last.status();
      (void)tx->Exec("ROLLBACK");
      return st;
    }
    const Micros last_added = last.Int(0), last_member = last.Int(1);
    const bool has_tombstones = last.Int(2) != 0;
    CONCORD_RETURN_IF_ERROR(last.Run());
    return std::unique_ptr<ObjectWriter>(
        new SqlWriter(engine_, parts_, std::move(tx), last_added, last_member, has_tombstones));
  }

  Status Scan(const ObjectQuery& q,
              const std::function<bool(const StoredObject&)>& fn) const override {
    const bool in_collection = !q.collection_id.empty();
    std::string sql =
        in_collection
            ? std::string("SELECT m.date_added, ") + kObjectColumns +
                  " FROM collection_objects m JOIN objects o ON o.date_added = "
                  "m.object_added WHERE m.collection_id = ?"
            : std::string("SELECT o.date_added, ") + kObjectColumns + " FROM objects o WHERE TRUE";
    auto in_list = [&](const char* column, size_t n) {
      sql += std::string(" AND ") + column + " IN (";
      for (size_t i = 0; i < n; ++i) sql += i ? ",?" : "?";
      sql += ")";
    };
    if (!q.types.empty()) in_list("o.type", q.types.size());
    if (!q.ids.empty()) in_list("o.id", q.ids.size());
    if (!q.spec_versions.empty()) in_list("o.spec_version", q.spec_versions.size());
    if (q.added_after) sql += in_collection ? " AND m.date_added > ?" : " AND o.date_added > ?";
    if (!q.all_versions) {
      // Versions are compared among the versions the scope holds (the collection's, or all).
      std::string peers = in_collection
                              ? "FROM objects v JOIN collection_objects mv ON mv.object_added = "
                                "v.date_added AND mv.collection_id = m.collection_id WHERE v.id "
                                "= o.id"
                              : "FROM objects v WHERE v.id = o.id";
      std::vector<std::string> alternatives;
      // The store-wide newest version (o.latest) is the newest in any collection holding it;
      // only older versions need the subquery (a collection may lack the newest one).
      if (q.last_version) {
        alternatives.push_back(
            in_collection ? "o.latest = 1 OR o.version = (SELECT MAX(v.version) " + peers + ")"
                          : std::string("o.latest = 1"));
      }
      if (q.first_version)
        alternatives.push_back("o.version = (SELECT MIN(v.version) " + peers + ")");
      if (!q.versions.empty()) {
        std::string in = "o.version IN (";
        for (size_t i = 0; i < q.versions.size(); ++i) in += i ? ",?" : "?";
        alternatives.push_back(in + ")");
      }
      if (alternatives.empty()) alternatives.push_back("FALSE");
      sql += " AND (";
      for (size_t i = 0; i < alternatives.size(); ++i) {
        sql += (i ? " OR " : "") + alternatives[i];
      }
      sql += ")";
    }
    // Read in chunks, each resuming after the last row of the one before (see NextChunk).
    sql += in_collection ? " AND m.date_added > ? ORDER BY m.date_added LIMIT ?"
                         : " AND o.date_added > ? ORDER BY o.date_added LIMIT ?";

    auto conn = engine_.Read();
    if (!conn) return conn.status();
    // One snapshot for the whole scan.
    CONCORD_RETURN_IF_ERROR(conn->Exec(BeginSnapshot(conn->dialect())));
    Status st = ReadInChunks(
        [&](const StoredObject* last, size_t limit) {
          Query query(*conn, sql);
          if (in_collection) query.Bind(q.collection_id);
          for (const auto& t : q.types) query.Bind(t);
          for (const auto& id : q.ids) query.Bind(id);
          for (const auto& v : q.spec_versions) query.Bind(v);
          if (q.added_after) query.Bind(*q.added_after);
          if (!q.all_versions) {
            for (Micros v : q.versions) query.Bind(v);
          }
          query.Bind(last ? last->date_added : std::numeric_limits<Micros>::min());
          query.Bind(static_cast<int64_t>(limit));
          return query;
        },
        q.limit ? q.limit : std::numeric_limits<size_t>::max(), fn);
    (void)conn->Exec("COMMIT");
    return st;
  }

  Result<int64_t> CountVersions() const override {
    auto conn = engine_.Read();
    if (!conn) return conn.status();
    Query q(*conn, "SELECT COUNT(*) FROM objects");
    if (!q.Next()) return q.status();
    return q.Int(0);
  }

  Result<uint64_t> DataVersion() const override { return engine_.DataVersion(); }

  Result<int64_t> DeletedSince(int64_t after,
                               const std::function<void(std::string_view)>& fn) const override {
    auto conn = engine_.Read();
    if (!conn) return conn.status();
    Query q(*conn, "SELECT seq, object_id FROM tombstones WHERE seq > ? ORDER BY seq");
    q.Bind(after);
    while (q.Next()) {
      after = q.Int(0);
      fn(q.Text(1));
    }
    if (!q.status().ok()) return q.status();
    return after;
  }

  Result<size_t> UpdateSearchIndex(size_t max_objects) override {
    return sql::UpdateSearchIndex(engine_, index_current_at_, max_objects);
  }
  Status Search(const ObjectSearch& search,
                const std::function<bool(const StoredObject&)>& fn) const override {
    return SearchObjects(engine_, search, fn);
  }
  Status FindReferencing(std::string_view key,
                         const std::function<bool(const StoredObject&)>& fn) const override {
    return sql::FindReferencing(engine_, key, fn);
  }
  Status Aggregate(const AggregateQuery& query,
                   const std::function<void(const FactGroup&)>& fn) const override {
    return AggregateObjects(engine_, query, fn);
  }

  Result<std::vector<StoredObject>> Versions(std::string_view id) const override {
    auto conn = engine_.Read();
    if (!conn) return conn.status();
    Query q(*conn, std::string("SELECT o.date_added, ") + kObjectColumns +
                       " FROM objects o WHERE o.id = ? ORDER BY o.version");
    q.Bind(id);
    std::vector<StoredObject> out;
    while (q.Next()) {
      out.emplace_back();
      ReadObjectRow(q, &out.back());
    }
    if (!q.status().ok()) return q.status();
    return out;
  }

 private:
  Engine& engine_;
  const std::vector<PartFactory>& parts_;
  // The data version at which the search index was last found current.
  std::atomic<uint64_t> index_current_at_{0};
};

}  // namespace

std::unique_ptr<ObjectStore> MakeObjectStore(Engine& engine,
                                             const std::vector<sqlite::PartFactory>& parts) {
  return std::make_unique<SqlObjects>(engine, parts);
}

}  // namespace sql

namespace sqlite {

// The objects module's schema: forward-only migrations, numbered across all modules
// (store/sqlite/schema.cc). Never edit one that has shipped; add a new one.
const std::vector<Migration>& ObjectsMigrations() {
  static const std::vector<Migration> kMigrations = {
      // STIX object versions.
      {1, "objects",
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
       R"sql(      CREATE TABLE objects (
        date_added     BIGINT PRIMARY KEY,
        id             TEXT COLLATE "C" NOT NULL,
        version        BIGINT NOT NULL,
        version_text   TEXT COLLATE "C" NOT NULL,
        type           TEXT COLLATE "C" NOT NULL,
        spec_version   TEXT COLLATE "C" NOT NULL,
        created_by_ref TEXT COLLATE "C" NOT NULL,
        marking_refs   TEXT COLLATE "C" NOT NULL,
        revoked        BIGINT NOT NULL,
        json           TEXT COLLATE "C" NOT NULL
      );
      CREATE UNIQUE INDEX objects_by_id_version ON objects (id, version);
      CREATE INDEX objects_by_type_added ON objects (type, date_added);
      
      )sql"},
      // mark the newest stored version of each id, so "latest version" needs no subquery.
      {3, "objects",
       R"sql(
      ALTER TABLE objects ADD COLUMN latest INTEGER NOT NULL DEFAULT 0;
      UPDATE objects SET latest = (version = (SELECT MAX(v.version) FROM objects v
                                              WHERE v.id = objects.id));
      )sql",
       R"sql(      ALTER TABLE objects ADD COLUMN latest BIGINT NOT NULL DEFAULT 0;
      
      )sql"},
      // who owns each id here (store/ownership.h): its creator, or for versions without one the
      // organisation that supplied it (a peer's, else the node's own).
      {8, "objects",
       R"sql(
      ALTER TABLE objects ADD COLUMN owner TEXT NOT NULL DEFAULT '';
      UPDATE objects SET owner = CASE
        WHEN created_by_ref != '' THEN created_by_ref
        WHEN received_from != 0 THEN COALESCE(
          (SELECT g.identity_id FROM peers p JOIN organisations g ON g.id = p.org_id
           WHERE p.id = objects.received_from), 'concord-peer:' || received_from)
        ELSE COALESCE((SELECT identity_id FROM organisations ORDER BY id LIMIT 1), '') END;
      )sql",
       R"sql(      ALTER TABLE objects ADD COLUMN owner TEXT COLLATE "C" NOT NULL DEFAULT '';
      
      )sql"},
      // the search index (store/sqlite/object_search.cc), built behind the writes: the text of
      // names and descriptions (FTS5, contentless: rowid = the version's date_added), and each
      // version's values, labels and references; sorting the latest versions by modified.
      {10, "objects",
       R"sql(
      CREATE VIRTUAL TABLE objects_text USING fts5 (name, description, content = '');
      CREATE TABLE object_refs (
        key        TEXT NOT NULL,      -- "value:198.51.100.7", "label:malicious-activity", "ref:<id>"
        date_added INTEGER NOT NULL    -- the version (objects.date_added)
      );
      CREATE INDEX object_refs_by_key ON object_refs (key, date_added);
      CREATE TABLE search_index_state (
        id              INTEGER PRIMARY KEY CHECK (id = 1),
        indexed_through INTEGER NOT NULL  -- the last objects.date_added indexed
      );
      CREATE INDEX objects_latest_by_version ON objects (version, date_added) WHERE latest = 1;
      -- Counts of latest versions by day added and what the sharing policy reads (label '': the
      -- objects themselves; else one row per label), and which version of each id is counted.
      CREATE TABLE object_counts (
        day            INTEGER NOT NULL,   -- date_added / 86400000000
        type           TEXT NOT NULL,
        marking_refs   TEXT NOT NULL,
        created_by_ref TEXT NOT NULL,
        received_from  INTEGER NOT NULL,
        policy_ext     TEXT NOT NULL,      -- the policy extension's JSON value, or ''
        label          TEXT NOT NULL,
        n              INTEGER NOT NULL,
        PRIMARY KEY (day, type, marking_refs, created_by_ref, received_from, policy_ext, label)
      ) WITHOUT ROWID;
      CREATE TABLE object_counted (
        id         TEXT PRIMARY KEY,
        date_added INTEGER NOT NULL        -- the version counted (the latest, once indexed)
      ) WITHOUT ROWID;
      )sql",
       R"sql(      CREATE TABLE objects_text (
        date_added BIGINT PRIMARY KEY,  -- the version (objects.date_added)
        words      tsvector NOT NULL    -- name and description ('simple': no stemming)
      );
      CREATE INDEX objects_text_words ON objects_text USING GIN (words);
      CREATE TABLE object_refs (
        key        TEXT COLLATE "C" NOT NULL,
        date_added BIGINT NOT NULL
      );
      CREATE INDEX object_refs_by_key ON object_refs (key, date_added);
      CREATE TABLE search_index_state (
        id              BIGINT PRIMARY KEY CHECK (id = 1),
        indexed_through BIGINT NOT NULL
      );
      CREATE INDEX objects_latest_by_version ON objects (version, date_added) WHERE latest = 1;
      CREATE TABLE object_counts (
        day            BIGINT NOT NULL,
        type           TEXT COLLATE "C" NOT NULL,
        marking_refs   TEXT COLLATE "C" NOT NULL,
        created_by_ref TEXT COLLATE "C" NOT NULL,
        received_from  BIGINT NOT NULL,
        policy_ext     TEXT COLLATE "C" NOT NULL,
        label          TEXT COLLATE "C" NOT NULL,
        n              BIGINT NOT NULL,
        PRIMARY KEY (day, type, marking_refs, created_by_ref, received_from, policy_ext, label)
      );
      CREATE TABLE object_counted (
        id         TEXT COLLATE "C" PRIMARY KEY,
        date_added BIGINT NOT NULL
      );
      
      )sql"},
  };
  return kMigrations;
}

}  // namespace sqlite
}  // namespace concord::store
