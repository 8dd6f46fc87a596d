#include "spam/zones.h"

#include <algorithm>
#include <map>

#include "common/json.h"
#include "common/strings.h"
#include "sharing/node_policy.h"
#include "spam/reputation.h"
#include "stix/pattern/parser.h"

namespace concord::spam {
namespace {

namespace pat = stix::pattern;

// One entry on its way into a zone, keyed by its canonical text so overrides replace it.
struct Entry {
  bool domain = false;
  Ip128 network = 0;
  int length = 128;
  std::string name;
  bool subdomains = false;
  bool excluded = false;
  dns::Listing listing;
};

Result<Entry> ParseEntry(std::string_view text) {
  Entry e;
  text = TrimWhitespace(text);
  std::string error;
  if (ParsePrefix(text, &e.network, &e.length, &error)) return e;
  std::string_view name = text;
  if (name.rfind("*.", 0) == 0) {
    e.subdomains = true;
    name.remove_prefix(2);
  }
  if (!NormalizeDomain(name, &e.name)) {
    return Status::InvalidArgument("\"" + std::string(text) +
                                   "\" is not an IP address, a CIDR network, a domain or "
                                   "*.domain");
  }
  e.domain = true;
  return e;
}

std::string KeyOf(const Entry& e) {
  if (e.domain) return (e.subdomains ? "*." : "") + e.name;
  const int shown = IsIpv4(e.network) ? e.length - 96 : e.length;
  const bool host = e.length == 128;
  return FormatIp(e.network) + (host ? "" : "/" + std::to_string(shown));
}

std::string FormatCode(uint32_t a) {
  return std::to_string(a >> 24) + "." + std::to_string(a >> 16 & 255) + "." +
         std::to_string(a >> 8 & 255) + "." + std::to_string(a & 255);
}

class ZoneBuilder {
 public:
  void Add(Entry e) {
    std::string key = KeyOf(e);
    entries_[key] = std::move(e);
  }
  void Add(std::string_view text, uint32_t code, std::string txt) {
    auto e = ParseEntry(text);
    if (!e.ok()) return;
    e->listing = {code, std::move(txt)};
    Add(std::move(*e));
  }
  void Exclude(std::string_view text) {
    auto e = ParseEntry(text);
    if (!e.ok()) return;
    e->excluded = true;
    Add(std::move(*e));
  }
  std::shared_ptr<const dns::ZoneData> Build() {
    auto data = std::make_shared<dns::ZoneData>();
    for (auto& [key, e] : entries_) {
      const uint32_t listing =
          e.excluded ? dns::ZoneData::kExcluded : data->AddListing(std::move(e.listing));
      if (e.domain) {
        data->AddDomain(e.name, e.subdomains, listing);
      } else {
        data->AddNetwork(e.network, e.length, listing);
      }
    }
    data->Build();
    return data;
  }

