#pragma once
// The modules of this build (modules.cc lists them, one line each) and what the composition
// roots (server/, cli/, tests) do with them. Thread-safe: registered once, then read-only.

#include <memory>
#include <string>
#include <vector>

#include "modules/registry.h"
#include "store/database.h"

namespace concord::modules {

// Every module's registry, in the order modules.cc lists them.
const std::vector<Registry>& All();

// SQLite options that carry every module's tables, stores and parts.
store::SqliteOptions SqliteOptionsWithModules(store::SqliteOptions options = {});
// Opens the node's database with every module (what the CLI, the server and tests use): a
// SQLite file, or a PostgreSQL database (store/postgres/postgres_store.h: OpenDatabase).
Result<std::unique_ptr<store::Database>> OpenDatabase(const std::string& target,
                                                      store::SqliteOptions options = {});

void AddRoutes(api::Routes& routes, Scheduler& scheduler);
void AddCommands(CLI::App& app, const cli::GlobalOptions& global, int* exit_code);
void AddJobs(Scheduler& scheduler, api::Node& node);

}  // namespace concord::modules
