#pragma once
// The composition root: builds the store, the authenticator, the HTTP routes (health, TAXII)
// and the server for `concord serve`.

#include <cstdint>
#include <string>

#include "common/status.h"
#include "taxii/taxii_service.h"

namespace concord::server {

struct NodeOptions {
  std::string db_path;   // a SQLite file or a PostgreSQL target
  std::string key_file;  // the node key ("": the store's default)
  std::string replica;   // a PostgreSQL hot standby to read from ("": none)
  std::string listen = "127.0.0.1:8080";
  int threads = 0;
  std::string demo_dir;                    // imported on first start (empty store) when set
  std::string organisation = "This node";  // the node's own organisation, made at first start
  std::string tls_cert, tls_key;
  bool insecure_http = false;  // allow plain HTTP on a non-loopback address
  size_t max_body_bytes = 64u << 20;
  size_t page_cache_mib = 256;
  int idle_timeout_seconds = 60;  // a request must arrive (whole) within this
  size_t max_connections = 1024;
  size_t max_connections_per_address = 64;
  size_t reserved_for_authenticated = 256;
  taxii::TaxiiOptions taxii;
  bool match_subdomains = false;           // domain indicators cover their subdomains
  int64_t match_refresh_micros = 250'000;  // how often matching picks up store changes
  std::string dns_listen;                  // serve the DNSBL zones here (UDP and TCP) when set
  int dns_threads = 0;                     // UDP threads (0: one per core)
  // The web console's built files; empty: "console" beside the concord binary (where the build
  // puts them).
  std::string console_dir;
};

// Runs the node until SIGINT/SIGTERM. Prints the URL once listening.
Status RunNode(const NodeOptions& options);

}  // namespace concord::server
