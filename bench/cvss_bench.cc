// bench/cvss: vectors parsed and scored per second, for 1,000,000 random valid vectors of each
// CVSS version, by Concord (one core) and by ae-cvss-calculator (metaeffekt's JavaScript
// implementation of every version, on Node.js) over the same vectors in the same run.
//
// The peer is timed on the first --peer-count of the same vectors (100,000 by default: at its
// v4.0 speed a million would take a quarter of an hour); rates are per second either way.
//
//   build/bench/cvss_bench [--count N] [--peer-count N] [--peer bench/peer/cvss_peer.js]
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cvss/random.h"
#include "cvss/score.h"

namespace {

volatile int g_sink;  // keeps the scoring loop from being optimised away

double ConcordRate(const std::vector<std::string>& vectors) {
  auto start = std::chrono::steady_clock::now();
  int sum = 0;
  for (const std::string& text : vectors) {
    auto v = concord::cvss::ParseVector(text);
    if (!v.ok()) std::abort();  // every generated vector is valid
    sum += concord::cvss::Score(*v).overall;
  }
  g_sink = sum;
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return vectors.size() / seconds;
}

// Vectors per second of the peer, or 0 when it cannot run (Node.js or the package missing).
double PeerRate(const std::string& peer, const std::string& file) {
  std::string command = "node " + peer + " time " + file + " 2>/dev/null";
  FILE* p = popen(command.c_str(), "r");
  if (!p) return 0;
  double count = 0, seconds = 0;
  int fields = std::fscanf(p, "%lf %lf", &count, &seconds);
  int status = pclose(p);
  return fields == 2 && status == 0 && seconds > 0 ? count / seconds : 0;
}

}  // namespace

int main(int argc, char** argv) {
  size_t count = 1'000'000, peer_count = 100'000;
  std::string peer = std::string(CONCORD_SOURCE_DIR) + "/bench/peer/cvss_peer.js";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--count")) count = std::strtoul(argv[i + 1], nullptr, 10);
    if (!std::strcmp(argv[i], "--peer-count")) peer_count = std::strtoul(argv[i + 1], nullptr, 10);
    if (!std::strcmp(argv[i], "--peer")) peer = argv[i + 1];
  }
  const std::string file =
      (std::filesystem::temp_directory_path() / ("cvss_bench_" + std::to_string(getpid())))
          .string();
  const bool peer_installed = std::filesystem::exists(std::filesystem::path(peer).parent_path() /
                                                      "node_modules" / "ae-cvss-calculator");
  if (!peer_installed) {
    std::printf(
        "peer: ae-cvss-calculator is not installed beside %s (make deps installs it with "
        "npm); Concord's figures only\n",
        peer.c_str());
  }
  std::printf("%-8s %10s %16s %16s %8s\n", "version", "vectors", "concord/s", "peer/s", "ratio");
  std::mt19937_64 rng(2026);
  for (auto version : {concord::cvss::Version::kV2, concord::cvss::Version::kV30,
                       concord::cvss::Version::kV31, concord::cvss::Version::kV40}) {
    std::vector<std::string> vectors;
    vectors.reserve(count);
    std::ofstream out(file, std::ios::trunc);
    for (size_t i = 0; i < count; ++i) {
      vectors.push_back(concord::cvss::FormatVector(concord::cvss::RandomVector(version, rng),
                                                    {.keep_not_defined = true}));
      if (i < peer_count) out << vectors.back() << '\n';
    }
    out.close();
    double ours = ConcordRate(vectors);
    double theirs = peer_installed ? PeerRate(peer, file) : 0;
    std::printf("%-8s %10zu %16.0f ", std::string(concord::cvss::VersionName(version)).c_str(),
                count, ours);
    if (theirs > 0) {
      std::printf("%16.0f %7.1fx\n", theirs, ours / theirs);
    } else {
      std::printf("%16s %8s\n", "unavailable", "-");
    }
    std::fflush(stdout);
  }
  std::filesystem::remove(file);
  return 0;
}
