#pragma once
// The REST API's resources, one file each in this folder. Each adds its routes, with who may
// call them, through Add*Routes; server/modules.cc calls them all from one list. Handlers take
// an api::Context (routes.h) and answer errors with http::Response::FromStatus.

#include "api/routes.h"
#include "common/refreshing.h"

namespace concord::match {
class MatchEngine;
}
namespace concord::federation {
class Scheduler;
}

namespace concord::api {

struct DirectoryView;

void AddHealthRoutes(Routes& routes);                                         // health.cc
void AddMatchRoutes(Routes& routes, match::MatchEngine& engine);             // match.cc
void AddPeerRoutes(Routes& routes, federation::Scheduler& federation);      // peers.cc
void AddLookupRoutes(Routes& routes, Refreshing<DirectoryView>& views);     // lookup.cc
void AddTeamRoutes(Routes& routes, Refreshing<DirectoryView>& views);       // teams.cc
void AddContactRoutes(Routes& routes);                                       // contacts.cc

}  // namespace concord::api
