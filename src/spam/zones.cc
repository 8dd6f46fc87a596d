#include "spam/zones.h"

#include <algorithm>
#include <map>

#include "common/json.h"
#include "common/numbers.h"
#include "common/strings.h"
#include "sharing/node_policy.h"
#include "spam/reputation.h"

namespace concord::spam {
namespace {

std::string FormatCode(uint32_t a) {
  return std::to_string(a >> 24) + "." + std::to_string(a >> 16 & 255) + "." +
         std::to_string(a >> 8 & 255) + "." + std::to_string(a & 255);
}

// Collects a zone's entries in priority order (the zone data keeps the later of two entries
// for one key): the source's, then manual listings, delistings, and the RFC 5782 test entries.
class ZoneBuilder {
 public:
  ZoneBuilder() : data_(std::make_shared<dns::ZoneData>()) {}
  void Add(const ListEntry& e, uint32_t code, std::string txt) {
    Put(e, data_->AddListing({code, std::move(txt)}));
  }
  void Add(std::string_view text, uint32_t code, std::string txt) {
    if (auto e = ParseListEntry(text); e.ok()) Add(*e, code, std::move(txt));
  }
  void Exclude(std::string_view text) {
    if (auto e = ParseListEntry(text); e.ok()) Put(*e, dns::ZoneData::kExcluded);
  }
  std::shared_ptr<const dns::ZoneData> Build() {
    data_->Build();
    return data_;
  }

