#include "dns/zone.h"

#include <algorithm>

namespace concord::dns {
namespace {

Ip128 Mask(int length) {
  if (length <= 0) return 0;
  if (length >= 128) return ~static_cast<Ip128>(0);
  return ~static_cast<Ip128>(0) << (128 - length);
}

// "2.0.0.127" (the labels before the zone) as an IPv4 address: four decimal labels 0-255,
// without leading zeros.
bool ReversedIpv4(const Name& name, int apex, Ip128* ip) {
  if (apex != 4) return false;
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) {
    const std::string_view label = name.Label(i);
    if (label.empty() || label.size() > 3 || (label.size() > 1 && label[0] == '0')) return false;
    uint32_t octet = 0;
    for (char c : label) {
      if (c < '0' || c > '9') return false;
      octet = octet * 10 + static_cast<uint32_t>(c - '0');
    }
    if (octet > 255) return false;
    v = v << 8 | octet;
  }
  *ip = kIpv4MappedPrefix | v;
  return true;
}

// 32 one-nibble labels, least significant first.
bool ReversedIpv6(const Name& name, int apex, Ip128* ip) {
  if (apex != 32) return false;
  Ip128 v = 0;
  for (int i = 31; i >= 0; --i) {
    const std::string_view label = name.Label(i);
    if (label.size() != 1) return false;
    const char c = label[0];
    int nibble;
    if (c >= '0' && c <= '9') {
      nibble = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      nibble = c - 'a' + 10;
    } else {
      return false;
    }
    v = v << 4 | static_cast<Ip128>(nibble);
  }
  *ip = v;
  return true;
}

// The TXT text with each '$' replaced by what was asked for.
std::string Expand(const std::string& txt, std::string_view subject) {
  std::string out;
  out.reserve(txt.size() + subject.size());
  for (char c : txt) {
    if (c == '$') {
      out.append(subject);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

void AddSoa(ResponseWriter& w, const Zone& zone, bool authority) {
  const std::string mname =
      zone.nameservers.empty() ? "ns." + zone.origin : zone.nameservers.front();
  const std::string rname = zone.hostmaster.empty() ? "hostmaster." + zone.origin : zone.hostmaster;
  // refresh, retry and expire as RFC 1912 suggests for a zone that changes often.
  w.AddSoa(zone.origin, zone.negative_ttl, mname, rname, zone.serial, 3600, 600, 604800,
           zone.negative_ttl, authority);
}

void AddNameservers(ResponseWriter& w, const Zone& zone) {
  if (zone.nameservers.empty()) {
    w.AddNs(zone.origin, zone.ttl, "ns." + zone.origin);
    return;
  }
  for (const std::string& ns : zone.nameservers) w.AddNs(zone.origin, zone.ttl, ns);
}

}  // namespace

uint32_t ZoneData::AddListing(Listing listing) {
  listings_.push_back(std::move(listing));
  return static_cast<uint32_t>(listings_.size() - 1);
}

void ZoneData::AddNetwork(Ip128 network, int length, uint32_t listing) {
  networks_.push_back({network & Mask(length), length, listing});
}

void ZoneData::AddDomain(std::string name, bool subdomains, uint32_t listing) {
  (subdomains ? wildcard_ : exact_)[std::move(name)] = listing;
}

void ZoneData::Build() {
  // Enclosing networks before the networks inside them; of two entries for one network, the
  // one added later wins (stable sort, keep the last).
  std::stable_sort(networks_.begin(), networks_.end(), [](const auto& a, const auto& b) {
    return a.network != b.network ? a.network < b.network : a.length < b.length;
  });
  std::vector<NetworkEntry> unique;
  for (size_t i = 0; i < networks_.size(); ++i) {
    if (i + 1 < networks_.size() && networks_[i + 1].network == networks_[i].network &&
        networks_[i + 1].length == networks_[i].length) {
      continue;
    }
    unique.push_back(networks_[i]);
  }
  networks_ = std::move(unique);
  // Sweep: a stack of the networks covering the current address; each stretch between two
  // boundaries takes the innermost network's listing.
  v4_ = {};
  v6_ = {};
  struct Open {
    Ip128 end;
    uint32_t listing;
  };
  std::vector<Open> stack;
  Ip128 cursor = 0;
  bool exhausted = false;  // the last range ended at the top address: nothing follows
  const auto close_top = [&] {
    const Open top = stack.back();
    stack.pop_back();
    if (!exhausted && cursor <= top.end) AddRange(cursor, top.end, top.listing);
    if (top.end == ~Ip128{0}) exhausted = true;
    cursor = top.end + 1;
  };
  for (const NetworkEntry& e : networks_) {
    while (!stack.empty() && stack.back().end < e.network) close_top();
    if (!stack.empty() && cursor < e.network) AddRange(cursor, e.network - 1, stack.back().listing);
    cursor = e.network;
    stack.push_back({e.network | ~Mask(e.length), e.listing});
  }
  while (!stack.empty()) close_top();
  BuildHosts();
  v4_.BuildIndex();
  v6_.BuildIndex();
}

namespace {
uint32_t HostHash(uint32_t address, size_t mask) {
  return static_cast<uint32_t>((address * 0x9E3779B97F4A7C15ull) >> 32) &
         static_cast<uint32_t>(mask);
}
}  // namespace

void ZoneData::BuildHosts() {
  // Ranges are disjoint, so a one-address range is the only one holding its address and can
  // move to the table.
  size_t hosts = 0;
  for (const auto& r : v4_.ranges) hosts += r.start == r.end;
  size_t capacity = 16;
  while (capacity < hosts * 2) capacity *= 2;
  v4_hosts_.assign(capacity, HostSlot{0, kExcluded});
  std::vector<Ranges<uint32_t>::Range> rest;
  for (const auto& r : v4_.ranges) {
    if (r.start != r.end) {
      rest.push_back(r);
      continue;
    }
    uint32_t slot = HostHash(r.start, capacity - 1);
    while (v4_hosts_[slot].listing != kExcluded) slot = (slot + 1) & (capacity - 1);
    v4_hosts_[slot] = {r.start, r.listing};
  }
  v4_.ranges = std::move(rest);
}

uint32_t ZoneData::FindHost(uint32_t address) const {
  const size_t mask = v4_hosts_.size() - 1;
  for (uint32_t slot = HostHash(address, mask);; slot = (slot + 1) & mask) {
    const HostSlot& s = v4_hosts_[slot];
    if (s.listing == kExcluded || s.address == address) return s.listing;
  }
}

void ZoneData::AddRange(Ip128 start, Ip128 end, uint32_t listing) {
  if (listing == kExcluded) return;  // an exception is a hole
  // The IPv4-mapped block goes to the 32-bit ranges; a range crossing its edges is split.
  const Ip128 v4_first = kIpv4MappedPrefix, v4_last = kIpv4MappedPrefix | 0xFFFFFFFFu;
  if (start < v4_first) {
    v6_.ranges.push_back({start, std::min(end, v4_first - 1), listing});
    if (end < v4_first) return;
    start = v4_first;
  }
  if (start <= v4_last) {
    v4_.ranges.push_back(
        {static_cast<uint32_t>(start), static_cast<uint32_t>(std::min(end, v4_last)), listing});
    if (end <= v4_last) return;
    start = v4_last + 1;
  }
  v6_.ranges.push_back({start, end, listing});
}

template <typename Key>
void ZoneData::Ranges<Key>::BuildIndex() {
  index.assign(65537, 0);
  size_t i = 0;
  for (uint32_t block = 0; block < 65536; ++block) {
    while (i < ranges.size() && static_cast<uint32_t>(ranges[i].start >> kIndexShift) < block) {
      ++i;
    }
    index[block] = static_cast<uint32_t>(i);
  }
  index[65536] = static_cast<uint32_t>(ranges.size());
}

template <typename Key>
uint32_t ZoneData::Ranges<Key>::Find(Key key) const {
  // The last range starting at or before `key`: every range before the block's slice starts
  // earlier, every range after it later.
  const uint32_t block = static_cast<uint32_t>(key >> kIndexShift);
  auto it = std::upper_bound(ranges.begin() + index[block], ranges.begin() + index[block + 1], key,
                             [](Key k, const Range& r) { return k < r.start; });
  if (it == ranges.begin()) return kExcluded;
  const Range& r = *(it - 1);
  return key <= r.end ? r.listing : kExcluded;
}

const Listing* ZoneData::FindIp(Ip128 ip) const {
  uint32_t listing = kExcluded;
  if (IsIpv4(ip)) {
    listing = FindHost(static_cast<uint32_t>(ip));
    if (listing == kExcluded) listing = v4_.Find(static_cast<uint32_t>(ip));
  } else {
    listing = v6_.Find(ip);
  }
  return listing == kExcluded ? nullptr : &listings_[listing];
}

const Listing* ZoneData::FindDomain(std::string_view name) const {
  // Lookups by std::string: the maps are small next to the cost of a packet, and C++20's
  // heterogeneous lookup for unordered containers needs a transparent hash anyway.
  auto exact = exact_.find(std::string(name));
  if (exact != exact_.end()) {
    return exact->second == kExcluded ? nullptr : &listings_[exact->second];
  }
  if (wildcard_.empty()) return nullptr;
  for (size_t dot = name.find('.'); dot != std::string_view::npos; dot = name.find('.', dot + 1)) {
    auto it = wildcard_.find(std::string(name.substr(dot + 1)));
    if (it != wildcard_.end()) return it->second == kExcluded ? nullptr : &listings_[it->second];
  }
  return nullptr;
}

std::vector<ZoneData::NetworkEntry> ZoneData::Networks() const { return networks_; }

std::vector<ZoneData::DomainEntry> ZoneData::Domains() const {
  std::vector<DomainEntry> out;
  for (const auto& [name, listing] : exact_) out.push_back({name, false, listing});
  for (const auto& [name, listing] : wildcard_) out.push_back({name, true, listing});
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.name != b.name ? a.name < b.name : a.subdomains < b.subdomains;
  });
  return out;
}

std::shared_ptr<ZoneCounters> ZoneCounterSet::For(const std::string& origin) {
  MutexLock lock(mu_);
  auto& counters = counters_[origin];
  if (!counters) counters = std::make_shared<ZoneCounters>();
  return counters;
}

std::shared_ptr<const ZoneCounters> ZoneCounterSet::Find(const std::string& origin) const {
  MutexLock lock(mu_);
  auto it = counters_.find(origin);
  return it == counters_.end() ? nullptr : it->second;
}

ZoneSet::ZoneSet(std::vector<Zone> zones) : zones_(std::move(zones)) {}

const Zone* ZoneSet::Find(const Name& name, int* apex_label) const {
  const Zone* best = nullptr;
  for (const Zone& zone : zones_) {
    const std::string_view text = name.text();
    if (text.size() < zone.origin.size() ||
        text.compare(text.size() - zone.origin.size(), zone.origin.size(), zone.origin) != 0) {
      continue;
    }
    if (best && best->origin.size() >= zone.origin.size()) continue;
    const size_t start = text.size() - zone.origin.size();
    int label = -1;
    if (zone.origin.empty()) {
      label = name.labels;
    } else {
      for (int i = 0; i < name.labels; ++i) {
        if (name.label_start[i] == start) label = i;
      }
    }
    if (label < 0) continue;  // the origin ends inside a label
    best = &zone;
    *apex_label = label;
  }
  return best;
}

size_t Answer(const ZoneSet& zones, const Query& q, const uint8_t* request, uint8_t* out,
              size_t limit) {
  ResponseWriter w(q, request, out, limit);
  const auto finish = [&] {
    if (q.edns) w.AddOpt(static_cast<uint16_t>(kMaxUdpPayload));
    return w.size();
  };
  if (OpcodeOf(q.flags) != 0) return w.SetRcode(Rcode::kNotImp), finish();
  if (q.edns && q.edns_version != 0) return w.SetRcode(Rcode::kBadVers), finish();
  int apex = 0;
  const Zone* zone =
      q.qclass == kClassIn || q.qclass == type::kAny ? zones.Find(q.name, &apex) : nullptr;
  if (!zone) return w.SetRcode(Rcode::kRefused), finish();
  if (zone->counters) zone->counters->queries.fetch_add(1, std::memory_order_relaxed);

  if (apex == 0) {  // the zone apex: SOA and NS, no address data
    if (q.qtype == type::kSoa || q.qtype == type::kAny) AddSoa(w, *zone, false);
    if (q.qtype == type::kNs || q.qtype == type::kAny) AddNameservers(w, *zone);
    if (q.qtype != type::kSoa && q.qtype != type::kNs && q.qtype != type::kAny) {
      AddSoa(w, *zone, true);
    }
    return finish();
  }

  Ip128 ip = 0;
  const Listing* listing = nullptr;
  const bool by_address = ReversedIpv4(q.name, apex, &ip) || ReversedIpv6(q.name, apex, &ip);
  const std::string_view domain = q.name.text().substr(0, q.name.label_start[apex] - 1);
  if (zone->data) listing = by_address ? zone->data->FindIp(ip) : zone->data->FindDomain(domain);
  if (!listing) {
    w.SetRcode(Rcode::kNxDomain);
    AddSoa(w, *zone, true);
    return finish();
  }
  if (zone->counters) zone->counters->listed.fetch_add(1, std::memory_order_relaxed);
  const bool a = q.qtype == type::kA || q.qtype == type::kAny;
  const bool txt = (q.qtype == type::kTxt || q.qtype == type::kAny) && !listing->txt.empty();
  if (a) w.AddA(zone->ttl, listing->a);
  if (txt)
    w.AddTxt(zone->ttl, Expand(listing->txt, by_address ? FormatIp(ip) : std::string(domain)));
  if (!a && !txt) AddSoa(w, *zone, true);  // the name exists, with no data of this type
  return finish();
}

size_t HandlePacket(const ZoneSet& zones, const uint8_t* request, size_t size, uint8_t* out,
                    size_t capacity, bool over_tcp) {
  Query query;
  std::string error;
  switch (ParseQuery(request, size, &query, &error)) {
    case ParseOutcome::kDrop:
      return 0;
    case ParseOutcome::kFormatError:
      return WriteError(query, request, Rcode::kFormErr, out, capacity - kOptSize);
    case ParseOutcome::kOk:
      break;
  }
  size_t limit = capacity - kOptSize;
  if (!over_tcp) {
    const size_t client = query.edns ? query.udp_payload : kMinUdpPayload;
    limit = std::min(limit, client - (query.edns ? kOptSize : 0));
  }
  return Answer(zones, query, request, out, limit);
}

}  // namespace concord::dns
