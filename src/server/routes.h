#pragma once
// Everything the node serves: the core's routes (health, TAXII, matching, peers) and every
// module's routes and jobs (modules/modules.cc), added from one place.

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
namespace concord::http {
class StaticFiles;
}

namespace concord::server {

// The long-running services some routes use; owned by RunNode.
struct Services {
  taxii::TaxiiService& taxii;
  match::MatchEngine& match;
  federation::Scheduler& federation;
  Scheduler& scheduler;
  const http::StaticFiles* console = nullptr;  // the web console's files; null: not built
  size_t response_cache_bytes = 64u << 20;     // rendered search pages and counts; 0: none
};

// Errors in the format of the API that owns the path: TAXII's error resource under /taxii2,
// the REST API's JSON errors elsewhere. The node's router and server use it.
http::Response FormatApiError(int status, StatusCode code, std::string_view message,
                              std::string_view target);

// Adds the core's routes and every module's routes and jobs.
void AddRoutes(api::Routes& routes, Services& services);

}  // namespace concord::server
