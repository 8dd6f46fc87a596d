// "Who is responsible?" lookups: 1,000,000 constituency prefixes (IPv4 and IPv6 mixed) held by
// 10,000 teams, plus 100,000 claimed domains. Measures the directory's build time and
// single-thread lookups/s, beside a plain sorted-vector baseline written here (binary search per
// prefix length present, longest first), on the same random addresses; checks both agree.
//
//   build/bench/lookup_bench [--prefixes N] [--domains N] [--lookups N]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "common/net.h"
#include "directory/directory.h"

namespace {

using concord::Ip128;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

volatile uint64_t sink;

Ip128 Mask(int length) { return length == 0 ? 0 : ~static_cast<Ip128>(0) << (128 - length); }

// The baseline (one per family): prefixes sorted by (length, network); a lookup tries each length
// present from the longest down with a binary search.
class SortedVectorLpm {
 public:
  void Add(Ip128 network, int length, uint32_t team) {
    entries_.push_back({length, network, team});
  }
  void Build() {
    std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
      return a.length != b.length ? a.length > b.length : a.network < b.network;
    });
    for (size_t i = 0; i < entries_.size(); ++i) {
      if (i == 0 || entries_[i].length != entries_[i - 1].length) starts_.push_back(i);
    }
    starts_.push_back(entries_.size());
  }
  // The longest match's index, or -1.
  int64_t Find(Ip128 ip) const {
    for (size_t l = 0; l + 1 < starts_.size(); ++l) {
      const int length = entries_[starts_[l]].length;
      const Ip128 key = ip & Mask(length);
      auto first = entries_.begin() + static_cast<ptrdiff_t>(starts_[l]);
      auto last = entries_.begin() + static_cast<ptrdiff_t>(starts_[l + 1]);
      auto it =
          std::lower_bound(first, last, key, [](const Entry& e, Ip128 k) { return e.network < k; });
      if (it != last && it->network == key) return it - entries_.begin();
    }
    return -1;
  }
  int64_t TeamOf(Ip128 ip) const {
    const int64_t i = Find(ip);
    return i < 0 ? -1 : int64_t{entries_[static_cast<size_t>(i)].team};
  }

 private:
  struct Entry {
    int length;
    Ip128 network;
    uint32_t team;
  };
  std::vector<Entry> entries_;
  std::vector<size_t> starts_;
};

}  // namespace

