// DNSBL serving: the same blocklist served by `concord serve --dns` and by rbldnsd (the
// dedicated DNSBL server most blocklists run), both on loopback, queried by dnsperf with the
// same query file in the same run.
//   list:    every address and network of ../shared/data/feeds/ipsum.txt and the maltrail
//            trails, imported into Concord as TLP:CLEAR indicators and served by an
//            "indicators" zone; rbldnsd serves `concord dns export` of that zone (ip4set and
//            ip6trie), so both hold exactly the same entries;
//   queries: 60% listed IPv4, 30% unlisted IPv4, 10% IPv6 (listed and not), shuffled;
//   check:   before timing, 2,000 queries go to both servers: every answer must agree;
//   timing:  dnsperf (-c 4 -q 256, 10 s) on CPU 0 against each server on CPU 1 in turn,
//            three rounds, medians; also the server's CPU time per answer. Concord runs one UDP
//            thread (there is one core for it).
// Usage: dnsbl_bench [--concord build/concord] [--data ../shared/data] [--seconds 10] [--keep]
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "bench/process.h"
#include "common/net.h"
#include "common/uuid.h"
#include "dns/loopback_client.h"

namespace {

using concord::Ip128;
using concord::bench::Shell;
using concord::bench::WaitForPort;

struct Entry {
  Ip128 network;
  int length;
  std::string text;  // as the pattern and the query generator want it
};

// Addresses and CIDR networks from ipsum ("IP<tab>count") and maltrail ("IP[:port] # note").
std::vector<Entry> ReadList(const std::string& data) {
  std::vector<std::string> files = {data + "/feeds/ipsum.txt"};
  for (const auto& e : std::filesystem::recursive_directory_iterator(data + "/feeds/maltrail")) {
    if (e.is_regular_file() && e.path().extension() == ".txt") files.push_back(e.path().string());
  }
  std::set<std::pair<Ip128, int>> seen;
  std::vector<Entry> out;
  for (const std::string& file : files) {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      std::string token = line.substr(0, line.find_first_of(" \t#"));
      // "192.0.2.1:8080" (an IPv4 address with a port); IPv6 has more than one colon.
      if (std::count(token.begin(), token.end(), ':') == 1)
        token = token.substr(0, token.find(':'));
      Ip128 network;
      int length;
      std::string error;
      if (!concord::ParsePrefix(token, &network, &length, &error)) continue;
      if (length < 96 + 8 && concord::IsIpv4(network)) continue;  // no /0-/7 "networks"
      if (!seen.insert({network, length}).second) continue;
      const bool host = length == 128;
      const int shown = concord::IsIpv4(network) ? length - 96 : length;
      out.push_back({network, length,
                     concord::FormatIp(network) + (host ? "" : "/" + std::to_string(shown))});
    }
  }
  return out;
}

void WriteBundle(const std::vector<Entry>& list, const std::string& path) {
  std::ofstream out(path);
  for (const Entry& e : list) {
    const char* type = concord::IsIpv4(e.network) ? "ipv4-addr" : "ipv6-addr";
    out << R"({"type":"indicator","spec_version":"2.1","id":"indicator--)"
        << concord::UuidV5(concord::kStixScoNamespace, e.text)
        << R"(","created":"2026-08-22T00:00:00.000Z","modified":"2026-08-22T00:00:00.000Z",)"
        << R"("name":"Feed entry","indicator_types":["malicious-activity"],"pattern":"[)" << type
        << ":value = '" << e.text
        << R"(']","pattern_type":"stix","valid_from":"2026-08-22T00:00:00Z",)"
        << R"("object_marking_refs":["marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"],)"
        << R"("extensions":{"extension-definition--95a68e9b-0933-587e-a8a4-f9ae00ab7074":)"
        << R"({"extension_type":"property-extension","distribution":"all"}}})"
        << "\n";
  }
}

std::string Reversed(Ip128 ip) {
  char buf[80];
  if (concord::IsIpv4(ip)) {
    const uint32_t v = static_cast<uint32_t>(ip);
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", v & 255, v >> 8 & 255, v >> 16 & 255, v >> 24);
    return buf;
  }
  std::string out;
  for (int i = 0; i < 32; ++i) {
    out += "0123456789abcdef"[static_cast<int>(ip >> (4 * i) & 15)];
    out += i == 31 ? "" : ".";
  }
  return out;
}

