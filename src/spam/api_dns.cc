// The DNSBL zones and their manual entries:
//   GET  /api/v1/dns/zones      the zones with their settings (node users)
//   POST /api/v1/dns/listings   {"zone", "entry", "delist"?, "code"?, "reason"?, "expires"?}
//                               a manual listing or delisting (node admins)
#include "common/json.h"
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
    w.Key("settings").Raw(z.config).EndObject();
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

}  // namespace

void AddDnsRoutes(Routes& routes) {
  routes.Add("GET", "/api/v1/dns/zones", Access::kNodeUser, Zones);
  routes.Add("POST", "/api/v1/dns/listings", Access::kNodeAdmin, AddListing);
}

}  // namespace concord::spam
