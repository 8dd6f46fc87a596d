// PeerStore in portable SQL (SQLite and PostgreSQL): peer nodes, their sync state and cursors.

#include "common/strings.h"
#include "store/sql/stores.h"
#include "store/sqlite/schema.h"

namespace concord::store {
namespace sql {
namespace {

constexpr const char* kPeerColumns =
    "id, name, url, token, ca_file, collections, into_collection, interval, paused, created, "
    "last_attempt, last_success, last_error, failures, received, org_id, push_to, push_from";

Peer ReadPeer(const Query& q) {
  Peer p;
  p.id = q.Int(0);
  p.name = q.Text(1);
  p.url = q.Text(2);
  p.token = q.Text(3);
  p.ca_file = q.Text(4);
  p.collections = Split(q.Text(5), ' ', /*skip_empty=*/true);
  p.into_collection = q.Text(6);
  p.interval = q.Int(7);
  p.paused = q.Int(8) != 0;
  p.created = q.Int(9);
  p.last_attempt = q.Int(10);
  p.last_success = q.Int(11);
  p.last_error = q.Text(12);
  p.failures = q.Int(13);
  p.received = q.Int(14);
  p.org_id = q.Int(15);
  p.push_to = q.Text(16);
  p.push_from = Split(q.Text(17), ' ', /*skip_empty=*/true);
  return p;
}

class SqlPeers : public PeerStore {
 public:
  explicit SqlPeers(Engine& engine) : engine_(engine) {}