int main(int argc, char** argv) {
  size_t prefix_count = 1'000'000, domain_count = 100'000, lookups = 10'000'000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--prefixes")) prefix_count = std::stoul(argv[i + 1]);
    if (!std::strcmp(argv[i], "--domains")) domain_count = std::stoul(argv[i + 1]);
    if (!std::strcmp(argv[i], "--lookups")) lookups = std::stoul(argv[i + 1]);
  }
  std::mt19937_64 rng(2026);
  const size_t team_count = 10'000;
  std::vector<concord::directory::Team> teams(team_count);
  for (size_t t = 0; t < team_count; ++t) {
    teams[t].id = "identity--" + std::to_string(t);
    teams[t].short_name = "T" + std::to_string(t);
  }
  // Prefixes like a routing table: IPv4 /8-/32 (mostly /16-/24), IPv6 /19-/64 and some /128
  // inside 2000::/3; 70% IPv4. Each distinct prefix goes to one team.
  SortedVectorLpm baseline_v4, baseline_v6;
  std::vector<std::pair<Ip128, int>> seen;
  seen.reserve(prefix_count * 11 / 10);
  while (seen.size() < prefix_count * 11 / 10) {
    const bool v4 = rng() % 10 < 7;
    int length;
    Ip128 network;
    if (v4) {
      const int r = static_cast<int>(rng() % 100);
      length = r < 2    ? 8 + static_cast<int>(rng() % 8)
               : r < 60 ? 24
               : r < 90 ? 16 + static_cast<int>(rng() % 8)
                        : 25 + static_cast<int>(rng() % 8);
      network = (concord::kIpv4MappedPrefix | static_cast<uint32_t>(rng())) & Mask(96 + length);
      length += 96;
    } else {
      const int r = static_cast<int>(rng() % 100);
      length = r < 5 ? 128 : r < 50 ? 48 : 19 + static_cast<int>(rng() % 46);
      network = ((static_cast<Ip128>(0x2000 | (rng() & 0x1fff)) << 112) |
                 (static_cast<Ip128>(rng()) << 64) | rng()) &
                Mask(length);
    }
    seen.emplace_back(network, length);
  }
  std::sort(seen.begin(), seen.end());
  seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
  std::shuffle(seen.begin(), seen.end(), rng);
  seen.resize(std::min(seen.size(), prefix_count));
  for (const auto& [network, length] : seen) {
    const uint32_t team = static_cast<uint32_t>(rng() % team_count);
    const bool v4 = concord::IsIpv4(network) && length >= 96;
    teams[team].constituency.prefixes.push_back(concord::FormatIp(network) + "/" +
                                                std::to_string(v4 ? length - 96 : length));
    (v4 ? baseline_v4 : baseline_v6).Add(network, length, team);
  }
  std::vector<std::string> domains;
  for (size_t d = 0; d < domain_count; ++d) {
    std::string name =
        "d" + std::to_string(rng() % 100'000'000) + (rng() % 2 ? ".example" : ".test");
    teams[rng() % team_count].constituency.domains.push_back(name);
    domains.push_back(name);
  }

  auto start = Clock::now();
  concord::directory::Directory dir(std::move(teams));
  const double build = Seconds(start);
  start = Clock::now();
  baseline_v4.Build();
  baseline_v6.Build();
  const double baseline_build = Seconds(start);

  // Random addresses: half inside claimed prefixes (a random host of one), half anywhere.
  std::vector<Ip128> v4_queries, v6_queries;
  for (size_t i = 0; v4_queries.size() < lookups || v6_queries.size() < lookups; ++i) {
    const auto& [network, length] = seen[rng() % seen.size()];
    Ip128 ip = network | (static_cast<Ip128>(rng()) & ~Mask(length));
    const bool v4 = concord::IsIpv4(network) && length >= 96;
    if (i % 2)
      ip = v4 ? (concord::kIpv4MappedPrefix | static_cast<uint32_t>(rng()))
              : ((static_cast<Ip128>(0x2000 | (rng() & 0x1fff)) << 112) |
                 (static_cast<Ip128>(rng()) << 64) | rng());
    auto& list = v4 ? v4_queries : v6_queries;
    if (list.size() < lookups) list.push_back(ip);
  }
  auto run = [&](const std::vector<Ip128>& queries, auto&& find) {
    uint64_t checksum = 0;
    auto t0 = Clock::now();
    for (Ip128 ip : queries) checksum += static_cast<uint64_t>(find(ip) + 1);
    sink = checksum;  // the loop's result is used: the compiler cannot drop it
    return std::make_pair(static_cast<double>(queries.size()) / Seconds(t0), checksum);
  };
  // Timed: address -> the matching claim (prefix), on both sides. Checked: the teams agree.
  auto concord_find = [&](Ip128 ip) -> int64_t {
    const uint32_t claim = dir.ClaimForIp(ip);
    return claim == concord::directory::Directory::kNoClaim ? -1 : static_cast<int64_t>(claim);
  };
  auto concord_team = [&](Ip128 ip) -> int64_t {
    const uint32_t claim = dir.ClaimForIp(ip);
    return claim == concord::directory::Directory::kNoClaim ? -1
                                                            : int64_t{dir.ClaimTeams(claim)[0]};
  };
  std::printf("directory: %zu prefixes (%zu teams), %zu domains\n", seen.size(), team_count,
              domains.size());
  std::printf("build: concord %.2f s (target <= 5 s), baseline %.2f s\n", build, baseline_build);
  bool agree = true;
  for (const auto& [name, queries, base] : {std::tuple{"IPv4", &v4_queries, &baseline_v4},
                                            std::tuple{"IPv6", &v6_queries, &baseline_v6}}) {
    // The baseline is slow: it gets the first tenth of the same addresses.
    const std::vector<Ip128> sample(
        queries->begin(), queries->begin() + static_cast<ptrdiff_t>(queries->size() / 10));
    auto [concord_rate, unused] = run(*queries, concord_find);
    auto [base_rate, unused_base] = run(sample, [&](Ip128 ip) { return base->Find(ip); });
    (void)unused;
    (void)unused_base;
    auto [unused_rate, concord_sum] = run(sample, concord_team);
    auto [unused_base_rate, base_sum] = run(sample, [&](Ip128 ip) { return base->TeamOf(ip); });
    (void)unused_rate;
    (void)unused_base_rate;
    agree = agree && concord_sum == base_sum;
    std::printf(
        "%s lookups, 1 thread: concord %.2f M/s (target >= 5 M/s), sorted-vector baseline %.2f "
        "M/s, ratio %.1fx, answers %s\n",
        name, concord_rate / 1e6, base_rate / 1e6, concord_rate / base_rate,
        concord_sum == base_sum ? "agree" : "DIFFER");
  }
  // Text queries as the API gets them: parse, classify, look up (a fraction of the addresses).
  std::vector<std::string> texts;
  for (size_t i = 0; i < 1'000'000; ++i) {
    texts.push_back(concord::FormatIp(i % 2 ? v4_queries[i % v4_queries.size()]
                                            : v6_queries[i % v6_queries.size()]));
  }
  auto t0 = Clock::now();
  size_t answered = 0;
  for (const auto& q : texts) answered += !dir.Lookup(q).teams.empty();
  std::printf("text queries (parse + lookup, IPv4/IPv6 mixed): %.2f M/s (%zu answered)\n",
              static_cast<double>(texts.size()) / Seconds(t0) / 1e6, answered);
  std::vector<std::string> names;
  for (size_t i = 0; i < 1'000'000; ++i) {
    names.push_back(i % 2 ? "mail.www." + domains[rng() % domains.size()]
                          : "x" + std::to_string(rng()) + ".example");
  }
  t0 = Clock::now();
  answered = 0;
  for (const auto& q : names) answered += !dir.Lookup(q).teams.empty();
  std::printf("domain queries (suffix walk): %.2f M/s (%zu of %zu answered)\n",
              static_cast<double>(names.size()) / Seconds(t0) / 1e6, answered, names.size());
  return agree ? 0 : 1;
}
