#pragma once
// Network addresses and names in their canonical forms, shared by matching and the directory:
//  - IP addresses are 128-bit; IPv4 is held IPv4-mapped (::ffff:a.b.c.d), so 192.0.2.1,
//    ::ffff:192.0.2.1 and ::ffff:c000:201 are one address. IPv4 octets with a leading zero are
//    rejected (inet_aton reads them as octal, other tools as decimal: no safe answer).
//  - Domains: lower case, no trailing dot, internationalised labels as IDNA2008/UTS 46
//    punycode (libidn2, non-transitional), so "BÜCHER.example." == "xn--bcher-kva.example".
// All functions are pure and thread-safe.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace concord {

using Ip128 = unsigned __int128;

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

// Lower case, no trailing dot, IDNA A-labels; false when not a valid host name.
bool NormalizeDomain(std::string_view text, std::string* out);

}  // namespace concord
