#pragma once
// DNSBL zones built from the store. Each configured zone (`concord dns zone add`) has a
// source, and its manual listings and delistings override what the source gives:
//  - "spam": sources whose reputation is over the threshold (A 127.0.0.2; networks 127.0.0.3),
//    and spam-source indicators received from peers (127.0.0.4);
//  - "indicators": indicators with an IP, CIDR or domain equality pattern, of the chosen
//    indicator types / labels and at most the chosen TLP (127.0.0.5);
//  - "manual": only the zone's manual listings (127.0.0.10 unless a listing names its code).
// Every zone also holds the RFC 5782 §5 test entries (127.0.0.2 and "test" listed, 127.0.0.1
// and "invalid" not). What a zone answers is public to whoever can query it, so every
// indicator passes the one sharing policy for the zone's audience first: "public" (the
// default: TLP:CLEAR and distribution "all" only) or "community" (a resolver for the node's
// own community: what its users may see). Thread-safe.

#include <memory>
#include <string>
#include <vector>

#include "dns/zone.h"
#include "sharing/policy.h"
#include "spam/indicator_index.h"
#include "spam/store.h"
#include "store/database.h"

namespace concord::spam {

inline constexpr uint32_t kCodeSpam = 0x7F000002, kCodeNetwork = 0x7F000003, kCodePeer = 0x7F000004,
                          kCodeIndicator = 0x7F000005, kCodeManual = 0x7F00000A;

// The label of spam-source indicators (spam/share.h makes them; peers' are merged).
inline constexpr std::string_view kSpamSourceLabel = "spam-source";

struct ZoneSettings {
  std::string origin;
  std::string source = "spam";      // spam, indicators, manual
  std::string audience = "public";  // public, community
  uint32_t ttl = 300;
  std::vector<std::string> nameservers;  // default ns.<origin>
  std::string hostmaster;                // default hostmaster.<origin>
  // indicators: any of these indicator_types / labels (empty: any), at most this TLP.
  std::vector<std::string> indicator_types, labels;
  sharing::Tlp max_tlp = sharing::Tlp::kClear;
};

// Validates and reads / writes the stored form.
Result<ZoneSettings> ReadZoneSettings(const spam::DnsZoneConfig& config);
Result<spam::DnsZoneConfig> WriteZoneSettings(const ZoneSettings& settings);

// A listing's entry in canonical form ("192.0.2.1", "192.0.2.0/24", "example.com",
// "*.example.com"); an error says why it is not one.
Result<std::string> CanonicalEntry(std::string_view entry);
// "127.0.0.x" (any 127/8 address) as a code; "" gives `fallback`.
Result<uint32_t> ParseCode(std::string_view code, uint32_t fallback);

// Settings keys of the widest network a manual listing may name without --force: a prefix
// shorter than these is refused (defaults 8 and 32: a /7 or a /31 is a typo or an attack).
inline constexpr std::string_view kMinIpv4PrefixSetting = "dns.min_listing_prefix_ipv4";
inline constexpr std::string_view kMinIpv6PrefixSetting = "dns.min_listing_prefix_ipv6";

// Checks a manual listing or delisting (its zone exists, its entry and code are valid, a
// listed network is no wider than the bound unless `force`), puts its entry in canonical form
// and stores it, and records it in the audit log. Returns its id.
Result<int64_t> AddManualListing(store::Database& db, spam::DnsListing listing, bool force);
// Removes a manual listing or delisting, with an audit entry naming `actor`.
Status RemoveManualListing(store::Database& db, int64_t id, const std::string& actor, Micros now);

// Builds one zone from the store as it is at `now`.
Result<dns::Zone> BuildZone(store::Database& db, const ZoneSettings& settings, Micros now);
// Every configured zone. `index` (refreshed here) carries the indicators from one build to the
// next, so only what changed is read again; null reads them all. With `counters`, each zone
// counts the queries it answers in the counters of its origin.
Result<std::shared_ptr<const dns::ZoneSet>> BuildZones(store::Database& db, Micros now,
                                                       IndicatorIndex* index = nullptr,
                                                       dns::ZoneCounterSet* counters = nullptr);

// A zone's data in another server's format: "ip4set", "ip6trie", "dnset" (rbldnsd) or "rpz"
// (a BIND response-policy zone file).
Result<std::string> ExportZone(const dns::Zone& zone, std::string_view format);

}  // namespace concord::spam
