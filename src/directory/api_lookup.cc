// "Who is responsible?": GET /api/v1/lookup?q=VALUE[&q=...][&at=TIME] or POST {"queries":
// [...], "at"?} (at most 100,000) answers, for each IP, prefix, AS number, domain, country or
// sector:NAME, the responsible teams and which of their contacts to use now. Teams the policy
// withholds from the caller are counted, not named.
#include "common/json.h"
#include "directory/formats.h"
#include "directory/module.h"
#include "directory/view.h"

namespace concord::directory {
namespace {

using api::Access;
using api::Context;
using api::Routes;

constexpr size_t kMaxBatch = 100'000;

http::Response Lookup(api::Context& c, DirectoryViews& views) {
  const http::Request& request = c.request();
  std::vector<std::string> queries;
  std::string at;
  if (request.method == "GET") {
    for (auto& [key, value] : http::QueryParams(request.query)) {
      if (key == "q") queries.push_back(value);
      if (key == "at") at = value;
    }
  } else {
    json::Document doc;
    if (Status st = c.ParseJsonBody(&doc); !st.ok()) return http::Response::FromStatus(st);
    json::Value list = doc.root()["queries"];
    if (!list.is_array())
      return http::Response::FromStatus(
          Status(StatusCode::kInvalidArgument, "expected {\"queries\": [...]}"));
    for (json::Value q : list) {
      if (!q.is_string())
        return http::Response::FromStatus(
            Status(StatusCode::kInvalidArgument, "queries: strings only"));
      queries.push_back(q.str());
    }
    if (doc.root()["at"].is_string()) at = doc.root()["at"].str();
  }
  if (queries.empty())
    return http::Response::FromStatus(
        Status(StatusCode::kInvalidArgument, "nothing to look up: give q=VALUE"));
  if (queries.size() > kMaxBatch) {
    return http::Response::FromStatus(Status(
        StatusCode::kTooLarge, "at most " + std::to_string(kMaxBatch) + " queries per request"));
  }
  Micros now = c.clock().Now();
  if (!at.empty()) {
    auto t = ParseTimestamp(at);
    if (!t.ok())
      return http::Response::FromStatus(
          Status(StatusCode::kInvalidArgument, "at: " + t.status().message()));
    now = *t;
  }
  auto snapshot = views.Get();
  if (!snapshot.ok()) return http::Response::FromStatus(snapshot.status());
  const sharing::Recipient caller{sharing::Channel::kLocalUser, c.caller().org.identity_id};
  const DirectoryView& s = **snapshot;
  auto visible = [&](uint32_t i) { return s.policy.Decide(s.entries[i].facts, caller).release; };
  std::string body;
  json::Writer w(&body);
  w.BeginObject().Key("answers").BeginArray();
  for (const auto& q : queries) WriteAnswer(s.directory.Lookup(q), s.directory, now, visible, w);
  w.EndArray().EndObject();
  return http::Response::Json(200, std::move(body));
}

}  // namespace

void AddLookupRoutes(Routes& routes, DirectoryViews& views) {
  auto lookup = [&views](Context& c) { return Lookup(c, views); };
  routes.Add("GET", "/api/v1/lookup", Access::kUser, lookup);
  // A bulk lookup: one address or domain per line.
  routes.Add("POST", "/api/v1/lookup", Access::kUser, lookup, {.max_body_bytes = 16u << 20});
}

}  // namespace concord::directory
