// Spam reports and source reputation:
//   POST /api/v1/spam/reports      the raw report as the body (message/rfc822 ARF, X-ARF or
//                                  plain spam; application/json X-ARF 4): 201 stored, 200
//                                  duplicate, 422 rejected (why)
//   GET  /api/v1/spam/reports[?limit=]                       newest first
//   GET  /api/v1/spam/reputation[?listed=true][&kind=ip]
// Reports are the node's own working data (they hold third parties' mail): only users of the
// node's organisation read them.
#include "common/json.h"
#include "spam/intake.h"
#include "spam/module.h"
#include "spam/reputation.h"
#include "spam/store.h"

namespace concord::spam {
namespace {

using api::Access;
using api::Routes;

void WriteReport(json::Writer& w, const spam::SpamReportRow& r) {
  w.BeginObject().Key("id").Int(r.id).Key("format").String(r.format);
  w.Key("feedback_type").String(r.feedback_type).Key("reporter").String(r.reporter);
  w.Key("submitter").String(r.submitter);
  w.Key("reported_at").String(FormatTimestampMillis(r.reported_at));
  w.Key("received_at").String(FormatTimestampMillis(r.received_at));
  w.Key("source_ip").String(r.source_ip).Key("sender_domain").String(r.sender_domain);
  w.Key("size").Int(r.raw_size).Key("summary").Raw(r.summary).EndObject();
}

http::Response SubmitReport(api::Context& c) {
  const http::Request& request = c.request();
  IntakeOptions options;
  options.submitter = c.Actor();
  // What another organisation's user submits is that organisation's report, not the node's.
  if (c.caller().org.name != c.node_organisation()) options.reporter = "org:" + c.caller().org.name;
  options.now = c.clock().Now();
  if (Status st = LoadTrustedRelays(c.db().settings(), &options.report); !st.ok()) {
    return http::Response::FromStatus(st);
  }
  auto result = Submit(c.db().Get<spam::SpamStore>(), request.body, options);
  if (!result.ok()) {
    if (result.status().code() == StatusCode::kInvalidArgument) {
      return http::Response::FromStatus(Status::Unprocessable(result.status().message()));
    }
    return http::Response::FromStatus(result.status());
  }
  const SpamReport& r = result->report;
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

http::Response ListReports(api::Context& c) {
  auto page = c.Paging(/*default_limit=*/100, /*max_limit=*/10'000);
  if (!page.ok()) return http::Response::FromStatus(page.status());
  auto reports = c.db().Get<spam::SpamStore>().ListReports(page->limit);
  if (!reports.ok()) return http::Response::FromStatus(reports.status());
  std::string body;
  json::Writer w(&body);
  w.BeginObject().Key("reports").BeginArray();
  for (const auto& r : *reports) WriteReport(w, r);
  w.EndArray().EndObject();
  return http::Response::Json(200, body);
}

http::Response Reputation(api::Context& c) {
  const http::Request& request = c.request();
  bool listed_only = false;
  std::string kind;
  for (const auto& [key, value] : http::QueryParams(request.query)) {
    if (key == "listed") listed_only = value == "true" || value == "1";
    if (key == "kind") kind = value;
  }
  auto config = LoadReputationConfig(c.db().settings());
  if (!config.ok()) return http::Response::FromStatus(config.status());
  auto all = ComputeReputation(c.db().Get<spam::SpamStore>(), *config, c.clock().Now());
  if (!all.ok()) return http::Response::FromStatus(all.status());
  std::string body;
  json::Writer w(&body);
  w.BeginObject().Key("half_life_days").Double(config->half_life_days);
  w.Key("threshold").Double(config->threshold);
  w.Key("network_threshold").Double(config->network_threshold).Key("sources").BeginArray();
  for (const SourceReputation& s : *all) {
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

}  // namespace

void AddReportRoutes(Routes& routes) {
  // Reports feed the public blocklist: readers never submit.
  routes.Add("POST", "/api/v1/spam/reports", Access::kWriter, SubmitReport,
             {.max_body_bytes = kMaxReportBytes});
  routes.Add("GET", "/api/v1/spam/reports", Access::kNodeUser, ListReports);
  routes.Add("GET", "/api/v1/spam/reputation", Access::kNodeUser, Reputation);
}

}  // namespace concord::spam
