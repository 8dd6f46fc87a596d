#pragma once
// Plain HTTP request/response types that handlers see, and the router. No Beast here: handlers
// are synchronous functions Request -> Response, testable without a socket.

#include <any>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace concord::http {

using Headers = std::vector<std::pair<std::string, std::string>>;
using Params = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // "GET"
  std::string target;  // "/taxii2/?a=b" as received
  std::string path;    // "/taxii2/" (still percent-encoded)
  std::string query;   // "a=b"
  Headers headers;
  std::string body;
  std::string remote_address;
  // Filled by the router from the matched pattern: {"ref", "CERT-FR"} for "/teams/{ref}",
  // percent-decoded.
  Params path_params;
  // What the route's admission learnt from the headers (the authenticated caller), for its
  // handler; empty when the request was handled without admission (tests call Handle).
  std::any admitted;

  // Case-insensitive header lookup; empty if absent.
  std::string_view Header(std::string_view name) const;
  // A path parameter of the matched route; empty if the pattern has none of that name.
  std::string_view Param(std::string_view name) const;
  // The value of cookie `name` from the Cookie header(s), if sent.
  std::optional<std::string> Cookie(std::string_view name) const;
};

// Query-string parameters in order, percent-decoded ('+' is a space); malformed escapes drop
// the parameter.
std::vector<std::pair<std::string, std::string>> QueryParams(std::string_view query);

// A Set-Cookie the server sends. Defaults are the safe ones: not readable by scripts, never
// sent cross-site.
struct SetCookie {
  std::string name, value;
  std::string path = "/";
  std::optional<int64_t> max_age_seconds;  // none: a session cookie; 0: delete it
  bool http_only = true;
  bool secure = false;  // set under TLS
  std::string same_site = "Strict";
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  // Set instead of `body` for large immutable bodies several responses share (cached pages):
  // sent without copying.
  std::shared_ptr<const std::string> shared_body;

  // Replaces a header of that name (case-insensitive) or adds it.
  void SetHeader(std::string name, std::string value);
  // Adds a Set-Cookie header (several may be sent).
  void AddCookie(const SetCookie& cookie);
  static Response Json(int status, std::string body);
  // A JSON error body: {"error": {"code": "not_found", "message": "..."}}.
  static Response Error(int http_status, StatusCode code, std::string_view message);
  static Response FromStatus(const Status& st);
};

using Handler = std::function<Response(const Request&)>;

// Runs `fn` for `request`. An exception is logged with the request's method and path (never
// sent to the client) and gives nullopt, for the caller to answer a generic 500.
void LogRequestException(const Request& request, const char* what);
template <typename F>
auto RunLoggingExceptions(const Request& request, F&& fn) -> std::optional<decltype(fn())> {
  try {
    return fn();
  } catch (const std::exception& e) {
    LogRequestException(request, e.what());
  } catch (...) {
    LogRequestException(request, "unknown exception");
  }
  return std::nullopt;
}
// The body of that generic 500.
inline constexpr std::string_view kInternalErrorMessage =
    "internal error; the node's log has the details";

// What the server learns from a request's headers alone, before it reads the body
// (Router::Admit): a stranger's upload is refused before it costs memory.
struct Admission {
  std::optional<Response> refusal;  // answered at once; the body is never read
  size_t max_body_bytes = 0;        // 0: the server's limit
  bool authenticated = false;       // the caller proved who it is (may use reserved capacity)
  bool expensive = false;           // run the handler on the server's bounded worker pool
};
using Admitter = std::function<Admission(Request&)>;

// Builds an error answer in the format of the API that owns `target` (the REST API's JSON
// errors, TAXII's error resource). The server uses it for what it refuses before routing (400,
// 413, 431), the router for 404, 405 and 500.
using ErrorFormatter = std::function<Response(int status, StatusCode code, std::string_view message,
                                              std::string_view target)>;
Response JsonErrorFormatter(int status, StatusCode code, std::string_view message,
                            std::string_view target);

// Routes by method and path pattern. A pattern is a path whose segments are literals or
// captures: "/api/v1/teams/{ref}/history". A capture matches one non-empty segment and is
// percent-decoded into Request::path_params; a last capture "{name...}" matches the rest of the
// path (one or more segments, joined with '/', for static files). A trailing '/' is optional on
// both sides. Where several patterns match, the one with a literal at the first position where they
// differ wins
// ("/teams/conflicts" before "/teams/{ref}"). A path that matches with another method gets 405
// with Allow, in one place for every route; none matching gets 404. An exception from a handler
// is answered with a generic 500 and its detail is logged, never sent.
// Thread-safe after set-up (Add and SetErrorFormatter are not).
class Router {
 public:
  Router();
  // `admit`, when set, judges the request from its headers before the body is read.
  void Add(std::string method, std::string_view pattern, Handler handler, Admitter admit = {});
  void SetErrorFormatter(ErrorFormatter formatter) { error_formatter_ = std::move(formatter); }
  const ErrorFormatter& error_formatter() const { return error_formatter_; }

  // Fills request.path_params and runs the matching handler.
  Response Handle(Request& request) const;
  // Fills request.path_params and asks the matching route's admitter; a path no route serves
  // (404, 405, 400) is refused here.
  Admission Admit(Request& request) const;

  struct RouteInfo {
    std::string method, pattern;
  };
  std::vector<RouteInfo> Routes() const;

 private:
  struct Segment {
    std::string text;  // the literal, or the capture's name
    bool capture = false;
    bool rest = false;  // "{name...}": the rest of the path
  };
  struct Route {
    std::string method, pattern;
    std::vector<Segment> segments;
    Handler handler;
    Admitter admit;
  };
  // The route for the request (path_params filled), or null with the answer in `refusal`.
  const Route* Resolve(Request& request, Response* refusal) const;
  // Whether `route` matches the path's segments; fills `params` when it does.
  static bool Matches(const Route& route, const std::vector<std::string_view>& path, Params* params,
                      bool* bad_escape);

  std::vector<Route> routes_;
  ErrorFormatter error_formatter_;
};

}  // namespace concord::http
