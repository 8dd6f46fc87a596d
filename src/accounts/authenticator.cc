#include "accounts/authenticator.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "accounts/secrets.h"
#include "common/strings.h"

namespace concord::accounts {
namespace {

constexpr std::string_view kTokenPrefix = "concord_";

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (tolower(static_cast<unsigned char>(s[i])) !=
        tolower(static_cast<unsigned char>(prefix[i]))) {
      return false;
    }
  }
  return true;
}

// "Basic base64(user:secret)" as (user, secret); nullopt for anything else.
std::optional<std::pair<std::string, std::string>> BasicCredentials(
    std::string_view authorization) {
  if (!StartsWithNoCase(authorization, "Basic ")) return std::nullopt;
  auto decoded = Base64Decode(authorization.substr(6));
  const size_t colon = decoded ? decoded->find(':') : std::string::npos;
  if (colon == std::string::npos) return std::nullopt;
  return std::pair{decoded->substr(0, colon), decoded->substr(colon + 1)};
}

Status Denied() { return Status::Unauthenticated("invalid or missing credentials"); }

// A lookup that found nothing denies; one that failed (the store unreachable: 503) says so, and
// is never mistaken for bad credentials (a client would throw away a good token).
Status DeniedOr(const Status& lookup) {
  return lookup.code() == StatusCode::kNotFound ? Denied() : lookup;
}

}  // namespace

Authenticator::Authenticator(store::AccountStore& accounts, const Clock& clock, AuthLimits limits)
    : accounts_(accounts), clock_(clock), limits_(limits) {
  dummy_hash_ = HashPassword("no such user: equalises timing").value();
}

Result<Principal> Authenticator::Authenticate(std::string_view authorization,
                                              std::string_view remote_address) {
  if (StartsWithNoCase(authorization, "Bearer ")) return ByToken(authorization.substr(7));
  const auto basic = BasicCredentials(authorization);
  if (!basic) return Denied();
  const std::string& user = basic->first;
  const std::string& secret = basic->second;
  if (std::string_view(secret).substr(0, kTokenPrefix.size()) == kTokenPrefix)
    return ByToken(secret);
  return ThrottledPassword(user, secret, remote_address);
}

Result<Principal> Authenticator::ThrottledPassword(std::string_view user, std::string_view secret,
                                                   std::string_view remote_address) {
  const std::string address_key = "a:" + std::string(remote_address);
  const std::string user_key = "u:" + std::string(user);
  if (BlockedFor(address_key, limits_.max_failures) > 0 ||
      BlockedFor(user_key, limits_.max_user_failures) > 0) {
    return Status::TooManyRequests(
        "too many failed password logins from this address or for "
        "this user; try again later (API tokens are not affected)");
  }
  Result<Principal> result = ByPassword(user, secret);
  // Only a refused password counts as a failure (not the store being unreachable).
  if (!result.ok() && result.status().code() == StatusCode::kUnauthenticated) {
    RecordFailure(address_key);
    RecordFailure(user_key);
  }
  return result;
}

std::string CsrfTokenOf(std::string_view session_secret) {
  return Sha256Hex("concord-csrf\0" + std::string(session_secret)).substr(0, 43);
}

Result<NewSession> Authenticator::SignIn(std::string_view name, std::string_view password,
                                         std::string_view remote_address) {
  auto principal = ThrottledPassword(name, password, remote_address);
  if (!principal.ok()) return principal.status();
  NewSession session;
  session.secret = RandomSecret(32);
  const Micros now = clock_.Now();
  session.expires = now + session_limits_.absolute;
  store::Session stored{Sha256Hex(session.secret), principal->user.id, now, now, session.expires};
  CONCORD_RETURN_IF_ERROR(accounts_.AddSession(stored));
  // Old sessions are swept here rather than by a timer: sign-ins are rare and cheap to extend.
  (void)accounts_.DeleteExpiredSessions(now, now - session_limits_.idle);
  session.principal = std::move(*principal);
  session.principal.by_session = true;
  session.principal.csrf_token = CsrfTokenOf(session.secret);
  session.principal.session_digest = stored.digest;
  return session;
}

Result<Principal> Authenticator::BySession(std::string_view secret) {
  const std::string digest = Sha256Hex(secret);
  auto session = accounts_.FindSession(digest);
  if (!session.ok()) {
    if (session.status().code() == StatusCode::kNotFound) {
      return Status::Unauthenticated("your session has ended; sign in again");
    }
    return session.status();
  }
  const Micros now = clock_.Now();
  if (session->expires <= now || session->last_seen + session_limits_.idle <= now) {
    (void)accounts_.DeleteSession(digest);
    return Status::Unauthenticated("your session has expired; sign in again");
  }
  auto user = accounts_.GetUser(session->user_id);
  if (!user.ok() && user.status().code() != StatusCode::kNotFound) return user.status();
  if (!user.ok() || user->disabled) return Status::Unauthenticated("your session has ended");
  if (now - session->last_seen >= session_limits_.touch_every) {
    CONCORD_RETURN_IF_ERROR(accounts_.TouchSession(digest, now));
  }
  auto principal = Complete(*user);
  if (!principal.ok()) return principal.status();
  principal->by_session = true;
  principal->csrf_token = CsrfTokenOf(secret);
  principal->session_digest = digest;
  return principal;
}

