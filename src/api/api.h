#pragma once
// The core's REST resources, one file each in this folder (a module's resources live in its own
// folder). Each adds its routes, with who may call them, through Add*Routes; server/routes.cc
// adds them. Handlers take an api::Context (routes.h) and answer errors with
// http::Response::FromStatus.

#include "api/routes.h"

namespace concord::match {
class MatchEngine;
}
namespace concord::federation {
class Scheduler;
}

namespace concord::http {
class StaticFiles;
}

namespace concord::api {

void AddHealthRoutes(Routes& routes);                                   // health.cc
void AddMatchRoutes(Routes& routes, match::MatchEngine& engine);        // match.cc
void AddPeerRoutes(Routes& routes, federation::Scheduler& federation);  // peers.cc
void AddSessionRoutes(Routes& routes);                                  // session.cc
// `cache_bytes`: memory for rendered answers (0: none).
void AddObjectRoutes(Routes& routes, match::MatchEngine& engine,
                     size_t cache_bytes);  // objects.cc
void AddAdminRoutes(Routes& routes);       // admin.cc
void AddOpenApiRoutes(Routes& routes);     // openapi.cc
// The console's files (null: not built); added last, it serves every path no other route has.
void AddConsoleRoutes(Routes& routes, const http::StaticFiles* files);  // console.cc

}  // namespace concord::api
