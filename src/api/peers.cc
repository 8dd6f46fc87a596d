// Federation status: GET /api/v1/peers shows each peer's last attempt and success, lag,
// failures, the last error, versions received and the next attempt (node users; tokens are
// never shown).
#include "api/api.h"
#include "common/json.h"
#include "federation/scheduler.h"

namespace concord::api {
namespace {

http::Response ListPeers(api::Context& c, federation::Scheduler& federation) {
  auto peers = c.db().peers().ListPeers();
  if (!peers.ok()) return http::Response::FromStatus(peers.status());
  const Micros now = c.clock().Now();
  std::string body;
  json::Writer w(&body);
  auto when = [&](const char* key, Micros t) {
    w.Key(key);
    if (t == 0) {
      w.Null();
    } else {
      w.String(FormatTimestampMillis(t));
    }
  };
  w.BeginObject().Key("peers").BeginArray();
  for (const auto& p : *peers) {
    w.BeginObject().Key("name").String(p.name).Key("url").String(p.url);
    w.Key("paused").Bool(p.paused).Key("interval_seconds").Int(p.interval / 1'000'000);
    when("last_attempt", p.last_attempt);
    when("last_success", p.last_success);
    w.Key("lag_seconds");
    if (p.last_success == 0) {
      w.Null();
    } else {
      w.Double(static_cast<double>(now - p.last_success) / 1e6);
    }
    w.Key("failures").Int(p.failures).Key("last_error").String(p.last_error);
    w.Key("received").Int(p.received);
    w.Key("push_to").String(p.push_to);
    when("next_attempt", p.paused ? 0 : federation.NextAttempt(p.id));
    w.EndObject();
  }
  w.EndArray().EndObject();
  return http::Response::Json(200, std::move(body));
}

}  // namespace

void AddPeerRoutes(Routes& routes, federation::Scheduler& federation) {
  routes.Add("GET", "/api/v1/peers", Access::kNodeUser,
             [&federation](Context& c) { return ListPeers(c, federation); });
}

}  // namespace concord::api