Status Authenticator::SignOut(std::string_view session_digest) {
  return accounts_.DeleteSession(session_digest);
}

Micros Authenticator::SignInRetryAfter(std::string_view name, std::string_view address) {
  return std::max(BlockedFor("a:" + std::string(address), limits_.max_failures),
                  BlockedFor("u:" + std::string(name), limits_.max_user_failures));
}

Result<Principal> Authenticator::ByToken(std::string_view secret) {
  const std::string digest = TokenDigest(secret);
  auto version = accounts_.DataVersion();
  if (version.ok()) {
    MutexLock lock(mu_);
    if (*version != tokens_version_) {
      tokens_.clear();
      tokens_version_ = *version;
    }
    auto it = tokens_.find(digest);
    if (it != tokens_.end()) {
      const store::Token& t = it->second.token;
      if (t.expires && *t.expires <= clock_.Now()) return Denied();
      return it->second.principal;
    }
  }
  auto token = accounts_.FindTokenByDigest(digest);
  if (!token.ok()) return DeniedOr(token.status());
  if (token->revoked) return Denied();
  if (token->expires && *token->expires <= clock_.Now()) return Denied();
  auto user = accounts_.GetUser(token->user_id);
  if (!user.ok()) return DeniedOr(user.status());
  if (user->disabled) return Denied();
  auto principal = Complete(*user);
  if (!principal.ok()) return principal;
  principal->by_token = true;
  if (version.ok()) {
    MutexLock lock(mu_);
    // Only for the version it was read under: a commit since then may have revoked it.
    if (tokens_version_ == *version) {
      if (tokens_.size() > 10'000) tokens_.clear();
      tokens_[digest] = KnownToken{*token, *principal};
    }
  }
  return principal;
}

Result<Principal> Authenticator::ByPassword(std::string_view name, std::string_view password) {
  auto user = accounts_.FindUser(name);
  if (!user.ok()) {
    if (user.status().code() != StatusCode::kNotFound) return user.status();
    (void)VerifyPassword(password, dummy_hash_);  // same cost as a real check
    return Denied();
  }
  const std::string key = Sha256Hex(std::string(name) + '\0' + std::string(password));
  bool verified = false;
  {
    MutexLock lock(mu_);
    auto it = verified_.find(key);
    verified = it != verified_.end() && ConstantTimeEquals(it->second, user->password_hash);
  }
  if (!verified) {
    verified = !user->password_hash.empty() && VerifyPassword(password, user->password_hash);
    if (verified) {
      MutexLock lock(mu_);
      if (verified_.size() > 10'000) verified_.clear();
      verified_[key] = user->password_hash;
    }
  }
  if (!verified || user->disabled) return Denied();
  return Complete(*user);
}

Result<Principal> Authenticator::Complete(const store::User& user) {
  auto org = accounts_.GetOrganisation(user.org_id);
  if (!org.ok() && org.status().code() != StatusCode::kNotFound) return org.status();
  if (!org.ok()) return Status::Internal("user " + user.name + " has no organisation");
  Principal principal;
  principal.user = user;
  principal.org = *org;
  return principal;
}

Micros Authenticator::BlockedFor(const std::string& key, int limit) {
  const Micros now = clock_.Now();
  auto recent = accounts_.SignInFailures(key, now - limits_.window, limit);
  // Not readable (the store away): not blocked; the sign-in itself then fails with the reason.
  if (!recent.ok() || static_cast<int>(recent->size()) < limit) return 0;
  return recent->front() + limits_.window - now;
}

Micros Authenticator::RetryAfter(std::string_view authorization, std::string_view address) {
  Micros wait = BlockedFor("a:" + std::string(address), limits_.max_failures);
  if (auto basic = BasicCredentials(authorization)) {
    wait = std::max(wait, BlockedFor("u:" + basic->first, limits_.max_user_failures));
  }
  return wait;
}

void Authenticator::RecordFailure(const std::string& key) {
  const Micros now = clock_.Now();
  // Unrecorded (the store away), a failure is lost, never invented.
  (void)accounts_.RecordSignInFailure(key, now, now - limits_.window);
}

}  // namespace concord::accounts
