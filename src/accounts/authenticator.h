#pragma once
// Who is calling: turns an HTTP Authorization header into a Principal.
//
// Accepted: "Bearer <token>", "Basic base64(user:password)" and "Basic base64(any:token)".
// Tokens are looked up by their SHA-256 on every request, so a revocation (even by another
// process, e.g. `concord token revoke`) takes effect at once. Passwords are Argon2id-verified;
// a successful login is remembered (keyed by a hash of name and password, and only while the
// stored hash is unchanged) so Basic clients do not pay Argon2 on every request.
// An unknown user costs the same Argon2 verification as a wrong password. After too many
// failures from one address within the window, that address gets TooManyRequests until the
// window passes. Thread-safe.

#include <deque>
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
  bool is_admin() const { return user.role == store::Role::kAdmin; }
  // May add objects to collections its organisation has a write grant on. A peer node's
  // account may: that is how a peer pushes (what it sends is stored as received from it).
  bool can_write() const { return user.role != store::Role::kReader; }
};

struct AuthLimits {
  int max_failures = 10;         // per address within the window
  Micros window = 60'000'000;    // 60 s
  size_t max_tracked = 100'000;  // addresses remembered (bounded memory under attack)
};

class Authenticator {
 public:
  Authenticator(store::AccountStore& accounts, const Clock& clock, AuthLimits limits = {});
  // Unauthenticated for missing/bad credentials, TooManyRequests when rate limited.
  Result<Principal> Authenticate(std::string_view authorization, std::string_view remote_address);
  // How long `address` stays refused (for Retry-After); 0 when it is not.
  Micros RetryAfter(std::string_view address);

 private:
  Result<Principal> ByToken(std::string_view secret);
  Result<Principal> ByPassword(std::string_view name, std::string_view password);
  Result<Principal> Complete(const store::User& user);
  bool Blocked(const std::string& address) EXCLUDES(mu_);
  void RecordFailure(const std::string& address) EXCLUDES(mu_);

  store::AccountStore& accounts_;
  const Clock& clock_;
  AuthLimits limits_;
  std::string dummy_hash_;  // verified against for unknown users

  Mutex mu_;
  std::unordered_map<std::string, std::deque<Micros>> failures_ GUARDED_BY(mu_);
  std::unordered_map<std::string, std::string> verified_ GUARDED_BY(mu_);
};

}  // namespace concord::accounts
