#pragma once
// The directory module: teams, their 24/7 contacts and constituencies, and "who is
// responsible?". Everything it adds to the node is registered by RegisterModule (module.cc).

#include "api/routes.h"
#include "cli/commands.h"
#include "common/refreshing.h"
#include "modules/registry.h"

namespace concord::directory {

struct DirectoryView;
using DirectoryViews = Refreshing<DirectoryView>;

void RegisterModule(modules::Registry& registry);

// Its parts, each in its own file.
void AddLookupRoutes(api::Routes& routes, DirectoryViews& views);  // api_lookup.cc
void AddTeamRoutes(api::Routes& routes, DirectoryViews& views);    // api_teams.cc
void AddContactRoutes(api::Routes& routes);                        // api_contacts.cc
void AddTeamCommand(CLI::App& app, const cli::GlobalOptions& global, int* exit_code);
void AddContactCommand(CLI::App& app, const cli::GlobalOptions& global, int* exit_code);
void AddConstituencyCommand(CLI::App& app, const cli::GlobalOptions& global, int* exit_code);
void AddLookupCommand(CLI::App& app, const cli::GlobalOptions& global, int* exit_code);

}  // namespace concord::directory
