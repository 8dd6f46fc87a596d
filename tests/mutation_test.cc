// A deterministic fuzz smoke test that runs in every `make test` (and under ASan/UBSan in
// `make test-asan`): real STIX files and patterns, mutated thousands of ways, go through the
// JSON reader, the bundle reader, the validator and the pattern parser. Nothing may crash, and
// what is accepted must round-trip. The coverage-guided fuzzers in fuzz/ go further.

#include <gtest/gtest.h>

#include <random>

#include "common/json.h"
#include "common/time_zone.h"
#include "cvss/report.h"
#include "directory/business_hours.h"
#include "directory/directory.h"
#include "directory/formats.h"
#include "directory/pgp.h"
#include "dns/zone.h"
#include "match/scanner.h"
#include "spam/mime.h"
#include "spam/report.h"
#include "stix/bundle_reader.h"
#include "stix/pattern/parser.h"
#include "stix/validate.h"
#include "tests/test_util.h"
#include "vulnerability/cpe.h"
#include "vulnerability/cve_json5.h"

namespace concord {
namespace {

std::string Mutate(std::string s, std::mt19937& rng) {
  static const std::string kInteresting = "{}[]\",:\\'0-.eE \n\x00\xff\xc3tfnu";
  int edits = 1 + rng() % 4;
  for (int e = 0; e < edits && !s.empty(); ++e) {
    size_t at = rng() % s.size();
    switch (rng() % 6) {
      case 0:
        s[at] = static_cast<char>(rng());
        break;
      case 1:
        s[at] = kInteresting[rng() % kInteresting.size()];
        break;
      case 2:
        s.insert(at, 1, kInteresting[rng() % kInteresting.size()]);
        break;
      case 3:
        s.erase(at, 1 + rng() % 16);
        break;
      case 4:
        s.resize(at);
        break;  // truncation
      case 5:
        s.insert(at, s.substr(rng() % s.size(), 1 + rng() % 32));
        break;
    }
  }
  return s;
}

TEST(MutationTest, StixReadersNeverCrashAndAcceptedJsonRoundTrips) {
  std::mt19937 rng(20261121);
  std::vector<std::string> seeds;
  for (const char* f :
       {"indicator-for-c2-ip-address.json", "infrastructure.json",
        "indicators-for-C2-with-COA.json", "malicious-email-indicator-with-attachment.json"}) {
    seeds.push_back(testing::ReadFile(testing::DemoDir() + "/" + f));
    ASSERT_FALSE(seeds.back().empty()) << f;
  }
  size_t accepted = 0;
  for (int i = 0; i < 4000; ++i) {
    std::string input = Mutate(seeds[i % seeds.size()], rng);
    json::Document doc;
    if (doc.ParseAll(input).ok()) {
      std::string minified;
      json::Minify(input, &minified);
      json::Document again;
      ASSERT_TRUE(again.ParseAll(minified).ok()) << input;
      ASSERT_TRUE(json::Equal(doc.root(), again.root())) << input;
    }
    (void)stix::ReadObjects(input, [&](const stix::RawObject& o) {
      stix::ObjectMeta meta;
      if (stix::Validate(o.value, &meta).ok()) ++accepted;
      return Status::Ok();
    });
  }
  EXPECT_GT(accepted, 0u);  // the mutations are not all fatal: valid objects still get through
}

TEST(MutationTest, PatternParserNeverCrashesAndAcceptedPatternsRoundTrip) {
  std::mt19937 rng(7);
  const std::vector<std::string> seeds = {
      "[file:hashes.'SHA-256' = 'aec0'] WITHIN 1.5 SECONDS",
      "[a:b = 1] AND ([c:d = 2] OR [e:f = 3]) FOLLOWEDBY [g:h = 4]",
      "[ipv4-addr:value NOT IN ('1.2.3.4', '5.6.7.8')]",
      "[file:created = t'2014-01-13T07:03:17Z' AND file:m = h'ff' AND file:p = b'AA==']",
      "[x:a[*].b[3].'c-d' LIKE 'x%'] REPEATS 2 TIMES START t'2016-06-01T00:00:00Z' STOP "
      "t'2016-07-01T00:00:00Z'",
      "[EXISTS a:b] OR [a:c ISSUBSET '10.0.0.0/8' AND a:d MATCHES '^x\\\\.y$']"};
  size_t accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string p = Mutate(seeds[i % seeds.size()], rng);
    auto parsed = stix::pattern::Parse(p);
    if (!parsed.ok()) {
      EXPECT_NE(parsed.status().message().find("column"), std::string::npos)
          << p << ": " << parsed.status().message();
      continue;
    }
    ++accepted;
    auto again = stix::pattern::Parse(stix::pattern::ToString(*parsed));
    ASSERT_TRUE(again.ok()) << p << " -> " << stix::pattern::ToString(*parsed);
    ASSERT_TRUE(stix::pattern::Equal(*parsed->root, *again->root)) << p;
  }
  EXPECT_GT(accepted, 100u);
}

TEST(MutationTest, LogReadersAndIndexNeverCrash) {
  std::mt19937 rng(11);
  // Patterns: mutated index shapes go through IndicatorSet::Add (accepted or refused, no crash).
  auto set = std::make_shared<match::IndicatorSet>();
  const std::vector<std::string> patterns = {
      "[ipv4-addr:value ISSUBSET '198.51.100.0/24']",
      "[domain-name:value = 'evil.example']",
      "[url:value = 'http://evil.example/login.php']",
      "[ipv6-addr:value = '2001:db8::1']",
      "[network-traffic:dst_ref.value = '192.0.2.1' AND email-addr:value = 'a@b.example']",
      "[domain-name:value LIKE '%.dyn.example'] OR [file:hashes.MD5 = "
      "'d41d8cd98f00b204e9800998ecf8427e']"};
  size_t added = 0;
  for (int i = 0; i < 5000; ++i) {
    const std::string p = i < 6 ? patterns[i] : Mutate(patterns[i % patterns.size()], rng);
    char id[64];
    std::snprintf(id, sizeof id, "indicator--00000000-0000-4000-8000-%012d", i);
    uint32_t index;
    std::string reason;
    added += set->Add(id, p, &index, &reason).ok();
  }
  ASSERT_TRUE(set->Compile().ok());
  EXPECT_GT(added, 200u);
  auto empty = std::make_shared<match::IndicatorSet>();
  ASSERT_TRUE(empty->Compile().ok());
  const match::Snapshot snapshot(set, std::make_shared<const std::vector<bool>>(set->size(), false),
                                 empty, {});

  const std::string demo = testing::DemoDir() + "/../samples/";
  const std::vector<std::pair<match::LogFormat, std::string>> seeds = {
      {match::LogFormat::kText, testing::ReadFile(demo + "proxy.log")},
      {match::LogFormat::kJson, testing::ReadFile(demo + "eve.json")},
      {match::LogFormat::kZeek,
       "#separator \\x09\n#set_separator\t,\n#fields\tts\tid.orig_h\tquery\tanswers\n"
       "#types\ttime\taddr\tstring\tvector[string]\n"
       "1763719200.5\t198.51.100.7\tevil.example\t192.0.2.9,x.example\n"},
      {match::LogFormat::kCsv,
       "when,ip,site\n2026-11-21T10:00:00Z,198.51.100.9,\"evil.example\"\n"}};
  size_t matches = 0;
  for (int i = 0; i < 20000; ++i) {
    const auto& [format, text] = seeds[i % seeds.size()];
    ASSERT_FALSE(text.empty());
    const std::string input = i < 4 ? text : Mutate(text, rng);
    auto reader = match::LineReader::FromMemory(input, 256);
    match::ScanStats stats;
    std::string out;
    Status st = match::ScanLog(
        *reader, "mutated", {i % 3 == 0 ? match::LogFormat::kAuto : format, ""}, snapshot,
        [&](const match::MatchEvent& e) {
          match::AppendMatchJson(e, snapshot.IndicatorId(e.hit), "", &out);
          ++matches;
        },
        [](size_t, const std::string& message) { EXPECT_FALSE(message.empty()); }, &stats);
    EXPECT_TRUE(st.ok()) << st.message();
    EXPECT_LE(stats.records + stats.bad_lines, stats.lines);
    if (!out.empty()) {
      json::Document doc;
      size_t end = 0, offset = 0;
      const Status parsed = doc.Parse(out, 0, &end, &offset);  // output stays valid JSON
      EXPECT_TRUE(parsed.ok()) << parsed.message() << " at " << offset << ": " << out;
    }
  }
  EXPECT_GT(matches, 1000u);
}

TEST(MutationTest, DirectoryParsersNeverCrashAndKeepTheirRules) {
  std::mt19937 rng(6);
  const std::string team =
      R"({"short_name":"X-CERT","name":"X","country":"AZ","type":"national","time_zone":)"
      R"("Asia/Baku","business_hours":"Mon-Fri 09:00-18:00","email":"a@x.example",)"
      R"("contacts":[{"email":"d@x.example","role":"duty-officer","24x7":true,"languages":["az"]}],)"
      R"("constituency":{"prefixes":["192.0.2.0/24","2001:db8::/32"],"asns":[64500],)"
      R"("domains":["x.example"],"countries":["AZ"]}})";
  const std::string csv =
      "short_name,name,country,type,prefixes,asns,memberships\r\n"
      "A,\"Team, A\",AZ,national,192.0.2.0/24;2001:db8::/48,AS64500,FIRST:2025-01-01\r\n";
  const std::string first =
      R"({"data":[{"id":"a","team":"A","team-full":"Team A","country":"AZ","establishment":"2007-01-01"}]})";
  const std::string tzif = testing::ReadFile("/usr/share/zoneinfo/America/New_York");
  const std::vector<std::string> queries = {"203.0.113.7",
                                            "2001:db8::1",
                                            "AS64500",
                                            "mail.example.az",
                                            "AZ",
                                            "sector:energy",
                                            "https://a@b.example:8080/x"};
  size_t valid_teams = 0;
  for (int i = 0; i < 10000; ++i) {
    auto parsed = directory::TeamFromJsonText(i == 0 ? team : Mutate(team, rng));
    if (parsed.ok()) {
      ++valid_teams;
      // What is accepted is valid and round-trips.
      auto again = directory::TeamFromJsonText(directory::TeamToJson(*parsed));
      ASSERT_TRUE(again.ok()) << directory::TeamToJson(*parsed);
      ASSERT_EQ(directory::TeamToJson(*again), directory::TeamToJson(*parsed));
      directory::Directory dir({*parsed});
      for (const auto& q : queries) (void)dir.Lookup(Mutate(q, rng));
    } else {
      ASSERT_FALSE(parsed.status().message().empty());
    }
    auto rows = directory::ReadCsvTeams(Mutate(csv, rng), {});
    if (rows.ok()) {
      for (auto& t : *rows) ASSERT_TRUE(directory::NormaliseTeam(&t).ok());
    }
    (void)directory::ReadFirstTeams(Mutate(first, rng), "2026-01-01");
    (void)directory::BusinessHours::Parse(Mutate("Mon-Thu 08:00-16:30; Fri 08:00-12:00", rng));
    (void)directory::ParsePgpPublicKey(
        Mutate("-----BEGIN PGP PUBLIC KEY "
               "BLOCK-----\n\nmDMEawIL2xYJKwYBBAHaRw8BAQdAzCZMM6xGT7dPnaj5IL/K4gl2\n"
               "=pFbj\n-----END PGP PUBLIC KEY BLOCK-----\n",
               rng));
    if (!tzif.empty()) (void)TimeZone::Parse("mutated", Mutate(tzif, rng));
  }
  EXPECT_GT(valid_teams, 50u);  // most mutations are refused, but not all
}

TEST(MutationTest, VulnerabilityParsersNeverCrashAndKeepTheirRules) {
  const std::vector<std::string> vectors = {
      "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N/E:P/RL:O/RC:C/CR:H/MAV:A/MS:U/MC:H",
      "CVSS:3.0/AV:L/AC:H/PR:H/UI:N/S:U/C:H/I:N/A:N",
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:P/CR:L/MSI:S/AU:Y/U:Red",
      "(AV:N/AC:L/Au:N/C:N/I:N/A:C/E:F/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/AR:H)"};
  const std::string cve =
      testing::ReadFile(std::string(CONCORD_SOURCE_DIR) + "/tests/data/cve/CVE-2021-44228.json");
  ASSERT_FALSE(cve.empty());
  std::mt19937 rng(2026);
  size_t accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    const std::string v = i < 4 ? vectors[i] : Mutate(vectors[i % vectors.size()], rng);
    if (auto a = cvss::Assess(v); a.ok()) {
      ++accepted;
      EXPECT_GE(a->scores.overall, 0);
      EXPECT_LE(a->scores.overall, 100);
      auto again = cvss::ParseVector(cvss::FormatVector(a->vector, {.keep_not_defined = true}));
      ASSERT_TRUE(again.ok()) << v;
      EXPECT_EQ(again->values, a->vector.values) << v;
    }
    (void)vulnerability::ValidateCpe23(Mutate("cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*", rng));
    if (i % 20 == 0) (void)vulnerability::ConvertCveRecords(i == 0 ? cve : Mutate(cve, rng), {});
  }
  EXPECT_GE(accepted, 4u);
}

