// GET /healthz: the node is up and answering (for load balancers and monitors).
#include "api/api.h"

namespace concord::api {

void AddHealthRoutes(Routes& routes) {
  routes.Add(
      "GET", "/healthz", Access::kPublic,
      [](Context&) { return http::Response::Json(200, R"({"status":"ok"})"); },
      RouteOptions{.rate_limited = false});
}

}  // namespace concord::api