  Result<Peer> AddPeer(const Peer& p) override {
    // The token is the peer's secret: stored encrypted with the node key.
    auto box = engine_.Secrets();
    if (!box.ok()) return box.status();
    auto sealed = (*box)->Seal(p.token);
    if (!sealed.ok()) return sealed.status();
    {
      auto writer = engine_.Write();
      if (!writer) return writer.status();
      Query q(*writer,
              "INSERT INTO peers (name, url, token, ca_file, collections, into_collection, "
              "interval, paused, created, org_id, push_to, push_from) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      Status st = q.Bind(p.name)
                      .Bind(p.url)
                      .Bind(*sealed)
                      .Bind(p.ca_file)
                      .Bind(Join(p.collections, " "))
                      .Bind(p.into_collection)
                      .Bind(p.interval)
                      .Bind(int64_t{p.paused})
                      .Bind(p.created)
                      .Bind(p.org_id)
                      .Bind(p.push_to)
                      .Bind(Join(p.push_from, " "))
                      .Run();
      if (st.code() == StatusCode::kAlreadyExists) {
        return Status::AlreadyExists("peer " + p.name + " already exists");
      }
      CONCORD_RETURN_IF_ERROR(st);
    }
    return FindPeer(p.name);
  }

  Result<std::vector<Peer>> ListPeers() const override {
    auto peers =
        ReadAll<Peer>(engine_, std::string("SELECT ") + kPeerColumns + " FROM peers ORDER BY name",
                      NoParameters, ReadPeer);
    if (!peers.ok()) return peers.status();
    for (Peer& p : *peers) CONCORD_RETURN_IF_ERROR(OpenToken(&p));
    return peers;
  }

  Result<Peer> FindPeer(std::string_view name) const override {
    return Opened(ReadOne<Peer>(
        engine_, std::string("SELECT ") + kPeerColumns + " FROM peers WHERE name = ?",
        [&](Query& q) { q.Bind(name); }, ReadPeer, "no peer named " + std::string(name)));
  }

  Result<Peer> FindPeerOfOrganisation(int64_t org_id) const override {
    return Opened(ReadOne<Peer>(
        engine_,
        std::string("SELECT ") + kPeerColumns + " FROM peers WHERE org_id = ? ORDER BY id LIMIT 1",
        [&](Query& q) { q.Bind(org_id); }, ReadPeer,
        "no peer of organisation #" + std::to_string(org_id)));
  }

  // Decrypts the stored token (tokens stored before encryption read as they are).
  Status OpenToken(Peer* p) const {
    if (!SecretBox::IsSealed(p->token)) return Status::Ok();
    auto box = engine_.Secrets();
    if (!box.ok()) return box.status();
    auto plain = (*box)->Open(p->token);
    if (!plain.ok()) return plain.status().WithPrefix("peer " + p->name + "'s token");
    p->token = std::move(*plain);
    return Status::Ok();
  }
  Result<Peer> Opened(Result<Peer> peer) const {
    if (peer.ok()) CONCORD_RETURN_IF_ERROR(OpenToken(&*peer));
    return peer;
  }

  Status RemovePeer(std::string_view name) override {
    auto peer = FindPeer(name);
    if (!peer.ok()) return peer.status();
    auto writer = engine_.Write();
    if (!writer) return writer.status();
    for (const char* table : {"peer_cursors", "peer_push_cursors"}) {
      Query cursors(*writer, std::string("DELETE FROM ") + table + " WHERE peer_id = ?");
      CONCORD_RETURN_IF_ERROR(cursors.Bind(peer->id).Run());
    }
    Query q(*writer, "DELETE FROM peers WHERE id = ?");
    return q.Bind(peer->id).Run();
  }

  Status SetPaused(std::string_view name, bool paused) override {
    auto peer = FindPeer(name);
    if (!peer.ok()) return peer.status();
    auto writer = engine_.Write();
    if (!writer) return writer.status();
    Query q(*writer, "UPDATE peers SET paused = ? WHERE id = ?");
    return q.Bind(int64_t{paused}).Bind(peer->id).Run();
  }

  Result<std::string> GetCursor(int64_t peer_id,
                                std::string_view remote_collection) const override {
    auto r = ReadOne<std::string>(
        engine_, "SELECT added_after FROM peer_cursors WHERE peer_id = ? AND remote_collection = ?",
        [&](Query& q) { q.Bind(peer_id).Bind(remote_collection); },
        [](const Query& q) { return std::string(q.Text(0)); }, "no cursor");
    if (!r.ok() && r.status().code() == StatusCode::kNotFound) return std::string();
    return r;
  }

  Result<Micros> GetPushCursor(int64_t peer_id, std::string_view local_collection) const override {
    auto r = ReadOne<Micros>(
        engine_,
        "SELECT pushed_through FROM peer_push_cursors WHERE peer_id = ? AND local_collection = ?",
        [&](Query& q) { q.Bind(peer_id).Bind(local_collection); },
        [](const Query& q) { return Micros{q.Int(0)}; }, "no cursor");
    if (!r.ok() && r.status().code() == StatusCode::kNotFound) return Micros{0};
    return r;
  }

  Status RecordAttempt(int64_t peer_id, Micros at, const Status& outcome,
                       int64_t received) override {
    auto writer = engine_.Write();
    if (!writer) return writer.status();
    if (outcome.ok()) {
      Query q(*writer,
              "UPDATE peers SET last_attempt = ?, last_success = ?, last_error = '', "
              "failures = 0, received = received + ? WHERE id = ?");
      return q.Bind(at).Bind(at).Bind(received).Bind(peer_id).Run();
    }
    Query q(*writer,
            "UPDATE peers SET last_attempt = ?, last_error = ?, failures = failures + 1, "
            "received = received + ? WHERE id = ?");
    return q.Bind(at).Bind(outcome.message()).Bind(received).Bind(peer_id).Run();
  }

 private:
  Engine& engine_;
};

}  // namespace

std::unique_ptr<PeerStore> MakePeerStore(Engine& engine) {
  return std::make_unique<SqlPeers>(engine);
}

}  // namespace sql

namespace sqlite {

// The peers module's schema: forward-only migrations, numbered across all modules
// (store/sqlite/schema.cc). Never edit one that has shipped; add a new one.
const std::vector<Migration>& PeersMigrations() {
  static const std::vector<Migration> kMigrations = {
      // peer nodes, their sync cursors, and where each object version came from.
      {4, "peers",
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
       R"sql(      CREATE TABLE peers (
        id              BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        name            TEXT COLLATE "C" NOT NULL UNIQUE,
        url             TEXT COLLATE "C" NOT NULL,
        token           TEXT COLLATE "C" NOT NULL,
        ca_file         TEXT COLLATE "C" NOT NULL,
        collections     TEXT COLLATE "C" NOT NULL,
        into_collection TEXT COLLATE "C" NOT NULL REFERENCES collections (id),
        "interval"      BIGINT NOT NULL,
        paused          BIGINT NOT NULL DEFAULT 0,
        created         BIGINT NOT NULL,
        last_attempt    BIGINT NOT NULL DEFAULT 0,
        last_success    BIGINT NOT NULL DEFAULT 0,
        last_error      TEXT COLLATE "C" NOT NULL DEFAULT '',
        failures        BIGINT NOT NULL DEFAULT 0,
        received        BIGINT NOT NULL DEFAULT 0
      );
      CREATE TABLE peer_cursors (
        peer_id           BIGINT NOT NULL REFERENCES peers (id) ON DELETE CASCADE,
        remote_collection TEXT COLLATE "C" NOT NULL,
        added_after       TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (peer_id, remote_collection)
      );
      ALTER TABLE objects ADD COLUMN received_from BIGINT NOT NULL DEFAULT 0;
      
      )sql"},
      // pushing to peers, the peer's organisation, deletions (tombstones), node settings.
      {5, "peers",
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
       R"sql(      ALTER TABLE peers ADD COLUMN org_id BIGINT NOT NULL DEFAULT 0;
      ALTER TABLE peers ADD COLUMN push_to TEXT COLLATE "C" NOT NULL DEFAULT '';
      ALTER TABLE peers ADD COLUMN push_from TEXT COLLATE "C" NOT NULL DEFAULT '';
      CREATE TABLE peer_push_cursors (
        peer_id          BIGINT NOT NULL REFERENCES peers (id) ON DELETE CASCADE,
        local_collection TEXT COLLATE "C" NOT NULL,
        pushed_through   BIGINT NOT NULL,
        PRIMARY KEY (peer_id, local_collection)
      );
      CREATE TABLE tombstones (
        seq        BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        object_id  TEXT COLLATE "C" NOT NULL UNIQUE,
        originator TEXT COLLATE "C" NOT NULL,
        tombstone  TEXT COLLATE "C" NOT NULL,
        deleted    BIGINT NOT NULL
      );
      CREATE TABLE settings (
        key   TEXT COLLATE "C" PRIMARY KEY,
        value TEXT COLLATE "C" NOT NULL
      );
      
      )sql"},
  };
  return kMigrations;
}

}  // namespace sqlite
}  // namespace concord::store
