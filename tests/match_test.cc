// `concord match` and POST /api/v1/match end to end: every log format, compressed input, bad
// lines reported and skipped, sightings written to the store, authorisation, and indicators
// added or revoked in a running server reaching the matcher without a restart.
#include <gtest/gtest.h>
#include <zlib.h>
#include <zstd.h>

#include <chrono>
#include <set>
#include <thread>

#include "common/json.h"
#include "tests/http_client.h"
#include "tests/test_util.h"

namespace concord {
namespace {

using testing::RunConcord;

std::string Indicator(const std::string& n, const std::string& pattern,
                      const std::string& extra = "",
                      const std::string& modified = "2026-01-01T00:00:00.000Z",
                      const std::string& valid_from = "2026-01-01T00:00:00Z") {
  return R"({"type":"indicator","spec_version":"2.1","id":"indicator--00000000-0000-4000-8000-0000000000)" +
         n + R"(","created":"2026-01-01T00:00:00.000Z","modified":")" + modified +
         R"(","name":"ind )" + n + R"(","pattern":")" + pattern +
         R"(","pattern_type":"stix","valid_from":")" + valid_from + "\"" + extra + "}";
}
std::string Id(const std::string& n) { return "indicator--00000000-0000-4000-8000-0000000000" + n; }

// (indicator id, line) of every match printed.
std::set<std::pair<std::string, int>> Matches(const std::string& out) {
  std::set<std::pair<std::string, int>> got;
  size_t start = 0;
  while (start < out.size()) {
    size_t end = out.find('\n', start);
    std::string line = out.substr(start, end - start);
    start = end == std::string::npos ? out.size() : end + 1;
    if (line.empty()) continue;
    json::Document doc;
    EXPECT_TRUE(doc.ParseAll(line).ok()) << line;
    got.insert(
        {doc.root()["indicator"]["id"].str(), static_cast<int>(*doc.root()["line"].as_int())});
  }
  return got;
}

class MatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.File("m.db");
    const std::string lines =
        Indicator("01", "[ipv4-addr:value = '198.51.100.7']") + "\n" +
        Indicator("02", "[ipv4-addr:value ISSUBSET '203.0.113.0/24']") + "\n" +
        Indicator("03", "[domain-name:value = 'evil.example']") + "\n" +
        Indicator("04", "[url:value = 'http://evil.example/login.php']") + "\n" +
        Indicator("05",
                  "[file:hashes.'SHA-256' = "
                  "'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']") +
        "\n" + Indicator("06", "[email-message:from_ref.value = 'boss@phish.example']") + "\n" +
        Indicator("07",
                  "[network-traffic:dst_ref.value = '192.0.2.66' AND "
                  "domain-name:value = 'c2.example']") +
        "\n" + Indicator("08", "[domain-name:value LIKE '%.dyn.example']") + "\n" +
        Indicator("09",
                  "[ipv4-addr:value = '192.0.2.1'] FOLLOWEDBY [ipv4-addr:value = '192.0.2.2']") +
        "\n" + Indicator("10", "[ipv4-addr:value = '198.51.100.10']", R"(,"revoked":true)") + "\n" +
        Indicator("11", "[ipv4-addr:value = '198.51.100.11']",
                  R"(,"valid_until":"2026-02-01T00:00:00Z")") +
        "\n" +
        Indicator("12", "[ipv4-addr:value = '198.51.100.12']", "", "2026-01-01T00:00:00.000Z",
                  "2099-01-01T00:00:00Z") +
        "\n" + Indicator("13", "[ipv6-addr:value ISSUBSET '2001:db8:bad::/48']") + "\n";
    testing::WriteFile(dir_.File("ind.jsonl"), lines);
    auto r = RunConcord({"--db", db_, "import", dir_.File("ind.jsonl")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  testing::CommandResult Match(const std::vector<std::string>& args) {
    std::vector<std::string> all = {"--db", db_, "match"};
    all.insert(all.end(), args.begin(), args.end());
    return RunConcord(all);
  }

  testing::TempDir dir_;
  std::string db_;
};

const char kText[] =
    "Nov 21 10:00:01 fw kernel: DROP SRC=198.51.100.7 DST=10.0.0.5\n"               // 1: 01
    "Nov 21 10:00:02 proxy GET http://Evil.Example:80/login.php#x from 10.0.0.9\n"  // 2: 03 04
    "av: AEC070645FE53EE3B3763059376134F058CC337247C978ADD178B6CCDFB0019F\n"        // 3: 05
    "dns query x.dyn.example from 203.0.113.77\n"                                   // 4: 08 02
    "revoked 198.51.100.10 expired 198.51.100.11 future 198.51.100.12\n"            // 5: none
    "nothing to see: 10.1.2.3 example.org 2001:db8:bad:1::5\n";                     // 6: 13

TEST_F(MatchTest, PlainText) {
  testing::WriteFile(dir_.File("a.log"), kText);
  auto r = Match({dir_.File("a.log")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::set<std::pair<std::string, int>> want = {{Id("01"), 1}, {Id("03"), 2}, {Id("04"), 2},
                                                      {Id("05"), 3}, {Id("08"), 4}, {Id("02"), 4},
                                                      {Id("13"), 6}};
  EXPECT_EQ(Matches(r.out), want) << r.out;
  // The one pattern that needs several records is counted, not dropped silently.
  EXPECT_NE(r.err.find("1 not indexable"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("FOLLOWEDBY"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("3 inactive"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find(R"("name":"ind 01")"), std::string::npos);
}

TEST_F(MatchTest, SuricataEve) {
  testing::WriteFile(
      dir_.File("eve.json"),
      R"({"timestamp":"2026-11-21T10:00:00.5+0100","event_type":"dns","src_ip":"10.0.0.5","dest_ip":"192.0.2.66","dns":{"type":"query","rrname":"c2.example"}})"
      "\n"
      R"({"timestamp":"2026-11-21T10:00:01.000000+0000","event_type":"http","src_ip":"10.0.0.5","dest_ip":"192.0.2.80","http":{"hostname":"EVIL.example","url":"/login.php"}})"
      "\n"
      R"({"timestamp":"2026-11-21T10:00:02.000000+0000","event_type":"fileinfo","fileinfo":{"sha256":"aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f"}})"
      "\n"
      R"({"timestamp":"2026-11-21T10:00:03.000000+0000","event_type":"smtp","src_ip":"192.0.2.66","smtp":{"mail_from":"<boss@phish.example>","rcpt_to":["<a@b.example>"]}})"
      "\n"
      R"({"timestamp":"2026-11-21T10:00:04.000000+0000","event_type":"dns","dns":{"queries":[{"rrname":"c2.example"}]},"src_ip":"192.0.2.66"})"
      "\n");
  auto r = Match({dir_.File("eve.json")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Line 5: c2.example with 192.0.2.66 as the *source*, so the dst_ref AND does not hold.
  const std::set<std::pair<std::string, int>> want = {
      {Id("07"), 1}, {Id("03"), 2}, {Id("04"), 2}, {Id("05"), 3}, {Id("06"), 4}};
  EXPECT_EQ(Matches(r.out), want) << r.out;
  EXPECT_NE(r.out.find(R"("timestamp":"2026-11-21T09:00:00.500Z")"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(R"("field":"dns.rrname")"), std::string::npos);
}

TEST_F(MatchTest, ZeekAndCsv) {
  testing::WriteFile(dir_.File("dns.log"),
                     "#separator \\x09\n#set_separator\t,\n#path\tdns\n"
                     "#fields\tts\tuid\tid.orig_h\tid.resp_h\tquery\tanswers\n"
                     "#types\ttime\tstring\taddr\taddr\tstring\tvector[string]\n"
                     "1763719200.5\tC1\t10.0.0.5\t10.0.0.1\tevil.example\t192.0.2.9,198.51.100.7\n"
                     "1763719201.0\tC2\t10.0.0.5\t10.0.0.1\tgood.example\t-\n"
                     "1763719202.0\tC3\t10.0.0.5\n");
  auto r = Match({"--format", "zeek", dir_.File("dns.log")});
  EXPECT_EQ(r.exit_code, 1) << r.err;  // one bad line
  EXPECT_EQ(Matches(r.out), (std::set<std::pair<std::string, int>>{{Id("03"), 6}, {Id("01"), 6}}));
  EXPECT_NE(r.err.find("dns.log:8: expected 6 tab-separated fields"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find(R"("timestamp":"2025-11-21T10:00:00.500Z")"), std::string::npos) << r.out;

  testing::WriteFile(dir_.File("p.csv"),
                     "when,client,server,site\n"
                     "2026-11-21T10:00:00Z,10.0.0.5,198.51.100.7,\"evil.example\"\n"
                     "2026-11-21T10:00:01Z,198.51.100.7,10.0.0.5,x.example\n"
                     "2026-11-21T10:00:02Z,10.0.0.5\n"
                     "2026-11-21T10:00:03Z,\"unterminated,10.0.0.5,x\n");
  r = Match({"--format", "csv", "--columns", "when=timestamp,client=ip:src,3=ip:dst,site=domain",
             dir_.File("p.csv")});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(Matches(r.out),
            (std::set<std::pair<std::string, int>>{{Id("01"), 2}, {Id("03"), 2}, {Id("01"), 3}}));
  EXPECT_NE(r.err.find("p.csv:4: expected 4 columns"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("p.csv:5: a quoted field is not closed"), std::string::npos) << r.err;
  r = Match({"--format", "csv", "--columns", "nosuch=ip", dir_.File("p.csv")});
  EXPECT_NE(r.err.find("'nosuch'"), std::string::npos) << r.err;
  r = Match({"--format", "csv", "--columns", "site=banana", dir_.File("p.csv")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown type 'banana'"), std::string::npos) << r.err;
}

std::string Gzip(const std::string& data) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, data.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

TEST_F(MatchTest, CompressedInput) {
  testing::WriteFile(dir_.File("plain.log"), kText);
  const auto plain = Matches(Match({dir_.File("plain.log")}).out);
  ASSERT_FALSE(plain.empty());
  // Two gzip members back to back, as `cat a.gz b.gz` makes; no .gz suffix needed.
  const std::string half = std::string(kText).substr(0, std::string(kText).find("av:"));
  testing::WriteFile(dir_.File("log1"), Gzip(half) + Gzip(std::string(kText).substr(half.size())));
  auto r = Match({dir_.File("log1")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Matches(r.out), plain);
  std::string z(ZSTD_compressBound(sizeof kText), '\0');
  z.resize(ZSTD_compress(z.data(), z.size(), kText, sizeof kText - 1, 3));
  testing::WriteFile(dir_.File("log.zst"), z);
  r = Match({dir_.File("log.zst")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Matches(r.out), plain);
  // Truncated compressed input: the lines before the cut are matched, then a clear error.
  const std::string gz = Gzip(kText);
  testing::WriteFile(dir_.File("cut.gz"), gz.substr(0, gz.size() - 12));
  r = Match({dir_.File("cut.gz")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("truncated"), std::string::npos) << r.err;
  testing::WriteFile(dir_.File("bad.zst"), z.substr(0, 4) + std::string(64, 'x'));
  r = Match({dir_.File("bad.zst")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("zstd"), std::string::npos) << r.err;
}

TEST_F(MatchTest, BadLinesAreReportedAndSkipped) {
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage.push_back(static_cast<char>((i * 131 + 7) % 256 ?: 1));
  for (char& c : garbage) c = c == '\n' ? ' ' : c;
  const std::string eve_hit = R"({"event_type":"dns","dns":{"rrname":"evil.example"}})";
  testing::WriteFile(dir_.File("mixed.json"),
                     eve_hit + "\n" +  // 1
                         R"({"event_type":"dns","dns":{"rrname":"ev)"
                         "\n" +  // 2: truncated
                         std::string(2 << 20, 'a') +
                         "\n" +            // 3: overlong
                         "[1,2,3]\n" +     // 4: not an object
                         eve_hit + "\n");  // 5
  auto r = Match({"--format", "json", dir_.File("mixed.json")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(Matches(r.out), (std::set<std::pair<std::string, int>>{{Id("03"), 1}, {Id("03"), 5}}));
  EXPECT_NE(r.err.find("mixed.json:2: column"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("mixed.json:3: longer than"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("mixed.json:4: not a JSON object"), std::string::npos) << r.err;
  // Binary garbage as text: nothing matched, nothing crashed, later lines still scanned.
  testing::WriteFile(dir_.File("bin.log"), garbage + "\n" + garbage + "\nsrc 198.51.100.7\n");
  r = Match({dir_.File("bin.log")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Matches(r.out), (std::set<std::pair<std::string, int>>{{Id("01"), 3}}));
  r = Match({dir_.File("does-not-exist.log")});
  EXPECT_EQ(r.exit_code, 2);
  r = Match({"--format", "xml", dir_.File("bin.log")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown log format 'xml'"), std::string::npos) << r.err;
}

TEST_F(MatchTest, Sightings) {
  ASSERT_EQ(RunConcord({"--db", db_, "org", "add", "CERT-X"}).exit_code, 0);
  testing::WriteFile(dir_.File("eve.json"),
                     R"({"timestamp":"2026-11-21T10:00:00Z","dest_ip":"198.51.100.7"})"
                     "\n"
                     R"({"timestamp":"2026-11-21T09:00:00Z","dest_ip":"198.51.100.7"})"
                     "\n"
                     R"({"timestamp":"2026-11-21T11:00:00Z","dest_ip":"198.51.100.7"})"
                     "\n"
                     R"({"timestamp":"2026-11-21T11:00:00Z","dest_ip":"203.0.113.1"})"
                     "\n");
  auto r = Match({"--sightings", "--org", "CERT-X", dir_.File("eve.json")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto exported = RunConcord({"--db", db_, "export", "--type", "sighting"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  json::Document doc;
  ASSERT_TRUE(doc.ParseAll(exported.out).ok());
  ASSERT_EQ(doc.root()["objects"].size(), 2u) << exported.out;
  auto org = RunConcord({"--db", db_, "org", "list"});
  bool seen_01 = false;
  for (auto it = doc.root()["objects"].begin(); it != doc.root()["objects"].end(); ++it) {
    json::Value s = *it;
    const std::string where = s["where_sighted_refs"].at(0).str();
    EXPECT_EQ(where, s["created_by_ref"].str());
    EXPECT_NE(org.out.find(where), std::string::npos) << org.out;
    if (s["sighting_of_ref"].str() == Id("01")) {
      seen_01 = true;
      EXPECT_EQ(*s["count"].as_int(), 3);
      EXPECT_EQ(s["first_seen"].str(), "2026-11-21T09:00:00.000Z");
      EXPECT_EQ(s["last_seen"].str(), "2026-11-21T11:00:00.000Z");
    } else {
      EXPECT_EQ(s["sighting_of_ref"].str(), Id("02"));
      EXPECT_EQ(*s["count"].as_int(), 1);
    }
  }
  EXPECT_TRUE(seen_01);

  // Scanning the same log again updates the sightings (a new version of each) instead of
  // counting its lines twice; another log adds its own.
  auto latest_count = [&](const std::string& indicator) {
    auto out = RunConcord({"--db", db_, "export", "--type", "sighting"});
    json::Document d;
    EXPECT_TRUE(d.ParseAll(out.out).ok());
    EXPECT_EQ(d.root()["objects"].size(), 2u) << out.out;
    for (json::Value s : d.root()["objects"]) {
      if (s["sighting_of_ref"].str() == indicator) return *s["count"].as_int();
    }
    return int64_t{-1};
  };
  ASSERT_EQ(Match({"--sightings", "--org", "CERT-X", dir_.File("eve.json")}).exit_code, 0);
  EXPECT_EQ(latest_count(Id("01")), 3);
  testing::WriteFile(dir_.File("eve-2.json"),
                     R"({"timestamp":"2026-11-22T08:00:00Z","dest_ip":"198.51.100.7"})"
                     "\n");
  ASSERT_EQ(Match({"--sightings", "--org", "CERT-X", dir_.File("eve-2.json")}).exit_code, 0);
  EXPECT_EQ(latest_count(Id("01")), 4);
  ASSERT_EQ(
      Match({"--sightings", "--org", "CERT-X", dir_.File("eve-2.json"), dir_.File("eve.json")})
          .exit_code,
      0);
  EXPECT_EQ(latest_count(Id("01")), 4);
  EXPECT_EQ(latest_count(Id("02")), 1);
}

TEST_F(MatchTest, ApiAndLiveUpdates) {
  testing::ServerProcess server(db_, {"--organisation", "CERT-HQ"}, dir_.File("server.out"));
  ASSERT_NE(server.port(), 0) << server.output();
  const std::string out = server.output();
  const size_t p = out.find("concord_");
  ASSERT_NE(p, std::string::npos) << out;
  const std::string token = out.substr(p, out.find('\n', p) - p);
  auto post = [&](const std::string& body, const std::string& auth,
                  const std::string& target = "/api/v1/match") {
    std::map<std::string, std::string> h = {{"Content-Type", "text/plain"}};
    if (!auth.empty()) h["Authorization"] = "Bearer " + auth;
    return testing::Request(server.port(), "POST", target, h, body);
  };
  auto resp = post(kText, token);
  ASSERT_EQ(resp.status, 200) << resp.body;
  json::Document doc;
  ASSERT_TRUE(doc.ParseAll(resp.body).ok());
  EXPECT_EQ(doc.root()["matches"].size(), 7u) << resp.body;
  EXPECT_EQ(*doc.root()["lines"].as_int(), 6);
  EXPECT_EQ(*doc.root()["indicators"]["not_indexable"].as_int(), 1);

  EXPECT_EQ(post(kText, "").status, 401);
  EXPECT_EQ(post(kText, "concord_wrong").status, 401);
  EXPECT_EQ(post(kText, token, "/api/v1/match?format=xml").status, 400);
  // A user of another organisation may not read the node's whole indicator set through matching.
  auto other_org = RunConcord({"--db", db_, "org", "add", "CERT-Other"});
  ASSERT_EQ(other_org.exit_code, 0);
  ASSERT_EQ(RunConcord({"--db", db_, "user", "add", "eve", "--org", "CERT-Other"}).exit_code, 0);
  auto t = RunConcord({"--db", db_, "token", "create", "--user", "eve"});
  const std::string other = t.out.substr(0, t.out.find('\n'));
  EXPECT_EQ(post(kText, other).status, 403);

  // JSON lines with a bad line: the matches and the bad line's number both come back.
  resp = post(R"({"dest_ip":"198.51.100.7"})"
              "\n{oops\n",
              token, "/api/v1/match?format=json");
  ASSERT_EQ(resp.status, 200) << resp.body;
  ASSERT_TRUE(doc.ParseAll(resp.body).ok());
  EXPECT_EQ(doc.root()["matches"].size(), 1u);
  EXPECT_EQ(*doc.root()["bad_lines"].at(0)["line"].as_int(), 2);

  // Live: a new indicator imported by another process is matched without a restart...
  std::string probe = "seen 192.0.2.200 today\n";
  testing::WriteFile(dir_.File("new.jsonl"),
                     Indicator("20", "[ipv4-addr:value = '192.0.2.200']") + "\n");
  ASSERT_EQ(RunConcord({"--db", db_, "import", dir_.File("new.jsonl")}).exit_code, 0);
  auto wait_for = [&](size_t want, size_t want_withheld = 0) {
    const auto start = std::chrono::steady_clock::now();
    for (;;) {
      auto r = post(probe, token);
      json::Document d;
      if (d.ParseAll(r.body).ok() && d.root()["matches"].size() == want &&
          d.root()["withheld_matches"].as_int() == static_cast<int64_t>(want_withheld)) {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      }
      if (std::chrono::steady_clock::now() - start > std::chrono::seconds(20)) return -1.0;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  };
  const double added = wait_for(1);
  EXPECT_GE(added, 0) << "the new indicator never matched";
  // ...and a revocation (a newer version) stops it matching.
  testing::WriteFile(dir_.File("rev.jsonl"),
                     Indicator("20", "[ipv4-addr:value = '192.0.2.200']", R"(,"revoked":true)",
                               "2026-06-01T00:00:00.000Z") +
                         "\n");
  ASSERT_EQ(RunConcord({"--db", db_, "import", dir_.File("rev.jsonl")}).exit_code, 0);
  const double revoked = wait_for(0);
  EXPECT_GE(revoked, 0) << "the revoked indicator still matched";
  std::printf("live update latency: added %.3f s, revoked %.3f s\n", added, revoked);

  // A deleted indicator stops matching too.
  probe = "seen 192.0.2.201 today\n";
  testing::WriteFile(dir_.File("del.jsonl"),
                     Indicator("21", "[ipv4-addr:value = '192.0.2.201']") + "\n");
  ASSERT_EQ(RunConcord({"--db", db_, "import", dir_.File("del.jsonl")}).exit_code, 0);
  EXPECT_GE(wait_for(1), 0);
  ASSERT_EQ(RunConcord({"--db", db_, "delete", Id("21")}).exit_code, 0);
  EXPECT_GE(wait_for(0), 0) << "the deleted indicator still matched";

  // Another organisation's TLP:RED indicator matches, but the caller is not told which it is.
  const size_t at = other_org.out.find("identity--");
  const std::string other_identity = other_org.out.substr(at, other_org.out.find(')', at) - at);
  probe = "seen 192.0.2.202 today\n";
  testing::WriteFile(
      dir_.File("red.jsonl"),
      Indicator(
          "22", "[ipv4-addr:value = '192.0.2.202']",
          R"(,"created_by_ref":")" + other_identity +
              R"(","object_marking_refs":["marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"])") +
          "\n");
  ASSERT_EQ(
      RunConcord({"--db", db_, "import", "--as", "CERT-Other", dir_.File("red.jsonl")}).exit_code,
      0);
  EXPECT_GE(wait_for(0, 1), 0) << "the RED match should be counted, not shown";
}

}  // namespace
}  // namespace concord
