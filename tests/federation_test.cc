// Federation between separate node processes on loopback: a chain A -> B -> C -> D (each node
// pulls from the one before it with a `peer` account), then a second path A -> D. Objects made on
// A carry every TLP level, distribution and two sharing groups; each node must end up with
// exactly what the sharing policy lets through at 1, 2 and 3 hops (and, once D also pulls A
// directly, at 1 hop), each object stored once, and later changes (new
// objects, revocations) must follow. A peer that is down is reported without stopping the others.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <set>
#include <thread>

#include "common/json.h"
#include "federation/scheduler.h"
#include "tests/federation_nodes.h"
#include "tests/http_client.h"
#include "tests/test_util.h"

namespace concord {
namespace {

using testing::Indicator;
using testing::kDistributions;
using testing::kTlps;
using testing::Node;
using testing::Reaches;
using testing::RunConcord;

TEST(Federation, ChainOfFourNodesReleasesExactlyWhatThePolicyAllows) {
  testing::TempDir dir;
  Node a(dir, "A"), b(dir, "B"), c(dir, "C"), d(dir, "D");
  const std::string feed = a.AddCollection("Feed");
  // Sharing groups (the originator A is always a member); their definitions travel in the feed.
  const std::map<std::string, std::set<std::string>> groups = {{"bcd", {"B", "C", "D"}},
                                                               {"bd", {"B", "D"}}};
  for (Node* n : {&b, &c, &d}) a.Know(*n);
  a.Run({"group", "add", "bcd", "--member", "B,C,D", "--collection", feed});
  a.Run({"group", "add", "bd", "--member", "B,D", "--collection", feed});
  std::vector<std::string> distributions = kDistributions;
  for (const auto& [group, members] : groups) distributions.push_back("group:" + group);
  std::string lines;
  int n = 0;
  std::map<std::string, std::pair<std::string, std::string>> made;  // name -> (tlp, dist)
  for (const auto& [tlp, tlp_id] : kTlps) {
    for (const auto& dist : distributions) {
      const std::string name = tlp + "/" + dist;
      lines += Indicator(a.identity(), tlp_id, dist, name, n++) + "\n";
      made[name] = {tlp, dist};
    }
  }
  testing::WriteFile(dir.File("a.jsonl"), lines);
  a.Run({"import", "--collection", feed, dir.File("a.jsonl")});
  // Whether an object from A reaches the last node of `path` (the nodes it passes, in order).
  auto arrives = [&](const std::pair<std::string, std::string>& td,
                     const std::vector<std::string>& path) {
    const auto& [tlp, dist] = td;
    if (dist.rfind("group:", 0) != 0) return Reaches(tlp, dist, static_cast<int>(path.size()));
    for (const auto& node : path) {
      if (!groups.at(dist.substr(6)).count(node)) return false;
    }
    return path.size() == 1 ? tlp != "red" : (tlp == "clear" || tlp == "green");
  };

  a.Serve(dir);
  const std::string b_in = b.AddPeer(a, feed);
  b.Serve(dir);
  const std::string c_in = c.AddPeer(b, b_in);
  c.Serve(dir);
  d.AddPeer(c, c_in);
  b.Run({"sync"});
  c.Run({"sync"});
  d.Run({"sync"});
  std::map<std::string, int> want_b, want_c, want_d;
  for (const auto& [name, td] : made) {
    if (arrives(td, {"B"})) want_b[name] = 1;
    if (arrives(td, {"B", "C"})) want_c[name] = 1;
    if (arrives(td, {"B", "C", "D"})) want_d[name] = 1;
  }
  EXPECT_EQ(b.Objects(), want_b) << "one hop";
  EXPECT_EQ(c.Objects(), want_c) << "two hops";
  EXPECT_EQ(d.Objects(), want_d) << "three hops";
  EXPECT_FALSE(want_d.empty());
  EXPECT_LT(want_c.size(), want_b.size());
  EXPECT_TRUE(want_c.count("green/group:bcd") && !want_c.count("green/group:bd"));

  // A second path to D, straight from A: D now holds what one hop allows, each object once.
  d.AddPeer(a, feed);
  d.Run({"sync"});
  want_d.clear();
  for (const auto& [name, td] : made) {
    if (arrives(td, {"D"}) || arrives(td, {"B", "C", "D"})) want_d[name] = 1;
  }
  EXPECT_EQ(d.Objects(), want_d) << "one hop directly and three through C, stored once";

  // Later: a new object and a revocation on A travel the same way on the next syncs; nothing
  // already received is fetched again.
  testing::WriteFile(dir.File("a2.jsonl"),
                     Indicator(a.identity(), kTlps[0].second, "all", "clear/all", 0,
                               "2026-06-01T00:00:00.000Z", true) +
                         "\n" + Indicator(a.identity(), kTlps[1].second, "all", "new", 999) + "\n");
  a.Run({"import", "--collection", feed, dir.File("a2.jsonl")});
  std::string out = b.Run({"sync"});
  EXPECT_NE(out.find("2 object versions received, 2 new"), std::string::npos) << out;
  c.Run({"sync"});
  out = d.Run({"sync"});
  for (Node* node : {&b, &c, &d}) {
    auto objects = node->Objects();
    EXPECT_EQ(objects["clear/all"], 2) << node->name() << ": the revoked version arrived";
    EXPECT_EQ(objects["new"], 1) << node->name();
  }

  // A peer that is down: D's sync reports it, still pulls from the other, and says so later.
  c.Stop();
  out = d.Run({"sync"}, 2);
  EXPECT_NE(out.find("C: 0 pages"), std::string::npos) << out;
  EXPECT_NE(out.find("stopped: cannot connect"), std::string::npos) << out;
  EXPECT_NE(out.find("A: "), std::string::npos) << out;
  out = d.Run({"peer", "list"});
  EXPECT_NE(out.find("1 failures\tlast error: cannot connect"), std::string::npos) << out;
}

TEST(Federation, BadPeersAreReportedAndSkipped) {
  testing::TempDir dir;
  Node a(dir, "A"), b(dir, "B");
  const std::string feed = a.AddCollection("Feed");
  a.Serve(dir);
  b.AddPeer(a, feed);
  // A wrong token, a path that is not a TAXII API root (HTML-ish 404), plain HTTP off loopback.
  b.Run({"peer", "add", "wrong-token", "--url", a.ApiRoot(), "--token-file",
         testing::TokenFile("concord_nope"), "--collections", feed});
  b.Run({"peer", "add", "not-taxii", "--url",
         a.ApiRoot().substr(0, a.ApiRoot().find("/taxii2")) + "/healthz/", "--token-file",
         testing::TokenFile("x"), "--collections", feed});
  b.Run({"peer", "add", "far-away", "--url", "http://192.0.2.1:9/taxii2/api/", "--token-file",
         testing::TokenFile("x"), "--collections", feed});
  const std::string out = b.Run({"sync"}, 2);
  EXPECT_NE(out.find("A: 0 pages, 0 object versions received"), std::string::npos) << out;
  EXPECT_NE(out.find("wrong-token: 0 pages"), std::string::npos) << out;
  EXPECT_NE(out.find("answered 401"), std::string::npos) << out;
  EXPECT_NE(out.find("not-taxii: 0 pages"), std::string::npos) << out;
  EXPECT_NE(out.find("refusing plain http://"), std::string::npos) << out;
  b.Run({"peer", "pause", "wrong-token"});
  b.Run({"peer", "remove", "not-taxii"});
  b.Run({"peer", "remove", "far-away"});
  EXPECT_NE(b.Run({"sync"}).find("A: "), std::string::npos);
  b.Run({"peer", "add", "A", "--url", a.ApiRoot(), "--token-file", testing::TokenFile("x")},
        2);  // the name is taken
  b.Run({"peer", "add", "bad", "--url", "ftp://x/", "--token-file", testing::TokenFile("x")}, 2);
  b.Run({"peer", "add", "bad", "--url", a.ApiRoot(), "--token-file", testing::TokenFile("x"),
         "--interval", "soon"},
        2);
}

// A sync killed at random points resumes where its last committed page ended: in the end every
// object is stored exactly once, whatever the kill interrupted.
TEST(Federation, KilledSyncResumesWithoutGapOrDuplicate) {
  testing::TempDir dir;
  Node a(dir, "A"), b(dir, "B");
  const std::string feed = a.AddCollection("Feed");
  const int kObjects = 30000;
  std::string lines;
  for (int i = 0; i < kObjects; ++i) {
    lines += Indicator(a.identity(), kTlps[0].second, "all", "o" + std::to_string(i), i) + "\n";
  }
  testing::WriteFile(dir.File("many.jsonl"), lines);
  a.Run({"import", "--collection", feed, dir.File("many.jsonl")});
  a.Serve(dir);
  b.AddPeer(a, feed);
  int kills = 0;
  for (int delay_ms : {40, 90, 150, 60}) {
    const pid_t pid = fork();
    if (pid == 0) {
      freopen("/dev/null", "wb", stdout);
      freopen("/dev/null", "wb", stderr);
      const std::string db = b.db();
      execl(CONCORD_BINARY, CONCORD_BINARY, "--db", db.c_str(), "sync", "--pages-per-commit", "2",
            nullptr);
      _exit(127);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    kills += kill(pid, SIGKILL) == 0;
    int status = 0;
    waitpid(pid, &status, 0);
  }
  EXPECT_GT(kills, 0);
  const std::string out = b.Run({"sync"});
  auto objects = b.Objects();
  EXPECT_EQ(objects.size(), static_cast<size_t>(kObjects)) << out;
  size_t duplicates = 0;
  for (const auto& [name, versions] : objects) duplicates += versions != 1;
  EXPECT_EQ(duplicates, 0u);
  EXPECT_NE(b.Run({"sync"}).find("A: 0 pages"), std::string::npos);
}

// HTTPS to a peer with a private CA: trusted with --ca, refused without it, and refused when
// the certificate names another host.
TEST(Federation, HttpsPeersAreVerified) {
  testing::TempDir dir;
  auto openssl = [&](const std::string& name, const std::string& san) {
    const std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=" + san +
                            " -addext subjectAltName=IP:" + san + " -keyout " +
                            dir.File(name + ".key") + " -out " + dir.File(name + ".pem") +
                            " >/dev/null 2>&1";
    return std::system(cmd.c_str()) == 0;
  };
  if (!openssl("right", "127.0.0.1") || !openssl("wrong", "127.0.0.2")) {
    GTEST_SKIP() << "openssl could not make test certificates (make deps installs openssl)";
  }
  Node a(dir, "A"), b(dir, "B");
  const std::string feed = a.AddCollection("Feed");
  testing::WriteFile(dir.File("one.jsonl"),
                     Indicator(a.identity(), kTlps[0].second, "all", "over-tls", 1) + "\n");
  a.Run({"import", "--collection", feed, dir.File("one.jsonl")});
  a.Serve(dir, {"--tls-cert", dir.File("right.pem"), "--tls-key", dir.File("right.key")});
  const std::string token = a.PeerAccount(b, feed);
  b.Run({"peer", "add", "trusted", "--url", a.ApiRoot(), "--token-file", testing::TokenFile(token),
         "--collections", feed, "--ca", dir.File("right.pem")});
  b.Run({"peer", "add", "untrusted", "--url", a.ApiRoot(), "--token-file",
         testing::TokenFile(token), "--collections", feed});
  // A server whose certificate (trusted via --ca) names 127.0.0.2, reached at 127.0.0.1.
  Node c(dir, "C");
  c.Serve(dir, {"--tls-cert", dir.File("wrong.pem"), "--tls-key", dir.File("wrong.key")});
  b.Run({"peer", "add", "other-name", "--url", c.ApiRoot(), "--token-file",
         testing::TokenFile(token), "--collections", feed, "--ca", dir.File("wrong.pem")});
  std::string out = b.Run({"sync", "--peer", "trusted"});
  EXPECT_NE(out.find("1 new"), std::string::npos) << out;
  EXPECT_EQ(b.Objects().count("over-tls"), 1u);
  out = b.Run({"sync", "--peer", "untrusted"}, 2);
  EXPECT_NE(out.find("TLS with 127.0.0.1 failed"), std::string::npos) << out;
  out = b.Run({"sync", "--peer", "other-name"}, 2);
  EXPECT_NE(out.find("TLS with 127.0.0.1 failed"), std::string::npos) << out;
}

TEST(Federation, BackoffDoublesUpToAnHourWithJitter) {
  const Micros s = 1'000'000;
  EXPECT_EQ(federation::Scheduler::Backoff(60 * s, 0, 1.0), 60 * s);
  EXPECT_EQ(federation::Scheduler::Backoff(60 * s, 3, 1.0), 480 * s);
  EXPECT_EQ(federation::Scheduler::Backoff(60 * s, 40, 1.0), 3600 * s);
  EXPECT_EQ(federation::Scheduler::Backoff(60 * s, 1, 0.8), 96 * s);
}

// serve pulls on its own schedule; GET /api/v1/peers shows the state.
TEST(Federation, ServeSyncsOnScheduleAndReportsPeers) {
  testing::TempDir dir;
  Node a(dir, "A"), b(dir, "B");
  const std::string feed = a.AddCollection("Feed");
  a.Serve(dir);
  const std::string token = a.PeerAccount(b, feed);
  b.Run({"peer", "add", "A", "--url", a.ApiRoot(), "--token-file", testing::TokenFile(token),
         "--collections", feed, "--interval", "1s"});
  b.Run({"user", "add", "ops", "--org", "B"});
  const std::string t = b.Run({"token", "create", "--user", "ops"});
  const std::string ops = t.substr(0, t.find('\n'));
  b.Serve(dir);
  testing::WriteFile(dir.File("one.jsonl"),
                     Indicator(a.identity(), kTlps[0].second, "all", "fresh", 1) + "\n");
  const auto start = std::chrono::steady_clock::now();
  a.Run({"import", "--collection", feed, dir.File("one.jsonl")});
  double lag = -1;
  while (std::chrono::steady_clock::now() - start < std::chrono::seconds(30)) {
    if (b.Objects().count("fresh")) {
      lag = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_GE(lag, 0) << "the object never arrived";
  std::printf("publish on A -> stored on B: %.2f s (interval 1 s)\n", lag);
  auto r = testing::Request(b.port(), "GET", "/api/v1/peers", {{"Authorization", "Bearer " + ops}});
  ASSERT_EQ(r.status, 200) << r.body;
  json::Document doc;
  ASSERT_TRUE(doc.ParseAll(r.body).ok());
  const json::Value peer = doc.root()["peers"].at(0);
  EXPECT_EQ(peer["name"].str(), "A");
  EXPECT_TRUE(peer["last_success"].is_string()) << r.body;
  EXPECT_EQ(*peer["failures"].as_int(), 0);
  EXPECT_EQ(r.body.find(token), std::string::npos) << "the token must not be shown";
  EXPECT_EQ(testing::Request(b.port(), "GET", "/api/v1/peers").status, 401);
}

// Push on change: with a pull interval of an hour, what B adds reaches A within seconds, pushed
// by B's serve without a sync; what A added meanwhile waits for B's next pull.
TEST(Federation, ServePushesAChangeAtOnceAndPullsOnItsInterval) {
  testing::TempDir dir;
  Node a(dir, "A"), b(dir, "B");
  const std::string exchange = a.AddCollection("Exchange");
  const std::string outbox = b.AddCollection("Outbox");
  a.Serve(dir);
  const std::string inbox = b.AddPeer(a, exchange, outbox, "1h");
  b.Serve(dir);
  // The first sync runs when serve starts; wait for it so what follows is the change alone.
  const auto waited = std::chrono::steady_clock::now();
  while (b.Run({"peer", "list"}).find("last success never") != std::string::npos &&
         std::chrono::steady_clock::now() - waited < std::chrono::seconds(30)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  testing::WriteFile(dir.File("a.jsonl"),
                     Indicator(a.identity(), kTlps[0].second, "all", "only-by-pull", 1) + "\n");
  a.Run({"import", "--collection", exchange, dir.File("a.jsonl")});
  testing::WriteFile(dir.File("b.jsonl"),
                     Indicator(b.identity(), kTlps[1].second, "all", "pushed", 2) + "\n");
  const auto start = std::chrono::steady_clock::now();
  b.Run({"import", "--collection", outbox, dir.File("b.jsonl")});
  double lag = -1;
  while (std::chrono::steady_clock::now() - start < std::chrono::seconds(30)) {
    if (a.Objects().count("pushed")) {
      lag = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_GE(lag, 0) << "B's serve never pushed the change (pull interval 1 h):\n"
                    << b.ServerOutput();
  std::printf("added on B -> stored on A by push on change: %.2f s (pull interval 1 h)\n", lag);
  EXPECT_EQ(b.Objects().count("only-by-pull"), 0u) << "the pull should wait for its interval";
  b.Run({"sync"});
  EXPECT_EQ(b.Objects().count("only-by-pull"), 1u);
  EXPECT_EQ(a.Objects()["pushed"], 1) << "pushed once";
  (void)inbox;
}

}  // namespace
}  // namespace concord
