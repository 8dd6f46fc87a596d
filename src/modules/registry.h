#pragma once
// The module seam (after duckdb's extension loader): a capability declares, in its own folder,
// everything it adds to the node, in one function that fills a Registry:
//
//   void spam::RegisterModule(modules::Registry& r) {
//     AddSqlite(r.sqlite());                            // tables, stores, transaction parts
//     r.AddRoutes([](api::Routes& routes, Scheduler& s) { ... });  // REST routes, their access,
//                                                                // and the jobs they rely on
//     r.AddCommands([](CLI::App& app, const cli::GlobalOptions& g, int* exit) { ... });
//     r.AddJobs([](Scheduler& s, api::Node& node) { ... });  // timers and periodic work
//   }
//
// and one line in modules/modules.cc names that function. See docs/CONTRIBUTING.md.

#include <functional>
#include <string>
#include <vector>

#include "api/routes.h"
#include "common/scheduler.h"
#include "store/sqlite/sqlite_store.h"

namespace CLI {
class App;
}
namespace concord::cli {
struct GlobalOptions;
}

namespace concord::modules {

class Registry {
 public:
  using RoutesFn = std::function<void(api::Routes&, Scheduler&)>;
  using CommandsFn = std::function<void(CLI::App&, const cli::GlobalOptions&, int* exit_code)>;
  using JobsFn = std::function<void(Scheduler&, api::Node&)>;

  explicit Registry(std::string name) : name_(std::move(name)) { sqlite_.name = name_; }

  const std::string& name() const { return name_; }
  // The module's tables (migrations), stores and transaction parts on SQLite.
  store::SqliteModule& sqlite() { return sqlite_; }
  const store::SqliteModule& sqlite() const { return sqlite_; }
  // Its REST routes, added when `concord serve` starts, with the scheduler for the jobs that
  // keep what they serve current (state both share is kept by Routes::Keep).
  void AddRoutes(RoutesFn fn) { routes_.push_back(std::move(fn)); }
  // Its subcommands, added to the command line.
  void AddCommands(CommandsFn fn) { commands_.push_back(std::move(fn)); }
  // Its timers and periodic work, scheduled when `concord serve` starts (tests drive the
  // scheduler with FakeClock).
  void AddJobs(JobsFn fn) { jobs_.push_back(std::move(fn)); }

  const std::vector<RoutesFn>& routes() const { return routes_; }
  const std::vector<CommandsFn>& commands() const { return commands_; }
  const std::vector<JobsFn>& jobs() const { return jobs_; }

 private:
  std::string name_;
  store::SqliteModule sqlite_;
  std::vector<RoutesFn> routes_;
  std::vector<CommandsFn> commands_;
  std::vector<JobsFn> jobs_;
};

}  // namespace concord::modules
