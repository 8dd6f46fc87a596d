// CollectionStore in portable SQL (SQLite and PostgreSQL): TAXII collections, grants and status
// resources.

#include "common/strings.h"
#include "store/sql/stores.h"

namespace concord::store::sql {
namespace {

Collection ReadCollection(const Query& q) {
  return {std::string(q.Text(0)), std::string(q.Text(1)), std::string(q.Text(2)),
          Split(q.Text(3), ' ', true), q.Int(4)};
}

class SqlCollections : public CollectionStore {
 public:
  explicit SqlCollections(Engine& engine) : engine_(engine) {}

  Status AddCollection(const Collection& c) override {
    auto writer = engine_.Write();
    if (!writer) return writer.status();
    Query q(*writer,
            "INSERT INTO collections (id, title, description, media_types, created) "
            "VALUES (?, ?, ?, ?, ?)");
    std::string media = Join(c.media_types, " ");
    Status st = q.Bind(c.id).Bind(c.title).Bind(c.description).Bind(media).Bind(c.created).Run();
    if (st.code() == StatusCode::kAlreadyExists) {
      return Status::AlreadyExists("collection " + c.id + " already exists");
    }
    return st;
  }

  Result<std::vector<Collection>> ListCollections() const override {
    return ReadAll<Collection>(
        engine_,
        "SELECT id, title, description, media_types, created FROM collections ORDER BY created",
        NoParameters, ReadCollection);
  }

  Result<Collection> GetCollection(std::string_view id) const override {
    return ReadOne<Collection>(
        engine_,
        "SELECT id, title, description, media_types, created FROM collections WHERE id = ?",
        [&](Query& q) { q.Bind(id); }, ReadCollection, "no such collection " + std::string(id));
  }

  Status SetGrant(const Grant& g) override {
    auto writer = engine_.Write();
    if (!writer) return writer.status();
    Query q(*writer,
            "INSERT INTO collection_grants (collection_id, org_id, can_read, can_write) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (collection_id, org_id) DO UPDATE SET "
            "can_read = excluded.can_read, can_write = excluded.can_write");
    return q.Bind(g.collection_id)
        .Bind(g.org_id)
        .Bind(int64_t{g.can_read})
        .Bind(int64_t{g.can_write})
        .Run();
  }

  Result<std::vector<Grant>> ListGrants(std::string_view collection_id) const override {
    return ReadAll<Grant>(
        engine_,
        "SELECT collection_id, org_id, can_read, can_write FROM collection_grants "
        "WHERE collection_id = ? ORDER BY org_id",
        [&](Query& q) { q.Bind(collection_id); },
        [](const Query& q) {
          return Grant{std::string(q.Text(0)), q.Int(1), q.Int(2) != 0, q.Int(3) != 0};
        });
  }

  Result<Grant> GetGrant(std::string_view collection_id, int64_t org_id) const override {
    auto conn = engine_.Read();
    if (!conn) return conn.status();
    Query q(*conn,
            "SELECT can_read, can_write FROM collection_grants WHERE collection_id = ? AND "
            "org_id = ?");
    q.Bind(collection_id).Bind(org_id);
    Grant g{std::string(collection_id), org_id, false, false};
    if (q.Next()) {
      g.can_read = q.Int(0) != 0;
      g.can_write = q.Int(1) != 0;
    }
    if (!q.status().ok()) return q.status();
    return g;
  }

  Result<int64_t> CountCollectionObjects(std::string_view collection_id) const override {
    return ReadOne<int64_t>(
        engine_, "SELECT COUNT(*) FROM collection_objects WHERE collection_id = ?",
        [&](Query& q) { q.Bind(collection_id); }, [](const Query& q) { return q.Int(0); },
        "no count");
  }

  Status PutStatus(const StoredStatus& s) override {
    auto writer = engine_.Write();
    if (!writer) return writer.status();
    Query q(*writer,
            "INSERT INTO taxii_statuses (id, org_id, body) VALUES (?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET body = excluded.body");
    return q.Bind(s.id).Bind(s.org_id).Bind(s.body).Run();
  }

  Result<StoredStatus> GetStatus(std::string_view id) const override {
    return ReadOne<StoredStatus>(
        engine_, "SELECT id, org_id, body FROM taxii_statuses WHERE id = ?",
        [&](Query& q) { q.Bind(id); },
        [](const Query& q) {
          return StoredStatus{std::string(q.Text(0)), q.Int(1), std::string(q.Text(2))};
        },
        "no such status " + std::string(id));
  }

 private:
  Engine& engine_;
};

}  // namespace

std::unique_ptr<CollectionStore> MakeCollectionStore(Engine& engine) {
  return std::make_unique<SqlCollections>(engine);
}

}  // namespace concord::store::sql