// The query names (without the zone): listed entries (a random address inside each network)
// and random addresses, unlisted almost always.
std::vector<std::string> MakeQueries(const std::vector<Entry>& list, size_t n) {
  std::mt19937_64 rng(5782);
  std::vector<const Entry*> v4, v6;
  for (const Entry& e : list) (concord::IsIpv4(e.network) ? v4 : v6).push_back(&e);
  auto inside = [&](const Entry& e) {
    const Ip128 host = e.length >= 128 ? 0
                                       : (static_cast<Ip128>(rng()) << 64 | rng()) &
                                             ((static_cast<Ip128>(1) << (128 - e.length)) - 1);
    return e.network | host;
  };
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) {
    const int kind = static_cast<int>(rng() % 10);
    Ip128 ip;
    if (kind < 6) {
      ip = inside(*v4[rng() % v4.size()]);
    } else if (kind < 9) {
      ip = concord::kIpv4MappedPrefix | static_cast<uint32_t>(rng());
    } else if (!v6.empty() && rng() % 2 == 0) {
      ip = inside(*v6[rng() % v6.size()]);
    } else {
      ip = static_cast<Ip128>(0x2001) << 112 | (static_cast<Ip128>(rng()) << 64 | rng()) >> 16;
    }
    out.push_back(Reversed(ip));
  }
  return out;
}

// One A query; "rcode/first A" (e.g. "0/127.0.0.5", "3/"), or "timeout".
std::string Ask(int port, const std::string& name, uint16_t id) {
  auto answer = concord::dns::QueryLoopback(static_cast<uint16_t>(port), name, id);
  if (!answer || answer->id != id) return "timeout";
  return std::to_string(answer->rcode) + "/" + answer->first_a;
}

struct Perf {
  double qps = 0, avg_ms = 0, max_ms = 0;
  long sent = 0, completed = 0, lost = 0;
  double cpu_us_per_query = 0;  // the server's CPU time (user + system, all threads) per answer
};

// CPU seconds a process has used (all its threads).
double CpuSeconds(const std::string& pid) {
  std::ifstream in("/proc/" + pid + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::string field;
  double ticks = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14 || i == 15) ticks += std::atof(field.c_str());  // utime, stime
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double Number(const std::string& out, const std::string& label) {
  const size_t at = out.find(label);
  return at == std::string::npos ? -1 : std::atof(out.c_str() + at + label.size());
}

// dnsperf on CPU 0 against the server `pid` (pinned to CPU 1 by the caller).
Perf DnsPerf(int port, const std::string& pid, const std::string& queries, int seconds) {
  const double cpu_before = CpuSeconds(pid);
  const std::string out =
      Shell("taskset -c 0 dnsperf -s 127.0.0.1 -p " + std::to_string(port) + " -d " + queries +
            " -l " + std::to_string(seconds) + " -c 4 -q 256 -t 2 2>&1");
  const double cpu = CpuSeconds(pid) - cpu_before;
  Perf p;
  p.sent = static_cast<long>(Number(out, "Queries sent:"));
  p.completed = static_cast<long>(Number(out, "Queries completed:"));
  p.lost = static_cast<long>(Number(out, "Queries lost:"));
  p.qps = Number(out, "Queries per second:");
  p.avg_ms = Number(out, "Average Latency (s):") * 1000;
  p.max_ms = Number(out, "max ") * 1000;
  p.cpu_us_per_query = p.completed > 0 ? cpu * 1e6 / static_cast<double>(p.completed) : 0;
  if (p.qps < 0) std::fprintf(stderr, "dnsperf said:\n%s\n", out.c_str());
  return p;
}

}  // namespace

