// Contact reachability:
//   POST /api/v1/contacts/ack     {"token": "..."} the contact acknowledges a check. Public: the
//                                 one-time token is the credential (rate-limited per address).
//   GET  /api/v1/contacts/status  every contact's last check (node users)
#include "common/json.h"
#include "directory/module.h"
#include "directory/reachability.h"

namespace concord::directory {
namespace {

using api::Access;
using api::Context;
using api::Routes;

http::Response Acknowledge(api::Context& c) {
  const http::Request& request = c.request();
  json::Document doc;
  if (!doc.ParseAll(request.body).ok() || !doc.root()["token"].is_string()) {
    return http::Response::FromStatus(
        Status(StatusCode::kInvalidArgument, "expected {\"token\": \"...\"}"));
  }
  auto check = AcknowledgeCheck(c.db(), c.clock(), doc.root()["token"].str());
  if (!check.ok()) return http::Response::FromStatus(check.status());
  std::string body;
  json::Writer w(&body);
  w.BeginObject().Key("acknowledged").String(FormatTimestampMillis(check->acknowledged));
  w.Key("email").String(check->email).Key("team").String(check->team_id).EndObject();
  return http::Response::Json(200, std::move(body));
}

http::Response ContactStatus(api::Context& c) {
  auto report = ReachabilityReport(c.db(), c.clock().Now());
  if (!report.ok()) return http::Response::FromStatus(report.status());
  std::string body;
  json::Writer w(&body);
  w.BeginObject().Key("contacts").BeginArray();
  for (const auto& r : *report) {
    w.BeginObject().Key("team").String(r.team).Key("team_id").String(r.team_id);
    w.Key("email").String(r.email).Key("24x7").Bool(r.always_on);
    w.Key("state").String(ReachabilityName(r.state));
    if (r.latest.id != 0) {
      w.Key("issued").String(FormatTimestampMillis(r.latest.issued));
      w.Key("deadline").String(FormatTimestampMillis(r.latest.deadline));
      if (r.latest.acknowledged != 0)
        w.Key("acknowledged").String(FormatTimestampMillis(r.latest.acknowledged));
      if (!r.latest.delivery_error.empty()) w.Key("delivery_error").String(r.latest.delivery_error);
    }
    w.EndObject();
  }
  w.EndArray().EndObject();
  return http::Response::Json(200, std::move(body));
}

}  // namespace

void AddContactRoutes(Routes& routes) {
  routes.Add("POST", "/api/v1/contacts/ack", Access::kPublic, Acknowledge);
  routes.Add("GET", "/api/v1/contacts/status", Access::kNodeUser, ContactStatus);
}

}  // namespace concord::directory