 private:
  std::map<std::string, Entry> entries_;
};

// The values an indicator's pattern lists for IPs and domains, when it is only a disjunction
// of equality (or IN / ISSUBSET) comparisons on them; false for anything a DNSBL cannot say
// (conjunctions, other properties, sequences).
bool CollectComparisons(const pat::ComparisonExpr& e, std::vector<std::string>* values) {
  if (e.kind == pat::ComparisonExpr::Kind::kOr) {
    return CollectComparisons(*e.left, values) && CollectComparisons(*e.right, values);
  }
  if (e.kind != pat::ComparisonExpr::Kind::kComparison) return false;
  const pat::Comparison& c = e.comparison;
  const std::string& type = c.path.object_type;
  if ((type != "ipv4-addr" && type != "ipv6-addr" && type != "domain-name") ||
      c.path.steps.size() != 1 || c.path.steps[0].name != "value" || c.negated) {
    return false;
  }
  const bool ip = type != "domain-name";
  if (c.op != pat::CompareOp::kEqual && c.op != pat::CompareOp::kIn &&
      !(ip && c.op == pat::CompareOp::kIsSubset)) {
    return false;
  }
  for (const pat::Literal& l : c.values) {
    if (l.kind != pat::LiteralKind::kString) return false;
    values->push_back(l.text);
  }
  return true;
}

bool CollectObservations(const pat::ObservationExpr& e, std::vector<std::string>* values) {
  switch (e.kind) {
    case pat::ObservationExpr::Kind::kObservation:
      return CollectComparisons(*e.comparison, values);
    case pat::ObservationExpr::Kind::kOr:
      return CollectObservations(*e.left, values) && CollectObservations(*e.right, values);
    default:
      return false;
  }
}

bool AnyOf(const json::Value& list, const std::vector<std::string>& wanted) {
  if (wanted.empty()) return true;
  for (uint32_t i = 0; list.is_array() && i < list.size(); ++i) {
    if (std::find(wanted.begin(), wanted.end(), list.at(i).str()) != wanted.end()) return true;
  }
  return false;
}

// Calls `fn` with each indicator (latest version, not revoked, valid at `now`) the policy
// releases to the zone's audience, with its IP/domain values.
Status ForEachReleasedIndicator(
    store::Database& db, const ZoneSettings& settings, Micros now,
    const std::function<void(const store::StoredObject&, const json::Value&,
                             const std::vector<std::string>&)>& fn) {
  auto policy = sharing::LoadNodePolicy(db);
  if (!policy.ok()) return policy.status();
  auto org = sharing::NodeOrganisation(db);
  sharing::Recipient recipient{sharing::Channel::kPublic, ""};
  if (settings.audience == "community" && org.ok()) {
    recipient = {sharing::Channel::kLocalUser, org->identity_id};
  }
  store::ObjectQuery q;
  q.types = {"indicator"};
  return db.objects().Scan(q, [&](const store::StoredObject& o) {
    if (o.revoked) return true;
    auto facts = sharing::FactsOf(o);
    if (!facts.ok()) return true;
    const sharing::Decision decision = policy->Decide(*facts, recipient);
    if (!decision.release || decision.tlp > settings.max_tlp) return true;
    json::Document doc;
    if (!doc.ParseAll(o.json).ok()) return true;
    const json::Value root = doc.root();
    auto until = ParseTimestamp(root["valid_until"].str());
    if (until.ok() && *until <= now) return true;
    auto from = ParseTimestamp(root["valid_from"].str());
    if (from.ok() && *from > now) return true;
    auto pattern = pat::Parse(root["pattern"].str());
    std::vector<std::string> values;
    if (!pattern.ok() || !CollectObservations(*pattern->root, &values)) return true;
    fn(o, root, values);
    return true;
  });
}

Status AddSpamSources(store::Database& db, const ZoneSettings& settings, Micros now,
                      ZoneBuilder* builder) {
  auto config = LoadReputationConfig(db.settings());
  if (!config.ok()) return config.status();
  auto reputation = ComputeReputation(db.spam(), *config, now);
  if (!reputation.ok()) return reputation.status();
  for (const SourceReputation& s : *reputation) {
    if (!s.listed) continue;
    Ip128 ip;
    if (s.kind == "url-host" && ParseIp(s.key, &ip)) continue;  // URL hosts: names only
    const std::string what = s.kind == "network"  ? "Network $ sent spam"
                             : s.kind == "ip"     ? "$ sent spam"
                             : s.kind == "domain" ? "$ sends spam"
                                                  : "$ is advertised in spam";
    char counts[96];
    std::snprintf(counts, sizeof counts, ": %lld reports from %lld reporters, last %s",
                  static_cast<long long>(s.reports), static_cast<long long>(s.reporters),
                  FormatTimestamp(s.last_seen).substr(0, 10).c_str());
    builder->Add(s.key, s.kind == "network" ? kCodeNetwork : kCodeSpam, what + counts);
  }
  // Spam sources other nodes listed and shared with this one.
  auto org = sharing::NodeOrganisation(db);
  const std::string own = org.ok() ? org->identity_id : "";
  ZoneSettings peers = settings;
  peers.labels = {std::string(kSpamSourceLabel)};
  return ForEachReleasedIndicator(
      db, peers, now, [&](const store::StoredObject& o, const json::Value& root, const auto& values) {
        if (o.created_by_ref == own || !AnyOf(root["labels"], peers.labels)) return;
        for (const std::string& v : values) {
          builder->Add(v, kCodePeer, "$ listed as a spam source by a partner (" + o.id + ")");
        }
      });
}

}  // namespace

Result<std::string> CanonicalEntry(std::string_view entry) {
  auto e = ParseEntry(entry);
  if (!e.ok()) return e.status();
  return KeyOf(*e);
}

Result<uint32_t> ParseCode(std::string_view code, uint32_t fallback) {
  if (TrimWhitespace(code).empty()) return fallback;
  uint32_t v = 0;
  if (!ParseIpv4(TrimWhitespace(code), &v) || (v >> 24) != 127) {
    return Status::InvalidArgument("code \"" + std::string(code) +
                                   "\" is not a 127.0.0.0/8 address (RFC 5782 §2.1)");
  }
  return v;
}

Result<int64_t> AddManualListing(store::SpamStore& store, store::DnsListing listing) {
  auto zones = store.ListZones();
  if (!zones.ok()) return zones.status();
  if (std::none_of(zones->begin(), zones->end(),
                   [&](const auto& z) { return z.origin == listing.zone; })) {
    return Status::NotFound("no zone \"" + listing.zone + "\" (add it with concord dns zone add)");
  }
  auto entry = CanonicalEntry(listing.entry);
  if (!entry.ok()) return entry.status();
  listing.entry = *entry;
  if (auto code = ParseCode(listing.code, kCodeManual); !code.ok()) return code.status();
  return store.AddListing(listing);
}

Result<ZoneSettings> ReadZoneSettings(const store::DnsZoneConfig& config) {
  ZoneSettings s;
  if (!NormalizeDomain(config.origin, &s.origin)) {
    return Status::InvalidArgument("zone \"" + config.origin + "\" is not a domain name");
  }
  s.source = config.source;
  if (s.source != "spam" && s.source != "indicators" && s.source != "manual") {
    return Status::InvalidArgument("zone source \"" + s.source +
                                   "\": expected spam, indicators or manual");
  }
  json::Document doc;
  if (!doc.ParseAll(config.config.empty() ? "{}" : config.config).ok() ||
      !doc.root().is_object()) {
    return Status::InvalidArgument("zone " + s.origin + ": its settings are not a JSON object");
  }
  const json::Value root = doc.root();
  if (root["audience"].is_string()) s.audience = root["audience"].str();
  if (s.audience != "public" && s.audience != "community") {
    return Status::InvalidArgument("audience \"" + s.audience + "\": expected public or community");
  }
  if (root["ttl"].is_number()) {
    const auto ttl = root["ttl"].as_int();
    if (!ttl || *ttl < 0 || *ttl > 604800) {
      return Status::InvalidArgument("ttl must be 0 to 604800 seconds");
    }
    s.ttl = static_cast<uint32_t>(*ttl);
  }
  if (root["hostmaster"].is_string()) s.hostmaster = root["hostmaster"].str();
  auto strings = [&](const char* key, std::vector<std::string>* out) {
    for (uint32_t i = 0; root[key].is_array() && i < root[key].size(); ++i) {
      out->push_back(root[key].at(i).str());
    }
  };
  strings("nameservers", &s.nameservers);
  strings("indicator_types", &s.indicator_types);
  strings("labels", &s.labels);
  if (root["max_tlp"].is_string()) {
    auto tlp = sharing::ParseTlp(root["max_tlp"].str());
    if (!tlp) return Status::InvalidArgument("max_tlp \"" + root["max_tlp"].str() + "\"");
    s.max_tlp = *tlp;
  }
  return s;
}

Result<store::DnsZoneConfig> WriteZoneSettings(const ZoneSettings& s) {
  std::string out;
  json::Writer w(&out);
  w.BeginObject().Key("audience").String(s.audience).Key("ttl").Int(s.ttl);
  if (!s.hostmaster.empty()) w.Key("hostmaster").String(s.hostmaster);
  auto strings = [&](const char* key, const std::vector<std::string>& list) {
    w.Key(key).BeginArray();
    for (const auto& v : list) w.String(v);
    w.EndArray();
  };
  strings("nameservers", s.nameservers);
  strings("indicator_types", s.indicator_types);
  strings("labels", s.labels);
  w.Key("max_tlp").String(sharing::TlpName(s.max_tlp));
  w.EndObject();
  store::DnsZoneConfig config{s.origin, s.source, out};
  auto check = ReadZoneSettings(config);  // one place says what is valid
  if (!check.ok()) return check.status();
  config.origin = check->origin;
  return config;
}

Result<dns::Zone> BuildZone(store::Database& db, const ZoneSettings& settings, Micros now) {
  ZoneBuilder builder;
  if (settings.source == "spam") {
    CONCORD_RETURN_IF_ERROR(AddSpamSources(db, settings, now, &builder));
  } else if (settings.source == "indicators") {
    CONCORD_RETURN_IF_ERROR(ForEachReleasedIndicator(
        db, settings, now,
        [&](const store::StoredObject& o, const json::Value& root, const auto& values) {
          if (!AnyOf(root["indicator_types"], settings.indicator_types) ||
              !AnyOf(root["labels"], settings.labels)) {
            return;
          }
          std::string name = root["name"].str();
          if (name.empty()) name = o.id;
          for (const std::string& v : values) builder.Add(v, kCodeIndicator, "$: " + name);
        }));
  }
  auto listings = db.spam().ListListings(settings.origin);
  if (!listings.ok()) return listings.status();
  for (const store::DnsListing& l : *listings) {
    if (l.expires != 0 && l.expires <= now) continue;
    if (l.delist) {
      builder.Exclude(l.entry);
      continue;
    }
    auto code = ParseCode(l.code, kCodeManual);
    builder.Add(l.entry, code.ok() ? *code : kCodeManual,
                l.reason.empty() ? "$ is listed" : l.reason);
  }
  // RFC 5782 §5: the test entries, whatever else was listed or delisted.
  builder.Add("127.0.0.2", kCodeSpam, "Test entry: $ is always listed (RFC 5782)");
  builder.Add("test", kCodeSpam, "Test entry: $ is always listed (RFC 5782)");
  builder.Exclude("127.0.0.1");
  builder.Exclude("invalid");
  dns::Zone zone;
  zone.origin = settings.origin;
  zone.ttl = settings.ttl;
  zone.negative_ttl = settings.ttl;
  zone.serial = static_cast<uint32_t>(now / 1'000'000);
  zone.nameservers = settings.nameservers;
  zone.hostmaster = settings.hostmaster;
  zone.data = builder.Build();
  return zone;
}

Result<std::shared_ptr<const dns::ZoneSet>> BuildZones(store::Database& db, Micros now) {
  auto configs = db.spam().ListZones();
  if (!configs.ok()) return configs.status();
  std::vector<dns::Zone> zones;
  for (const store::DnsZoneConfig& c : *configs) {
    auto settings = ReadZoneSettings(c);
    if (!settings.ok()) return settings.status().WithPrefix("zone " + c.origin);
    auto zone = BuildZone(db, *settings, now);
    if (!zone.ok()) return zone.status().WithPrefix("zone " + c.origin);
    zones.push_back(std::move(*zone));
  }
  return std::make_shared<const dns::ZoneSet>(std::move(zones));
}

Result<std::string> ExportZone(const dns::Zone& zone, std::string_view format) {
  const dns::ZoneData& data = *zone.data;
  std::string out;
  const auto value = [&](uint32_t index) {
    const dns::Listing& l = data.listing(index);
    return " :" + FormatCode(l.a) + ":" + l.txt;
  };
  if (format == "ip4set" || format == "ip6trie") {
    const bool v4 = format == "ip4set";
    out += "# " + zone.origin + " (" + std::string(format) + ") exported by Concord\n";
    for (const auto& e : data.Networks()) {
      if (IsIpv4(e.network) != v4 || (v4 && e.length < 96)) continue;
      const int shown = v4 ? e.length - 96 : e.length;
      const std::string key =
          FormatIp(e.network) + (shown == (v4 ? 32 : 128) ? "" : "/" + std::to_string(shown));
      if (e.listing == dns::ZoneData::kExcluded) {
        out += "!" + key + "\n";
      } else {
        out += key + value(e.listing) + "\n";
      }
    }
    return out;
  }
  if (format == "dnset") {
    out += "# " + zone.origin + " (dnset) exported by Concord\n";
    for (const auto& e : data.Domains()) {
      const std::string key = (e.subdomains ? "*." : "") + e.name;
      if (e.listing == dns::ZoneData::kExcluded) {
        out += "!" + key + "\n";
      } else {
        out += key + value(e.listing) + "\n";
      }
    }
    return out;
  }
  if (format == "rpz") {
    // RFC-draft DNS RPZ: names are triggers (CNAME . = NXDOMAIN), IP addresses are response
    // IP triggers under rpz-ip ("prefix.reversed-address"), exclusions pass through.
    const std::string ns = zone.nameservers.empty() ? "ns." + zone.origin : zone.nameservers[0];
    const std::string hostmaster =
        zone.hostmaster.empty() ? "hostmaster." + zone.origin : zone.hostmaster;
    out += "; " + zone.origin + " as a response policy zone, exported by Concord\n";
    out += "$TTL " + std::to_string(zone.ttl) + "\n";
    out += "@ SOA " + ns + ". " + hostmaster + ". " + std::to_string(zone.serial) +
           " 3600 600 604800 " + std::to_string(zone.negative_ttl) + "\n";
    out += "@ NS " + ns + ".\n";
    const auto action = [](uint32_t listing) {
      return listing == dns::ZoneData::kExcluded ? " CNAME rpz-passthru.\n" : " CNAME .\n";
    };
    for (const auto& e : data.Domains()) {
      out += (e.subdomains ? "*." : "") + e.name + action(e.listing);
    }
    for (const auto& e : data.Networks()) {
      std::string owner;
      if (IsIpv4(e.network)) {
        const uint32_t v = static_cast<uint32_t>(e.network);
        owner = std::to_string(e.length - 96) + "." + std::to_string(v & 255) + "." +
                std::to_string(v >> 8 & 255) + "." + std::to_string(v >> 16 & 255) + "." +
                std::to_string(v >> 24);
      } else {
        owner = std::to_string(e.length);
        for (int group = 7; group >= 0; --group) {
          char hex[8];
          std::snprintf(hex, sizeof hex, ".%x",
                        static_cast<unsigned>((e.network >> (16 * (7 - group))) & 0xFFFF));
          owner += hex;
        }
      }
      out += owner + ".rpz-ip" + action(e.listing);
    }
    return out;
  }
  return Status::InvalidArgument("export format \"" + std::string(format) +
                                 "\": expected ip4set, ip6trie, dnset or rpz");
}

}  // namespace concord::spam
