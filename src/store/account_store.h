#pragma once
// Organisations, users and API tokens. Secrets never reach the store in clear: passwords arrive
// as Argon2id encodings, tokens as SHA-256 digests (see accounts/). Thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"

namespace concord::store {

struct Organisation {
  int64_t id = 0;
  std::string name;
  std::string identity_id;  // the organisation's STIX identity (identity--...)
  Micros created = 0;
};

// kPeer: an account another node uses to pull from (and, with a write grant, push to) this one.
// The sharing policy judges what it gets as going to a peer node, not to a user of this node,
// and what it POSTs is stored as received from a peer.
enum class Role { kAdmin, kAnalyst, kReader, kPeer };
const char* RoleName(Role r);
std::optional<Role> ParseRole(std::string_view s);

struct User {
  int64_t id = 0;
  std::string name;
  int64_t org_id = 0;
  Role role = Role::kReader;
  std::string password_hash;  // Argon2id encoded; empty: no password login
  bool disabled = false;
  Micros created = 0;
  // Set by an administrator's reset and by the first start: the user must choose a new
  // password before anything else (console sessions only; tokens keep working).
  bool must_change_password = false;
  // The user's console preferences, a JSON object ({"language": "ar", "time_zone": "utc"}).
  std::string preferences = "{}";
};

// A console session: the cookie holds a random secret, the store only its SHA-256.
struct Session {
  std::string digest;  // SHA-256 of the cookie's secret, hex
  int64_t user_id = 0;
  Micros created = 0;
  Micros last_seen = 0;  // idle expiry counts from here
  Micros expires = 0;    // absolute expiry
};

struct Token {
  std::string id;      // public handle for listing and revoking (not secret)
  std::string digest;  // SHA-256 of the secret, hex
  int64_t user_id = 0;
  std::string name;
  Micros created = 0;
  std::optional<Micros> expires;
  bool revoked = false;
};

class AccountStore {
 public:
  virtual ~AccountStore() = default;
  virtual Result<Organisation> AddOrganisation(const Organisation& org) = 0;  // AlreadyExists
  virtual Result<std::vector<Organisation>> ListOrganisations() const = 0;
  virtual Result<Organisation> FindOrganisation(std::string_view name) const = 0;  // NotFound
  virtual Result<Organisation> GetOrganisation(int64_t id) const = 0;

  virtual Result<User> AddUser(const User& user) = 0;
  virtual Result<std::vector<User>> ListUsers() const = 0;
  virtual Result<User> FindUser(std::string_view name) const = 0;  // NotFound
  virtual Result<User> GetUser(int64_t id) const = 0;
  virtual Status SetUserDisabled(std::string_view name, bool disabled) = 0;
  virtual Result<int64_t> CountUsers() const = 0;
  // NotFound for an unknown user id.
  virtual Status SetPassword(int64_t user_id, const std::string& password_hash,
                             bool must_change) = 0;
  virtual Status SetUserRole(std::string_view name, Role role) = 0;
  virtual Status SetPreferences(int64_t user_id, const std::string& preferences_json) = 0;

  virtual Status AddSession(const Session& session) = 0;
  virtual Result<Session> FindSession(std::string_view digest) const = 0;  // NotFound
  virtual Status TouchSession(std::string_view digest, Micros last_seen) = 0;
  virtual Status DeleteSession(std::string_view digest) = 0;
  // Every session of the user (a password change, a reset, a disabled account); `keep` (a
  // digest) survives, so the session that changed its own password stays signed in.
  virtual Status DeleteSessionsOf(int64_t user_id, std::string_view keep = {}) = 0;
  // Sessions past their absolute expiry, or idle since before `idle_before`.
  virtual Result<int64_t> DeleteExpiredSessions(Micros now, Micros idle_before) = 0;

  // Failed password sign-ins (the throttle of accounts/authenticator.h), kept in the database
  // so that every process on it counts the same ones. Records one for `key` ("a:ADDRESS",
  // "u:NAME") at `at`, and forgets every failure (of any key) from before `forget_before`.
  virtual Status RecordSignInFailure(std::string_view key, Micros at, Micros forget_before) = 0;
  // The times of the newest `limit` failures of `key` after `after`, oldest first.
  virtual Result<std::vector<Micros>> SignInFailures(std::string_view key, Micros after,
                                                     int limit) const = 0;

  // A number that changes with every commit to the database (any table, any process): what
  // caches of accounts compare, so that a revocation or a disabled user takes effect at once.
  virtual Result<uint64_t> DataVersion() const = 0;

  virtual Status AddToken(const Token& token) = 0;
  virtual Result<Token> FindTokenByDigest(std::string_view digest) const = 0;  // NotFound
  virtual Result<std::vector<Token>> ListTokens() const = 0;
  virtual Status RevokeToken(std::string_view id) = 0;  // NotFound
};

}  // namespace concord::store
