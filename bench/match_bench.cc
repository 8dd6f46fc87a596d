// bench/match: the early-warning matcher at national-CERT scale.
//
// Builds 10,000,000 indicators (4M IPv4, 1M CIDR, 3M domains, 1M URLs, 1M SHA-256) into one
// IndicatorSet, reports build time and bytes per indicator, then scans a generated 1 GB plain
// text log and a 1 GB Suricata EVE log (about 1% of records carry an indicator) on one core, the
// way `concord match` does (line reader, parser, normaliser, index). In the same run ripgrep
// searches the same text log for the same literal indicators (`rg -F -w -f`; it cannot do CIDR)
// and the ratio of throughputs is printed.
//
//   build/bench/match_bench [--indicators N] [--log-mb M] [--dir DIR] [--rg-timeout S]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "bench/process.h"
#include "match/engine.h"
#include "match/scanner.h"

using namespace concord;

namespace {

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

long PeakRssKib() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

std::string Ip(uint32_t v) {
  char b[16];
  std::snprintf(b, sizeof b, "%u.%u.%u.%u", v >> 24, (v >> 16) & 255, (v >> 8) & 255, v & 255);
  return b;
}

// Indicator values never fall in 10.0.0.0/8, where the logs' background traffic lives.
uint32_t PublicIp(std::mt19937_64& rng) {
  for (;;) {
    const auto v = static_cast<uint32_t>(rng());
    if ((v >> 24) != 10 && (v >> 24) != 0 && (v >> 24) < 224) return v;
  }
}

std::string Label(std::mt19937_64& rng, int min, int max) {
  const int n = min + static_cast<int>(rng() % (max - min + 1));
  std::string s;
  for (int i = 0; i < n; ++i) s.push_back(static_cast<char>('a' + rng() % 26));
  return s;
}

const char* kTlds[] = {"com", "net", "org", "ru", "cn", "info", "xyz", "top", "io", "biz"};

std::string Domain(std::mt19937_64& rng) { return Label(rng, 6, 14) + "." + kTlds[rng() % 10]; }

std::string Hex(std::mt19937_64& rng, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s.push_back("0123456789abcdef"[rng() % 16]);
  return s;
}

struct Literal {
  std::string value;
  char kind;  // i d u h
};

struct Options {
  size_t indicators = 10'000'000;
  size_t log_mb = 1024;
  std::string dir = "/tmp/concord-match-bench";
  int rg_timeout = 900;
};

// Scans `path` as `concord match` does, on this thread; returns seconds.
double Scan(const std::string& path, match::LogFormat format, const match::Snapshot& snapshot,
            match::ScanStats* stats) {
  auto reader = match::LineReader::Open(path);
  if (!reader.ok()) {
    std::fprintf(stderr, "%s\n", reader.status().message().c_str());
    std::exit(2);
  }
  const double t0 = Now();
  Status st = match::ScanLog(
      **reader, path, {format, ""}, snapshot, [](const match::MatchEvent&) {},
      [](size_t, const std::string&) {}, stats);
  if (!st.ok()) std::fprintf(stderr, "scan: %s\n", st.message().c_str());
  return Now() - t0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--indicators")
      o.indicators = std::stoull(argv[i + 1]);
    else if (a == "--log-mb")
      o.log_mb = std::stoull(argv[i + 1]);
    else if (a == "--dir")
      o.dir = argv[i + 1];
    else if (a == "--rg-timeout")
      o.rg_timeout = std::stoi(argv[i + 1]);
    else {
      std::fprintf(stderr,
                   "usage: match_bench [--indicators N] [--log-mb M] [--dir D] [--rg-timeout S]\n");
      return 2;
    }
  }
  std::filesystem::create_directories(o.dir);
  std::mt19937_64 rng(42);

  // Indicators in the mix.
  const size_t n = o.indicators;
  const size_t n_ip = n * 4 / 10, n_cidr = n / 10, n_dom = n * 3 / 10, n_url = n / 10;
  const size_t n_hash = n - n_ip - n_cidr - n_dom - n_url;
  std::vector<Literal> literals;  // what a log can carry literally (all but CIDRs)
  literals.reserve(n);
  std::vector<std::string> patterns;
  patterns.reserve(n);
  for (size_t i = 0; i < n_ip; ++i) {
    literals.push_back({Ip(PublicIp(rng)), 'i'});
    patterns.push_back("[ipv4-addr:value = '" + literals.back().value + "']");
  }
  for (size_t i = 0; i < n_cidr; ++i) {
    const int len = 20 + static_cast<int>(rng() % 11);  // /20../30
    patterns.push_back("[ipv4-addr:value ISSUBSET '" + Ip(PublicIp(rng)) + "/" +
                       std::to_string(len) + "']");
  }
  for (size_t i = 0; i < n_dom; ++i) {
    literals.push_back({Domain(rng), 'd'});
    patterns.push_back("[domain-name:value = '" + literals.back().value + "']");
  }
  for (size_t i = 0; i < n_url; ++i) {
    literals.push_back(
        {"http://" + Domain(rng) + "/" + Label(rng, 4, 10) + ".php?id=" + Hex(rng, 6), 'u'});
    patterns.push_back("[url:value = '" + literals.back().value + "']");
  }
  for (size_t i = 0; i < n_hash; ++i) {
    literals.push_back({Hex(rng, 64), 'h'});
    patterns.push_back("[file:hashes.'SHA-256' = '" + literals.back().value + "']");
  }

