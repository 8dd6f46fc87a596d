// CVSS scoring: POST /api/v1/cvss {"vectors": ["CVSS:3.1/...", ...], "keep_not_defined"?}
// scores every vector (v2.0 to v4.0) and says why the invalid ones are invalid.
#include "api/api.h"

#include "common/json.h"
#include "cvss/report.h"

namespace concord::api {
namespace {

constexpr size_t kMaxVectors = 100'000;

http::Response Invalid(const std::string& message) {
  return http::Response::FromStatus(Status::InvalidArgument(message));
}

http::Response Score(api::Context& c) {
  json::Document doc;
  if (Status st = c.ParseJsonBody(&doc); !st.ok()) return http::Response::FromStatus(st);
  json::Value list = doc.root().is_array() ? doc.root() : doc.root()["vectors"];
  if (!list.is_array()) return Invalid(R"(expected {"vectors": ["CVSS:3.1/...", ...]})");
  if (list.size() > kMaxVectors) {
    return http::Response::FromStatus(
        Status(StatusCode::kTooLarge, "at most " + std::to_string(kMaxVectors) + " vectors"));
  }
  cvss::FormatOptions options;
  options.keep_not_defined =
      doc.root()["keep_not_defined"].is_bool() && doc.root()["keep_not_defined"].as_bool();
  std::string body;
  json::Writer w(&body);
  size_t valid = 0, invalid = 0;
  w.BeginObject().Key("results").BeginArray();
  for (json::Value item : list) {
    if (!item.is_string()) {
      ++invalid;
      w.BeginObject().Key("input").Raw(item.raw());
      w.Key("error").String("not a string").EndObject();
      continue;
    }
    std::string text = item.str();
    auto a = cvss::Assess(text);
    if (a.ok()) {
      ++valid;
      cvss::WriteAssessment(w, *a, options);
    } else {
      ++invalid;
      w.BeginObject().Key("input").String(text).Key("error").String(a.status().message());
      w.EndObject();
    }
  }
  w.EndArray().Key("valid").Int(valid).Key("invalid").Int(invalid).EndObject();
  return http::Response::Json(200, std::move(body));
}

}  // namespace

void AddCvssRoutes(Routes& routes) {
  routes.Add("POST", "/api/v1/cvss", Access::kUser, Score);
}

}  // namespace concord::api
