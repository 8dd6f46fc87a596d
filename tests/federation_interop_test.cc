// Federation with TAXII servers that are not Concord: a plain TAXII 2.1 server that answers a
// push with a pending status, and peers that misbehave (wrong media type, a body too large, a
// cursor that never advances, `more` without objects, no X-TAXII-Date-Added-Last). Each is
// reported by name and skipped; the good peers still sync in the same run.
#include <gtest/gtest.h>

#include <atomic>
#include <string>

#include "tests/fake_taxii.h"
#include "tests/federation_nodes.h"
#include "tests/http_client.h"

namespace concord {
namespace {

using testing::FakeServer;
using testing::Indicator;
using testing::kTlps;
using testing::Node;

constexpr const char* kOther = "identity--11111111-1111-4111-8111-111111111111";
constexpr const char* kFirstLast = "2026-01-01T00:00:00.000Z";
constexpr const char* kSecondLast = "2026-01-01T00:00:01.000Z";

FakeServer::Reply Page(const std::string& objects, bool more, const std::string& last) {
  FakeServer::Reply r;
  r.body = "{\"more\":" + std::string(more ? "true" : "false") + ",\"objects\":[" + objects + "]}";
  if (!last.empty()) r.headers = {{"X-TAXII-Date-Added-Last", last}};
  return r;
}

// A plain TAXII 2.1 server at /plain/ with collection c1: two pages (the second with one invalid
// object), and a push that stays pending once, then completes with the first object refused.
// The misbehaving peers live under the other prefixes.
class Peers {
 public:
  FakeServer::Reply operator()(const std::string& method, const std::string& target,
                               const std::string& body) {
    const std::string clear = kTlps[0].second;
    if (target == "/plain/") {
      FakeServer::Reply r;
      r.body = R"({"title":"plain","versions":["application/taxii+json;version=2.1"],)"
               R"("max_content_length":1048576})";
      return r;
    }
    if (target.rfind("/plain/collections/c1/objects/", 0) == 0 && method == "GET") {
      if (target.find("added_after") == std::string::npos) {
        return Page(Indicator(kOther, clear, "all", "p1", 101) + "," +
                        Indicator(kOther, clear, "all", "p2", 102),
                    true, kFirstLast);
      }
      if (target.find(std::string("added_after=") + kFirstLast) != std::string::npos) {
        return Page(R"({"type":"indicator","spec_version":"2.1","id":"indicator--bad"},)" +
                        Indicator(kOther, clear, "all", "p3", 103),
                    false, kSecondLast);
      }
      return Page("", false, "");
    }
    if (target == "/plain/collections/c1/objects/" && method == "POST") {
      pushed_body = body;
      FakeServer::Reply r;
      r.status = 202;
      r.body = R"({"id":"s1","status":"pending","total_count":2,"success_count":0,)"
               R"("failure_count":0,"pending_count":2})";
      return r;
    }
    if (target == "/plain/status/s1/") {
      FakeServer::Reply r;
      if (status_polls++ == 0) {
        r.body = R"({"id":"s1","status":"pending","total_count":2,"success_count":0,)"
                 R"("failure_count":0,"pending_count":2})";
      } else {
        const size_t p = pushed_body.find("indicator--");
        r.body = R"({"id":"s1","status":"complete","total_count":2,"success_count":1,)"
                 R"("failure_count":1,"failures":[{"id":")" +
                 pushed_body.substr(p, pushed_body.find('"', p) - p) +
                 R"(","message":"refused by the test"}],"pending_count":0})";
      }
      return r;
    }
    if (target.rfind("/html/", 0) == 0) {
      FakeServer::Reply r;
      r.content_type = "text/html";
      r.body = "<html>login</html>";
      return r;
    }
    if (target.rfind("/huge/", 0) == 0) {
      FakeServer::Reply r;
      r.filler_bytes = size_t{300} << 20;  // over the client's 256 MiB limit
      return r;
    }
    if (target.rfind("/stuck/", 0) == 0) {  // ignores added_after
      return Page(Indicator(kOther, clear, "all", "s", 201), true, kFirstLast);
    }
    if (target.rfind("/empty-more/", 0) == 0) return Page("", true, kFirstLast);
    if (target.rfind("/no-date/", 0) == 0) {
      return Page(Indicator(kOther, clear, "all", "n", 301), false, "");
    }
    FakeServer::Reply r;
    r.status = 404;
    return r;
  }
  std::string pushed_body;
  std::atomic<int> status_polls{0};
};

