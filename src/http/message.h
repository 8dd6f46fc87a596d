#pragma once
// Plain HTTP request/response types that handlers see. No Beast here: handlers are synchronous
// functions Request -> Response, testable without a socket.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace concord::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // "GET"
  std::string target;  // "/taxii2/?a=b" as received
  std::string path;    // "/taxii2/" (percent-decoding is the handler's business)
  std::string query;   // "a=b"
  Headers headers;
  std::string body;
  std::string remote_address;

  // Case-insensitive header lookup; empty if absent.
  std::string_view Header(std::string_view name) const;
};

// Query-string parameters in order, percent-decoded ('+' is a space); malformed escapes drop
// the parameter.
std::vector<std::pair<std::string, std::string>> QueryParams(std::string_view query);

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  // Set instead of `body` for large immutable bodies several responses share (cached pages):
  // sent without copying.
  std::shared_ptr<const std::string> shared_body;

  void SetHeader(std::string name, std::string value);
  static Response Json(int status, std::string body);
  // A JSON error body: {"error": {"code": "not_found", "message": "..."}}.
  static Response Error(int http_status, StatusCode code, std::string_view message);
  static Response FromStatus(const Status& st);
};

using Handler = std::function<Response(const Request&)>;

// Routes by method and exact path. Unknown paths get a JSON 404, known paths with another method
// a JSON 405 with Allow. Thread-safe after set-up (Add is not).
class Router {
 public:
  void Add(std::string method, std::string path, Handler handler);
  // Every method on every path starting with `prefix` (after exact routes did not match); the
  // longest matching prefix wins.
  void AddPrefix(std::string prefix, Handler handler);
  Response Handle(const Request& request) const;

 private:
  std::vector<std::pair<std::string, Handler>> prefixes_;
  struct Route {
    std::string method, path;
    Handler handler;
  };
  std::vector<Route> routes_;
};

}  // namespace concord::http
