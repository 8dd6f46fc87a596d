// AccountStore in portable SQL (SQLite and PostgreSQL): organisations, users, tokens.

#include <algorithm>

#include "store/sql/stores.h"
#include "store/sqlite/schema.h"

namespace concord::store {

const char* RoleName(Role r) {
  switch (r) {
    case Role::kAdmin:
      return "admin";
    case Role::kAnalyst:
      return "analyst";
    case Role::kReader:
      return "reader";
    case Role::kPeer:
      return "peer";
  }
  return "reader";
}

std::optional<Role> ParseRole(std::string_view s) {
  if (s == "admin") return Role::kAdmin;
  if (s == "analyst") return Role::kAnalyst;
  if (s == "reader") return Role::kReader;
  if (s == "peer") return Role::kPeer;
  return std::nullopt;
}

namespace sql {
namespace {

constexpr const char* kOrgColumns = "id, name, identity_id, created";
constexpr const char* kUserColumns =
    "id, name, org_id, role, password_hash, disabled, created, must_change_password, preferences";
constexpr const char* kSessionColumns = "digest, user_id, created, last_seen, expires";
constexpr const char* kTokenColumns = "id, digest, user_id, name, created, expires, revoked";

Organisation ReadOrg(const Query& q) {
  return {q.Int(0), std::string(q.Text(1)), std::string(q.Text(2)), q.Int(3)};
}
User ReadUser(const Query& q) {
  return {q.Int(0),
          std::string(q.Text(1)),
          q.Int(2),
          ParseRole(q.Text(3)).value_or(Role::kReader),
          std::string(q.Text(4)),
          q.Int(5) != 0,
          q.Int(6),
          q.Int(7) != 0,
          std::string(q.Text(8))};
}
Session ReadSession(const Query& q) {
  return {std::string(q.Text(0)), q.Int(1), q.Int(2), q.Int(3), q.Int(4)};
}
Token ReadToken(const Query& q) {
  Token t{
      std::string(q.Text(0)), std::string(q.Text(1)), q.Int(2), std::string(q.Text(3)), q.Int(4),
      std::nullopt,           q.Int(6) != 0};
  if (!q.IsNull(5)) t.expires = q.Int(5);
  return t;
}

class SqlAccounts : public AccountStore {
 public:
  explicit SqlAccounts(Engine& engine) : engine_(engine) {}

  Result<Organisation> AddOrganisation(const Organisation& org) override {
    auto writer = engine_.Write();
    if (!writer) return writer.status();
    Query q(*writer,
            "INSERT INTO organisations (name, identity_id, created) VALUES (?, ?, ?) RETURNING id");
    Organisation out = org;
    Status st = ReturnedId(q.Bind(org.name).Bind(org.identity_id).Bind(org.created), &out.id);
    if (st.code() == StatusCode::kAlreadyExists) {
      return Status::AlreadyExists("organisation '" + org.name + "' already exists");
    }
    if (!st.ok()) return st;
    return out;
  }

  Result<std::vector<Organisation>> ListOrganisations() const override {
    return List<Organisation>(
        std::string("SELECT ") + kOrgColumns + " FROM organisations ORDER BY name", ReadOrg);
  }
  Result<Organisation> FindOrganisation(std::string_view name) const override {
    return One<Organisation>(
        std::string("SELECT ") + kOrgColumns + " FROM organisations WHERE name = ?", name, ReadOrg,
        "organisation");
  }
  Result<Organisation> GetOrganisation(int64_t id) const override {
    return One<Organisation>(
        std::string("SELECT ") + kOrgColumns + " FROM organisations WHERE id = ?", id, ReadOrg,
        "organisation");
  }

