// The console's REST API (GET /api/v1/objects, /objects/stats, /objects/{id}, /objects/export)
// in process: keyset paging that neither misses nor repeats while objects are being added, and
// the sharing policy on every object, count and chart.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "accounts/admin.h"
#include "common/json.h"
#include "common/time.h"
#include "incidents/notify.h"
#include "sharing/node_policy.h"
#include "store/importer.h"
#include "tests/api_harness.h"

namespace concord {
namespace {

using testing::ApiHarness;

std::string Indicator(const std::string& id, const std::string& name,
                      const std::string& extra = "") {
  return R"({"type":"indicator","spec_version":"2.1","id":")" + id +
         R"(","created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z","name":")" +
         name + R"(","pattern":"[ipv4-addr:value = '203.0.113.9']","pattern_type":"stix",)" +
         R"("valid_from":"2026-01-01T00:00:00Z")" + extra + "}";
}

std::string IdOf(int i) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "indicator--00000000-0000-4000-8000-%012d", i);
  return buf;
}

void Import(store::Database& db, const std::string& lines, store::ImportOptions options = {}) {
  store::ImportStats stats;
  ASSERT_TRUE(store::ImportStix(db.objects(), lines, options, &stats).ok());
}

// Every id on every page, following `next` to the end.
std::vector<std::string> PageThrough(ApiHarness& node, const std::string& query,
                                     const std::string& as, int* pages) {
  std::vector<std::string> ids;
  std::string after;
  *pages = 0;
  for (;;) {
    auto r =
        node.Call("GET", "/api/v1/objects?" + query + (after.empty() ? "" : "&after=" + after), as);
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status != 200) break;
    json::Document doc;
    EXPECT_TRUE(doc.ParseAll(r.body).ok());
    const json::Value objects = doc.root()["objects"];
    for (uint32_t i = 0; i < objects.size(); ++i) ids.push_back(objects.at(i)["id"].str());
    ++*pages;
    if (!doc.root()["next"].is_string()) break;
    after = doc.root()["next"].str();
  }
  return ids;
}

TEST(ConsoleApi, PagingWhileObjectsAreAddedMissesAndRepeatsNothing) {
  ApiHarness node;
  constexpr int kBefore = 100'000;
  std::string lines;
  for (int i = 0; i < kBefore; ++i)
    lines += Indicator(IdOf(i), "before " + std::to_string(i)) + "\n";
  Import(node.db(), lines);
  std::atomic<bool> stop{false};
  std::atomic<int> added{0};
  std::thread writer([&] {
    for (int batch = 0; !stop && batch < 400; ++batch) {
      std::string more;
      for (int i = 0; i < 50; ++i) {
        more += Indicator(IdOf(kBefore + batch * 50 + i), "during") + "\n";
      }
      store::ImportStats stats;
      if (store::ImportStix(node.db().objects(), more, {}, &stats).ok()) added += 50;
    }
  });
  for (const char* sort : {"sort=added", "sort=modified", "sort=added&order=asc"}) {
    int pages = 0;
    auto ids = PageThrough(node, std::string("type=indicator&limit=500&") + sort, "reader", &pages);
    std::set<std::string> seen;
    for (const auto& id : ids) EXPECT_TRUE(seen.insert(id).second) << sort << ": repeated " << id;
    for (int i = 0; i < kBefore; ++i) {
      ASSERT_TRUE(seen.count(IdOf(i))) << sort << ": missed " << IdOf(i);
    }
    EXPECT_GE(pages, kBefore / 500) << sort;
  }
  stop = true;
  writer.join();
  EXPECT_GT(added.load(), 0) << "objects were added while paging";
}

