// bench/postgres: Concord on PostgreSQL, beside its floor and beside SQLite, in one run.
//
//  (1) Import: `concord import` of N synthetic indicators into PostgreSQL, then the floor:
//      `psql \copy` of the very rows Concord stored into a table with the same columns and
//      indexes (CREATE TABLE … (LIKE objects INCLUDING ALL)). Prints objects/s and the ratio.
//  (2) TAXII paging (the bench/taxii workload: 8 keep-alive clients each page through the whole
//      collection): one `serve` process on SQLite, one on PostgreSQL, and two on PostgreSQL
//      behind nginx (round robin, keep-alive upstream). Prints objects/s and p50/p99 per page.
//
// The PostgreSQL server is a throw-away one started here (initdb into a temporary folder) with
// PostgreSQL's default durability (fsync on), on the same machine.
//
//   build/bench/postgres_bench --concord build/concord [--objects N] [--clients 8] [--dir DIR]

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bench/process.h"
#include "bench/synthetic.h"
#include "bench/taxii_client.h"
#include "tests/postgres_server.h"

namespace {

using concord::bench::Measure;
using concord::bench::PagingRun;
using concord::bench::Percentile;
using concord::bench::Shell;
using concord::bench::WaitForPort;

constexpr int kPageSize = 1000;
constexpr const char* kObjectColumns =
    "date_added, id, version, version_text, type, spec_version, created_by_ref, marking_refs, "
    "revoked, json, latest, received_from, owner";

// One node's store and the reader's token and collection on it.
struct Node {
  std::string cli;  // "concord --db … --key-file … "
  std::string token, collection;
};

Node SetUp(const std::string& cli) {
  Node node{cli, "", ""};
  Shell(cli + "org add BENCH");
  Shell(cli + "user add reader --org BENCH --role reader");
  node.token = Shell(cli + "token create --user reader 2>/dev/null");
  node.collection = Shell(cli + "collection add --title Bench");
  Shell(cli + "collection grant " + node.collection + " --org BENCH --read");
  return node;
}

void PrintRow(const char* name, const PagingRun& r) {
  std::printf("%-44s %9.2f %11.0f %8.1f %8.1f\n", name, r.seconds, r.objects / r.seconds,
              Percentile(r.latencies_ms, 0.5), Percentile(r.latencies_ms, 0.99));
}

}  // namespace