 private:
  void Put(const ListEntry& e, uint32_t listing) {
    if (e.domain) {
      data_->AddDomain(e.name, e.subdomains, listing);
    } else {
      data_->AddNetwork(e.network, e.length, listing);
    }
  }
  std::shared_ptr<dns::ZoneData> data_;
};

bool AnyOf(const std::vector<std::string>& values, const std::vector<std::string>& wanted) {
  if (wanted.empty()) return true;
  return std::any_of(values.begin(), values.end(), [&](const std::string& v) {
    return std::find(wanted.begin(), wanted.end(), v) != wanted.end();
  });
}

// What the zones of one rebuild share: the indicators and who may see them.
struct BuildContext {
  store::Database& db;
  const IndicatorIndex& index;
  sharing::Policy policy;
  std::string own_org;  // the node organisation's identity
  Micros now;
};

// Calls `fn` with each indicator (not revoked, valid at `now`) the policy releases to the
// zone's audience at no more than its TLP.
void ForEachReleasedIndicator(const BuildContext& context, const ZoneSettings& settings,
                              const std::function<void(const IndexedIndicator&)>& fn) {
  sharing::Recipient recipient{sharing::Channel::kPublic, ""};
  if (settings.audience == "community") {
    recipient = {sharing::Channel::kLocalUser, context.own_org};
  }
  for (const auto& [id, indicator] : context.index.indicators()) {
    if (indicator.revoked) continue;
    if (indicator.valid_until != 0 && indicator.valid_until <= context.now) continue;
    if (indicator.valid_from > context.now) continue;
    const sharing::Decision decision = context.policy.Decide(indicator.facts, recipient);
    if (!decision.release || decision.tlp > settings.max_tlp) continue;
    fn(indicator);
  }
}

Status AddSpamSources(const BuildContext& context, const ZoneSettings& settings,
                      ZoneBuilder* builder) {
  // Spam sources other nodes listed and shared with this one.
  ForEachReleasedIndicator(context, settings, [&](const IndexedIndicator& i) {
    if (i.facts.originator == context.own_org ||
        !AnyOf(i.labels, {std::string(kSpamSourceLabel)})) {
      return;
    }
    for (const ListEntry& e : i.entries) {
      builder->Add(e, kCodePeer, "$ listed as a spam source by a partner (" + i.name + ")");
    }
  });
  auto config = LoadReputationConfig(context.db.settings());
  if (!config.ok()) return config.status();
  auto reputation = ComputeReputation(context.db.Get<spam::SpamStore>(), *config, context.now);
  if (!reputation.ok()) return reputation.status();
  // URL hosts first: a sender domain that is also advertised keeps its sender text.
  std::stable_partition(reputation->begin(), reputation->end(),
                        [](const SourceReputation& s) { return s.kind == "url-host"; });
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
  return Status::Ok();
}

Result<dns::Zone> BuildZone(const BuildContext& context, const ZoneSettings& settings) {
  ZoneBuilder builder;
  if (settings.source == "spam") {
    CONCORD_RETURN_IF_ERROR(AddSpamSources(context, settings, &builder));
  } else if (settings.source == "indicators") {
    ForEachReleasedIndicator(context, settings, [&](const IndexedIndicator& i) {
      if (!AnyOf(i.indicator_types, settings.indicator_types) ||
          !AnyOf(i.labels, settings.labels)) {
        return;
      }
      for (const ListEntry& e : i.entries) builder.Add(e, kCodeIndicator, "$: " + i.name);
    });
  }
  auto listings = context.db.Get<spam::SpamStore>().ListListings(settings.origin);
  if (!listings.ok()) return listings.status();
  for (const spam::DnsListing& l : *listings) {
    if (l.delist || (l.expires != 0 && l.expires <= context.now)) continue;
    auto code = ParseCode(l.code, kCodeManual);
    builder.Add(l.entry, code.ok() ? *code : kCodeManual,
                l.reason.empty() ? "$ is listed" : l.reason);
  }
  for (const spam::DnsListing& l : *listings) {
    if (l.delist && (l.expires == 0 || l.expires > context.now)) builder.Exclude(l.entry);
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
  zone.serial = static_cast<uint32_t>(context.now / 1'000'000);
  zone.nameservers = settings.nameservers;
  zone.hostmaster = settings.hostmaster;
  zone.data = builder.Build();
  return zone;
}

Result<BuildContext> MakeContext(store::Database& db, const IndicatorIndex& index, Micros now) {
  auto policy = sharing::LoadNodePolicy(db);
  if (!policy.ok()) return policy.status();
  auto org = sharing::NodeOrganisation(db);
  return BuildContext{db, index, std::move(*policy), org.ok() ? org->identity_id : "", now};
}

}  // namespace

Result<std::string> CanonicalEntry(std::string_view entry) {
  auto e = ParseListEntry(entry);
  if (!e.ok()) return e.status();
  return FormatListEntry(*e);
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

namespace {

Result<int> PrefixBound(store::SettingsStore& settings, std::string_view key, int fallback,
                        int max) {
  auto value = settings.Get(key);
  if (!value.ok()) return value.status();
  if (!*value) return fallback;
  const std::optional<int> n = ParseInteger<int>(**value);
  if (!n || *n < 0 || *n > max) {
    return Status::InvalidArgument("setting " + std::string(key) + " = \"" + **value +
                                   "\": expected a prefix length from 0 to " + std::to_string(max));
  }
  return *n;
}

}  // namespace

// The audit log: who listed or removed what, in the log every manual change goes to.
Status AuditListing(store::Database& db, const spam::DnsListing& listing, const std::string& actor,
                    Micros at, const char* action) {
  store::AuditEntry audit;
  audit.at = at;
  audit.actor = actor;
  audit.action = action;
  audit.subject = listing.zone + " " + listing.entry;
  json::Writer w(&audit.after);
  w.BeginObject().Key("id").Int(listing.id).Key("zone").String(listing.zone);
  w.Key("entry").String(listing.entry).Key("reason").String(listing.reason).EndObject();
  auto writer = db.objects().BeginWrite();
  if (!writer.ok()) return writer.status();
  CONCORD_RETURN_IF_ERROR((*writer)->Part<store::AuditWriter>().Add(audit));
  return (*writer)->Commit();
}

Result<int64_t> AddManualListing(store::Database& db, spam::DnsListing listing, bool force) {
  spam::SpamStore& store = db.Get<spam::SpamStore>();
  auto zones = store.ListZones();
  if (!zones.ok()) return zones.status();
  if (std::none_of(zones->begin(), zones->end(),
                   [&](const auto& z) { return z.origin == listing.zone; })) {
    return Status::NotFound("no zone \"" + listing.zone + "\" (add it with concord dns zone add)");
  }
  auto parsed = ParseListEntry(listing.entry);
  if (!parsed.ok()) return parsed.status();
  if (!listing.delist && !parsed->domain && !force) {
    const bool v4 = IsIpv4(parsed->network) && parsed->length >= 96;
    auto bound = v4 ? PrefixBound(db.settings(), kMinIpv4PrefixSetting, 8, 32)
                    : PrefixBound(db.settings(), kMinIpv6PrefixSetting, 32, 128);
    if (!bound.ok()) return bound.status();
    const int length = v4 ? parsed->length - 96 : parsed->length;
    if (length < *bound) {
      return Status::InvalidArgument(
          listing.entry + " is a /" + std::to_string(length) + ", wider than the /" +
          std::to_string(*bound) + " a listing may name (setting " +
          std::string(v4 ? kMinIpv4PrefixSetting : kMinIpv6PrefixSetting) +
          "); list it with --force (API: \"force\": true) if you mean it");
    }
  }
  listing.entry = FormatListEntry(*parsed);
  if (auto code = ParseCode(listing.code, kCodeManual); !code.ok()) return code.status();
  auto id = store.AddListing(listing);
  if (!id.ok()) return id.status();
  listing.id = *id;
  CONCORD_RETURN_IF_ERROR(AuditListing(db, listing, listing.actor, listing.created,
                                       listing.delist ? "dns.delist"
                                       : force        ? "dns.list.forced"
                                                      : "dns.list"));
  return id;
}

Status RemoveManualListing(store::Database& db, int64_t id, const std::string& actor, Micros now) {
  auto& store = db.Get<spam::SpamStore>();
  auto listings = store.ListListings("");
  if (!listings.ok()) return listings.status();
  const spam::DnsListing* found = nullptr;
  for (const auto& l : *listings) {
    if (l.id == id) found = &l;
  }
  if (found == nullptr) return Status::NotFound("no listing " + std::to_string(id));
  CONCORD_RETURN_IF_ERROR(store.RemoveListing(id));
  return AuditListing(db, *found, actor, now, "dns.unlist");
}

Result<ZoneSettings> ReadZoneSettings(const spam::DnsZoneConfig& config) {
  ZoneSettings s;
  if (!NormalizeDomain(config.origin, &s.origin)) {
    return Status::InvalidArgument("zone \"" + config.origin + "\" is not a domain name");
  }
  s.source = config.source;
  if (s.source != "spam" && s.source != "indicators" && s.source != "manual") {
    return Status::InvalidArgument("zone source \"" + s.source +
                                   "\": expected spam, indicators or manual");
  }
  // The document points into its text, which must outlive it.
  const std::string text = config.config.empty() ? "{}" : config.config;
  json::Document doc;
  if (!doc.ParseAll(text).ok() || !doc.root().is_object()) {
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

Result<spam::DnsZoneConfig> WriteZoneSettings(const ZoneSettings& s) {
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
  spam::DnsZoneConfig config{s.origin, s.source, out};
  auto check = ReadZoneSettings(config);  // one place says what is valid
  if (!check.ok()) return check.status();
  config.origin = check->origin;
  return config;
}

Result<dns::Zone> BuildZone(store::Database& db, const ZoneSettings& settings, Micros now) {
  IndicatorIndex index;
  CONCORD_RETURN_IF_ERROR(index.Refresh(db.objects()));
  auto context = MakeContext(db, index, now);
  if (!context.ok()) return context.status();
  return BuildZone(*context, settings);
}

Result<std::shared_ptr<const dns::ZoneSet>> BuildZones(store::Database& db, Micros now,
                                                       IndicatorIndex* index,
                                                       dns::ZoneCounterSet* counters) {
  IndicatorIndex fresh;
  if (!index) index = &fresh;
  CONCORD_RETURN_IF_ERROR(index->Refresh(db.objects()));
  auto configs = db.Get<spam::SpamStore>().ListZones();
  if (!configs.ok()) return configs.status();
  auto context = MakeContext(db, *index, now);
  if (!context.ok()) return context.status();
  std::vector<dns::Zone> zones;
  for (const spam::DnsZoneConfig& c : *configs) {
    auto settings = ReadZoneSettings(c);
    if (!settings.ok()) return settings.status().WithPrefix("zone " + c.origin);
    auto zone = BuildZone(*context, *settings);
    if (!zone.ok()) return zone.status().WithPrefix("zone " + c.origin);
    if (counters) zone->counters = counters->For(zone->origin);
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
  // One line of an rbldnsd data file: "entry :A:TXT", or "!entry" for an exception.
  const auto line = [&](const std::string& key, uint32_t listing) {
    out += listing == dns::ZoneData::kExcluded ? "!" + key + "\n" : key + value(listing) + "\n";
  };
  if (format == "ip4set" || format == "ip6trie") {
    const bool v4 = format == "ip4set";
    out += "# " + zone.origin + " (" + std::string(format) + ") exported by Concord\n";
    for (const auto& e : data.Networks()) {
      if (IsIpv4(e.network) != v4 || (v4 && e.length < 96)) continue;
      ListEntry entry;
      entry.network = e.network;
      entry.length = e.length;
      line(FormatListEntry(entry), e.listing);
    }
    return out;
  }
  if (format == "dnset") {
    out += "# " + zone.origin + " (dnset) exported by Concord\n";
    for (const auto& e : data.Domains()) line((e.subdomains ? "*." : "") + e.name, e.listing);
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
