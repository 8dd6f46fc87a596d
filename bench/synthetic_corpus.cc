// Writes N synthetic indicators (bench/synthetic.h, the ingest benchmark's generator) as JSON
// lines to standard output, for benchmarks that need a large store: bench/console.
//
//   build/bench/synthetic_corpus 1000000 > corpus.jsonl

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "bench/synthetic.h"

int main(int argc, char** argv) {
  const long n = argc > 1 ? std::atol(argv[1]) : 1'000'000;
  std::mt19937_64 rng(42);
  const std::string author = "identity--6f4c1d2e-3b5a-4c7d-8e9f-0a1b2c3d4e5f";
  std::string line;
  for (long i = 0; i < n; ++i) {
    line = concord::bench::Indicator(rng, static_cast<int>(i), author);
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stdout);
  }
  return 0;
}
