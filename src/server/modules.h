#pragma once
// The one list of what the node serves: every module's routes and scheduled work are added in
// modules.cc, one line each. See docs/CONTRIBUTING.md for adding a capability.

#include <memory>

#include "api/routes.h"
#include "common/scheduler.h"

namespace concord::match {
class MatchEngine;
}
namespace concord::federation {
class Scheduler;
}
namespace concord::taxii {
class TaxiiService;
}

namespace concord::server {

// The long-running services some modules' routes use; owned by RunNode.
struct Services {
  taxii::TaxiiService& taxii;
  match::MatchEngine& match;
  federation::Scheduler& federation;
  Scheduler& scheduler;
};

// What the modules keep for as long as the server runs (their refreshing views).
struct ModuleState;
struct ModuleStateDeleter {
  void operator()(ModuleState* state) const;
};
using ModuleStatePtr = std::unique_ptr<ModuleState, ModuleStateDeleter>;

// Errors in the format of the API that owns the path: TAXII's error resource under /taxii2,
// the REST API's JSON errors elsewhere. The node's router and server use it.
http::Response FormatApiError(int status, StatusCode code, std::string_view message,
                              std::string_view target);

// Adds every module's routes to `routes` and its periodic work to services.scheduler.
ModuleStatePtr AddModules(api::Routes& routes, Services& services);

}  // namespace concord::server