  const long rss_before = PeakRssKib();
  match::IndicatorSet* set = new match::IndicatorSet();
  double t0 = Now();
  std::string reason;
  size_t added = 0;
  for (size_t i = 0; i < patterns.size(); ++i) {
    char id[64];
    std::snprintf(id, sizeof id, "indicator--%08zx-0000-4000-8000-000000000000", i);
    uint32_t index;
    if (set->Add(id, patterns[i], &index, &reason).ok()) ++added;
  }
  const double t_add = Now() - t0;
  t0 = Now();
  (void)set->Compile();
  const double t_compile = Now() - t0;
  std::vector<std::string>().swap(patterns);
  std::printf(
      "indicators: %zu (%zu IPv4, %zu CIDR, %zu domains, %zu URLs, %zu SHA-256), %zu indexed\n", n,
      n_ip, n_cidr, n_dom, n_url, n_hash, added);
  std::printf(
      "build: %.1f s (parse+add %.1f s, compile %.1f s); index %.0f MB = %.1f bytes per "
      "indicator (process peak RSS grew %.0f MB)\n",
      t_add + t_compile, t_add, t_compile, set->MemoryBytes() / 1e6,
      static_cast<double>(set->MemoryBytes()) / n, (PeakRssKib() - rss_before) / 1024.0);
  auto empty = std::make_shared<match::IndicatorSet>();
  (void)empty->Compile();
  match::Snapshot snapshot(std::shared_ptr<const match::IndicatorSet>(set),
                           std::make_shared<const std::vector<bool>>(set->size(), false), empty,
                           {});

  // Logs: background traffic inside 10/8 and reserved names; 1% of lines carry an indicator.
  const std::string text_path = o.dir + "/text.log", eve_path = o.dir + "/eve.json";
  const size_t target = o.log_mb << 20;
  size_t text_lines = 0, eve_lines = 0, text_planted = 0, eve_planted = 0;
  // Logs already generated for this size and seed are reused (generating takes longer than
  // scanning them).
  const std::string stamp_path =
      o.dir + "/logs." + std::to_string(o.log_mb) + "MB." + std::to_string(n);
  const bool reuse = std::filesystem::exists(stamp_path);
  if (reuse) {
    std::ifstream stamp(stamp_path);
    stamp >> text_lines >> text_planted >> eve_lines >> eve_planted;
  } else {
    std::filesystem::remove(stamp_path);
    std::string buf;
    std::ofstream text(text_path, std::ios::binary), eve(eve_path, std::ios::binary);
    size_t text_bytes = 0, eve_bytes = 0;
    for (uint64_t i = 0; text_bytes < target || eve_bytes < target; ++i) {
      const bool hit = rng() % 100 == 0;
      const Literal* lit = hit ? &literals[rng() % literals.size()] : nullptr;
      std::string src = Ip(0x0A000000u | (rng() & 0xFFFFFF)),
                  dst = Ip(0x0A000000u | (rng() & 0xFFFFFF));
      std::string host = "www" + std::to_string(rng() % 100000) + ".example.net";
      std::string path = "/static/" + std::to_string(rng() % 1000000) + "/app.js";
      std::string hash = "";
      if (lit) {
        switch (lit->kind) {
          case 'i':
            dst = lit->value;
            break;
          case 'd':
            host = lit->value;
            break;
          case 'u': {
            const size_t slash = lit->value.find('/', 7);
            host = lit->value.substr(7, slash - 7);
            path = lit->value.substr(slash);
            break;
          }
          case 'h':
            hash = lit->value;
            break;
        }
      }
      const int sec = static_cast<int>(i % 86400);
      char ts[64];
      std::snprintf(ts, sizeof ts, "2026-11-21T%02d:%02d:%02d.%06dZ", sec / 3600, sec / 60 % 60,
                    sec % 60, static_cast<int>(rng() % 1000000));
      if (text_bytes < target) {
        buf = std::string(ts) + " proxy[2231]: " + src + " -> " + dst + " GET http://" + host +
              path + " HTTP/1.1 200 " + std::to_string(rng() % 100000) +
              " \"Mozilla/5.0 (X11; Linux x86_64)\"" + (hash.empty() ? "" : " sha256=" + hash) +
              "\n";
        text << buf;
        text_bytes += buf.size();
        ++text_lines;
        text_planted += lit != nullptr;
      }
      if (eve_bytes < target) {
        buf = std::string("{\"timestamp\":\"") + ts +
              "\",\"flow_id\":" + std::to_string(rng() >> 14) +
              ",\"in_iface\":\"eth0\",\"event_type\":\"" + (hash.empty() ? "http" : "fileinfo") +
              "\",\"src_ip\":\"" + src + "\",\"src_port\":" + std::to_string(1024 + rng() % 60000) +
              ",\"dest_ip\":\"" + dst + "\",\"dest_port\":80,\"proto\":\"TCP\",\"tx_id\":0," +
              "\"http\":{\"hostname\":\"" + host + "\",\"url\":\"" + path +
              "\",\"http_user_agent\":\"Mozilla/5.0 (X11; Linux x86_64)\",\"http_content_type\":"
              "\"application/javascript\",\"http_method\":\"GET\",\"protocol\":\"HTTP/1.1\","
              "\"status\":200,\"length\":" +
              std::to_string(rng() % 100000) + "}" +
              (hash.empty() ? "" : ",\"fileinfo\":{\"sha256\":\"" + hash + "\",\"size\":1024}") +
              "}\n";
        eve << buf;
        eve_bytes += buf.size();
        ++eve_lines;
        eve_planted += lit != nullptr;
      }
    }
    text.close();
    eve.close();
    std::ofstream(stamp_path) << text_lines << ' ' << text_planted << ' ' << eve_lines << ' '
                              << eve_planted << '\n';
  }
  std::printf("logs: %.0f MB each; text %zu lines (%zu carry an indicator), EVE %zu lines (%zu)\n",
              target / 1048576.0, text_lines, text_planted, eve_lines, eve_planted);

