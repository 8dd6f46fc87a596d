#pragma once
// OpenPGP public keys as teams publish them (RFC 4880 / RFC 9580): the ASCII armour is decoded
// (with its CRC-24 checked when present), the packets are walked, and the primary key's
// fingerprint is computed from the public-key packet, so a team's published fingerprint can be
// checked against its key. Keys are not verified cryptographically (self-signatures); that is
// the job of the reader's own OpenPGP tool.

#include <string>
#include <string_view>

#include "common/status.h"

namespace concord::directory {

struct PgpKeyInfo {
  int version = 0;          // 4 or 6
  int algorithm = 0;        // RFC 9580 §9.1 public-key algorithm id
  std::string fingerprint;  // upper-case hex: 40 digits (v4) or 64 (v6)
  std::string user_id;      // the first User ID packet, if any
};

// Parses "-----BEGIN PGP PUBLIC KEY BLOCK----- ... -----END PGP PUBLIC KEY BLOCK-----".
// Errors say what is wrong and where (line, packet).
Result<PgpKeyInfo> ParsePgpPublicKey(std::string_view armoured);
// "4F3A 9B... " -> "4F3A9B..."; InvalidArgument unless 40 or 64 hex digits.
Result<std::string> NormaliseFingerprint(std::string_view text);

}  // namespace concord::directory
