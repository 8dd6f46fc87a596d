#pragma once
// Observables as the matching engine sees them, and their canonical forms. Indicators and log
// records are normalised by the same functions, so "did we see it?" compares like with like:
//  - IP addresses and domains: as common/net.h defines them.
//  - URLs (RFC 3986 §6.2.2-6.2.3): scheme and host in lower case, the host normalised as a
//    domain or IP, the scheme's default port dropped, percent-encoded unreserved characters
//    decoded and other escapes upper-cased, an empty path made "/", the fragment dropped. A URL
//    without a scheme is read as http://.
//  - E-mail addresses: lower case (local parts are case-insensitive in practice), domain as
//    above. Hashes: MD5/SHA-1/SHA-256/SHA-512 by length, held as bytes.
// All functions are pure and thread-safe.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/net.h"

namespace concord::match {

// What a log field or a pattern path holds.
enum class ObservableType : uint8_t { kIp, kDomain, kUrl, kEmail, kHash };
const char* ObservableTypeName(ObservableType t);  // "ip", "domain", "url", "email", "hash"

// Direction, for paths such as network-traffic:dst_ref.value and email-message:from_ref.value.
// A log field with no direction (plain text) is kAny and satisfies either.
enum class Role : uint8_t { kAny, kSource, kDestination };

enum class HashAlgorithm : uint8_t { kMd5, kSha1, kSha256, kSha512 };
const char* HashAlgorithmName(HashAlgorithm a);  // STIX spelling: "MD5", "SHA-1", ...

bool NormalizeUrl(std::string_view text, std::string* out);
bool NormalizeEmail(std::string_view text, std::string* out);
// Hex digest of one of the four lengths; `*bytes` gets the digest's bytes.
bool NormalizeHash(std::string_view text, HashAlgorithm* algorithm, std::string* bytes);
std::string HexOf(std::string_view bytes);

}  // namespace concord::match
