#include "spam/share.h"

#include <map>
#include <set>

#include "common/json.h"
#include "common/uuid.h"
#include "sharing/node_policy.h"
#include "spam/reputation.h"
#include "spam/store.h"
#include "spam/zones.h"
#include "stix/validate.h"
#include "store/tombstone.h"

namespace concord::spam {
namespace {

// UUIDv5 of https://concord.example/spam-source in the URL namespace.
constexpr std::string_view kSpamSourceNamespace = "b0a6cfc1-a9f4-5c6b-8c0f-f719a214f4d9";

std::string PatternOf(const std::string& key) {
  Ip128 network;
  int length;
  std::string error;
  if (ParsePrefix(key, &network, &length, &error)) {
    return std::string("[") + (IsIpv4(network) ? "ipv4-addr" : "ipv6-addr") + ":value = '" + key +
           "']";
  }
  return "[domain-name:value = '" + key + "']";
}

// The sources the node's spam zones list now (by reputation or by hand), canonical keys.
Result<std::set<std::string>> ListedSources(store::Database& db, Micros now) {
  std::set<std::string> listed;
  auto config = LoadReputationConfig(db.settings());
  if (!config.ok()) return config.status();
  auto reputation = ComputeReputation(db.Get<spam::SpamStore>(), *config, now);
  if (!reputation.ok()) return reputation.status();
  Ip128 ip;
  for (const SourceReputation& s : *reputation) {
    if (s.listed && !(s.kind == "url-host" && ParseIp(s.key, &ip))) listed.insert(s.key);
  }
  auto zones = db.Get<spam::SpamStore>().ListZones();
  if (!zones.ok()) return zones.status();
  for (const spam::DnsZoneConfig& zone : *zones) {
    if (zone.source != "spam") continue;
    auto listings = db.Get<spam::SpamStore>().ListListings(zone.origin);
    if (!listings.ok()) return listings.status();
    for (const spam::DnsListing& l : *listings) {
      if (l.expires != 0 && l.expires <= now) continue;
      auto key = CanonicalEntry(l.entry);
      if (!key.ok() || key->rfind("*.", 0) == 0) continue;
      if (l.delist) {
        listed.erase(*key);
      } else {
        listed.insert(*key);
      }
    }
  }
  return listed;
}

std::string IndicatorJson(const std::string& id, const std::string& key, const std::string& org,
                          const std::string& created, const ShareOptions& options, bool revoked) {
  const std::string now = FormatTimestampMillis(options.now);
  std::string out;
  json::Writer w(&out);
  w.BeginObject().Key("type").String("indicator").Key("spec_version").String("2.1");
  w.Key("id").String(id);
  if (!org.empty()) w.Key("created_by_ref").String(org);
  w.Key("created").String(created.empty() ? now : created).Key("modified").String(now);
  w.Key("name").String("Spam source " + key);
  w.Key("indicator_types").BeginArray().String("malicious-activity").EndArray();
  w.Key("labels").BeginArray().String(kSpamSourceLabel).EndArray();
  w.Key("pattern").String(PatternOf(key)).Key("pattern_type").String("stix");
  w.Key("valid_from").String(created.empty() ? now : created);
  if (revoked) w.Key("revoked").Bool(true);
  w.Key("object_marking_refs").BeginArray().String(sharing::TlpMarkingId(options.tlp)).EndArray();
  w.Key("extensions").BeginObject().Key(sharing::kDistributionExtension).BeginObject();
  w.Key("extension_type").String("property-extension");
  if (options.distribution.scope == sharing::Scope::kGroup) {
    w.Key("distribution").String("group").Key("sharing_group").String(options.distribution.group);
  } else {
    w.Key("distribution").String(sharing::DistributionName(options.distribution));
  }
  w.EndObject().EndObject().EndObject();
  return out;
}

}  // namespace

std::string SpamSourceIndicatorId(std::string_view key) {
  return "indicator--" + UuidV5(kSpamSourceNamespace, key);
}

Result<ShareResult> ShareListings(store::Database& db, const ShareOptions& options) {
  auto org = sharing::NodeOrganisation(db);
  if (!org.ok()) return org.status();
  auto listed = ListedSources(db, options.now);
  if (!listed.ok()) return listed.status();
  // What this node shared before: id -> (revoked, created, markings+pattern as JSON facts).
  struct Shared {
    bool revoked;
    std::string created, key, tlp_marking;
  };
  std::map<std::string, Shared> before;
  store::ObjectQuery q;
  q.types = {"indicator"};
  CONCORD_RETURN_IF_ERROR(db.objects().Scan(q, [&](const store::StoredObject& o) {
    if (o.created_by_ref != org->identity_id) return true;
    json::Document doc;
    if (!doc.ParseAll(o.json).ok()) return true;
    const json::Value labels = doc.root()["labels"];
    if (!labels.is_array() || labels.size() == 0 || labels.at(0).str() != kSpamSourceLabel) {
      return true;
    }
    std::string key = doc.root()["name"].str();
    key = key.substr(std::min(key.size(), std::string("Spam source ").size()));
    before[o.id] = {o.revoked, doc.root()["created"].str(), key,
                    o.marking_refs.empty() ? "" : o.marking_refs[0]};
    return true;
  }));
  ShareResult result;
  std::vector<std::string> objects;
  for (const std::string& key : *listed) {
    const std::string id = SpamSourceIndicatorId(key);
    auto it = before.find(id);
    if (it != before.end() && !it->second.revoked &&
        it->second.tlp_marking == sharing::TlpMarkingId(options.tlp)) {
      ++result.unchanged;
      continue;
    }
    objects.push_back(IndicatorJson(id, key, org->identity_id,
                                    it == before.end() ? "" : it->second.created, options, false));
    ++result.shared;
  }
  for (const auto& [id, shared] : before) {
    if (shared.revoked || listed->count(shared.key)) continue;
    objects.push_back(
        IndicatorJson(id, shared.key, org->identity_id, shared.created, options, true));
    ++result.revoked;
  }
  if (objects.empty()) return result;
  auto writer = db.objects().BeginWrite();
  if (!writer.ok()) return writer.status();
  for (const std::string& json : objects) {
    store::ObjectRecord record;
    record.json = json;
    json::Document doc;
    CONCORD_RETURN_IF_ERROR(doc.ParseAll(record.json));
    CONCORD_RETURN_IF_ERROR(stix::Validate(doc.root(), &record.meta));
    auto put = store::PutObject(**writer, record);
    if (!put.ok()) return put.status();
  }
  CONCORD_RETURN_IF_ERROR((*writer)->Commit());
  return result;
}

}  // namespace concord::spam
