#include "server/spam_api.h"

#include "common/json.h"
#include "server/api_auth.h"
#include "spam/intake.h"
#include "spam/reputation.h"
#include "spam/zones.h"

namespace concord::server {
namespace {

http::Response Problem(const Status& st) { return http::Response::FromStatus(st); }

void WriteReport(json::Writer& w, const store::SpamReportRow& r) {
  w.BeginObject().Key("id").Int(r.id).Key("format").String(r.format);
  w.Key("feedback_type").String(r.feedback_type).Key("reporter").String(r.reporter);
  w.Key("submitter").String(r.submitter);
  w.Key("reported_at").String(FormatTimestampMillis(r.reported_at));
  w.Key("received_at").String(FormatTimestampMillis(r.received_at));
  w.Key("source_ip").String(r.source_ip).Key("sender_domain").String(r.sender_domain);
  w.Key("size").Int(r.raw_size).Key("summary").Raw(r.summary).EndObject();
}

}  // namespace

void SpamApi::Register(http::Router& router) {
  router.Add("POST", "/api/v1/spam/reports", [this](const auto& r) { return SubmitReport(r); });
  router.Add("GET", "/api/v1/spam/reports", [this](const auto& r) { return ListReports(r); });
  router.Add("GET", "/api/v1/spam/reputation", [this](const auto& r) { return Reputation(r); });
  router.Add("GET", "/api/v1/dns/zones", [this](const auto& r) { return Zones(r); });
  router.Add("POST", "/api/v1/dns/listings", [this](const auto& r) { return AddListing(r); });
}

http::Response SpamApi::SubmitReport(const http::Request& request) {
  http::Response denied;
  auto principal = AuthenticateUser(auth_, request, &denied);
  if (!principal.ok()) return denied;
  spam::IntakeOptions options;
  options.submitter = "api:" + principal->user.name + "@" + principal->org.name;
  options.now = clock_.Now();
  if (Status st = spam::LoadTrustedRelays(db_.settings(), &options.report); !st.ok()) {
    return Problem(st);
  }
  auto result = spam::Submit(db_.spam(), request.body, options);
  if (!result.ok()) {
    if (result.status().code() == StatusCode::kInvalidArgument) {
      return Problem(Status::Unprocessable(result.status().message()));
    }
    return Problem(result.status());
  }
  const spam::SpamReport& r = result->report;
  std::string body;
  json::Writer w(&body);
  w.BeginObject().Key("id").Int(result->id).Key("added").Bool(result->added);
  w.Key("format").String(r.format).Key("feedback_type").String(r.feedback_type);
  w.Key("reporter").String(r.reporter).Key("source_ip").String(r.source_ip);
  w.Key("sender_domain").String(r.sender_domain);
  w.Key("domains").BeginArray();
  for (const auto& d : r.domains) w.String(d);
  w.EndArray().Key("warnings").BeginArray();
  for (const auto& warning : r.warnings) w.String(warning);
  w.EndArray().EndObject();
  return http::Response::Json(result->added ? 201 : 200, body);
}

http::Response SpamApi::ListReports(const http::Request& request) {
  http::Response denied;
  if (!AuthenticateNodeUser(auth_, request, organisation_, &denied).ok()) return denied;
  size_t limit = 100;
  for (const auto& [key, value] : http::QueryParams(request.query)) {
    if (key == "limit") limit = static_cast<size_t>(std::strtoull(value.c_str(), nullptr, 10));
  }
  auto reports = db_.spam().ListReports(limit);
  if (!reports.ok()) return Problem(reports.status());
  std::string body;
  json::Writer w(&body);
  w.BeginObject().Key("reports").BeginArray();
  for (const auto& r : *reports) WriteReport(w, r);
  w.EndArray().EndObject();
  return http::Response::Json(200, body);
}

http::Response SpamApi::Reputation(const http::Request& request) {
  http::Response denied;
  if (!AuthenticateNodeUser(auth_, request, organisation_, &denied).ok()) return denied;
  bool listed_only = false;
  std::string kind;
  for (const auto& [key, value] : http::QueryParams(request.query)) {
    if (key == "listed") listed_only = value == "true" || value == "1";
    if (key == "kind") kind = value;
  }
  auto config = spam::LoadReputationConfig(db_.settings());
  if (!config.ok()) return Problem(config.status());
  auto all = spam::ComputeReputation(db_.spam(), *config, clock_.Now());
  if (!all.ok()) return Problem(all.status());
  std::string body;
  json::Writer w(&body);
  w.BeginObject().Key("half_life_days").Double(config->half_life_days);
  w.Key("threshold").Double(config->threshold);
  w.Key("network_threshold").Double(config->network_threshold).Key("sources").BeginArray();
  for (const spam::SourceReputation& s : *all) {
    if ((listed_only && !s.listed) || (!kind.empty() && s.kind != kind)) continue;
    w.BeginObject().Key("kind").String(s.kind).Key("key").String(s.key);
    w.Key("reports").Int(s.reports).Key("reporters").Int(s.reporters);
    w.Key("first_seen").String(FormatTimestampMillis(s.first_seen));
    w.Key("last_seen").String(FormatTimestampMillis(s.last_seen));
    w.Key("score").Double(s.score).Key("listed").Bool(s.listed).EndObject();
  }
  w.EndArray().EndObject();
  return http::Response::Json(200, body);
}

http::Response SpamApi::Zones(const http::Request& request) {
  http::Response denied;
  if (!AuthenticateNodeUser(auth_, request, organisation_, &denied).ok()) return denied;
  auto zones = db_.spam().ListZones();
  if (!zones.ok()) return Problem(zones.status());
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

http::Response SpamApi::AddListing(const http::Request& request) {
  http::Response denied;
  auto principal = AuthenticateNodeUser(auth_, request, organisation_, &denied);
  if (!principal.ok()) return denied;
  if (!principal->is_admin()) {
    return Problem(Status::PermissionDenied("only the node's administrators change listings"));
  }
  json::Document doc;
  size_t offset = 0;
  if (Status st = doc.ParseAll(request.body, &offset); !st.ok()) {
    return Problem(
        Status::InvalidArgument("body at byte " + std::to_string(offset) + ": " + st.message()));
  }
  const json::Value root = doc.root();
  store::DnsListing listing;
  listing.zone = root["zone"].str();
  listing.delist = root["delist"].is_bool() && root["delist"].as_bool();
  listing.code = root["code"].str();
  listing.reason = root["reason"].str();
  listing.actor = "api:" + principal->user.name + "@" + principal->org.name;
  listing.created = clock_.Now();
  if (root["expires"].is_string()) {
    auto expires = ParseTimestamp(root["expires"].str());
    if (!expires.ok()) return Problem(expires.status().WithPrefix("expires"));
    listing.expires = *expires;
  }
  listing.entry = root["entry"].str();
  auto id = spam::AddManualListing(db_.spam(), listing);
  if (!id.ok()) return Problem(id.status());
  return http::Response::Json(201, "{\"id\":" + std::to_string(*id) + "}");
}

}  // namespace concord::server