TEST(MutationTest, SpamReportParsersNeverCrashAndKeepTheirRules) {
  const std::string dir = std::string(CONCORD_SOURCE_DIR) + "/tests/data/spam/";
  std::vector<std::string> seeds;
  for (const char* name : {"arf-abuse.eml", "arf-auth-failure.eml", "xarf-0.2.eml", "xarf-4.json",
                           "plain-spam.eml", "spam.mbox"}) {
    seeds.push_back(testing::ReadFile(dir + name));
    ASSERT_FALSE(seeds.back().empty()) << name;
  }
  std::mt19937 rng(5965);
  size_t accepted = 0;
  for (int i = 0; i < 6000; ++i) {
    const std::string input = i < 6 ? seeds[i] : Mutate(seeds[i % seeds.size()], rng);
    auto report = spam::ParseReport(input, {});
    if (report.ok()) {
      ++accepted;
      Ip128 ip;
      if (!report->source_ip.empty()) {
        EXPECT_TRUE(ParseIp(report->source_ip, &ip));
      }
      EXPECT_FALSE(report->identity.empty());
    } else {
      EXPECT_FALSE(report.status().message().empty());
    }
    (void)spam::SplitMbox(input);
  }
  EXPECT_GT(accepted, 1000u);  // most single edits leave a readable report
}