TEST(FederationInterop, PlainTaxiiServerAndMisbehavingPeers) {
  testing::TempDir dir;
  Node b(dir, "B");
  Peers peers;
  FakeServer fake([&](const std::string& m, const std::string& t, const std::string& body) {
    return peers(m, t, body);
  });
  ASSERT_NE(fake.port(), 0);
  const std::string feed = b.AddCollection("Feed");
  testing::WriteFile(dir.File("mine.jsonl"),
                     Indicator(b.identity(), kTlps[0].second, "all", "mine-1", 1) + "\n" +
                         Indicator(b.identity(), kTlps[0].second, "all", "mine-2", 2) + "\n" +
                         Indicator(b.identity(), kTlps[4].second, "all", "mine-red", 3) + "\n");
  b.Run({"import", "--collection", feed, dir.File("mine.jsonl")});
  b.Run({"org", "add", "Plain", "--identity", "identity--22222222-2222-4222-8222-222222222222"});
  b.Run({"peer", "add", "plain", "--url", fake.Url("/plain/"), "--token-file",
         testing::TokenFile("t"), "--collections", "c1", "--org", "Plain", "--push-to", "c1",
         "--push-from", feed});
  for (const char* bad : {"html", "huge", "stuck", "empty-more", "no-date"}) {
    b.Run({"peer", "add", bad, "--url", fake.Url(std::string("/") + bad + "/"), "--token-file",
           testing::TokenFile("t"), "--collections", "c1"});
  }
  const std::string out = b.Run({"sync"}, 2);
  EXPECT_NE(out.find("plain: 2 pages, 4 object versions received, 3 new, 1 rejected; pushed 1 of "
                     "3 (1 withheld, 1 refused)"),
            std::string::npos)
      << out;
  EXPECT_EQ(peers.pushed_body.find("mine-red"), std::string::npos) << "RED never leaves";
  EXPECT_GE(peers.status_polls.load(), 2) << "the pending status was followed";
  EXPECT_NE(out.find("html: 0 pages"), std::string::npos) << out;
  EXPECT_NE(out.find("media type 'text/html'"), std::string::npos) << out;
  EXPECT_NE(out.find("huge: 0 pages"), std::string::npos) << out;
  EXPECT_NE(out.find("268435456 bytes"), std::string::npos) << out;
  // The stuck peer's first page is good and kept; its repeat is refused, not stored twice.
  EXPECT_NE(out.find("stuck: 1 pages, 1 object versions received, 1 new"), std::string::npos)
      << out;
  EXPECT_NE(out.find("it ignores added_after"), std::string::npos) << out;
  EXPECT_NE(out.find("empty-more: 0 pages"), std::string::npos) << out;
  EXPECT_NE(out.find("said \"more\" but sent no objects"), std::string::npos) << out;
  EXPECT_NE(out.find("no-date: 0 pages"), std::string::npos) << out;
  EXPECT_NE(out.find("no valid X-TAXII-Date-Added-Last"), std::string::npos) << out;
  auto objects = b.Objects();
  for (const char* name : {"p1", "p2", "p3", "mine-1", "mine-2"}) {
    EXPECT_EQ(objects[name], 1) << name;
  }
  EXPECT_EQ(objects["s"], 1);
  EXPECT_EQ(objects.count("n"), 0u) << "nothing from a page that cannot be resumed after";

  // The next sync asks from where the last one ended and pushes nothing again.
  const std::string again = b.Run({"sync", "--peer", "plain"});
  EXPECT_NE(again.find("plain: 0 pages, 0 object versions received, 0 new, 0 rejected; pushed 0 "
                       "of 0"),
            std::string::npos)
      << again;
}

