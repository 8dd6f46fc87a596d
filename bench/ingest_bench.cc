// bench/ingest: `concord import` of 1,000,000 synthetic indicators against the floor of the
// sqlite3 command-line tool inserting the same rows (id, modified, type, JSON) in one
// transaction. Prints both rates, their ratio, and Concord's peak memory against the bundle size.
//
//   build/bench/ingest_bench --concord build/concord [--objects N] [--dir DIR]

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "bench/process.h"
#include "bench/synthetic.h"
#include "common/json.h"
#include "common/uuid.h"

namespace {

std::string SqlQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

}  // namespace

int main(int argc, char** argv) {
  std::string concord = "build/concord";
  std::string dir = std::filesystem::temp_directory_path() / "concord-ingest-bench";
  size_t n = 1000000;
  bool keep = false;  // --keep leaves the generated files in --dir for profiling
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    bool has_value = i + 1 < argc;
    if (a == "--keep")
      keep = true;
    else if (a == "--concord" && has_value)
      concord = argv[++i];
    else if (a == "--objects" && has_value)
      n = std::stoul(argv[++i]);
    else if (a == "--dir" && has_value)
      dir = argv[++i];
    else {
      std::fprintf(stderr,
                   "usage: ingest_bench [--concord PATH] [--objects N] [--dir DIR] [--keep]\n");
      return 2;
    }
  }
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string bundle = dir + "/bundle.json", sql = dir + "/rows.sql";

  std::printf("generating %zu indicators...\n", n);
  std::mt19937_64 rng(42);
  const std::string author = "identity--" + concord::UuidV4();
  {
    std::FILE* b = std::fopen(bundle.c_str(), "wb");
    std::FILE* s = std::fopen(sql.c_str(), "wb");
    std::fprintf(b, "{\"type\":\"bundle\",\"id\":\"bundle--%s\",\"objects\":[\n",
                 concord::UuidV4().c_str());
    std::fprintf(s,
                 "PRAGMA journal_mode=WAL;\nCREATE TABLE objects (id TEXT, modified TEXT, type "
                 "TEXT, json TEXT);\nBEGIN;\n");
    concord::json::Document doc;
    for (size_t i = 0; i < n; ++i) {
      std::string o = concord::bench::Indicator(rng, static_cast<int>(i), author);
      std::fprintf(b, "%s%s", i ? ",\n" : "", o.c_str());
      (void)doc.ParseAll(o);
      std::string row = "INSERT INTO objects VALUES(" + SqlQuote(doc.root()["id"].str()) + "," +
                        SqlQuote(doc.root()["modified"].str()) + ",'indicator'," + SqlQuote(o) +
                        ");\n";
      std::fwrite(row.data(), 1, row.size(), s);
    }
    std::fprintf(b, "\n]}\n");
    std::fprintf(s, "COMMIT;\n");
    std::fclose(b);
    std::fclose(s);
  }
  const double mib = std::filesystem::file_size(bundle) / 1048576.0;
  std::printf("bundle: %.1f MiB\n", mib);

  concord::bench::RunResult c =
      concord::bench::Run({concord, "--db", dir + "/concord.db", "import", bundle}, "");
  concord::bench::RunResult q = concord::bench::Run({"sqlite3", dir + "/floor.db"}, sql);
  if (c.exit_code != 0 || q.exit_code != 0) {
    std::fprintf(stderr, "a run failed: concord exit %d, sqlite3 exit %d\n", c.exit_code,
                 q.exit_code);
    return 1;
  }
  const double c_rate = n / c.seconds, q_rate = n / q.seconds;
  std::printf("\n%-44s %10s %14s %12s\n", "", "seconds", "objects/s", "peak RSS");
  std::printf("%-44s %10.2f %14.0f %9.0f MiB\n", "concord import (parse+validate+store)", c.seconds,
              c_rate, c.max_rss_kib / 1024.0);
  std::printf("%-44s %10.2f %14.0f %9.0f MiB\n", "sqlite3 CLI, raw rows, one transaction",
              q.seconds, q_rate, q.max_rss_kib / 1024.0);
  std::printf("\nratio concord/sqlite3: %.2f (target >= 0.5)\n", c_rate / q_rate);
  std::printf("concord rate: %.0f objects/s (target >= 200,000)\n", c_rate);
  std::printf("concord peak RSS / bundle size: %.2f (target <= 2)\n", c.max_rss_kib / 1024.0 / mib);
  if (!keep) std::filesystem::remove_all(dir);
  return 0;
}
