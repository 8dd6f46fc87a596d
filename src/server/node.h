#pragma once
// The composition root: builds the store, the HTTP routes and the server for `concord serve`.

#include <string>

#include "common/status.h"

namespace concord::server {

struct NodeOptions {
  std::string db_path;
  std::string listen = "127.0.0.1:8080";
  int threads = 0;
  std::string demo_dir;  // imported on first start (empty store) when set
};

// Runs the node until SIGINT/SIGTERM. Prints the URL once listening.
Status RunNode(const NodeOptions& options);

}  // namespace concord::server