// A peer that serves a pattern with a 401-digit WITHIN (a number out of double's range): the
// pull rejects that object with the column and keeps the rest; nothing throws, nothing dies.
TEST(FederationInterop, AHostilePatternFromAPeerIsRejectedNotFatal) {
  testing::TempDir dir;
  Node b(dir, "B");
  const std::string clear = kTlps[0].second;
  std::string hostile = Indicator(kOther, clear, "all", "hostile", 401);
  const std::string plain_pattern = "[ipv4-addr:value = '192.0.2.1']";
  hostile.replace(hostile.find(plain_pattern), plain_pattern.size(),
                  plain_pattern + " WITHIN " + std::string(401, '9') + " SECONDS");
  std::atomic<int> pulls{0};
  FakeServer fake([&](const std::string& method, const std::string& target, const std::string&) {
    if (target.find("/objects/") != std::string::npos && method == "GET") {
      ++pulls;
      if (target.find("added_after") == std::string::npos) {
        return Page(hostile + "," + Indicator(kOther, clear, "all", "fine", 402), false,
                    kFirstLast);
      }
      return Page("", false, "");
    }
    FakeServer::Reply r;
    r.status = 404;
    return r;
  });
  b.Run({"peer", "add", "hostile", "--url", fake.Url("/h/"), "--token-file",
         testing::TokenFile("t"), "--collections", "c1"});
  const std::string out = b.Run({"sync"}, 1);
  EXPECT_NE(out.find("1 new, 1 rejected"), std::string::npos) << out;
  auto objects = b.Objects();
  EXPECT_EQ(objects["fine"], 1);
  EXPECT_EQ(objects.count("hostile"), 0u);
  // A serving node pulls it (from the start: a second peer entry, its own cursor) on its
  // schedule and lives on: this pull once aborted `serve`.
  b.Run({"peer", "add", "hostile-again", "--url", fake.Url("/h2/"), "--token-file",
         testing::TokenFile("t"), "--collections", "c1", "--interval", "1"});
  const int before = pulls.load();
  b.Serve(dir);
  for (int i = 0; i < 100 && pulls.load() < before + 2; ++i) usleep(100'000);
  EXPECT_GE(pulls.load(), before + 2) << "the serving node pulled from the hostile peer twice";
  EXPECT_EQ(testing::Request(b.port(), "GET", "/healthz").status, 200);
  b.Stop();
  // The same object imported from a file: rejected with the column, the import goes on.
  testing::WriteFile(dir.File("hostile.jsonl"), hostile + "\n");
  auto imported =
      testing::RunConcord({"--db", dir.File("import.db"), "import", dir.File("hostile.jsonl")});
  EXPECT_EQ(imported.exit_code, 1) << imported.err;
  EXPECT_NE(imported.out.find("1 rejected"), std::string::npos) << imported.out;
  EXPECT_NE(imported.err.find("WITHIN: number of seconds out of range at column 40"),
            std::string::npos)
      << imported.err;
}

// A malicious peer (issue 17): pages with malformed, oversized, deeply nested, numerically
// extreme and contradictory objects, an object forged in the pulling node's name, a collection
// whose cursor never advances and one that always says "more". The pulling node records each
// refusal, keeps what is good, stops the endless feed at its page bound, and keeps serving
// while it pulls again and again.
TEST(FederationInterop, AMaliciousPeerNeverStopsTheNodeAndNothingOfItsIsForged) {
  testing::TempDir dir;
  Node b(dir, "B");
  const std::string clear = kTlps[0].second;
  std::string extreme = Indicator(kOther, clear, "all", "extreme", 502);
  extreme.insert(extreme.size() - 1, R"(,"confidence":1e999)");
  std::string huge_count =
      std::string(R"({"type":"sighting","spec_version":"2.1",)") +
      R"("id":"sighting--00000000-0000-4000-8000-000000000503",)"
      R"("created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z",)"
      R"("sighting_of_ref":"indicator--00000000-0000-4000-8000-000000000501",)"
      R"("count":123456789012345678901234567890})";
  const std::string first = Indicator(kOther, clear, "all", "twin-a", 504);
  const std::string twin = Indicator(kOther, clear, "all", "twin-b", 504);  // same id, version
  const std::string forged = Indicator(b.identity(), clear, "all", "forged-in-b's-name", 505);
  const std::string oversized = Indicator(kOther, clear, "all", std::string(3u << 20, 'x'), 506);
  const std::string not_stix = R"({"id":"indicator--00000000-0000-4000-8000-000000000507"})";
  std::string deep = Indicator(kOther, clear, "all", "deep", 508);
  deep.insert(deep.size() - 1,
              ",\"x_deep\":" + std::string(100000, '[') + std::string(100000, ']'));
  std::atomic<int> endless{0};
  FakeServer fake([&](const std::string& method, const std::string& target, const std::string&) {
    if (method != "GET" || target.find("/objects/") == std::string::npos) {
      FakeServer::Reply r;
      r.status = 404;
      return r;
    }
    const bool resumed = target.find("added_after") != std::string::npos;
    if (target.rfind("/m/collections/mixed/", 0) == 0) {
      if (resumed) return Page("", false, "");
      return Page(Indicator(kOther, clear, "all", "good", 501) + "," + extreme + "," + huge_count +
                      "," + first + "," + twin + "," + forged + "," + oversized + "," + not_stix,
                  false, kFirstLast);
    }
    if (target.rfind("/m/collections/deep/", 0) == 0) return Page(deep, false, kFirstLast);
    if (target.rfind("/m/collections/stuck/", 0) == 0) {
      return Page(Indicator(kOther, clear, "all", "stuck", 509), true, kFirstLast);
    }
    // "endless": always one more page, each a new object and a later cursor.
    const int n = endless++;
    char last[64];
    std::snprintf(last, sizeof last, "2026-01-02T00:00:%02d.%03dZ", n / 1000 % 60, n % 1000);
    return Page(Indicator(kOther, clear, "all", "endless", 10000 + n), true, last);
  });
  b.Run({"peer", "add", "malicious", "--url", fake.Url("/m/"), "--token-file",
         testing::TokenFile("t"), "--collections", "mixed,deep,stuck,endless", "--interval", "1"});
  auto sync =
      testing::RunConcord({"--db", b.db(), "sync", "--max-pages", "20", "--pages-per-commit", "5"});
  EXPECT_NE(sync.exit_code, 0);
  const std::string said = sync.out + sync.err;
  EXPECT_NE(said.find("nesting deeper than"), std::string::npos) << said;
  EXPECT_NE(said.find("ignores added_after"), std::string::npos) << said;
  EXPECT_NE(said.find("stopped after 20 pages"), std::string::npos) << said;
  EXPECT_NE(said.find("an organisation of this node"), std::string::npos) << said;
  auto objects = b.Objects();
  EXPECT_EQ(objects["good"], 1);
  EXPECT_EQ(objects.count("forged-in-b's-name"), 0u) << "the peer spoke in this node's name";
  EXPECT_EQ(objects["twin-a"] + objects["twin-b"], 1) << "one of two contradictory versions";
  EXPECT_EQ(objects["endless"], 20);
  EXPECT_EQ(objects.count("deep"), 0u);
  // Serving, it pulls the same peer on its schedule, again and again, and keeps answering.
  const int before = endless.load();
  b.Serve(dir);
  for (int i = 0; i < 150 && endless.load() < before + 200; ++i) usleep(100'000);
  EXPECT_GE(endless.load(), before + 200) << "the serving node kept pulling";
  EXPECT_EQ(testing::Request(b.port(), "GET", "/healthz").status, 200);
  b.Stop();
}

}  // namespace
}  // namespace concord
