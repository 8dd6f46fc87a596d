#pragma once
// Secrets: Argon2id password hashing (RFC 9106, OWASP's interactive parameters) and API tokens
// (256 random bits, shown once; only their SHA-256 is stored). Thread-safe.

#include <string>
#include <string_view>

#include "common/status.h"

namespace concord::accounts {

// An encoded Argon2id hash ($argon2id$v=19$m=...,t=...,p=...$salt$hash) with a random salt.
Result<std::string> HashPassword(std::string_view password);
// Constant-time verification against an encoded hash; false for malformed encodings.
bool VerifyPassword(std::string_view password, const std::string& encoded);

struct NewToken {
  std::string secret;  // what the user presents: "concord_" + 43 base64url characters
  std::string id;      // public handle: the first 12 hex digits of the digest
  std::string digest;  // SHA-256 of the secret, hex: what the store keeps
};
NewToken GenerateToken();
// `bytes` random bytes, base64url without padding (a session cookie's secret).
std::string RandomSecret(size_t bytes);
// A one-time password a person can type: 20 characters from an alphabet without look-alikes,
// in groups of five (about 100 bits): "k7mqx-…". Its holder must replace it at first sign-in.
std::string GenerateOneTimePassword();
std::string TokenDigest(std::string_view secret);
std::string Sha256Hex(std::string_view data);
// HMAC-SHA256 of `data` under `key`, hex (a webhook's signature).
std::string HmacSha256Hex(std::string_view key, std::string_view data);

// Timing-safe equality of two strings of the same length (false if lengths differ).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace concord::accounts