// Three organisations and what the policy lets each see: the node's (DEMO-CSIRT, "reader"), a
// hosted one (PARTNER-CERT, "partner") and a third hosted one (THIRD-CERT).
class ConsolePolicy : public ::testing::Test {
 protected:
  void SetUp() override {
    store::Database& db = node_.db();
    const Clock& clock = SystemClock::Get();
    auto third = accounts::CreateOrganisation(db, "THIRD-CERT", clock);
    ASSERT_TRUE(third.ok());
    ASSERT_TRUE(
        accounts::CreateUser(db, "third", "THIRD-CERT", store::Role::kAnalyst, "", clock).ok());
    third_token_ = accounts::CreateToken(db, "third", "t", std::nullopt, clock)->secret;
    partner_ = db.accounts().FindOrganisation("PARTNER-CERT")->identity_id;
    node_identity_ = db.accounts().FindOrganisation(ApiHarness::kNodeOrg)->identity_id;
    // A peer node of another country, whose organisation is known here.
    auto remote = accounts::RegisterOrganisation(
        db, "REMOTE-CERT", "identity--2f0e8c3c-6b0a-4c7e-9a51-5d3b1f0e7a11", clock);
    ASSERT_TRUE(remote.ok());
    store::Peer peer;
    peer.name = "REMOTE";
    peer.url = "https://remote.example/taxii2/api/";
    peer.org_id = remote->id;
    peer.into_collection = accounts::CreateCollection(db, "From REMOTE", "", "", clock)->id;
    auto added = db.peers().AddPeer(peer);
    ASSERT_TRUE(added.ok()) << added.status().message();

    const std::string red =
        R"(,"object_marking_refs":["marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"])";
    // TLP:RED by the partner: the partner's users only.
    store::ImportOptions as_partner;
    as_partner.supplier = {partner_, false, "PARTNER-CERT"};
    Import(
        db,
        Indicator(kRed, "red by partner", ",\"created_by_ref\":\"" + partner_ + "\"" + red) + "\n",
        as_partner);
    // TLP:AMBER received from the peer: the node's own organisation only.
    store::ImportOptions from_peer;
    from_peer.received_from = added->id;
    from_peer.supplier = {remote->identity_id, true, "REMOTE"};
    Import(
        db,
        Indicator(
            kAmberFromPeer, "amber from a peer",
            ",\"created_by_ref\":\"" + remote->identity_id +
                R"(","object_marking_refs":["marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"])") +
            "\n",
        from_peer);
    // The node's own, for the sharing group G (the node and the partner, not THIRD-CERT).
    const std::string group =
        R"({"type":"grouping","spec_version":"2.1","id":"grouping--6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d","created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z","name":"G","context":"concord-sharing-group","created_by_ref":")" +
        node_identity_ + R"(","object_refs":[")" + node_identity_ + R"(",")" + partner_ +
        R"("],"object_marking_refs":["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"]})";
    Import(
        db,
        group + "\n" +
            Indicator(
                kGroup, "for group G",
                ",\"created_by_ref\":\"" + node_identity_ +
                    R"(","object_marking_refs":["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"],"extensions":{")" +
                    std::string(sharing::kDistributionExtension) +
                    R"(":{"extension_type":"property-extension","distribution":"group","sharing_group":"G"}})") +
            "\n");
    ASSERT_TRUE(node_.engine().Refresh().ok());
  }

  // The ids of every indicator the caller's search returns.
  std::set<std::string> Search(const std::string& as, const std::string& query = "type=indicator") {
    int pages = 0;
    auto ids = PageThrough(node_, query + "&limit=500", as, &pages);
    return {ids.begin(), ids.end()};
  }
  int64_t IndicatorCount(const std::string& as) {
    auto r = node_.Call("GET", "/api/v1/objects/stats", as);
    EXPECT_EQ(r.status, 200) << r.body;
    json::Document doc;
    EXPECT_TRUE(doc.ParseAll(r.body).ok());
    return doc.root()["by_type"]["indicator"].as_int().value_or(0);
  }
  int Status(const std::string& as, const std::string& id) {
    return node_.Call("GET", "/api/v1/objects/" + id, as).status;
  }

  static constexpr const char* kRed = "indicator--0a0a0a0a-0000-4000-8000-000000000001";
  static constexpr const char* kAmberFromPeer = "indicator--0a0a0a0a-0000-4000-8000-000000000002";
  static constexpr const char* kGroup = "indicator--0a0a0a0a-0000-4000-8000-000000000003";
  ApiHarness node_;
  std::string third_token_, partner_, node_identity_;
};

