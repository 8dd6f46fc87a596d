#include "accounts/authenticator.h"

#include <algorithm>

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

Status Denied() { return Status::Unauthenticated("invalid or missing credentials"); }

}  // namespace

Authenticator::Authenticator(store::AccountStore& accounts, const Clock& clock, AuthLimits limits)
    : accounts_(accounts), clock_(clock), limits_(limits) {
  dummy_hash_ = HashPassword("no such user: equalises timing").value();
}

Result<Principal> Authenticator::Authenticate(std::string_view authorization,
                                              std::string_view remote_address) {
  const std::string address(remote_address);
  if (Blocked(address)) {
    return Status::TooManyRequests("too many failed logins from " + address + "; try again later");
  }
  Result<Principal> result = Denied();
  if (StartsWithNoCase(authorization, "Bearer ")) {
    result = ByToken(authorization.substr(7));
  } else if (StartsWithNoCase(authorization, "Basic ")) {
    auto decoded = Base64Decode(authorization.substr(6));
    size_t colon = decoded ? decoded->find(':') : std::string::npos;
    if (colon != std::string::npos) {
      std::string_view user = std::string_view(*decoded).substr(0, colon);
      std::string_view secret = std::string_view(*decoded).substr(colon + 1);
      result = secret.substr(0, kTokenPrefix.size()) == kTokenPrefix ? ByToken(secret)
                                                                     : ByPassword(user, secret);
    }
  }
  if (!result.ok() && !authorization.empty()) RecordFailure(address);
  return result;
}

Result<Principal> Authenticator::ByToken(std::string_view secret) {
  auto token = accounts_.FindTokenByDigest(TokenDigest(secret));
  if (!token.ok()) return Denied();
  if (token->revoked) return Denied();
  if (token->expires && *token->expires <= clock_.Now()) return Denied();
  auto user = accounts_.GetUser(token->user_id);
  if (!user.ok() || user->disabled) return Denied();
  return Complete(*user);
}

Result<Principal> Authenticator::ByPassword(std::string_view name, std::string_view password) {
  auto user = accounts_.FindUser(name);
  if (!user.ok()) {
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
  if (!org.ok()) return Status::Internal("user " + user.name + " has no organisation");
  return Principal{user, *org};
}

bool Authenticator::Blocked(const std::string& address) {
  MutexLock lock(mu_);
  auto it = failures_.find(address);
  if (it == failures_.end()) return false;
  Micros cutoff = clock_.Now() - limits_.window;
  while (!it->second.empty() && it->second.front() <= cutoff) it->second.pop_front();
  if (it->second.empty()) {
    failures_.erase(it);
    return false;
  }
  return static_cast<int>(it->second.size()) >= limits_.max_failures;
}

Micros Authenticator::RetryAfter(std::string_view address) {
  MutexLock lock(mu_);
  auto it = failures_.find(std::string(address));
  if (it == failures_.end() || static_cast<int>(it->second.size()) < limits_.max_failures) return 0;
  return std::max<Micros>(0, it->second.front() + limits_.window - clock_.Now());
}

void Authenticator::RecordFailure(const std::string& address) {
  MutexLock lock(mu_);
  if (failures_.size() >= limits_.max_tracked && !failures_.count(address)) failures_.clear();
  auto& q = failures_[address];
  q.push_back(clock_.Now());
  while (static_cast<int>(q.size()) > limits_.max_failures) q.pop_front();
}

}  // namespace concord::accounts