  Result<User> AddUser(const User& user) override {
    auto writer = engine_.Write();
    if (!writer) return writer.status();
    Query q(*writer,
            "INSERT INTO users (name, org_id, role, password_hash, disabled, created, "
            "must_change_password, preferences) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    User out = user;
    Status st =
        ReturnedId(q.Bind(user.name)
                       .Bind(user.org_id)
                       .Bind(RoleName(user.role))
                       .Bind(user.password_hash)
                       .Bind(int64_t{user.disabled})
                       .Bind(user.created)
                       .Bind(int64_t{user.must_change_password})
                       .Bind(user.preferences.empty() ? std::string("{}") : user.preferences),
                   &out.id);
    if (st.code() == StatusCode::kAlreadyExists) {
      return Status::AlreadyExists("user '" + user.name + "' already exists");
    }
    if (!st.ok()) return st;
    return out;
  }
  Result<std::vector<User>> ListUsers() const override {
    return List<User>(std::string("SELECT ") + kUserColumns + " FROM users ORDER BY name",
                      ReadUser);
  }
  Result<User> FindUser(std::string_view name) const override {
    return One<User>(std::string("SELECT ") + kUserColumns + " FROM users WHERE name = ?", name,
                     ReadUser, "user");
  }
  Result<User> GetUser(int64_t id) const override {
    return One<User>(std::string("SELECT ") + kUserColumns + " FROM users WHERE id = ?", id,
                     ReadUser, "user");
  }
  Status SetUserDisabled(std::string_view name, bool disabled) override {
    return Update("UPDATE users SET disabled = ? WHERE name = ?", int64_t{disabled}, name,
                  "user '" + std::string(name) + "'");
  }
  Result<int64_t> CountUsers() const override {
    return ReadOne<int64_t>(
        engine_, "SELECT COUNT(*) FROM users", NoParameters,
        [](const Query& q) { return q.Int(0); }, "no count");
  }

  Status SetPassword(int64_t user_id, const std::string& password_hash, bool must_change) override {
    auto writer = engine_.Write();
    if (!writer) return writer.status();
    Query q(*writer, "UPDATE users SET password_hash = ?, must_change_password = ? WHERE id = ?");
    CONCORD_RETURN_IF_ERROR(q.Bind(password_hash).Bind(int64_t{must_change}).Bind(user_id).Run());
    return Changed(q, "user");
  }
  Status SetUserRole(std::string_view name, Role role) override {
    auto writer = engine_.Write();
    if (!writer) return writer.status();
    Query q(*writer, "UPDATE users SET role = ? WHERE name = ?");
    CONCORD_RETURN_IF_ERROR(q.Bind(RoleName(role)).Bind(name).Run());
    return Changed(q, "user '" + std::string(name) + "'");
  }
  Status SetPreferences(int64_t user_id, const std::string& preferences_json) override {
    auto writer = engine_.Write();
    if (!writer) return writer.status();
    Query q(*writer, "UPDATE users SET preferences = ? WHERE id = ?");
    CONCORD_RETURN_IF_ERROR(q.Bind(preferences_json).Bind(user_id).Run());
    return Changed(q, "user");
  }

  Status AddSession(const Session& s) override {
    auto writer = engine_.Write();
    if (!writer) return writer.status();
    Query q(*writer,
            "INSERT INTO sessions (digest, user_id, created, last_seen, expires) "
            "VALUES (?, ?, ?, ?, ?)");
    return q.Bind(s.digest).Bind(s.user_id).Bind(s.created).Bind(s.last_seen).Bind(s.expires).Run();
  }
  Result<Session> FindSession(std::string_view digest) const override {
    return One<Session>(
        std::string("SELECT ") + kSessionColumns + " FROM sessions WHERE digest = ?", digest,
        ReadSession, "session");
  }
  Status TouchSession(std::string_view digest, Micros last_seen) override {
    auto writer = engine_.Write();
    if (!writer) return writer.status();
    Query q(*writer, "UPDATE sessions SET last_seen = ? WHERE digest = ?");
    return q.Bind(last_seen).Bind(digest).Run();
  }
  Status DeleteSession(std::string_view digest) override {
    auto writer = engine_.Write();
    if (!writer) return writer.status();
    Query q(*writer, "DELETE FROM sessions WHERE digest = ?");
    return q.Bind(digest).Run();
  }
  Status DeleteSessionsOf(int64_t user_id, std::string_view keep) override {
    auto writer = engine_.Write();
    if (!writer) return writer.status();
    // An empty `keep` keeps nothing (bound as text, so that it never compares as NULL).
    Query q(*writer, "DELETE FROM sessions WHERE user_id = ? AND digest != ?");
    return q.Bind(user_id).Bind(std::string(keep.empty() ? "-" : keep)).Run();
  }
  Status RecordSignInFailure(std::string_view key, Micros at, Micros forget_before) override {
    auto writer = engine_.Write();
    if (!writer) return writer.status();
    CONCORD_RETURN_IF_ERROR(engine_.Begin(*writer));
    Query forget(*writer, "DELETE FROM sign_in_failures WHERE at < ?");
    Status st = forget.Bind(forget_before).Run();
    Query record(*writer, "INSERT INTO sign_in_failures (key, at) VALUES (?, ?)");
    if (st.ok()) st = record.Bind(key).Bind(at).Run();
    if (!st.ok()) {
      (void)writer->Exec("ROLLBACK");
      return st;
    }
    return writer->Exec("COMMIT");
  }
  Result<std::vector<Micros>> SignInFailures(std::string_view key, Micros after,
                                             int limit) const override {
    auto times = ReadAll<Micros>(
        engine_,
        "SELECT at FROM sign_in_failures WHERE key = ? AND at > ? ORDER BY at DESC LIMIT ?",
        [&](Query& q) { q.Bind(key).Bind(after).Bind(static_cast<int64_t>(limit)); },
        [](Query& q) { return q.Int(0); });
    if (!times.ok()) return times.status();
    std::reverse(times->begin(), times->end());
    return times;
  }

  Result<int64_t> DeleteExpiredSessions(Micros now, Micros idle_before) override {
    auto writer = engine_.Write();
    if (!writer) return writer.status();
    Query q(*writer, "DELETE FROM sessions WHERE expires <= ? OR last_seen < ?");
    CONCORD_RETURN_IF_ERROR(q.Bind(now).Bind(idle_before).Run());
    return q.Changes();
  }

  Result<uint64_t> DataVersion() const override { return engine_.DataVersion(); }

  Status AddToken(const Token& t) override {
    auto writer = engine_.Write();
    if (!writer) return writer.status();
    Query q(*writer,
            "INSERT INTO tokens (id, digest, user_id, name, created, expires, revoked) "
            "VALUES (?, ?, ?, ?, ?, ?, 0)");
    q.Bind(t.id).Bind(t.digest).Bind(t.user_id).Bind(t.name).Bind(t.created);
    if (t.expires) {
      q.Bind(*t.expires);
    } else {
      q.BindNull();
    }
    return q.Run();
  }
  Result<Token> FindTokenByDigest(std::string_view digest) const override {
    return One<Token>(std::string("SELECT ") + kTokenColumns + " FROM tokens WHERE digest = ?",
                      digest, ReadToken, "token");
  }
  Result<std::vector<Token>> ListTokens() const override {
    return List<Token>(std::string("SELECT ") + kTokenColumns + " FROM tokens ORDER BY created",
                       ReadToken);
  }
  Status RevokeToken(std::string_view id) override {
    return Update("UPDATE tokens SET revoked = 1 WHERE id = ?", std::nullopt, id,
                  "token '" + std::string(id) + "'");
  }

 private:
  template <typename T>
  Result<std::vector<T>> List(const std::string& sql, T (*read)(const Query&)) const {
    return ReadAll<T>(engine_, sql, NoParameters, read);
  }

  template <typename T, typename Key>
  Result<T> One(const std::string& sql, Key key, T (*read)(const Query&), const char* what) const {
    return ReadOne<T>(
        engine_, sql, [&](Query& q) { q.Bind(key); }, read, std::string("no such ") + what);
  }

  // Runs an UPDATE with an optional leading integer and a text key; NotFound if no row changed.
  Status Update(const char* sql, std::optional<int64_t> value, std::string_view key,
                const std::string& what) {
    auto writer = engine_.Write();
    if (!writer) return writer.status();
    Query q(*writer, sql);
    if (value) q.Bind(*value);
    CONCORD_RETURN_IF_ERROR(q.Bind(key).Run());
    return Changed(q, what);
  }
  // After an UPDATE: NotFound if it changed no row.
  static Status Changed(const Query& q, const std::string& what) {
    if (q.Changes() == 0) return Status::NotFound("no such " + what);
    return Status::Ok();
  }

  Engine& engine_;
};

}  // namespace

std::unique_ptr<AccountStore> MakeAccountStore(Engine& engine) {
  return std::make_unique<SqlAccounts>(engine);
}

}  // namespace sql

namespace sqlite {

// The accounts module's schema: forward-only migrations, numbered across all modules
// (store/sqlite/schema.cc). Never edit one that has shipped; add a new one.
const std::vector<Migration>& AccountsMigrations() {
  static const std::vector<Migration> kMigrations = {
      // organisations, users, tokens; TAXII collections, grants, membership, statuses.
      {2, "accounts",
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
       R"sql(      CREATE TABLE organisations (
        id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        name        TEXT COLLATE "C" NOT NULL UNIQUE,
        identity_id TEXT COLLATE "C" NOT NULL,
        created     BIGINT NOT NULL
      );
      CREATE TABLE users (
        id            BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        name          TEXT COLLATE "C" NOT NULL UNIQUE,
        org_id        BIGINT NOT NULL REFERENCES organisations (id),
        role          TEXT COLLATE "C" NOT NULL,
        password_hash TEXT COLLATE "C" NOT NULL,
        disabled      BIGINT NOT NULL DEFAULT 0,
        created       BIGINT NOT NULL
      );
      CREATE TABLE tokens (
        id      TEXT COLLATE "C" PRIMARY KEY,
        digest  TEXT COLLATE "C" NOT NULL UNIQUE,
        user_id BIGINT NOT NULL REFERENCES users (id),
        name    TEXT COLLATE "C" NOT NULL,
        created BIGINT NOT NULL,
        expires BIGINT,
        revoked BIGINT NOT NULL DEFAULT 0
      );
      CREATE TABLE collections (
        id          TEXT COLLATE "C" PRIMARY KEY,
        title       TEXT COLLATE "C" NOT NULL,
        description TEXT COLLATE "C" NOT NULL,
        media_types TEXT COLLATE "C" NOT NULL,
        created     BIGINT NOT NULL
      );
      CREATE TABLE collection_grants (
        collection_id TEXT COLLATE "C" NOT NULL REFERENCES collections (id),
        org_id        BIGINT NOT NULL REFERENCES organisations (id),
        can_read      BIGINT NOT NULL,
        can_write     BIGINT NOT NULL,
        PRIMARY KEY (collection_id, org_id)
      );
      CREATE TABLE collection_objects (
        date_added    BIGINT PRIMARY KEY,
        collection_id TEXT COLLATE "C" NOT NULL REFERENCES collections (id),
        object_added  BIGINT NOT NULL REFERENCES objects (date_added),
        UNIQUE (collection_id, object_added)
      );
      CREATE INDEX collection_objects_by_collection ON collection_objects (collection_id, date_added);
      CREATE TABLE taxii_statuses (
        id      TEXT COLLATE "C" PRIMARY KEY,
        org_id  BIGINT NOT NULL,
        body    TEXT COLLATE "C" NOT NULL
      );
      
      )sql"},
      // console sign-in: sessions (only a digest of the cookie's secret), a password an
      // administrator reset must be changed, and each user's console preferences.
      {9, "accounts",
       R"sql(
      ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE users ADD COLUMN preferences TEXT NOT NULL DEFAULT '{}';
      CREATE TABLE sessions (
        digest    TEXT PRIMARY KEY,           -- SHA-256 of the cookie's secret, hex
        user_id   INTEGER NOT NULL REFERENCES users (id),
        created   INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        expires   INTEGER NOT NULL
      );
      CREATE INDEX sessions_by_user ON sessions (user_id);
      )sql",
       R"sql(      ALTER TABLE users ADD COLUMN must_change_password BIGINT NOT NULL DEFAULT 0;
      ALTER TABLE users ADD COLUMN preferences TEXT COLLATE "C" NOT NULL DEFAULT '{}';
      CREATE TABLE sessions (
        digest    TEXT COLLATE "C" PRIMARY KEY,
        user_id   BIGINT NOT NULL REFERENCES users (id),
        created   BIGINT NOT NULL,
        last_seen BIGINT NOT NULL,
        expires   BIGINT NOT NULL
      );
      CREATE INDEX sessions_by_user ON sessions (user_id);
      
      )sql"},
      // failed password sign-ins, counted by every process on the database (the throttle).
      {11, "accounts",
       R"sql(
      CREATE TABLE sign_in_failures (
        key TEXT NOT NULL,     -- "a:" + address, or "u:" + user name
        at  INTEGER NOT NULL   -- when, microseconds
      );
      CREATE INDEX sign_in_failures_by_key ON sign_in_failures (key, at);
      CREATE INDEX sign_in_failures_by_time ON sign_in_failures (at);
      )sql",
       R"sql(      CREATE TABLE sign_in_failures (
        key TEXT COLLATE "C" NOT NULL,
        at  BIGINT NOT NULL
      );
      CREATE INDEX sign_in_failures_by_key ON sign_in_failures (key, at);
      CREATE INDEX sign_in_failures_by_time ON sign_in_failures (at);
      )sql"},
  };
  return kMigrations;
}

}  // namespace sqlite
}  // namespace concord::store
