// bench/taxii: a TAXII collection of 1,000,000 indicators; 8 concurrent keep-alive clients each
// page through all of it with limit = the server maximum. In the same run, nginx serves the
// exact same page bodies as static files to the same client code: the ceiling for serving those
// bytes over HTTP on this machine. Prints objects/s and page latency p50/p99 for both, the
// ratio, and wrk's requests/s on authenticated GET /taxii2/.
//
//   build/bench/taxii_bench --concord build/concord [--objects N] [--clients 8] [--dir DIR]

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bench/process.h"
#include "bench/synthetic.h"
#include "bench/taxii_client.h"
#include "tests/free_port.h"

namespace {

using concord::bench::Measure;
using concord::bench::PagingRun;
using concord::bench::Percentile;
using concord::bench::Shell;
using concord::bench::WaitForPort;

}  // namespace

int main(int argc, char** argv) {
  std::string concord = "build/concord";
  std::string dir = std::filesystem::temp_directory_path() / "concord-taxii-bench";
  size_t n = 1000000;
  int clients = 8;
  const int page_size = 1000;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    bool has = i + 1 < argc;
    if (a == "--concord" && has)
      concord = argv[++i];
    else if (a == "--objects" && has)
      n = std::stoul(argv[++i]);
    else if (a == "--clients" && has)
      clients = std::stoi(argv[++i]);
    else if (a == "--dir" && has)
      dir = argv[++i];
    else {
      std::fprintf(stderr,
                   "usage: taxii_bench [--concord PATH] [--objects N] [--clients N] [--dir DIR]\n");
      return 2;
    }
  }
  concord = std::filesystem::absolute(concord);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir + "/pages");
  const std::string db = dir + "/taxii.db", c = concord + " --db " + db + " ";

  std::printf("generating and importing %zu indicators...\n", n);
  std::fflush(stdout);
  {
    std::ofstream out(dir + "/objects.jsonl");
    std::mt19937_64 rng(7);
    const std::string author = "identity--" + concord::UuidV4();
    for (size_t i = 0; i < n; ++i)
      out << concord::bench::Indicator(rng, static_cast<int>(i), author) << "\n";
  }
  Shell(c + "org add BENCH");
  Shell(c + "user add reader --org BENCH --role reader");
  const std::string token = Shell(c + "token create --user reader 2>/dev/null");
  const std::string col = Shell(c + "collection add --title Bench");
  Shell(c + "collection grant " + col + " --org BENCH --read");
  Shell(c + "import --collection " + col + " " + dir + "/objects.jsonl > /dev/null");

  // Starts `concord serve` with extra flags; returns its port (0 on failure).
  auto start_concord = [&](const std::string& flags, const std::string& name) {
    const std::string log = dir + "/" + name + ".log";
    Shell("(" + c + "serve --listen 127.0.0.1:0 --max-page-size " + std::to_string(page_size) +
          " " + flags + " > " + log + " 2>&1 & echo $! > " + dir + "/" + name + ".pid)");
    return WaitForPort(log, "http://127.0.0.1:");
  };
  int port = start_concord("", "concord");
  if (port == 0) {
    std::fprintf(stderr, "concord serve did not start\n");
    return 1;
  }
  const std::string auth =
      "Accept: application/taxii+json;version=2.1\r\nAuthorization: Bearer " + token + "\r\n";
  const std::string base =
      "/taxii2/api/collections/" + col + "/objects/?limit=" + std::to_string(page_size);
  auto walk = [&](size_t i, const std::string& prev) {
    return concord::bench::NextTaxiiPage(base, i, prev);
  };

  // Capture pass: one client saves every page body for nginx to serve.
  size_t pages_total = 0;
  PagingRun capture = Measure(port, 1, auth, [&](size_t i, const std::string& prev) -> std::string {
    if (i > 0) {
      std::ofstream(dir + "/pages/" + std::to_string(i - 1) + ".json") << prev;
      pages_total = i;
    }
    return walk(i, prev);
  });
  if (!capture.ok || capture.objects != n) {
    std::fprintf(stderr, "capture pass failed: %zu objects of %zu\n", capture.objects, n);
    return 1;
  }
  // The capture pass filled the page cache: restart so the measured run starts cold.
  Shell("kill $(cat " + dir + "/concord.pid); sleep 1");
  port = start_concord("", "concord");
  PagingRun taxii = Measure(port, clients, auth, walk);

  // wrk: authenticated discovery requests.
  std::string wrk = Shell(
      "wrk -t2 -c8 -d10s -H 'Authorization: Bearer " + token +
      "' -H 'Accept: application/taxii+json;version=2.1' http://127.0.0.1:" + std::to_string(port) +
      "/taxii2/ 2>&1 | grep Requests/sec | awk '{print $2}'");
  Shell("kill $(cat " + dir + "/concord.pid); sleep 1");

  // Without the page cache: every client's every page is read from SQLite and rendered.
  int uncached_port = start_concord("--page-cache-mib 0", "uncached");
  PagingRun uncached = Measure(uncached_port, clients, auth, walk);
  Shell("kill $(cat " + dir + "/uncached.pid)");

  // nginx serving the same bodies.
  const std::string conf = dir + "/nginx.conf";
  std::ofstream(conf) << "worker_processes 2;\ndaemon off;\npid " << dir << "/nginx.pid;\n"
                      << "error_log " << dir << "/nginx.err;\nevents { worker_connections 1024; }\n"
                      << "http { access_log off; sendfile on; keepalive_requests 1000000;\n"
                      << "  server { listen 127.0.0.1:0; root " << dir << "/pages; } }\n";
  // nginx cannot listen on port 0 and report it: pick a free port.
  const int nginx_port = concord::testing::FreeLoopbackPort();
  Shell("sed -i 's/listen 127.0.0.1:0;/listen 127.0.0.1:" + std::to_string(nginx_port) + ";/' " +
        conf);
  Shell("(nginx -c " + conf + " -p " + dir + " > " + dir + "/nginx.log 2>&1 &)");
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  PagingRun nginx =
      Measure(nginx_port, clients, "", [&](size_t i, const std::string&) -> std::string {
        return i < pages_total ? "/" + std::to_string(i) + ".json" : "";
      });
  Shell("kill $(cat " + dir + "/nginx.pid) 2>/dev/null");

  if (!taxii.ok || !nginx.ok || !uncached.ok) {
    std::fprintf(stderr, "a run failed (concord ok=%d, nginx ok=%d)\n", taxii.ok, nginx.ok);
    return 1;
  }
  const double t_rate = taxii.objects / taxii.seconds, n_rate = nginx.objects / nginx.seconds;
  std::printf("\n%zu objects in %zu pages of %d; %d keep-alive clients, each reading all pages\n\n",
              n, pages_total, page_size, clients);
  std::printf("%-34s %10s %12s %10s %10s\n", "", "seconds", "objects/s", "p50 ms", "p99 ms");
  std::printf("%-34s %10.2f %12.0f %10.1f %10.1f\n", "concord TAXII (GET objects, next)",
              taxii.seconds, t_rate, Percentile(taxii.latencies_ms, 0.5),
              Percentile(taxii.latencies_ms, 0.99));
  std::printf("%-34s %10.2f %12.0f %10.1f %10.1f\n", "concord TAXII, --page-cache-mib 0",
              uncached.seconds, uncached.objects / uncached.seconds,
              Percentile(uncached.latencies_ms, 0.5), Percentile(uncached.latencies_ms, 0.99));
  std::printf("%-34s %10.2f %12.0f %10.1f %10.1f\n", "nginx, same page bodies as files",
              nginx.seconds, n_rate, Percentile(nginx.latencies_ms, 0.5),
              Percentile(nginx.latencies_ms, 0.99));
  std::printf("\nratio concord/nginx: %.2f (target >= 0.3)\n", t_rate / n_rate);
  std::printf(
      "concord: %.0f objects/s (target >= 100,000), p99 page latency %.1f ms (target < 50)\n",
      t_rate, Percentile(taxii.latencies_ms, 0.99));
  std::printf("wrk, authenticated GET /taxii2/ (2 threads, 8 connections, 10 s): %s requests/s\n",
              wrk.empty() ? "(wrk not installed)" : wrk.c_str());
  std::fflush(stdout);
  std::error_code ignored;  // nginx may still be removing its pid file
  std::filesystem::remove_all(dir, ignored);
  return 0;
}
