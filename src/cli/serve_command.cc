#include <cstdio>

#include "cli/commands.h"
#include "server/node.h"

namespace concord::cli {

void AddServeCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  auto* cmd = app.add_subcommand("serve", "Run the node: the HTTP API on --listen");
  auto opts = std::make_shared<server::NodeOptions>();
  cmd->add_option("--listen", opts->listen, "Address and port to listen on (host:port)")
      ->capture_default_str();
  cmd->add_option("--threads", opts->threads, "Server threads (default: one per core)");
  cmd->add_option("--demo", opts->demo_dir,
                  "Directory of STIX bundles to import when the database is empty");
  cmd->callback([opts, &global, exit_code] {
    opts->db_path = global.db;
    Status st = server::RunNode(*opts);
    if (!st.ok()) {
      std::fprintf(stderr, "concord serve: %s\n", st.message().c_str());
      *exit_code = kExitError;
    }
  });
}

}  // namespace concord::cli
