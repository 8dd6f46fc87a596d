#pragma once
// UUIDs as STIX uses them: v4 (random) for new SDO/SRO ids, v5 (SHA-1, name-based) for SCO ids
// (STIX 2.1 §2.9, namespace 00abedb4-aa42-466c-9c01-fed23315a9b7). Thread-safe.

#include <string>
#include <string_view>

namespace concord {

inline constexpr std::string_view kStixScoNamespace = "00abedb4-aa42-466c-9c01-fed23315a9b7";

// A random (version 4) UUID in lowercase canonical form, from the OS's CSPRNG.
std::string UuidV4();
// A name-based (version 5) UUID; `ns` must be a canonical UUID string.
std::string UuidV5(std::string_view ns, std::string_view name);
// True if `s` is 8-4-4-4-12 hex digits with an RFC 4122 variant and a version 1-5, as the STIX
// identifier schema requires.
bool IsRfc4122Uuid(std::string_view s);

}  // namespace concord