TEST_F(ConsolePolicy, AnObjectWithheldFromAnOrganisationIsNeverSeenCountedOrCharted) {
  struct Expect {
    std::string as;
    bool red, amber_from_peer, group;
  };
  const Expect expectations[] = {
      {"reader", false, true, true},        // the node: not the partner's RED
      {"partner", true, false, true},       // the partner: not what the node received under AMBER
      {third_token_, false, false, false},  // outside the group, not the originator
  };
  std::map<std::string, int64_t> counts;
  for (const auto& e : expectations) {
    const auto seen = Search(e.as);
    EXPECT_EQ(seen.count(kRed) == 1, e.red) << e.as;
    EXPECT_EQ(seen.count(kAmberFromPeer) == 1, e.amber_from_peer) << e.as;
    EXPECT_EQ(seen.count(kGroup) == 1, e.group) << e.as;
    EXPECT_EQ(Status(e.as, kRed), e.red ? 200 : 404) << e.as;
    EXPECT_EQ(Status(e.as, kAmberFromPeer), e.amber_from_peer ? 200 : 404) << e.as;
    EXPECT_EQ(Status(e.as, kGroup), e.group ? 200 : 404) << e.as;
    // Free text finds only what the caller may see.
    const auto named = Search(e.as, "q=red+by+partner");
    EXPECT_EQ(named.count(kRed) == 1, e.red) << e.as;
    // An observable value too (each pattern names 203.0.113.9).
    const auto by_value = Search(e.as, "q=203.0.113.9");
    EXPECT_EQ(by_value.count(kAmberFromPeer) == 1, e.amber_from_peer) << e.as;
    // The counts and charts agree with the search, object for object.
    counts[e.as] = IndicatorCount(e.as);
    EXPECT_EQ(counts[e.as], static_cast<int64_t>(seen.size())) << e.as;
    // An export leaves withheld objects out.
    auto bundle = node_.Call("GET",
                             std::string("/api/v1/objects/export?id=") + kRed +
                                 "&id=" + kAmberFromPeer + "&id=" + kGroup,
                             e.as);
    EXPECT_EQ(bundle.body.find(kRed) != std::string::npos, e.red) << e.as;
    EXPECT_EQ(bundle.body.find(kAmberFromPeer) != std::string::npos, e.amber_from_peer) << e.as;
    EXPECT_EQ(bundle.body.find(kGroup) != std::string::npos, e.group) << e.as;
  }
  // The demo's indicators are the same for all three; the differences are exactly the withheld.
  EXPECT_EQ(counts["reader"] - counts[third_token_], 2);
  EXPECT_EQ(counts["partner"] - counts[third_token_], 2);
  // What the peer sent is counted by day for the node (the federation page), never for others.
  auto stats = node_.Call("GET", "/api/v1/objects/stats", "reader");
  EXPECT_NE(stats.body.find(R"("peer":"REMOTE","count":1)"), std::string::npos) << stats.body;
  auto partner_stats = node_.Call("GET", "/api/v1/objects/stats", "partner");
  EXPECT_EQ(partner_stats.body.find("REMOTE"), std::string::npos) << partner_stats.body;
  // "Who may see this" is the node's: it agrees with what each organisation got.
  auto r = node_.Call("GET", std::string("/api/v1/objects/") + kGroup, "reader");
  EXPECT_NE(r.body.find(R"("name":"THIRD-CERT","release":false)"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find(R"("name":"PARTNER-CERT","release":true)"), std::string::npos) << r.body;
  EXPECT_EQ(node_.Call("GET", std::string("/api/v1/objects/") + kGroup, "partner")
                .body.find("who_may_see"),
            std::string::npos);
}

TEST_F(ConsolePolicy, CountsFollowNewVersionsAndDeletions) {
  const int64_t before = IndicatorCount("reader");
  EXPECT_EQ(before, static_cast<int64_t>(Search("reader").size()));
  // A newer version takes the place of the older: the count stays.
  std::string revised =
      Indicator(kGroup, "for group G, revised", ",\"created_by_ref\":\"" + node_identity_ + "\"");
  const std::string old_modified = "\"modified\":\"2026-01-01T00:00:00.000Z\"";
  revised.replace(revised.find(old_modified), old_modified.size(),
                  "\"modified\":\"2026-02-01T00:00:00.000Z\"");
  Import(node_.db(), revised + "\n");
  EXPECT_EQ(node_.db().objects().Versions(kGroup)->size(), 2u);
  EXPECT_EQ(IndicatorCount("reader"), before);
  EXPECT_EQ(IndicatorCount("reader"), static_cast<int64_t>(Search("reader").size()));
  // A deleted object leaves the counts.
  {
    auto writer = node_.db().objects().BeginWrite();
    ASSERT_TRUE(writer.ok());
    auto removed = (*writer)->Delete(kGroup, node_identity_, node_identity_,
                                     "report--0b0b0b0b-0000-4000-8000-000000000009");
    ASSERT_TRUE(removed.ok()) << removed.status().message();
    ASSERT_TRUE((*writer)->Commit().ok());
  }
  EXPECT_EQ(IndicatorCount("reader"), before - 1);
  EXPECT_EQ(IndicatorCount("reader"), static_cast<int64_t>(Search("reader").size()));
}

TEST(ConsoleApi, BadParametersAreRefusedNamingTheField) {
  ApiHarness node;
  for (const auto& [query, field] :
       std::vector<std::pair<std::string, std::string>>{{"tlp=purple", "tlp"},
                                                        {"limit=0", "limit"},
                                                        {"after=x", "after"},
                                                        {"added_after=yesterday", "added_after"},
                                                        {"sort=size", "sort"},
                                                        {"colour=red", "colour"}}) {
    auto r = node.Call("GET", "/api/v1/objects?" + query, "reader");
    EXPECT_EQ(r.status, 400) << query;
    EXPECT_NE(r.body.find("\"field\":\"" + field + "\""), std::string::npos)
        << query << ": " << r.body;
  }
}

// A missed deadline is told once to this node's team (the requester here), through the list the
// console reads; one missed long before the node looks (an imported history) is not told.
TEST(ConsoleApi, AMissedDeadlineIsToldOnceAndOneLongPastNotAtAll) {
  ApiHarness node;
  // (A document reads its text in place: the bodies are kept while it is read.)
  const std::string listed = node.Call("GET", "/api/v1/partners", "analyst").body;
  json::Document partners;
  ASSERT_TRUE(partners.ParseAll(listed).ok());
  std::string partner;
  for (const json::Value p : partners.root()["partners"]) {
    if (p["name"].str() == "PARTNER-CERT") partner = p["identity"].str();
  }
  ASSERT_FALSE(partner.empty()) << listed;
  http::Response opened = node.Call("POST", "/api/v1/incidents", "analyst",
                                    R"({"name":"Missed deadlines","rsit_class":"intrusions",)"
                                    R"("rsit_type":"system-compromise","tlp":"amber",)"
                                    R"("participants":[")" +
                                        partner + R"("]})");
  ASSERT_EQ(opened.status, 201) << opened.body;
  json::Document incident;
  ASSERT_TRUE(incident.ParseAll(opened.body).ok());
  auto send = [&] {
    http::Response r = node.Call(
        "POST", "/api/v1/incidents/" + incident.root()["id"].str() + "/requests", "analyst",
        R"({"recipient":")" + partner + R"(","action":"block","severity":"critical"})");
    EXPECT_EQ(r.status, 201) << r.body;
    json::Document d;
    EXPECT_TRUE(d.ParseAll(r.body).ok());
    auto deadline = ParseTimestamp(d.root()["acknowledge_by"].str());
    return std::pair{std::string(d.root()["id"].str()), deadline.ok() ? *deadline : Micros{0}};
  };
  auto overdue = [&] {
    std::vector<std::string> told;
    const std::string body = node.Call("GET", "/api/v1/notifications", "analyst").body;
    json::Document d;
    EXPECT_TRUE(d.ParseAll(body).ok());
    for (const json::Value n : d.root()["notifications"]) {
      if (n["kind"].str() == "request.overdue") told.emplace_back(n["record"].str());
    }
    return told;
  };
  const auto [old_request, old_deadline] = send();
  ASSERT_GT(old_deadline, 0);
  // Looked at eight days after its deadline: old news, marked told, nobody told.
  ASSERT_TRUE(
      incidents::NoticeMissedDeadlines(node.db(), old_deadline + 8 * 86'400'000'000LL).ok());
  EXPECT_TRUE(overdue().empty());

  const auto [request, deadline] = send();
  ASSERT_TRUE(incidents::NoticeMissedDeadlines(node.db(), deadline - 1'000'000).ok());
  EXPECT_TRUE(overdue().empty()) << "told before the deadline";
  for (int pass = 0; pass < 2; ++pass) {
    ASSERT_TRUE(incidents::NoticeMissedDeadlines(node.db(), deadline + 60'000'000).ok());
    EXPECT_EQ(overdue(), std::vector<std::string>{request}) << "pass " << pass;
  }
}

}  // namespace
}  // namespace concord
