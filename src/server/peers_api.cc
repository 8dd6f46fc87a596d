#include "server/peers_api.h"

#include "common/json.h"
#include "server/api_auth.h"

namespace concord::server {

void PeersApi::Register(http::Router& router) {
  router.Add("GET", "/api/v1/peers", [this](const http::Request& r) { return List(r); });
}

http::Response PeersApi::List(const http::Request& request) {
  http::Response denied;
  if (!AuthenticateNodeUser(auth_, request, organisation_, &denied).ok()) return denied;
  auto peers = db_.peers().ListPeers();
  if (!peers.ok()) return http::Response::FromStatus(peers.status());
  const Micros now = clock_.Now();
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
    when("next_attempt", p.paused ? 0 : scheduler_.NextAttempt(p.id));
    w.EndObject();
  }
  w.EndArray().EndObject();
  return http::Response::Json(200, std::move(body));
}

}  // namespace concord::server
