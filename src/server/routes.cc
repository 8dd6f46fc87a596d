#include "server/routes.h"

#include "api/api.h"
#include "modules/modules.h"
#include "taxii/taxii_service.h"

namespace concord::server {

http::Response FormatApiError(int status, StatusCode code, std::string_view message,
                              std::string_view target) {
  if (target.substr(0, 7) == "/taxii2") {
    return taxii::TaxiiService::FormatError(status, code, message);
  }
  return http::Response::Error(status, code, message);
}

void AddRoutes(api::Routes& routes, Services& services) {
  api::AddHealthRoutes(routes);
  api::AddOpenApiRoutes(routes);
  api::AddSessionRoutes(routes);
  api::AddAdminRoutes(routes);
  services.taxii.AddRoutes(routes);
  api::AddMatchRoutes(routes, services.match);
  api::AddObjectRoutes(routes, services.match, services.response_cache_bytes);
  api::AddPeerRoutes(routes, services.federation);
  // The capabilities registered as modules (modules/modules.cc).
  modules::AddRoutes(routes, services.scheduler);
  modules::AddJobs(services.scheduler, routes.node());
  // Last: every path no other route serves is the console's.
  api::AddConsoleRoutes(routes, services.console);
}

}  // namespace concord::server
