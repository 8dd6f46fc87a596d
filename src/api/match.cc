// Early warning over HTTP: POST /api/v1/match with log lines as the body (format from
// Content-Type or ?format=, CSV ?columns=) answers the matches against every active indicator.
// Matching reads every indicator the node holds, whatever its collection, so it is for users of
// the node's own organisation; matches on indicators the policy withholds from the caller are
// counted, not shown.
#include <unordered_map>

#include "api/api.h"
#include "common/json.h"
#include "common/strings.h"
#include "match/engine.h"
#include "match/scanner.h"
#include "sharing/node_policy.h"

namespace concord::api {
namespace {

constexpr size_t kMaxReportedBadLines = 100;

// The log format a Content-Type implies, or auto.
match::LogFormat FormatOfContentType(std::string_view content_type) {
  const std::string_view media = content_type.substr(0, content_type.find(';'));
  if (media == "application/x-ndjson" || media == "application/jsonl" ||
      media == "application/json") {
    return match::LogFormat::kJson;
  }
  if (media == "text/csv") return match::LogFormat::kCsv;
  return match::LogFormat::kAuto;
}

http::Response Match(api::Context& c, match::MatchEngine& engine) {
  const http::Request& request = c.request();
  auto policy = sharing::LoadNodePolicy(c.db());
  if (!policy.ok()) return http::Response::FromStatus(policy.status());
  const sharing::Recipient caller{sharing::Channel::kLocalUser, c.caller().org.identity_id};
  std::unordered_map<std::string, bool> visible;  // indicator id -> released to the caller
  auto released = [&](const std::string& id) {
    auto it = visible.find(id);
    if (it != visible.end()) return it->second;
    bool release = false;
    if (auto versions = c.db().objects().Versions(id); versions.ok() && !versions->empty()) {
      auto facts = sharing::FactsOf(versions->back());  // the latest: Versions() is oldest first
      release = facts.ok() && policy->Decide(*facts, caller).release;
    }
    return visible.emplace(id, release).first->second;
  };
  size_t withheld = 0;
  match::ScanOptions options;
  options.format = FormatOfContentType(request.Header("Content-Type"));
  for (const std::string& pair : Split(request.query, '&', /*skip_empty=*/true)) {
    const size_t eq = pair.find('=');
    auto key = PercentDecode(std::string_view(pair).substr(0, eq));
    auto value =
        PercentDecode(eq == std::string::npos ? "" : std::string_view(pair).substr(eq + 1));
    if (!key || !value) {
      return http::Response::FromStatus(
          Status::InvalidArgument("bad percent-encoding in the query"));
    }
    if (*key == "format") {
      auto f = match::ParseLogFormat(*value);
      if (!f.ok()) return http::Response::FromStatus(f.status());
      options.format = *f;
    } else if (*key == "columns") {
      options.csv_columns = *value;
    } else {
      return http::Response::FromStatus(
          Status::InvalidArgument("unknown query parameter '" + *key + "' (format, columns)"));
    }
  }

  auto snapshot = engine.snapshot();
  std::string body;
  json::Writer w(&body);
  w.BeginObject().Key("matches").BeginArray();
  std::string item;
  size_t bad_lines = 0;
  std::string bad;
  json::Writer bad_writer(&bad);
  bad_writer.BeginArray();
  auto reader = match::LineReader::FromMemory(request.body);
  match::ScanStats stats;
  Status st = match::ScanLog(
      *reader, "request", options, *snapshot,
      [&](const match::MatchEvent& e) {
        const std::string id = snapshot->IndicatorId(e.hit);
        if (!released(id)) {
          ++withheld;
          return;
        }
        item.clear();
        match::AppendMatchJson(e, id, engine.IndicatorName(id), &item);
        w.Raw(item);
      },
      [&](size_t line, const std::string& message) {
        if (++bad_lines > kMaxReportedBadLines) return;
        bad_writer.BeginObject().Key("line").Int(static_cast<int64_t>(line));
        bad_writer.Key("error").String(message).EndObject();
      },
      &stats);
  if (!st.ok()) return http::Response::FromStatus(st);
  bad_writer.EndArray();
  const match::LoadStats& s = snapshot->stats();
  w.EndArray();
  w.Key("lines").Int(static_cast<int64_t>(stats.lines));
  w.Key("records").Int(static_cast<int64_t>(stats.records));
  w.Key("bad_lines").Raw(bad);
  w.Key("bad_line_count").Int(static_cast<int64_t>(bad_lines));
  w.Key("withheld_matches").Int(static_cast<int64_t>(withheld));
  w.Key("indicators").BeginObject();
  w.Key("indexed").Int(static_cast<int64_t>(s.indexed));
  w.Key("evaluated").Int(static_cast<int64_t>(s.evaluated));
  w.Key("not_indexable").Int(static_cast<int64_t>(s.not_indexable));
  w.Key("invalid").Int(static_cast<int64_t>(s.invalid));
  w.EndObject().EndObject();
  return http::Response::Json(200, std::move(body));
}

}  // namespace

void AddMatchRoutes(Routes& routes, match::MatchEngine& engine) {
  // Logs of up to 64 MiB per request; scanning them is the heaviest thing the API does.
  routes.Add("POST", "/api/v1/match", Access::kNodeUser,
             [&engine](Context& c) { return Match(c, engine); },
             {.max_body_bytes = 64u << 20, .expensive = true});
}

}  // namespace concord::api
