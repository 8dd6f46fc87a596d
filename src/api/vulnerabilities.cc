// CVE records:
//   GET /api/v1/vulnerabilities[?min_score=7.0]   highest score first
//   GET /api/v1/vulnerabilities/{ref}             one record (CVE id or object id) and its links
// Both pass the sharing policy for the caller's organisation.
#include "api/api.h"

#include <algorithm>

#include "common/json.h"
#include "common/numbers.h"
#include "sharing/node_policy.h"
#include "vulnerability/catalog.h"

namespace concord::api {
namespace {

http::Response Invalid(const std::string& message) {
  return http::Response::FromStatus(Status::InvalidArgument(message));
}

// Whether the caller may see a stored object, by the node's one sharing policy.
class Visibility {
 public:
  static Result<Visibility> For(store::Database& db, const accounts::Principal& principal) {
    auto policy = sharing::LoadNodePolicy(db);
    if (!policy.ok()) return policy.status();
    return Visibility(std::move(*policy),
                      {sharing::Channel::kLocalUser, principal.org.identity_id});
  }
  bool Sees(const store::StoredObject& object) const {
    auto facts = sharing::FactsOf(object);
    return facts.ok() && policy_.Decide(*facts, caller_).release;
  }

 private:
  Visibility(sharing::Policy policy, sharing::Recipient caller)
      : policy_(std::move(policy)), caller_(std::move(caller)) {}
  sharing::Policy policy_;
  sharing::Recipient caller_;
};

http::Response List(api::Context& c) {
  const http::Request& request = c.request();
  int min_tenths = 0;
  for (const auto& [key, value] : http::QueryParams(request.query)) {
    if (key != "min_score") continue;
    const std::optional<double> score = ParseDouble(value);
    if (!score || *score < 0 || *score > 10) return Invalid("min_score: a number from 0 to 10");
    min_tenths = static_cast<int>(*score * 10 + 0.5);
  }
  auto visibility = Visibility::For(c.db(), c.caller());
  if (!visibility.ok()) return http::Response::FromStatus(visibility.status());
  auto all = vulnerability::LoadVulnerabilities(c.db().objects());
  if (!all.ok()) return http::Response::FromStatus(all.status());
  std::stable_sort(all->begin(), all->end(),
                   [](const auto& a, const auto& b) { return a.highest_score > b.highest_score; });
  std::string body;
  json::Writer w(&body);
  size_t withheld = 0;
  w.BeginObject().Key("vulnerabilities").BeginArray();
  for (const auto& v : *all) {
    if (min_tenths > 0 && v.highest_score < min_tenths) continue;
    if (!visibility->Sees(v.object)) {
      ++withheld;
      continue;
    }
    w.Raw(v.object.json);
  }
  w.EndArray().Key("withheld").Int(withheld).EndObject();
  return http::Response::Json(200, std::move(body));
}

http::Response One(api::Context& c) {
  const std::string ref(c.Param("ref"));
  auto visibility = Visibility::For(c.db(), c.caller());
  if (!visibility.ok()) return http::Response::FromStatus(visibility.status());
  auto v = vulnerability::FindVulnerability(c.db().objects(), ref);
  // One answer for "not here" and "not for you", so ids cannot be probed.
  if (!v.ok() || !visibility->Sees(v->object)) {
    return http::Response::FromStatus(Status::NotFound("no vulnerability " + ref));
  }
  auto links = vulnerability::LinksOf(c.db().objects(), v->object.id);
  if (!links.ok()) return http::Response::FromStatus(links.status());
  std::string body;
  json::Writer w(&body);
  w.BeginObject().Key("object").Raw(v->object.json).Key("links").BeginArray();
  for (const auto& link : *links) {
    if (visibility->Sees(link)) w.Raw(link.json);
  }
  w.EndArray().EndObject();
  return http::Response::Json(200, std::move(body));
}

}  // namespace

void AddVulnerabilityRoutes(Routes& routes) {
  routes.Add("GET", "/api/v1/vulnerabilities", Access::kUser, List);
  routes.Add("GET", "/api/v1/vulnerabilities/{ref}", Access::kUser, One);
}

}  // namespace concord::api
