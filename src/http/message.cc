#include "http/message.h"

#include <strings.h>

#include <algorithm>
#include <exception>

#include "common/json.h"
#include "common/log.h"
#include "common/strings.h"

namespace concord::http {
namespace {

// "/a/b/" -> {"a", "b"}; "/" -> {}; "/a//b" keeps the empty segment, which matches nothing.
std::vector<std::string_view> PathSegments(std::string_view path) {
  std::vector<std::string_view> out;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (path.empty()) return out;
  size_t start = 0;
  while (true) {
    const size_t slash = path.find('/', start);
    out.push_back(path.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

bool IsCookieNameChar(char c) { return c > 32 && c < 127 && c != '=' && c != ';' && c != ','; }

}  // namespace

std::string_view Request::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k.size() == name.size() && strncasecmp(k.data(), name.data(), name.size()) == 0) return v;
  }
  return {};
}

std::string_view Request::Param(std::string_view name) const {
  for (const auto& [k, v] : path_params) {
    if (k == name) return v;
  }
  return {};
}

std::optional<std::string> Request::Cookie(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (strcasecmp(k.c_str(), "cookie") != 0) continue;
    // "a=1; b=2" (RFC 6265 §5.4): pairs separated by "; ".
    for (const std::string& pair : Split(v, ';', true)) {
      std::string_view p = pair;
      while (!p.empty() && p.front() == ' ') p.remove_prefix(1);
      const size_t eq = p.find('=');
      if (eq == std::string_view::npos || p.substr(0, eq) != name) continue;
      std::string_view value = p.substr(eq + 1);
      while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      return std::string(value);
    }
  }
  return std::nullopt;
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

void Response::AddCookie(const SetCookie& cookie) {
  // Names and values are ours (session ids, CSRF tokens): a character that would end the
  // attribute list is a bug, so it is dropped rather than sent.
  std::string line;
  for (char c : cookie.name) {
    if (IsCookieNameChar(c)) line.push_back(c);
  }
  line.push_back('=');
  for (char c : cookie.value) {
    if (IsCookieNameChar(c) || c == '=') line.push_back(c);
  }
  line += "; Path=" + cookie.path;
  if (cookie.max_age_seconds) line += "; Max-Age=" + std::to_string(*cookie.max_age_seconds);
  if (cookie.http_only) line += "; HttpOnly";
  if (cookie.secure) line += "; Secure";
  if (!cookie.same_site.empty()) line += "; SameSite=" + cookie.same_site;
  headers.emplace_back("Set-Cookie", std::move(line));
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

Response JsonErrorFormatter(int status, StatusCode code, std::string_view message,
                            std::string_view /*target*/) {
  return Response::Error(status, code, message);
}

Router::Router() : error_formatter_(JsonErrorFormatter) {}

void Router::Add(std::string method, std::string_view pattern, Handler handler, Admitter admit) {
  Route route{std::move(method), std::string(pattern), {}, std::move(handler), std::move(admit)};
  for (std::string_view seg : PathSegments(pattern)) {
    const bool capture = seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
    std::string_view name = capture ? seg.substr(1, seg.size() - 2) : seg;
    const bool rest = capture && name.size() > 3 && name.substr(name.size() - 3) == "...";
    if (rest) name.remove_suffix(3);
    route.segments.push_back({std::string(name), capture, rest});
  }
  routes_.push_back(std::move(route));
}

bool Router::Matches(const Route& route, const std::vector<std::string_view>& path, Params* params,
                     bool* bad_escape) {
  const bool rest = !route.segments.empty() && route.segments.back().rest;
  if (rest ? path.size() < route.segments.size() : route.segments.size() != path.size()) {
    return false;
  }
  params->clear();
  for (size_t i = 0; i < route.segments.size(); ++i) {
    const Segment& seg = route.segments[i];
    if (seg.rest) {
      std::string joined;
      for (size_t k = i; k < path.size(); ++k) {
        std::optional<std::string> decoded = PercentDecode(path[k]);
        if (!decoded) *bad_escape = true;
        if (!decoded || decoded->empty()) return false;
        joined += (k == i ? "" : "/") + *decoded;
      }
      params->emplace_back(seg.text, std::move(joined));
      return true;
    }
    if (!seg.capture) {
      if (seg.text != path[i]) return false;
      continue;
    }
    if (path[i].empty()) return false;
    std::optional<std::string> decoded = PercentDecode(path[i]);
    if (!decoded) {
      *bad_escape = true;
      return false;
    }
    params->emplace_back(seg.text, std::move(*decoded));
  }
  return true;
}

const Router::Route* Router::Resolve(Request& request, Response* refusal) const {
  const std::vector<std::string_view> path = PathSegments(request.path);
  // The most specific pattern: compared segment by segment, a literal beats a capture.
  const Route* best = nullptr;
  Params best_params;
  Params params;
  bool bad_escape = false;
  // Literal beats capture beats rest, at the first position where the two differ.
  auto rank = [](const Segment& s) { return s.rest ? 2 : s.capture ? 1 : 0; };
  auto more_specific = [&rank](const Route& a, const Route& b) {
    const size_t n = std::min(a.segments.size(), b.segments.size());
    for (size_t i = 0; i < n; ++i) {
      if (rank(a.segments[i]) != rank(b.segments[i])) {
        return rank(a.segments[i]) < rank(b.segments[i]);
      }
    }
    return a.segments.size() > b.segments.size();
  };
  for (const Route& r : routes_) {
    if (!Matches(r, path, &params, &bad_escape)) continue;
    if (best == nullptr || more_specific(r, *best) ||
        (r.pattern == best->pattern && r.method == request.method)) {
      best = &r;
      best_params = params;
    }
  }
  if (best == nullptr) {
    if (bad_escape) {
      *refusal = error_formatter_(400, StatusCode::kInvalidArgument,
                                  "bad percent-encoding in the path " + request.path, request.path);
      return nullptr;
    }
    *refusal = error_formatter_(404, StatusCode::kNotFound, "no such resource: " + request.path,
                                request.path);
    return nullptr;
  }
  if (best->method != request.method) {
    std::string allow;
    for (const Route& r : routes_) {
      if (r.pattern == best->pattern) allow += (allow.empty() ? "" : ", ") + r.method;
    }
    Response resp = error_formatter_(
        405, StatusCode::kInvalidArgument,
        "method " + request.method + " is not allowed on " + request.path, request.path);
    resp.SetHeader("Allow", allow);
    *refusal = std::move(resp);
    return nullptr;
  }
  request.path_params = std::move(best_params);
  return best;
}

Admission Router::Admit(Request& request) const {
  Admission admission;
  Response refusal;
  const Route* route = Resolve(request, &refusal);
  if (route == nullptr) {
    admission.refusal = std::move(refusal);
    return admission;
  }
  if (!route->admit) return admission;
  if (auto admitted = RunLoggingExceptions(request, [&] { return route->admit(request); })) {
    return std::move(*admitted);
  }
  admission.refusal =
      error_formatter_(500, StatusCode::kInternal, kInternalErrorMessage, request.path);
  return admission;
}

Response Router::Handle(Request& request) const {
  Response refusal;
  const Route* route = Resolve(request, &refusal);
  if (route == nullptr) return refusal;
  if (auto answer = RunLoggingExceptions(request, [&] { return route->handler(request); })) {
    return std::move(*answer);
  }
  return error_formatter_(500, StatusCode::kInternal, kInternalErrorMessage, request.path);
}

void LogRequestException(const Request& request, const char* what) {
  Log(LogLevel::kError, "http", request.method + " " + request.path + ": " + what);
}

std::vector<Router::RouteInfo> Router::Routes() const {
  std::vector<RouteInfo> out;
  for (const Route& r : routes_) out.push_back({r.method, r.pattern});
  return out;
}

}  // namespace concord::http
