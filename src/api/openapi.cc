// GET /api/v1/openapi.json: the OpenAPI 3.1 description of every REST route (api/openapi.json,
// compiled in). It is written by hand, route by route, with who may call each one; a test
// (tests/api_test.cc) checks that it and the router list the same routes.
#include "api/api.h"

namespace concord::api {

extern const std::string_view kOpenApiDocument;  // generated from api/openapi.json

void AddOpenApiRoutes(Routes& routes) {
  routes.Add("GET", "/api/v1/openapi.json", Access::kPublic, [](Context&) {
    http::Response r = http::Response::Json(200, std::string(kOpenApiDocument));
    r.SetHeader("Cache-Control", "no-cache");
    return r;
  });
}

}  // namespace concord::api
