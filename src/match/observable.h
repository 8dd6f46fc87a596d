#pragma once
// Observables as the matching engine sees them, and their canonical forms. Indicators and log
// records are normalised by the same functions, so "did we see it?" compares like with like:
//  - IP addresses are 128-bit; IPv4 is held IPv4-mapped (::ffff:a.b.c.d), so 192.0.2.1,
//    ::ffff:192.0.2.1 and ::ffff:c000:201 are one address. IPv4 octets with a leading zero are
//    rejected (inet_aton reads them as octal, other tools as decimal: no safe answer).
//  - Domains: lower case, no trailing dot, internationalised labels as IDNA2008/UTS 46
//    punycode (libidn2, non-transitional), so "BÜCHER.example." == "xn--bcher-kva.example".
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

namespace concord::match {

using Ip128 = unsigned __int128;

// What a log field or a pattern path holds.
enum class ObservableType : uint8_t { kIp, kDomain, kUrl, kEmail, kHash };
const char* ObservableTypeName(ObservableType t);  // "ip", "domain", "url", "email", "hash"

// Direction, for paths such as network-traffic:dst_ref.value and email-message:from_ref.value.
// A log field with no direction (plain text) is kAny and satisfies either.
enum class Role : uint8_t { kAny, kSource, kDestination };

enum class HashAlgorithm : uint8_t { kMd5, kSha1, kSha256, kSha512 };
const char* HashAlgorithmName(HashAlgorithm a);  // STIX spelling: "MD5", "SHA-1", ...

inline constexpr Ip128 kIpv4MappedPrefix = static_cast<Ip128>(0xffff) << 32;
inline bool IsIpv4(Ip128 ip) { return (ip >> 32) == 0xffff; }

// Dotted-quad IPv4 with decimal octets 0-255 and no leading zeros.
bool ParseIpv4(std::string_view text, uint32_t* out);
// IPv4 or IPv6 (any RFC 4291 form, an optional %zone ignored); IPv4 comes back mapped.
bool ParseIp(std::string_view text, Ip128* out);
// "address/length" or a bare address (a host route). An IPv4 length n becomes 96 + n. Host bits
// past the length are cleared. Returns false with `*error` set on bad input.
bool ParsePrefix(std::string_view text, Ip128* network, int* length, std::string* error);
// The address's 16 bytes in network order.
std::array<char, 16> IpBytes(Ip128 ip);
// IPv4 dotted quad for mapped addresses, RFC 5952 text otherwise.
std::string FormatIp(Ip128 ip);

bool NormalizeDomain(std::string_view text, std::string* out);
bool NormalizeUrl(std::string_view text, std::string* out);
bool NormalizeEmail(std::string_view text, std::string* out);
// Hex digest of one of the four lengths; `*bytes` gets the digest's bytes.
bool NormalizeHash(std::string_view text, HashAlgorithm* algorithm, std::string* bytes);
std::string HexOf(std::string_view bytes);

}  // namespace concord::match
