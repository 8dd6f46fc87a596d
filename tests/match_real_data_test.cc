// Real feeds: indicators built from ../shared/data/feeds (IPsum's ~120k addresses and every
// Maltrail malware trail: domains, URLs and addresses), and a generated log in which a known set
// of lines carries one of those values among noise. Every planted value must be found, and
// nothing else: noise comes from documentation ranges (RFC 5737, RFC 3849) and reserved names
// (RFC 2606), which no feed lists.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "match/indicator_set.h"
#include "match/log_parser.h"
#include "tests/test_util.h"

namespace concord::match {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

struct Planted {
  std::string value;  // as written in the log
  uint32_t indicator;
};

std::string PatternFor(const std::string& trail, std::string* log_value) {
  uint32_t v4;
  std::string ip = trail.substr(0, trail.find(':'));
  if (ParseIpv4(ip, &v4)) {
    *log_value = ip;
    return "[ipv4-addr:value = '" + ip + "']";
  }
  if (trail.find('/') != std::string::npos) {
    if (trail[0] == '/') return "";  // a path alone: nothing to compare with
    *log_value = trail.find("://") == std::string::npos ? "http://" + trail : trail;
    std::string escaped;
    for (char c : trail) {
      if (c == '\'' || c == '\\') escaped.push_back('\\');
      escaped.push_back(c);
    }
    return "[url:value = '" + escaped + "']";
  }
  *log_value = trail;
  return "[domain-name:value = '" + trail + "']";
}

TEST(MatchRealData, FeedsAndGeneratedLog) {
  const std::string shared = testing::SharedDataDir();
  if (shared.empty()) GTEST_SKIP() << "../shared/data is absent: real-data test skipped";
  IndicatorSet set;
  std::vector<std::string> values;  // per indicator: the value a log would carry
  size_t rejected = 0;
  auto add = [&](const std::string& pattern, const std::string& value) {
    char id[64];
    std::snprintf(id, sizeof id, "indicator--00000000-0000-4000-8000-%012zu", values.size());
    uint32_t index;
    std::string reason;
    auto r = set.Add(id, pattern, &index, &reason);
    if (!r.ok()) {
      ++rejected;
      return;
    }
    ASSERT_EQ(*r, AddOutcome::kIndexed) << pattern;
    values.push_back(value);
  };
  std::ifstream ipsum(shared + "/feeds/ipsum.txt");
  for (std::string line; std::getline(ipsum, line);) {
    if (line.empty() || line[0] == '#') continue;
    const std::string ip = line.substr(0, line.find('\t'));
    add("[ipv4-addr:value = '" + ip + "']", ip);
  }
  const size_t from_ipsum = values.size();
  ASSERT_GT(from_ipsum, 100'000u);
  std::vector<std::filesystem::path> trails;
  for (const auto& e : std::filesystem::directory_iterator(shared + "/feeds/maltrail/malware")) {
    trails.push_back(e.path());
  }
  std::sort(trails.begin(), trails.end());
  for (const auto& path : trails) {
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line[0] == '#') continue;
      std::string value;
      const std::string pattern = PatternFor(line, &value);
      if (!pattern.empty()) add(pattern, value);
    }
  }
  std::printf("indicators: %zu from IPsum, %zu from Maltrail, %zu values rejected as invalid\n",
              from_ipsum, values.size() - from_ipsum, rejected);
  ASSERT_GT(values.size() - from_ipsum, 1'000'000u);
  EXPECT_LT(rejected, values.size() / 100) << "more than 1% of real values rejected";
  ASSERT_TRUE(set.Compile().ok());
  std::printf("index: %.1f MB, %.1f bytes per indicator\n", set.MemoryBytes() / 1e6,
              static_cast<double>(set.MemoryBytes()) / values.size());

  // A log of 200,000 lines; every 50th carries a known indicator value.
  std::mt19937 rng(2026);
  std::vector<Planted> planted;
  std::string log;
  const int kLines = 200'000;
  for (int i = 0; i < kLines; ++i) {
    char noise[160];
    std::snprintf(noise, sizeof noise,
                  "2026-11-21T10:%02d:%02dZ proxy client=192.0.2.%u host=h%u.example.net "
                  "via 2001:db8::%x ref=https://www.example.org/p?q=%u",
                  i / 60 % 60, i % 60, static_cast<unsigned>(rng() % 256),
                  static_cast<unsigned>(rng() % 100000), static_cast<unsigned>(rng() % 65536),
                  static_cast<unsigned>(rng() % 1000));
    log += noise;
    if (i % 50 == 0) {
      const auto index = static_cast<uint32_t>(rng() % values.size());
      log += " GET " + values[index] + " 200";
      planted.push_back({values[index], index});
    }
    log += "\n";
  }

  // Scan line by line as `concord match` does.
  Record record;
  PreparedRecord prepared;
  std::vector<Hit> hits;
  size_t line_no = 0, found = 0, unexplained = 0;
  size_t pos = 0;
  while (pos < log.size()) {
    const size_t end = log.find('\n', pos);
    const std::string_view line(log.data() + pos, end - pos);
    pos = end + 1;
    record.observations.clear();
    ExtractFromText(line, "text", &record);
    prepared.Prepare(record);
    hits.clear();
    set.Match(prepared, &hits);
    const bool has_plant = line_no % 50 == 0;
    const Planted* p = has_plant ? &planted[line_no / 50] : nullptr;
    bool planted_found = false;
    for (const auto& h : hits) {
      if (p && h.indicator == p->indicator) {
        planted_found = true;
        continue;
      }
      // Another indicator may hold the same value (a feed lists it twice) or the host of a
      // planted URL; anything else is a false hit.
      // (Feeds list some names in upper case: compare case-insensitively.)
      const std::string other = Lower(values[h.indicator]);
      const bool explained = p && Lower(p->value).find(other) != std::string::npos;
      if (!explained) {
        ++unexplained;
        ADD_FAILURE() << "false hit on line " << line_no + 1 << ": " << other << "\n" << line;
        if (unexplained > 5) return;
      }
    }
    if (p) {
      if (planted_found) {
        ++found;
      } else {
        ADD_FAILURE() << "missed " << p->value << " on line " << line_no + 1 << "\n" << line;
      }
    }
    ++line_no;
  }
  EXPECT_EQ(found, planted.size());
  EXPECT_EQ(unexplained, 0u);
  std::printf("planted %zu, found %zu, false hits %zu\n", planted.size(), found, unexplained);
}

}  // namespace
}  // namespace concord::match
