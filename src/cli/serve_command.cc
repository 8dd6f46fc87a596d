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
                  "Directory of STIX bundles to import (into a 'Demo' collection) on first start");
  cmd->add_option("--organisation", opts->organisation,
                  "Name of this node's organisation, created with the admin user on first start")
      ->capture_default_str();
  cmd->add_option("--tls-cert", opts->tls_cert, "PEM certificate chain: serve HTTPS (TLS 1.2+)");
  cmd->add_option("--tls-key", opts->tls_key, "PEM private key for --tls-cert");
  cmd->add_flag("--insecure-http", opts->insecure_http,
                "Allow plain HTTP on a non-loopback address (only behind a TLS proxy)");
  cmd->add_option("--max-body", opts->max_body_bytes,
                  "Largest request body any route accepts, in bytes (each route has its own "
                  "limit under it: docs/SECURITY.md)")
      ->capture_default_str();
  cmd->add_option("--max-page-size", opts->taxii.max_page_size,
                  "Largest TAXII page (the server maximum for limit)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option(
         "--page-cache-mib", opts->page_cache_mib,
         "Memory for rendered TAXII pages, and as much for the search API's, dropped at every "
         "commit (0: no cache)")
      ->capture_default_str();
  cmd->add_option("--idle-timeout", opts->idle_timeout_seconds,
                  "Seconds a connection may sit idle, and the most a request may take to arrive")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--max-connections", opts->max_connections,
                  "Concurrent connections accepted; more are closed at once")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--max-connections-per-address", opts->max_connections_per_address,
                  "Concurrent connections one client address may hold; more are closed at once")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--reserved-connections", opts->reserved_for_authenticated,
                  "Of --max-connections, how many (at most a quarter) are kept for callers that "
                  "authenticate")
      ->capture_default_str();
  cmd->add_flag("--match-subdomains", opts->match_subdomains,
                "Matching: a domain indicator also matches the domain's subdomains");
  cmd->add_option("--dns", opts->dns_listen,
                  "Serve the DNSBL zones (concord dns zone add) on host:port, UDP and TCP");
  cmd->add_option("--dns-threads", opts->dns_threads, "DNS UDP threads (default: one per core)");
  cmd->add_option("--console", opts->console_dir,
                  "Folder of the built web console (default: console/ beside the concord binary)");
  cmd->add_option("--api-root", opts->taxii.api_root, "TAXII API root name: /taxii2/<name>/")
      ->capture_default_str();
  cmd->callback([opts, &global, exit_code] {
    opts->db_path = global.db;
    opts->key_file = global.sqlite.key_file;
    opts->replica = global.sqlite.replica;
    Status st = server::RunNode(*opts);
    if (!st.ok()) {
      std::fprintf(stderr, "concord serve: %s\n", st.message().c_str());
      *exit_code = kExitError;
    }
  });
}

}  // namespace concord::cli
