#pragma once
// DNSBL zones (RFC 5782) and the answers to queries against them. A ZoneSet is immutable once
// built; the server swaps in a new one when the data changes, so queries never wait on a
// rebuild. Thread-safe for readers.
//
// Query forms under a zone's origin:
//  - IPv4: the four octets reversed ("2.0.0.127.bl.example" asks for 127.0.0.2);
//  - IPv6: the 32 nibbles reversed (RFC 5782 §2.4);
//  - anything else: a domain name (name-based list, §2.3).
// IPv4 addresses are held IPv4-mapped (common/net.h), so the IPv6 form of ::ffff:127.0.0.2 and
// the IPv4 form of 127.0.0.2 are the same entry, as the mandatory test entries assume.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/net.h"
#include "common/thread_annotations.h"
#include "dns/packet.h"

namespace concord::dns {

// What a listed entry answers: the A record (127.0.0.x, in host order) and the TXT text, in
// which '$' stands for the queried address or name (as rbldnsd does).
struct Listing {
  uint32_t a = 0x7F000002;
  std::string txt;
};

class ZoneData {
 public:
  // An exception: a more specific entry that un-lists addresses of a listed network or names
  // under a listed domain.
  static constexpr uint32_t kExcluded = UINT32_MAX;

  uint32_t AddListing(Listing listing);
  // `length` is over 128 bits (an IPv4 /n is 96 + n). The same network added twice: the later
  // one wins.
  void AddNetwork(Ip128 network, int length, uint32_t listing);
  // `name` lower case; `subdomains`: the entry covers names under it (not the name itself).
  void AddDomain(std::string name, bool subdomains, uint32_t listing);
  // Sorts what was added; call once before the Find functions.
  void Build();

  // The most specific entry covering the address / name; nullptr when none or excluded.
  const Listing* FindIp(Ip128 ip) const;
  const Listing* FindDomain(std::string_view name) const;
  const Listing& listing(uint32_t index) const { return listings_[index]; }

  size_t networks() const { return networks_.size(); }
  size_t domains() const { return exact_.size() + wildcard_.size(); }

  // Every entry, for the exports: (network, length, listing index) and (name, subdomains,
  // listing index), sorted.
  struct NetworkEntry {
    Ip128 network;
    int length;
    uint32_t listing;
  };
  struct DomainEntry {
    std::string name;
    bool subdomains;
    uint32_t listing;
  };
  std::vector<NetworkEntry> Networks() const;
  std::vector<DomainEntry> Domains() const;

 private:
  // Build() flattens the (possibly nested) networks into disjoint address ranges, each with
  // the listing of the most specific network covering it, so a lookup is one binary search:
  // IPv4 ranges as 32-bit numbers (a compact array that stays in cache), others as 128-bit.
  // An index by the top 16 bits narrows each search to the ranges starting in that block.
  template <typename Key>
  struct Ranges {
    static constexpr int kIndexShift = static_cast<int>(sizeof(Key)) * 8 - 16;
    struct Range {  // together: the search's last probe brings the end and listing along
      Key start, end;
      uint32_t listing;
    };
    std::vector<Range> ranges;    // disjoint, by start
    std::vector<uint32_t> index;  // [block]: the first range starting in or after the block
    void BuildIndex();
    uint32_t Find(Key key) const;  // kExcluded when no range holds `key`
  };
  void AddRange(Ip128 start, Ip128 end, uint32_t listing);

  std::vector<Listing> listings_;
  std::vector<NetworkEntry> networks_;  // as added (the later of duplicates kept), sorted
  // Single IPv4 addresses (most of a typical list) in an open-addressing hash table: one probe,
  // usually one cache line, instead of a binary search.
  struct HostSlot {
    uint32_t address;
    uint32_t listing;  // kExcluded: empty
  };
  void BuildHosts();
  uint32_t FindHost(uint32_t address) const;
  std::vector<HostSlot> v4_hosts_;
  Ranges<uint32_t> v4_;
  Ranges<Ip128> v6_;
  std::unordered_map<std::string, uint32_t> exact_, wildcard_;
};

// How many queries one zone answered since the node started, and how many of them found a
// listing. Shared by every build of the zone's data (ZoneCounterSet), so a rebuild does not
// reset them. Counted with relaxed atomics: a reader sees a recent value, never a torn one.
struct ZoneCounters {
  std::atomic<uint64_t> queries{0}, listed{0};
};

// The counters of every zone by origin, kept by the DNSBL service across rebuilds and read by
// the API. Thread-safe.
class ZoneCounterSet {
 public:
  // The counters of `origin`, made at its first use.
  std::shared_ptr<ZoneCounters> For(const std::string& origin);
  // Null when no zone with this origin has been served.
  std::shared_ptr<const ZoneCounters> Find(const std::string& origin) const;

 private:
  mutable Mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<ZoneCounters>> counters_ GUARDED_BY(mu_);
};

struct Zone {
  std::string origin;           // lower case, no trailing dot
  uint32_t ttl = 300;           // of positive answers
  uint32_t negative_ttl = 300;  // the SOA minimum (RFC 2308)
  uint32_t serial = 1;
  std::vector<std::string> nameservers;  // default: ns.<origin>
  std::string hostmaster;                // the SOA RNAME; default: hostmaster.<origin>
  std::shared_ptr<const ZoneData> data;
  std::shared_ptr<ZoneCounters> counters;  // null: not counted (a zone built by the CLI)
};

class ZoneSet {
 public:
  explicit ZoneSet(std::vector<Zone> zones = {});
  // The zone `name` is in (the longest origin matching on a label boundary), or nullptr.
  // `*apex_label` is the index of the name's label where the origin starts.
  const Zone* Find(const Name& name, int* apex_label) const;
  const std::vector<Zone>& zones() const { return zones_; }

 private:
  std::vector<Zone> zones_;
};

// Answers a parsed query from the zones into `out` (`limit + kOptSize` octets; `limit` is the
// client's UDP payload size, or 65535 over TCP). Returns the response size.
size_t Answer(const ZoneSet& zones, const Query& query, const uint8_t* request, uint8_t* out,
              size_t limit);

// Parses, answers, and writes FORMERR for a malformed query. Returns the response size, or 0
// when nothing should be sent back (see ParseOutcome::kDrop).
size_t HandlePacket(const ZoneSet& zones, const uint8_t* request, size_t size, uint8_t* out,
                    size_t capacity, bool over_tcp);

}  // namespace concord::dns