int main(int argc, char** argv) {
  std::string concord = "build/concord", data = std::string(CONCORD_SOURCE_DIR) + "/../shared/data";
  int seconds = 10;
  bool keep = false;  // --keep: leave the database, lists and queries for profiling
  for (int i = 1; i < argc; ++i) keep = keep || std::string(argv[i]) == "--keep";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--concord") concord = argv[i + 1];
    if (flag == "--data") data = argv[i + 1];
    if (flag == "--seconds") seconds = std::atoi(argv[i + 1]);
  }
  if (!std::filesystem::exists(data + "/feeds/ipsum.txt")) {
    std::printf("dnsbl_bench: skipped: %s/feeds/ipsum.txt is absent\n", data.c_str());
    return 0;
  }
  for (const char* tool : {"dnsperf", "rbldnsd"}) {
    if (Shell(std::string("command -v ") + tool + " || ls /usr/sbin/" + tool + " 2>/dev/null")
            .empty()) {
      std::printf("dnsbl_bench: skipped: %s is not installed (make deps)\n", tool);
      return 0;
    }
  }
  const std::string dir = Shell("mktemp -d /tmp/concord-dnsbl-XXXXXX");
  Shell("chmod 755 " + dir);  // rbldnsd, started as root, reads the files as its own user
  const std::vector<Entry> list = ReadList(data);
  size_t v6 = 0;
  for (const Entry& e : list) v6 += !concord::IsIpv4(e.network);
  std::printf("list: %zu entries (%zu IPv6) from ipsum and %s/feeds/maltrail\n", list.size(), v6,
              data.c_str());
  WriteBundle(list, dir + "/list.jsonl");
  const std::string c = concord + " --db " + dir + "/concord.db ";
  Shell(c + "org add Bench > /dev/null");
  Shell(c + "import " + dir + "/list.jsonl > /dev/null");
  Shell(c + "dns zone add bl.bench --source indicators > /dev/null");
  Shell(c + "dns export bl.bench --format ip4set -o " + dir + "/ip4set");
  Shell(c + "dns export bl.bench --format ip6trie -o " + dir + "/ip6trie");
  Shell("chmod 644 " + dir + "/ip4set " + dir + "/ip6trie");

  const std::vector<std::string> queries = MakeQueries(list, 200'000);
  {
    std::ofstream q(dir + "/queries.txt");
    for (const std::string& name : queries) q << name << ".bl.bench A\n";
  }

  const int rbl_port = 20000 + getpid() % 10000;
  Shell("(rbldnsd -n -q -b 127.0.0.1/" + std::to_string(rbl_port) + " -w " + dir +
        " bl.bench:ip4set:ip4set bl.bench:ip6trie:ip6trie > " + dir +
        "/rbldnsd.log 2>&1 & echo $! > " + dir + "/rbldnsd.pid)");
  auto start_concord = [&](int threads) {
    const std::string log = dir + "/concord-" + std::to_string(threads) + ".log";
    Shell("(" + c + "serve --listen 127.0.0.1:0 --dns 127.0.0.1:0 --dns-threads " +
          std::to_string(threads) + " > " + log + " 2>&1 & echo $! > " + dir + "/concord-" +
          std::to_string(threads) + ".pid)");
    return WaitForPort(log, "DNSBL on 127.0.0.1 port ");
  };
  const int concord_port = start_concord(1);
  if (concord_port == 0) {
    std::fprintf(stderr, "concord serve did not start\n");
    return 1;
  }
  // Both must answer alike before their speed means anything.
  size_t agree = 0, listed = 0;
  for (size_t i = 0; i < 2000; ++i) {
    const std::string a = Ask(concord_port, queries[i] + ".bl.bench", static_cast<uint16_t>(i));
    const std::string b = Ask(rbl_port, queries[i] + ".bl.bench", static_cast<uint16_t>(i));
    if (a == b) {
      ++agree;
    } else if (agree + 5 > i) {
      std::fprintf(stderr, "disagree on %s: concord %s, rbldnsd %s\n", queries[i].c_str(),
                   a.c_str(), b.c_str());
    }
    listed += a.rfind("0/", 0) == 0;
  }
  std::printf("check: %zu of 2000 answers identical (%zu listed)\n", agree, listed);

  std::printf("\n%-10s %12s %8s %12s %10s %10s %14s\n", "server", "queries/s", "lost",
              "avg latency", "max", "completed", "CPU/answer");
  auto row = [](const char* name, const Perf& p) {
    std::printf("%-10s %12.0f %8ld %9.3f ms %7.2f ms %10ld %11.2f us\n", name, p.qps, p.lost,
                p.avg_ms, p.max_ms, p.completed, p.cpu_us_per_query);
  };
  // The client has CPU 0 and each server CPU 1, so neither steals the other's core (this
  // machine has two). Three rounds, the servers taking turns so a noisy moment hits both; the
  // median round of each is reported.
  const std::string rbl_pid = Shell("cat " + dir + "/rbldnsd.pid");
  const std::string concord_pid = Shell("cat " + dir + "/concord-1.pid");
  Shell("taskset -a -p -c 1 " + rbl_pid + " > /dev/null; taskset -a -p -c 1 " + concord_pid +
        " > /dev/null");
  std::vector<Perf> rounds[2];
  for (int round = 0; round < 3; ++round) {
    rounds[0].push_back(DnsPerf(rbl_port, rbl_pid, dir + "/queries.txt", seconds));
    rounds[1].push_back(DnsPerf(concord_port, concord_pid, dir + "/queries.txt", seconds));
  }
  auto median = [](std::vector<Perf> v) {
    std::sort(v.begin(), v.end(), [](const Perf& a, const Perf& b) { return a.qps < b.qps; });
    return v[v.size() / 2];
  };
  const Perf rbl = median(rounds[0]), one = median(rounds[1]);
  row("rbldnsd", rbl);
  row("concord", one);
  Shell("kill " + concord_pid + " " + rbl_pid + "; sleep 1");
  std::printf("\nratio (concord / rbldnsd): queries/s %.2fx; server CPU per answer %.2fx less\n",
              one.qps / rbl.qps, rbl.cpu_us_per_query / one.cpu_us_per_query);
  if (keep) {
    std::printf("kept %s\n", dir.c_str());
  } else {
    Shell("rm -rf " + dir);
  }
  return agree == 2000 ? 0 : 1;
}
