#include "modules/modules.h"

#include "directory/module.h"
#include "incidents/module.h"
#include "spam/module.h"
#include "store/postgres/postgres_store.h"
#include "vulnerability/module.h"

namespace concord::modules {
namespace {

struct Entry {
  const char* name;
  void (*register_module)(Registry&);
};

// One line per module.
constexpr Entry kModules[] = {
    {"directory", directory::RegisterModule},
    {"incidents", incidents::RegisterModule},
    {"vulnerability", vulnerability::RegisterModule},
    {"spam", spam::RegisterModule},
};

}  // namespace

const std::vector<Registry>& All() {
  static const std::vector<Registry> kAll = [] {
    std::vector<Registry> all;
    for (const Entry& e : kModules) {
      all.emplace_back(e.name);
      e.register_module(all.back());
    }
    return all;
  }();
  return kAll;
}

store::SqliteOptions SqliteOptionsWithModules(store::SqliteOptions options) {
  for (const Registry& r : All()) options.modules.push_back(&r.sqlite());
  return options;
}

Result<std::unique_ptr<store::Database>> OpenDatabase(const std::string& target,
                                                      store::SqliteOptions options) {
  return store::OpenDatabase(target, SqliteOptionsWithModules(std::move(options)));
}

void AddRoutes(api::Routes& routes, Scheduler& scheduler) {
  for (const Registry& r : All()) {
    for (const auto& fn : r.routes()) fn(routes, scheduler);
  }
}

void AddCommands(CLI::App& app, const cli::GlobalOptions& global, int* exit_code) {
  for (const Registry& r : All()) {
    for (const auto& fn : r.commands()) fn(app, global, exit_code);
  }
}

void AddJobs(Scheduler& scheduler, api::Node& node) {
  for (const Registry& r : All()) {
    for (const auto& fn : r.jobs()) fn(scheduler, node);
  }
}

}  // namespace concord::modules
