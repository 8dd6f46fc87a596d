#include "server/modules.h"

#include "api/api.h"
#include "api/directory_view.h"
#include "modules/modules.h"
#include "taxii/taxii_service.h"

namespace concord::server {

struct ModuleState {
  std::unique_ptr<api::DirectoryViews> directory;
};

http::Response FormatApiError(int status, StatusCode code, std::string_view message,
                              std::string_view target) {
  if (target.substr(0, 7) == "/taxii2") {
    return taxii::TaxiiService::FormatError(status, code, message);
  }
  return http::Response::Error(status, code, message);
}

void ModuleStateDeleter::operator()(ModuleState* state) const { delete state; }

ModuleStatePtr AddModules(api::Routes& routes, Services& services) {
  ModuleStatePtr state(new ModuleState);
  api::Node& node = routes.node();
  state->directory = api::MakeDirectoryViews(node.db, node.clock);
  // Keep the directory view current off the request path: a lookup rarely pays for a rebuild.
  services.scheduler.Every("directory view", 500'000,
                           [views = state->directory.get()] { return views->Refresh(); });

  api::AddHealthRoutes(routes);
  services.taxii.AddRoutes(routes);
  api::AddMatchRoutes(routes, services.match);
  api::AddPeerRoutes(routes, services.federation);
  api::AddLookupRoutes(routes, *state->directory);
  api::AddTeamRoutes(routes, *state->directory);
  api::AddContactRoutes(routes);
  // The capabilities registered as modules (modules/modules.cc).
  modules::AddRoutes(routes);
  modules::AddJobs(services.scheduler, node);
  return state;
}

}  // namespace concord::server