  match::ScanStats ts{}, es{};
  const double t_text = Scan(text_path, match::LogFormat::kText, snapshot, &ts);
  const double t_eve = Scan(eve_path, match::LogFormat::kJson, snapshot, &es);
  const double mb_text = ts.bytes / 1e6 / t_text, mb_eve = es.bytes / 1e6 / t_eve;
  std::printf("concord text: %.1f s, %.0f MB/s, %.2fM records/s, %llu matches\n", t_text, mb_text,
              ts.records / t_text / 1e6, static_cast<unsigned long long>(ts.matches));
  std::printf("concord EVE:  %.1f s, %.0f MB/s, %.2fM records/s, %llu matches\n", t_eve, mb_eve,
              es.records / t_eve / 1e6, static_cast<unsigned long long>(es.matches));

  // ripgrep on the same text with the same literal values (one pattern per line), under a 16 GB
  // address-space cap so that its automaton cannot take the machine down. When the full set is
  // too big for it, a random sample of 100,000 literals shows its speed where it does run.
  auto run_rg = [&](size_t count) {
    const std::string patterns_path = o.dir + "/patterns." + std::to_string(count) + ".txt";
    {
      std::ofstream p(patterns_path, std::ios::binary);
      std::mt19937_64 pick(7);
      for (size_t k = 0; k < count; ++k) {
        const auto& l = count == literals.size() ? literals[k] : literals[pick() % literals.size()];
        p << l.value << '\n';
      }
    }
    const std::string command =
        "ulimit -v 16777216; exec timeout " + std::to_string(o.rg_timeout) +
        " rg -F -w -c -j1 --regex-size-limit 1000G --dfa-size-limit 1000G -f " + patterns_path +
        " " + text_path;
    bench::RunResult rg = bench::Run({"sh", "-c", command}, "");
    if (rg.exit_code == 124) {
      std::printf("ripgrep, %zu literals: did not finish within %d s\n", count, o.rg_timeout);
    } else if (rg.exit_code > 1) {
      std::printf("ripgrep, %zu literals: failed (exit %d, peak RSS %.0f MB; the 16 GB cap)\n",
                  count, rg.exit_code, rg.max_rss_kib / 1024.0);
    } else {
      const double mb_rg = ts.bytes / 1e6 / rg.seconds;
      std::printf(
          "ripgrep -F -w -f, %zu literals: %.1f s, %.0f MB/s, peak RSS %.0f MB; ratio "
          "concord (all %zu indicators) / ripgrep: %.2f (target >= 2)\n",
          count, rg.seconds, mb_rg, rg.max_rss_kib / 1024.0, n, mb_text / mb_rg);
    }
  };
  if (o.rg_timeout > 0) {  // --rg-timeout 0 skips ripgrep
    run_rg(literals.size());
    if (literals.size() > 10'000) run_rg(10'000);
  }
  std::printf(
      "targets: EVE >= 300 MB/s per core: %s; <= 64 bytes per indicator: %s; compile of "
      "10M <= 30 s: %s\n",
      mb_eve >= 300 ? "met" : "NOT met",
      static_cast<double>(snapshot.MemoryBytes()) / n <= 64 ? "met" : "NOT met",
      t_add + t_compile <= 30 ? "met" : "NOT met");
  return 0;
}