TEST(MutationTest, DnsPacketsNeverCrashAndAnswersEchoTheirQuery) {
  auto data = std::make_shared<dns::ZoneData>();
  data->AddDomain("test", false, data->AddListing({0x7F000002, "$"}));
  data->Build();
  dns::Zone zone;
  zone.origin = "bl.example";
  zone.data = data;
  const dns::ZoneSet zones({zone});
  const std::string seed(
      "\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x01"
      "\x04"
      "test"
      "\x02"
      "bl"
      "\x07"
      "example"
      "\x00\x00\x10\x00\x01"
      "\x00\x00\x29\x04\xd0\x00\x00\x00\x00\x00\x00",
      44);
  std::vector<uint8_t> out(65535 + dns::kOptSize);
  std::mt19937 rng(1035);
  for (int i = 0; i < 50000; ++i) {
    const std::string packet = i == 0 ? seed : Mutate(seed, rng);
    const auto* bytes = reinterpret_cast<const uint8_t*>(packet.data());
    const size_t n = dns::HandlePacket(zones, bytes, packet.size(), out.data(), out.size(), false);
    if (n == 0) continue;
    ASSERT_GE(n, 12u);
    ASSERT_LE(n, dns::kMaxUdpPayload + dns::kOptSize);
    EXPECT_EQ(out[0], bytes[0]);
    EXPECT_EQ(out[1], bytes[1]);
  }
}

}  // namespace
}  // namespace concord
