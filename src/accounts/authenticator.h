#pragma once
// Who is calling: turns an HTTP Authorization header into a Principal.
//
// Accepted: "Bearer <token>", "Basic base64(user:password)" and "Basic base64(any:token)".
// Tokens are looked up by their SHA-256; a token found is remembered only until the database
// changes (AccountStore::DataVersion), so a revocation or a disabled user (even by another
// process, e.g. `concord token revoke`) takes effect at the next request. Passwords are
// Argon2id-verified; a successful login is remembered (keyed by a hash of name and password, and
// only while the stored hash is unchanged) so Basic clients do not pay Argon2 on every request. An
// unknown user costs the same Argon2 verification as a wrong password. Password guessing is
// throttled: after too many failed passwords from one address, or for one user name, within
// the window, password logins from that address (or for that name) get TooManyRequests until
// the window passes. The failures are kept in the database (AccountStore::RecordSignInFailure),
// so every process on it counts the same ones. Tokens are never refused for that: they are 256-bit
// secrets, so a wrong one is not a guess worth throttling, and a valid one must keep working behind
// a NAT or a gateway that someone else shares. Thread-safe.

#include <mutex>
#include <string>
#include <unordered_map>

#include "common/status.h"
#include "common/thread_annotations.h"
#include "common/time.h"
#include "store/account_store.h"

namespace concord::accounts {

struct Principal {
  store::User user;
  store::Organisation org;
  // Signed in through the console (a session cookie), not a token or Basic credentials: its
  // state-changing requests must carry the session's CSRF token.
  bool by_session = false;
  bool by_token = false;       // an API token (never subject to must_change_password)
  std::string csrf_token;      // by_session: what X-CSRF-Token must hold
  std::string session_digest;  // by_session: which session (to sign it out)
  bool is_admin() const { return user.role == store::Role::kAdmin; }
  // May add objects to collections its organisation has a write grant on. A peer node's
  // account may: that is how a peer pushes (what it sends is stored as received from it).
  bool can_write() const { return user.role != store::Role::kReader; }
};

struct AuthLimits {
  int max_failures = 10;       // failed passwords per address within the window
  int max_user_failures = 20;  // failed passwords per user name within the window
  Micros window = 60'000'000;  // 60 s
};

// Console sessions: how long one lives without a request, and at most.
struct SessionLimits {
  Micros idle = 60LL * 60 * 1'000'000;           // an hour
  Micros absolute = 12LL * 60 * 60 * 1'000'000;  // twelve hours
  Micros touch_every = 60'000'000;               // last_seen is written at most once a minute
};

// A session just opened: the cookie's secret (shown to the browser once, never stored).
struct NewSession {
  std::string secret;
  Principal principal;
  Micros expires = 0;
};

// The CSRF token of a session: derived from its secret, so it needs no storage and dies with it.
std::string CsrfTokenOf(std::string_view session_secret);

class Authenticator {
 public:
  Authenticator(store::AccountStore& accounts, const Clock& clock, AuthLimits limits = {});
  // Unauthenticated for missing/bad credentials, TooManyRequests when rate limited.
  Result<Principal> Authenticate(std::string_view authorization, std::string_view remote_address);
  // How long a password login with `authorization` from `address` stays refused (for
  // Retry-After); 0 when it is not.
  Micros RetryAfter(std::string_view authorization, std::string_view address);

  // Console sign-in with a password, throttled exactly like Basic credentials (per address and
  // per user name): a new session for the user.
  Result<NewSession> SignIn(std::string_view name, std::string_view password,
                            std::string_view remote_address);
  // The session's user, if the session exists, has not expired and the user is not disabled.
  Result<Principal> BySession(std::string_view secret);
  Status SignOut(std::string_view session_digest);
  // How long password sign-ins for `name` from `address` stay refused; 0 when they are not.
  Micros SignInRetryAfter(std::string_view name, std::string_view address);
  void set_session_limits(SessionLimits limits) { session_limits_ = limits; }
  const SessionLimits& session_limits() const { return session_limits_; }

 private:
  Result<Principal> ByToken(std::string_view secret);
  Result<Principal> ByPassword(std::string_view name, std::string_view password);
  // ByPassword behind the per-address and per-name throttle.
  Result<Principal> ThrottledPassword(std::string_view name, std::string_view password,
                                      std::string_view remote_address);
  Result<Principal> Complete(const store::User& user);
  // Failures are counted under "a:<address>" and "u:<user name>".
  // How long `key` stays refused (0: it is not); forgets failures past the window.
  Micros BlockedFor(const std::string& key, int limit);
  void RecordFailure(const std::string& key);

  store::AccountStore& accounts_;
  const Clock& clock_;
  AuthLimits limits_;
  SessionLimits session_limits_;
  std::string dummy_hash_;  // verified against for unknown users

  Mutex mu_;
  // Tokens found, by digest, valid while the database is at `tokens_version_`.
  struct KnownToken {
    store::Token token;
    Principal principal;
  };
  uint64_t tokens_version_ GUARDED_BY(mu_) = 0;
  std::unordered_map<std::string, KnownToken> tokens_ GUARDED_BY(mu_);
  std::unordered_map<std::string, std::string> verified_ GUARDED_BY(mu_);
};

}  // namespace concord::accounts
