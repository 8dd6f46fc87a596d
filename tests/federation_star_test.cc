// Federation in a star: spokes S1, S2, S3 push their own objects to the hub H and pull what the
// hub holds. Objects made on S1 with every TLP level, every distribution and two sharing groups
// must reach H (one hop) and the other spokes (two hops) exactly where the policy allows; later a
// deletion and a revocation on S1 must reach every node, and versions arriving out of order must
// leave the newest as the latest.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "tests/federation_nodes.h"

namespace concord {
namespace {

using testing::Indicator;
using testing::kDistributions;
using testing::kTlps;
using testing::Node;
using testing::Reaches;

struct Made {
  std::string tlp, dist;
};

// Group members (besides the originator S1, which is always one).
const std::map<std::string, std::set<std::string>> kGroups = {{"hub-and-s3", {"H", "S3"}},
                                                              {"s2-only", {"S2"}}};

// Whether an object made on S1 may reach `node` (H one hop out; S2 and S3 two hops, via H).
bool StarReaches(const Made& m, const std::string& node) {
  const int hops = node == "H" ? 1 : 2;
  if (m.dist.rfind("group:", 0) != 0) return Reaches(m.tlp, m.dist, hops);
  const auto& members = kGroups.at(m.dist.substr(6));
  if (!members.count("H") || !members.count(node)) return false;  // H relays, or nobody does
  return hops == 1 ? m.tlp != "red" : (m.tlp == "clear" || m.tlp == "green");
}

TEST(FederationStar, SpokesPushToTheHubAndPullFromIt) {
  testing::TempDir dir;
  Node h(dir, "H"), s1(dir, "S1"), s2(dir, "S2"), s3(dir, "S3");
  const std::string exchange = h.AddCollection("Exchange");
  h.Serve(dir);
  std::map<std::string, std::string> feeds;
  for (Node* s : {&s1, &s2, &s3}) {
    feeds[s->name()] = s->AddCollection("Feed");
    // Pull H's exchange; push the feed to it (S3: everything it holds, so what it pulled from
    // H is there to be wrongly pushed back).
    s->AddPeer(h, exchange, s == &s3 ? "*" : feeds[s->name()]);
  }
  s1.Know(s2);
  s1.Know(s3);
  for (const auto& [group, members] : kGroups) {
    std::string list;
    for (const auto& m : members) list += (list.empty() ? "" : ",") + m;
    s1.Run({"group", "add", group, "--member", list, "--collection", feeds["S1"]});
  }
  EXPECT_NE(s1.Run({"group", "list"}).find("hub-and-s3\tH ("), std::string::npos);

  std::map<std::string, Made> made;
  std::string lines;  // S1's
  int n = 0;
  std::vector<std::string> distributions = kDistributions;
  for (const auto& [group, members] : kGroups) distributions.push_back("group:" + group);
  for (const auto& [tlp, tlp_id] : kTlps) {
    for (const auto& dist : distributions) {
      const std::string name = tlp + "/" + dist;
      lines += Indicator(s1.identity(), tlp_id, dist, name, n++) + "\n";
      made[name] = {tlp, dist};
    }
  }
  testing::WriteFile(dir.File("s1.jsonl"), lines);
  testing::WriteFile(dir.File("s2.jsonl"),
                     Indicator(s2.identity(), kTlps[0].second, "all", "from-s2", n++) + "\n");
  s1.Run({"import", "--collection", feeds["S1"], dir.File("s1.jsonl")});
  s2.Run({"import", "--collection", feeds["S2"], dir.File("s2.jsonl")});

  std::string out = s1.Run({"sync"});
  EXPECT_NE(out.find("; pushed "), std::string::npos) << out;
  s2.Run({"sync"});
  for (Node* s : {&s1, &s2, &s3}) out = s->Run({"sync"});  // all pull what the hub now holds
  EXPECT_NE(out.find("; pushed 0 of"), std::string::npos) << "S3 pushed back to H: " << out;

  for (Node* node : {&h, &s2, &s3}) {
    std::map<std::string, int> want;
    for (const auto& [name, m] : made) {
      if (StarReaches(m, node->name())) want[name] = 1;
    }
    want["from-s2"] = 1;
    EXPECT_EQ(node->Objects(), want) << node->name();
  }
  std::map<std::string, int> all_once;  // what an export of S1 shows: all but RED
  for (const auto& [name, m] : made) {
    if (m.tlp != "red") all_once[name] = 1;
  }
  all_once["from-s2"] = 1;
  EXPECT_EQ(s1.Objects(), all_once) << "S1 keeps its own once and gets S2's through the hub";

  // Nothing is pushed twice or pushed back: a second round moves nothing new.
  out = s1.Run({"sync"});
  EXPECT_NE(out.find("0 new, 0 rejected; pushed 0 of 0"), std::string::npos) << out;

  // A deletion and a revocation on S1 reach every node.
  const std::string deleted = "indicator--00000000-0000-4000-8000-000000000000";  // clear/all
  out = s1.Run({"delete", deleted});
  EXPECT_NE(out.find("tombstone concord-tombstone--"), std::string::npos) << out;
  testing::WriteFile(
      dir.File("revoke.jsonl"),
      Indicator(s1.identity(), kTlps[1].second, "all", "green/all",
                static_cast<int>(distributions.size()), "2026-06-01T00:00:00.000Z", true) +
          "\n");
  s1.Run({"import", "--collection", feeds["S1"], dir.File("revoke.jsonl")});
  s1.Run({"sync"});
  for (Node* s : {&s2, &s3}) s->Run({"sync"});
  for (Node* node : {&s1, &h, &s2, &s3}) {
    auto objects = node->Objects();
    EXPECT_EQ(objects.count("clear/all"), 0u) << node->name() << ": the deletion arrived";
    EXPECT_EQ(objects["green/all"], 2) << node->name() << ": the revocation arrived";
  }
  // The deleted object does not come back, even when offered again.
  out = s1.Run({"import", "--collection", feeds["S1"], dir.File("s1.jsonl")});
  EXPECT_NE(out.find("1 deleted by their originator"), std::string::npos) << out;
  EXPECT_EQ(s1.Objects().count("clear/all"), 0u);
}

// Versions that arrive newest first still leave the newest as the latest, on the node that
// receives them and on the next one.
TEST(FederationStar, OutOfOrderVersionsKeepTheNewestLatest) {
  testing::TempDir dir;
  Node a(dir, "A"), b(dir, "B"), c(dir, "C");
  const std::string feed = a.AddCollection("Feed");
  const std::string clear = kTlps[0].second;
  for (const char* month : {"03", "01", "02"}) {  // stored (and so served) in this order
    testing::WriteFile(dir.File("v.jsonl"),
                       Indicator(a.identity(), clear, "all", std::string("v") + month, 7,
                                 std::string("2026-") + month + "-01T00:00:00.000Z") +
                           "\n");
    a.Run({"import", "--collection", feed, dir.File("v.jsonl")});
  }
  a.Serve(dir);
  const std::string b_in = b.AddPeer(a, feed);
  b.Serve(dir);
  c.AddPeer(b, b_in);
  b.Run({"sync"});
  c.Run({"sync"});
  for (Node* node : {&b, &c}) {
    EXPECT_EQ(node->Objects(), (std::map<std::string, int>{{"v01", 1}, {"v02", 1}, {"v03", 1}}))
        << node->name();
    const std::string latest = node->Run({"export", "--type", "indicator"});
    EXPECT_NE(latest.find("\"name\":\"v03\""), std::string::npos) << node->name() << latest;
    EXPECT_EQ(latest.find("\"name\":\"v02\""), std::string::npos) << node->name() << latest;
  }
}

}  // namespace
}  // namespace concord
