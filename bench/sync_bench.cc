// bench/sync: node A holds N indicators (TLP:CLEAR, distribution all); node B pulls them all over
// loopback TAXII (`concord sync`). Beside it, in the same run, the same objects are imported
// from a local file into an empty store (`concord import`): the floor a pull cannot beat, since
// it stores the same rows. Then B runs `serve` with a 1 s interval and the lag from publishing
// one object on A to seeing it stored on B is measured.
//
//   build/bench/sync_bench [--concord build/concord] [--objects 1000000] [--dir DIR]
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>

#include "bench/process.h"
#include "bench/synthetic.h"

namespace {

using concord::bench::Shell;
using concord::bench::WaitForPort;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// Marks a synthetic indicator TLP:CLEAR with distribution all, so the policy lets it travel.
std::string Shareable(std::string json) {
  const std::string key = "\"object_marking_refs\":[";
  const size_t at = json.find(key);
  if (at != std::string::npos) {
    const size_t end = json.find(']', at);
    json.replace(at + key.size(), end - at - key.size(),
                 "\"marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487\"");
  }
  json.pop_back();  // the closing brace
  return json + R"(,"extensions":{"extension-definition--95a68e9b-0933-587e-a8a4-f9ae00ab7074":)"
                R"({"extension_type":"property-extension","distribution":"all"}}})";
}

}  // namespace

int main(int argc, char** argv) {
  std::string concord = "build/concord";
  std::string dir = std::filesystem::temp_directory_path() / "concord-sync-bench";
  size_t n = 1000000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--concord") {
      concord = argv[i + 1];
    } else if (a == "--objects") {
      n = std::stoul(argv[i + 1]);
    } else if (a == "--dir") {
      dir = argv[i + 1];
    } else {
      std::fprintf(stderr, "usage: sync_bench [--concord PATH] [--objects N] [--dir DIR]\n");
      return 2;
    }
  }
  concord = std::filesystem::absolute(concord);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string a = concord + " --db " + dir + "/a.db ";
  const std::string b = concord + " --db " + dir + "/b.db ";
  const std::string floor = concord + " --db " + dir + "/floor.db ";

  std::printf("node A: generating and importing %zu indicators...\n", n);
  std::fflush(stdout);
  {
    std::ofstream out(dir + "/objects.jsonl");
    std::mt19937_64 rng(11);
    for (size_t i = 0; i < n; ++i) {
      out << Shareable(concord::bench::Indicator(rng, static_cast<int>(i),
                                                 "identity--5d6b7e3c-0000-4000-8000-00000000000a"))
          << "\n";
    }
  }
  Shell(a + "org add A");
  Shell(a + "org add B");
  Shell(a + "user add b-node --org B --role peer");
  const std::string token = Shell(a + "token create --user b-node 2>/dev/null");
  const std::string feed = Shell(a + "collection add --title Feed");
  Shell(a + "collection grant " + feed + " --org B --read");
  Shell(a + "import --collection " + feed + " " + dir + "/objects.jsonl > /dev/null 2>&1");
  Shell("(" + a + "serve --listen 127.0.0.1:0 > " + dir + "/a.log 2>&1 & echo $! > " + dir +
        "/a.pid)");
  const int port = WaitForPort(dir + "/a.log", "http://127.0.0.1:");
  if (port == 0) {
    std::fprintf(stderr, "node A did not start\n");
    return 1;
  }
  const std::string root = "http://127.0.0.1:" + std::to_string(port) + "/taxii2/api/";

  Shell(b + "org add B");
  Shell("printf '%s\\n' " + token + " | " + b + "peer add A --url " + root +
        " --token-file - --collections " + feed + " --interval 1s > /dev/null");
  auto t0 = Clock::now();
  const std::string pulled = Shell(b + "sync 2>&1");
  const double t_sync = Seconds(t0);
  std::printf("concord sync (B pulls from A over loopback TAXII): %.1f s = %.0f objects/s\n  %s\n",
              t_sync, n / t_sync, pulled.c_str());

  Shell(floor + "org add B");
  t0 = Clock::now();
  Shell(floor + "import " + dir + "/objects.jsonl > /dev/null 2>&1");
  const double t_import = Seconds(t0);
  std::printf("concord import of the same objects from a local file: %.1f s = %.0f objects/s\n",
              t_import, n / t_import);
  std::printf("ratio sync/import: %.2f; target >= 100,000 objects/s: %s\n", t_import / t_sync,
              n / t_sync >= 100000 ? "met" : "NOT met");

  // Steady-state lag: B serves with the 1 s interval; one object is published on A.
  Shell("(" + b + "serve --listen 127.0.0.1:0 > " + dir + "/b.log 2>&1 & echo $! > " + dir +
        "/b.pid)");
  WaitForPort(dir + "/b.log", "http://127.0.0.1:");
  std::this_thread::sleep_for(std::chrono::seconds(2));  // let a first (empty) pull pass
  std::mt19937_64 rng(99);
  const std::string one = Shareable(concord::bench::Indicator(
      rng, static_cast<int>(n) + 1, "identity--5d6b7e3c-0000-4000-8000-00000000000a"));
  std::ofstream(dir + "/one.jsonl") << one << "\n";
  const std::string id = one.substr(one.find("indicator--"), 47);
  t0 = Clock::now();
  Shell(a + "import --collection " + feed + " " + dir + "/one.jsonl > /dev/null 2>&1");
  double lag = -1;
  while (Seconds(t0) < 30) {
    if (Shell(b + "export --id " + id + " 2>/dev/null").find(id) != std::string::npos) {
      lag = Seconds(t0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::printf("lag, publish on A -> stored on B (interval 1 s): %.2f s; target <= 2 s: %s\n", lag,
              lag >= 0 && lag <= 2 ? "met" : "NOT met");
  Shell("kill $(cat " + dir + "/a.pid) $(cat " + dir + "/b.pid)");
  return 0;
}
