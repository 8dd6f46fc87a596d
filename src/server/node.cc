#include "server/node.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <vector>

#include "accounts/admin.h"
#include "accounts/authenticator.h"
#include "common/file.h"
#include "common/scheduler.h"
#include "directory/editor.h"
#include "directory/formats.h"
#include "federation/scheduler.h"
#include "http/server.h"
#include "http/static_files.h"
#include "match/engine.h"
#include "modules/modules.h"
#include "server/dnsbl_service.h"
#include "server/routes.h"
#include "sharing/node_policy.h"
#include "store/importer.h"
#include "store/postgres/postgres_store.h"

namespace concord::server {
namespace {

// True for 127.0.0.0/8, ::1 and "localhost": the only places plain HTTP is allowed by default.
bool IsLoopback(const std::string& listen) {
  std::string host = listen.substr(0, listen.rfind(':'));
  if (host.size() >= 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

// Imports every *.json of `dir` into an empty store, so `make run` shows real content. The
// objects also fill a "Demo" collection readable by the node's organisation over TAXII.
Status ImportDemo(store::Database& db, const std::string& dir, const std::string& org) {
  store::ObjectStore& store = db.objects();
  // First start only: the demo goes into its own collection, made once.
  auto collections = db.collections().ListCollections();
  if (!collections.ok()) return collections.status();
  for (const auto& c : *collections) {
    if (c.title == "Demo") return Status::Ok();
  }
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  if (ec) return Status::NotFound("demo dataset " + dir + ": " + ec.message());
  std::sort(files.begin(), files.end());
  auto collection = accounts::CreateCollection(
      db, "Demo", "OASIS STIX 2.1 examples and MITRE ATT&CK for ICS", "", SystemClock::Get());
  if (!collection.ok()) return collection.status();
  CONCORD_RETURN_IF_ERROR(accounts::GrantCollection(db, collection->id, org, true, true));
  size_t added = 0;
  for (const auto& f : files) {
    auto in = InputFile::Open(f.string());
    if (!in.ok()) return in.status();
    store::ImportStats stats;
    store::ImportOptions opts;
    opts.collection_id = collection->id;
    opts.on_problem = [&](const std::string& line) {
      std::fprintf(stderr, "%s: %s\n", f.c_str(), line.c_str());
    };
    CONCORD_RETURN_IF_ERROR(
        store::ImportStix(store, in->data(), opts, &stats).WithPrefix(f.string()));
    added += stats.added;
  }
  std::printf("Imported the demo dataset: %zu objects from %zu files in %s\n", added, files.size(),
              dir.c_str());
  // The directory: real national CERTs (public facts only) and one demonstration team.
  const std::string teams_file = dir + "/directory/teams.json";
  if (std::filesystem::exists(teams_file)) {
    auto text = InputFile::Open(teams_file);
    if (!text.ok()) return text.status();
    auto teams = directory::ReadConcordTeams(text->data());
    if (!teams.ok()) return teams.status().WithPrefix(teams_file);
    directory::Editor editor(db, SystemClock::Get(), "demo");
    auto imported = editor.Import(std::move(*teams), sharing::Tlp::kGreen);
    if (!imported.ok()) return imported.status().WithPrefix(teams_file);
    std::printf("Imported the demo directory: %zu teams\n", imported->size());
  }
  return Status::Ok();
}

}  // namespace

Status RunNode(const NodeOptions& options) {
  const bool tls = !options.tls_cert.empty() || !options.tls_key.empty();
  if (!tls && !IsLoopback(options.listen) && !options.insecure_http) {
    return Status::InvalidArgument(
        "refusing plain HTTP on " + options.listen +
        ": give --tls-cert and --tls-key, or --insecure-http if a proxy terminates TLS");
  }
  store::SqliteOptions store_options;
  store_options.key_file = options.key_file;
  store_options.replica = options.replica;
  auto db = modules::OpenDatabase(options.db_path, store_options);
  if (!db.ok()) return db.status();
  const Clock& clock = SystemClock::Get();
  auto first_admin = accounts::BootstrapAdmin(**db, options.organisation, clock);
  if (!first_admin.ok()) return first_admin.status();
  if (first_admin->has_value()) {
    std::printf(
        "First start: created organisation \"%s\" and user \"admin\".\n"
        "Console: sign in as admin with the one-time password %s (you choose your own at "
        "once; lost it? concord user reset-password admin)\n"
        "Admin API token (shown once, store it now): %s\n",
        options.organisation.c_str(), (*first_admin)->one_time_password.c_str(),
        (*first_admin)->token.c_str());
  }
  if (!options.demo_dir.empty()) {
    CONCORD_RETURN_IF_ERROR(ImportDemo(**db, options.demo_dir, options.organisation));
  }

  // The node's own organisation is the first one created (see sharing/node_policy.h);
  // --organisation only names it at the first start.
  auto node_org = sharing::NodeOrganisation(**db);
  if (!node_org.ok()) return node_org.status();

  accounts::Authenticator auth((*db)->accounts(), clock);
  taxii::TaxiiOptions taxii_options = options.taxii;
  taxii_options.max_content_length = options.max_body_bytes;
  taxii_options.page_cache_bytes = options.page_cache_mib << 20;
  taxii::TaxiiService taxii(**db, clock, taxii_options);

  // Early warning: every active indicator compiled once, then kept current from the store.
  match::EngineOptions match_options;
  match_options.set.domains_cover_subdomains = options.match_subdomains;
  match::MatchEngine engine((*db)->objects(), clock, match_options);
  CONCORD_RETURN_IF_ERROR(engine.Load());
  engine.StartRefreshing(options.match_refresh_micros);
  // Federation: pull from each peer on its schedule.
  federation::Scheduler federation((**db), clock);
  federation.Start();
  // Timers and periodic work of every module; a failing job is retried at most a minute later.
  Scheduler scheduler(clock, /*max_backoff=*/60'000'000);

  // The search index follows the writes (store/object_store.h: UpdateSearchIndex).
  scheduler.Every("search index", 1'000'000, [&db]() -> Status {
    auto indexed = (*db)->objects().UpdateSearchIndex(50'000);
    return indexed.ok() ? Status::Ok() : indexed.status();
  });

  http::Router router;
  router.SetErrorFormatter(FormatApiError);
  http::RateLimiter public_limiter(clock);
  dns::ZoneCounterSet dns_counters;  // before the routes that read it and the service that counts
  api::Node node{**db, clock, auth, node_org->name, tls, &dns_counters};
  api::Routes routes(router, node, public_limiter);
  // The console: loaded once into memory. A node without it (built without Node.js) still
  // serves the API.
  std::string console_dir = options.console_dir;
  if (console_dir.empty()) {
    std::error_code ec;
    auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) console_dir = (exe.parent_path() / "console").string();
  }
  std::optional<http::StaticFiles> console;
  if (!console_dir.empty() && std::filesystem::exists(console_dir + "/index.html")) {
    auto files = http::StaticFiles::Load(console_dir);
    if (!files.ok()) return files.status().WithPrefix("console " + console_dir);
    console = std::move(*files);
  } else {
    std::fprintf(stderr,
                 "concord serve: no console in %s (build it with `make`); serving the API only\n",
                 console_dir.c_str());
  }
  Services services{taxii,
                    engine,
                    federation,
                    scheduler,
                    console ? &*console : nullptr,
                    options.page_cache_mib << 20};
  AddRoutes(routes, services);

  http::ServerOptions server_options;
  server_options.listen = options.listen;
  server_options.threads = options.threads;
  server_options.tls_cert_file = options.tls_cert;
  server_options.tls_key_file = options.tls_key;
  server_options.max_body_bytes = options.max_body_bytes;
  server_options.idle_timeout_seconds = options.idle_timeout_seconds;
  server_options.max_connections = options.max_connections;
  server_options.max_connections_per_address = options.max_connections_per_address;
  server_options.reserved_for_authenticated = options.reserved_for_authenticated;
  http::Server server(server_options, &router);
  CONCORD_RETURN_IF_ERROR(server.Start());
  // DNSBL: the zones of `concord dns zone add`, kept current from the store.
  std::unique_ptr<DnsblService> dnsbl;
  if (!options.dns_listen.empty()) {
    DnsblOptions dns_options;
    dns_options.server.listen = options.dns_listen;
    dns_options.server.udp_threads = options.dns_threads;
    dnsbl = std::make_unique<DnsblService>(**db, clock, dns_options, dns_counters);
    CONCORD_RETURN_IF_ERROR(dnsbl->Start(scheduler));
    std::string dns_host = options.dns_listen.substr(0, options.dns_listen.rfind(':'));
    std::printf("DNSBL on %s port %u (UDP and TCP)\n", dns_host.c_str(), dnsbl->port());
  }
  auto versions = (*db)->objects().CountVersions();
  std::printf("Concord %s serving %lld object versions from %s\n", CONCORD_VERSION,
              static_cast<long long>(versions.ok() ? *versions : 0),
              store::RedactedTarget(options.db_path).c_str());
  if (!options.replica.empty()) {
    std::printf("Reading from the hot standby %s when it has replayed every commit\n",
                store::RedactedTarget(options.replica).c_str());
  }
  std::string host = options.listen.substr(0, options.listen.rfind(':'));
  std::printf(
      "Listening on %s://%s:%u/  (console: /; TAXII 2.1: /taxii2/; matching: POST /api/v1/match; "
      "health: /healthz; stop with Ctrl-C)\n",
      tls ? "https" : "http", host.c_str(), server.port());
  std::fflush(stdout);
  scheduler.Start();
  server.Run(/*handle_signals=*/true);
  scheduler.Stop();  // before the services its jobs use go away
  if (dnsbl) {
    std::printf("DNSBL answered %llu UDP and %llu TCP queries (%llu dropped: not queries)\n",
                static_cast<unsigned long long>(dnsbl->stats().udp_queries.load()),
                static_cast<unsigned long long>(dnsbl->stats().tcp_queries.load()),
                static_cast<unsigned long long>(dnsbl->stats().dropped.load()));
  }
  std::printf("Concord stopped cleanly.\n");
  return Status::Ok();
}

}  // namespace concord::server