int main(int argc, char** argv) {
  std::string concord = "build/concord";
  std::string dir = std::filesystem::temp_directory_path() / "concord-postgres-bench";
  size_t n = 1000000;
  int clients = 8;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    bool has = i + 1 < argc;
    if (a == "--concord" && has) {
      concord = argv[++i];
    } else if (a == "--objects" && has) {
      n = std::stoul(argv[++i]);
    } else if (a == "--clients" && has) {
      clients = std::stoi(argv[++i]);
    } else if (a == "--dir" && has) {
      dir = argv[++i];
    } else {
      std::fprintf(stderr,
                   "usage: postgres_bench [--concord PATH] [--objects N] [--clients N] "
                   "[--dir DIR]\n");
      return 2;
    }
  }
  concord = std::filesystem::absolute(concord);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);

  std::string why_not;
  auto server = concord::testing::PostgresServer::Start(&why_not, /*durable=*/true);
  if (!server) {
    std::fprintf(stderr, "PostgreSQL: %s\n", why_not.c_str());
    return 1;
  }
  const std::string target = server->Target();
  const std::string psql = "psql -q -X -v ON_ERROR_STOP=1 '" + target + "' ";
  const std::string pg_cli = concord + " --db '" + target + "' --key-file " + dir + "/node.key ";
  const std::string sqlite_cli = concord + " --db " + dir + "/node.db ";

  std::printf("generating %zu indicators...\n", n);
  std::fflush(stdout);
  const std::string objects = dir + "/objects.jsonl";
  {
    std::ofstream out(objects);
    std::mt19937_64 rng(7);
    const std::string author = "identity--" + concord::UuidV4();
    for (size_t i = 0; i < n; ++i) {
      out << concord::bench::Indicator(rng, static_cast<int>(i), author) << "\n";
    }
  }

  // (1) Import, then the floor with the same rows.
  Node pg = SetUp(pg_cli);
  std::printf("importing into PostgreSQL...\n");
  std::fflush(stdout);
  auto import = concord::bench::Run({"sh", "-c", pg_cli + "import " + objects}, "");
  const std::string rows = dir + "/rows.tsv";
  Shell(psql + "-c \"\\copy (SELECT " + kObjectColumns + " FROM objects) TO '" + rows + "'\"");
  Shell(psql + "-c 'CREATE TABLE floor (LIKE objects INCLUDING ALL)'");
  auto floor = concord::bench::Run(
      {"sh", "-c", psql + "-c \"\\copy floor (" + kObjectColumns + ") FROM '" + rows + "'\""}, "");
  const std::string stored =
      Shell(psql + "-At -c \"SELECT COUNT(*) FROM objects WHERE type = 'indicator'\"");
  const std::string floored =
      Shell(psql + "-At -c \"SELECT COUNT(*) FROM floor WHERE type = 'indicator'\"");
  Shell(psql + "-c 'DROP TABLE floor'");
  std::filesystem::remove(rows);
  if (import.exit_code != 0 || floor.exit_code != 0 || stored != std::to_string(n) ||
      floored != stored) {
    std::fprintf(stderr, "import failed: exit %d / %d, %s objects stored, %s copied\n",
                 import.exit_code, floor.exit_code, stored.c_str(), floored.c_str());
    return 1;
  }
  // The collection TAXII pages: the same objects again, now only joining it.
  auto join = concord::bench::Run(
      {"sh", "-c", pg_cli + "import --collection " + pg.collection + " " + objects}, "");

  // (2) TAXII paging.
  Node lite = SetUp(sqlite_cli);
  Shell(sqlite_cli + "import --collection " + lite.collection + " " + objects + " >/dev/null");
  auto serve = [&](const std::string& cli, const std::string& name) {
    const std::string log = dir + "/" + name + ".log";
    Shell("(" + cli + "serve --listen 127.0.0.1:0 --max-page-size " + std::to_string(kPageSize) +
          " > " + log + " 2>&1 & echo $! > " + dir + "/" + name + ".pid)");
    return WaitForPort(log, "http://127.0.0.1:");
  };
  // Waits until the search index (built by `serve` behind the writes) covers every object, so
  // that its writes do not drop the page cache while paging is measured; returns the seconds.
  constexpr const char* kIndexCurrent =
      "SELECT (SELECT indexed_through FROM search_index_state) = "
      "(SELECT MAX(date_added) FROM objects)";
  auto wait_for_index = [&](const std::string& ask) {
    const auto start = std::chrono::steady_clock::now();
    while (Shell(ask + "\"" + kIndexCurrent + "\"") != (ask.starts_with("psql") ? "t" : "1")) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  const std::string ask_pg = psql + "-At -c ", ask_sqlite = "sqlite3 " + dir + "/node.db ";
  auto stop = [&](const std::string& name) { Shell("kill $(cat " + dir + "/" + name + ".pid)"); };
  auto page = [&](int port, const Node& node) {
    const std::string auth =
        "Accept: application/taxii+json;version=2.1\r\nAuthorization: Bearer " + node.token +
        "\r\n";
    const std::string base = "/taxii2/api/collections/" + node.collection +
                             "/objects/?limit=" + std::to_string(kPageSize);
    return Measure(port, clients, auth, [&](size_t i, const std::string& prev) {
      return concord::bench::NextTaxiiPage(base, i, prev);
    });
  };

  std::printf("TAXII paging: SQLite, one process...\n");
  std::fflush(stdout);
  int port = serve(sqlite_cli, "sqlite");
  const double sqlite_index = wait_for_index(ask_sqlite);
  PagingRun sqlite_one = page(port, lite);
  stop("sqlite");

  std::printf("TAXII paging: PostgreSQL, one process...\n");
  std::fflush(stdout);
  port = serve(pg_cli, "pg1");
  const double pg_index = wait_for_index(ask_pg);
  PagingRun pg_one = page(port, pg);
  stop("pg1");

  std::printf("TAXII paging: PostgreSQL, two processes behind nginx...\n");
  std::fflush(stdout);
  const int a = serve(pg_cli, "pg2a"), b = serve(pg_cli, "pg2b");
  const int nginx_port = concord::testing::FreeLoopbackPort();
  const std::string conf = dir + "/nginx.conf";
  std::ofstream(conf) << "worker_processes 2;\ndaemon off;\npid " << dir << "/nginx.pid;\n"
                      << "error_log " << dir << "/nginx.err;\nevents { worker_connections 1024; }\n"
                      << "http {\n  access_log off;\n  keepalive_requests 1000000;\n"
                      << "  upstream concord {\n    server 127.0.0.1:" << a << ";\n"
                      << "    server 127.0.0.1:" << b << ";\n    keepalive 64;\n  }\n"
                      << "  server {\n    listen 127.0.0.1:" << nginx_port << ";\n"
                      << "    location / {\n      proxy_pass http://concord;\n"
                      << "      proxy_http_version 1.1;\n"
                      << "      proxy_set_header Connection \"\";\n    }\n  }\n}\n";
  Shell("(nginx -c " + conf + " -p " + dir + " > " + dir + "/nginx.log 2>&1 &)");
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  PagingRun pg_two = page(nginx_port, pg);
  Shell("kill $(cat " + dir + "/nginx.pid) 2>/dev/null");
  stop("pg2a");
  stop("pg2b");

  const bool ok = sqlite_one.ok && pg_one.ok && pg_two.ok && sqlite_one.objects == n * clients &&
                  pg_one.objects == n * clients && pg_two.objects == n * clients;
  const double import_rate = n / import.seconds, floor_rate = n / floor.seconds;
  std::printf("\n(1) import of %zu indicators into PostgreSQL %s\n\n", n,
              Shell(psql + "-At -c 'SHOW server_version'").c_str());
  std::printf("%-44s %9s %11s %10s\n", "", "seconds", "objects/s", "peak RSS");
  std::printf("%-44s %9.2f %11.0f %7ld MiB\n", "concord import", import.seconds, import_rate,
              import.max_rss_kib / 1024);
  std::printf("%-44s %9.2f %11.0f\n", "psql \\copy of the same rows (floor)", floor.seconds,
              floor_rate);
  std::printf("%-44s %9.2f %11.0f\n", "concord import --collection (all stored)", join.seconds,
              n / join.seconds);
  std::printf("\nratio concord / floor: %.2f (target >= 0.5); %.0f objects/s (target >= 100,000)\n",
              import_rate / floor_rate, import_rate);
  std::printf(
      "\n(2) TAXII paging, %d keep-alive clients each reading all %zu objects, pages of %d\n\n",
      clients, n, kPageSize);
  std::printf("%-44s %9s %11s %8s %8s\n", "", "seconds", "objects/s", "p50 ms", "p99 ms");
  PrintRow("SQLite, 1 serve process", sqlite_one);
  PrintRow("PostgreSQL, 1 serve process", pg_one);
  PrintRow("PostgreSQL, 2 serve processes behind nginx", pg_two);
  std::printf(
      "\nsearch index built by serve after the import (waited for before paging): "
      "SQLite %.1f s, PostgreSQL %.1f s\n",
      sqlite_index, pg_index);
  std::printf("\nPostgreSQL 2 / 1 processes: %.2f; PostgreSQL 1 / SQLite 1: %.2f\n",
              (pg_two.objects / pg_two.seconds) / (pg_one.objects / pg_one.seconds),
              (pg_one.objects / pg_one.seconds) / (sqlite_one.objects / sqlite_one.seconds));
  if (!ok) {
    std::fprintf(stderr, "a paging run failed or missed objects (%zu, %zu, %zu of %zu)\n",
                 sqlite_one.objects, pg_one.objects, pg_two.objects, n * clients);
    return 1;
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
  return 0;
}
