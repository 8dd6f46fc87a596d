#pragma once
// What the DNSBL zones need from the store's indicators, kept current incrementally: each
// indicator's latest version with its sharing facts, types, labels and validity, and the IP
// addresses, networks and domains its pattern lists (only patterns a DNSBL can express: one
// or more equality / IN / ISSUBSET comparisons on ipv4-addr, ipv6-addr or domain-name values,
// joined by OR). Refresh() reads only the versions added and the objects deleted since the
// last call, so rebuilding a zone of hundreds of thousands of indicators does not parse them
// again. Not thread-safe: one owner refreshes and reads it.

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/net.h"
#include "sharing/policy.h"
#include "store/object_store.h"

namespace concord::spam {

// One entry of a blocklist: an address or network, a domain, or a domain's subdomains.
struct ListEntry {
  bool domain = false;
  Ip128 network = 0;
  int length = 128;
  std::string name;         // domain: lower case, A-labels
  bool subdomains = false;  // "*.name"
};

// "192.0.2.1", "192.0.2.0/24", "2001:db8::/32", "example.com", "*.example.com".
Result<ListEntry> ParseListEntry(std::string_view text);
// The canonical text of an entry (host addresses without "/32" or "/128").
std::string FormatListEntry(const ListEntry& entry);

struct IndexedIndicator {
  Micros version = 0;
  bool revoked = false;
  Micros valid_from = 0, valid_until = 0;  // 0: not stated
  sharing::ObjectFacts facts;
  std::vector<std::string> indicator_types, labels;
  std::string name;  // the indicator's name, or its id
  std::vector<ListEntry> entries;
};

class IndicatorIndex {
 public:
  Status Refresh(const store::ObjectStore& store);
  // Indicators whose pattern a DNSBL can express, by id.
  const std::unordered_map<std::string, IndexedIndicator>& indicators() const { return items_; }

 private:
  std::unordered_map<std::string, IndexedIndicator> items_;
  std::unordered_map<std::string, Micros> skipped_;  // other patterns: id -> version seen
  Micros cursor_ = 0;
  int64_t deletion_cursor_ = 0;
};

}  // namespace concord::spam
