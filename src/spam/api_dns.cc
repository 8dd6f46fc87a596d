// The DNSBL zones and their manual entries:
//   GET  /api/v1/dns/zones      the zones with their settings and the queries each answered
//                               since the node started (node users)
//   POST /api/v1/dns/listings   {"zone", "entry", "delist"?, "code"?, "reason"?, "expires"?}
//                               a manual listing or delisting (node admins)
//   GET  /api/v1/dns/listings[?zone=]   manual listings and delistings (node users)
//   DELETE /api/v1/dns/listings/{id}    remove one (node admins; audited)
#include "common/json.h"
#include "common/numbers.h"
#include "dns/zone.h"
#include "spam/module.h"
#include "spam/store.h"
#include "spam/zones.h"

namespace concord::spam {
namespace {

using api::Access;
using api::Routes;

http::Response Zones(api::Context& c) {
  auto zones = c.db().Get<spam::SpamStore>().ListZones();
  if (!zones.ok()) return http::Response::FromStatus(zones.status());
  std::string body;
  json::Writer w(&body);
  w.BeginObject().Key("zones").BeginArray();
  for (const auto& z : *zones) {
    w.BeginObject().Key("origin").String(z.origin).Key("source").String(z.source);
    w.Key("settings").Raw(z.config);
    // Null when this process does not serve the zone (no --dns, or added since the last build).
    const auto counters = c.node().dns_counters ? c.node().dns_counters->Find(z.origin) : nullptr;
    w.Key("queries");
    if (counters) {
      w.BeginObject()
          .Key("answered")
          .Int(static_cast<int64_t>(counters->queries.load(std::memory_order_relaxed)));
      w.Key("listed")
          .Int(static_cast<int64_t>(counters->listed.load(std::memory_order_relaxed)))
          .EndObject();
    } else {
      w.Null();
    }
    w.EndObject();
  }
  w.EndArray().EndObject();
  return http::Response::Json(200, body);
}

http::Response AddListing(api::Context& c) {
  json::Document doc;
  if (Status st = c.ParseJsonBody(&doc); !st.ok()) return http::Response::FromStatus(st);
  const json::Value root = doc.root();
  spam::DnsListing listing;
  listing.zone = root["zone"].str();
  listing.delist = root["delist"].is_bool() && root["delist"].as_bool();
  listing.code = root["code"].str();
  listing.reason = root["reason"].str();
  listing.actor = c.Actor();
  listing.created = c.clock().Now();
  if (root["expires"].is_string()) {
    auto expires = ParseTimestamp(root["expires"].str());
    if (!expires.ok()) return http::Response::FromStatus(expires.status().WithPrefix("expires"));
    listing.expires = *expires;
  }
  listing.entry = root["entry"].str();
  const bool force = root["force"].is_bool() && root["force"].as_bool();
  auto id = AddManualListing(c.db(), listing, force);
  if (!id.ok()) return http::Response::FromStatus(id.status());
  return http::Response::Json(201, "{\"id\":" + std::to_string(*id) + "}");
}

http::Response ListListings(api::Context& c) {
  std::string zone;
  for (const auto& [key, value] : http::QueryParams(c.request().query)) {
    if (key == "zone") zone = value;
  }
  auto listings = c.db().Get<spam::SpamStore>().ListListings(zone);
  if (!listings.ok()) return http::Response::FromStatus(listings.status());
  const Micros now = c.clock().Now();
  std::string body;
  json::Writer w(&body);
  w.BeginObject().Key("listings").BeginArray();
  for (const auto& l : *listings) {
    w.BeginObject().Key("id").Int(l.id).Key("zone").String(l.zone).Key("entry").String(l.entry);
    w.Key("delist").Bool(l.delist).Key("code").String(l.code).Key("reason").String(l.reason);
    w.Key("actor").String(l.actor).Key("created").String(FormatTimestampMillis(l.created));
    w.Key("expires");
    if (l.expires == 0) {
      w.Null();
    } else {
      w.String(FormatTimestampMillis(l.expires));
    }
    w.Key("expired").Bool(l.expires != 0 && l.expires <= now).EndObject();
  }
  w.EndArray().EndObject();
  return http::Response::Json(200, std::move(body));
}

http::Response RemoveListing(api::Context& c) {
  auto id = ParseInteger<int64_t>(c.Param("id"));
  if (!id) return http::Response::Error(404, StatusCode::kNotFound, "no such listing");
  Status st = RemoveManualListing(c.db(), *id, c.Actor(), c.clock().Now());
  if (!st.ok()) return http::Response::FromStatus(st);
  return http::Response::Json(200, "{\"removed\":" + std::to_string(*id) + "}");
}

}  // namespace

void AddDnsRoutes(Routes& routes) {
  routes.Add("GET", "/api/v1/dns/zones", Access::kNodeUser, Zones);
  routes.Add("GET", "/api/v1/dns/listings", Access::kNodeUser, ListListings);
  routes.Add("POST", "/api/v1/dns/listings", Access::kNodeAdmin, AddListing);
  routes.Add("DELETE", "/api/v1/dns/listings/{id}", Access::kNodeAdmin, RemoveListing);
}

}  // namespace concord::spam
