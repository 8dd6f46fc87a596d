#include "http/message.h"

#include <strings.h>

#include "common/json.h"
#include "common/strings.h"

namespace concord::http {

std::string_view Request::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k.size() == name.size() && strncasecmp(k.data(), name.data(), name.size()) == 0) return v;
  }
  return {};
}

std::vector<std::pair<std::string, std::string>> QueryParams(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  for (std::string part : Split(query, '&', true)) {
    for (char& c : part) {
      if (c == '+') c = ' ';
    }
    const size_t eq = part.find('=');
    auto key = PercentDecode(part.substr(0, eq));
    auto value = PercentDecode(eq == std::string::npos ? "" : part.substr(eq + 1));
    if (key && value) out.emplace_back(*key, *value);
  }
  return out;
}

void Response::SetHeader(std::string name, std::string value) {
  for (auto& [k, v] : headers) {
    if (strcasecmp(k.c_str(), name.c_str()) == 0) {
      v = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

Response Response::Json(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.SetHeader("Content-Type", "application/json");
  return r;
}

Response Response::Error(int http_status, StatusCode code, std::string_view message) {
  std::string body;
  json::Writer w(&body);
  w.BeginObject().Key("error").BeginObject();
  w.Key("code").String(StatusCodeName(code)).Key("message").String(message);
  w.EndObject().EndObject();
  return Json(http_status, std::move(body));
}

Response Response::FromStatus(const Status& st) {
  return Error(HttpStatusFor(st.code()), st.code(), st.message());
}

void Router::Add(std::string method, std::string path, Handler handler) {
  routes_.push_back({std::move(method), std::move(path), std::move(handler)});
}

void Router::AddPrefix(std::string prefix, Handler handler) {
  prefixes_.emplace_back(std::move(prefix), std::move(handler));
}

Response Router::Handle(const Request& request) const {
  const Handler* by_prefix = nullptr;
  size_t longest = 0;
  for (const auto& [prefix, handler] : prefixes_) {
    if (request.path.compare(0, prefix.size(), prefix) == 0 && prefix.size() >= longest &&
        (request.path.size() == prefix.size() || prefix.back() == '/' ||
         request.path[prefix.size()] == '/')) {
      by_prefix = &handler;
      longest = prefix.size();
    }
  }
  std::string allow;
  for (const Route& r : routes_) {
    if (r.path != request.path) continue;
    if (r.method == request.method) return r.handler(request);
    allow += (allow.empty() ? "" : ", ") + r.method;
  }
  if (allow.empty() && by_prefix) return (*by_prefix)(request);
  if (!allow.empty()) {
    Response resp =
        Response::Error(405, StatusCode::kInvalidArgument,
                        "method " + request.method + " is not allowed on " + request.path);
    resp.SetHeader("Allow", allow);
    return resp;
  }
  return Response::Error(404, StatusCode::kNotFound, "no such resource: " + request.path);
}

}  // namespace concord::http
