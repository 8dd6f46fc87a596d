// Issue 17's reproductions, in process (tests/api_harness.h): a partner organisation's analyst
// with write access to a collection, a peer account and a reader try to forge, revoke, read or
// poison what is not theirs. Each is refused with its reason, and the data is untouched.
// The socket-level attacks (connections, uploads) are in tests/abuse_test.cc.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "accounts/admin.h"
#include "common/json.h"
#include "common/strings.h"
#include "common/uuid.h"
#include "directory/stix_team.h"
#include "sharing/node_policy.h"
#include "sharing/policy.h"
#include "spam/store.h"
#include "tests/api_harness.h"

namespace concord {
namespace {

using testing::ApiHarness;

constexpr const char* kTaxii = "application/taxii+json;version=2.1";

// A collection the node's organisation and PARTNER-CERT both read and write (PARTNER-CERT's
// peer account too); its id, or "" when it could not be made.
std::string SharedCollection(ApiHarness& node) {
  const Clock& clock = SystemClock::Get();
  auto feed = accounts::CreateCollection(node.db(), "Shared", "", "", clock);
  if (!feed.ok()) return "";
  for (const char* org : {ApiHarness::kNodeOrg, "PARTNER-CERT"}) {
    if (!accounts::GrantCollection(node.db(), feed->id, org, true, true).ok()) return "";
  }
  return feed->id;
}

class TrustTest : public ::testing::Test {
 protected:
  void SetUp() override {
    collection_ = SharedCollection(node_);
    ASSERT_FALSE(collection_.empty());
    node_identity_ = node_.db().accounts().FindOrganisation(ApiHarness::kNodeOrg)->identity_id;
  }

  http::Response Post(const std::string& as, const std::string& objects) {
    return node_.Call("POST", "/taxii2/api/collections/" + collection_ + "/objects/", as,
                      "{\"objects\":[" + objects + "]}",
                      {{"Accept", kTaxii}, {"Content-Type", kTaxii}});
  }
  http::Response Get(const std::string& as, const std::string& id) {
    return node_.Call("GET", "/taxii2/api/collections/" + collection_ + "/objects/" + id + "/", as,
                      "", {{"Accept", kTaxii}});
  }
  // The newest stored version's JSON.
  std::string Latest(const std::string& id) {
    auto versions = node_.db().objects().Versions(id);
    EXPECT_TRUE(versions.ok() && !versions->empty()) << id;
    return versions.ok() && !versions->empty() ? versions->back().json : "";
  }
  std::string TeamId(const std::string& short_name) {
    auto r = node_.Call("GET", "/api/v1/teams/" + short_name, "analyst");
    json::Document doc;
    EXPECT_TRUE(doc.ParseAll(r.body).ok()) << r.body;
    return doc.root()["id"].str();
  }
  // An unmarked indicator without a creator: "indicator--0a6b8a3c-…-1d1c5b7b000N".
  static std::string IndicatorJson(int n, const std::string& address) {
    return R"({"type":"indicator","spec_version":"2.1","id":"indicator--0a6b8a3c-6b4a-4c8e-9d39-1d1c5b7b000)" +
           std::to_string(n) +
           R"(","created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z",)"
           R"("pattern":"[ipv4-addr:value = ')" +
           address + R"(']","pattern_type":"stix","valid_from":"2026-01-01T00:00:00Z"})";
  }
  static std::string Replace(std::string s, const std::string& from, const std::string& to) {
    const size_t at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from << " not in " << s;
    if (at != std::string::npos) s.replace(at, from.size(), to);
    return s;
  }
  static std::string Modified(const std::string& json, const std::string& when) {
    const size_t at = json.find("\"modified\":\"");
    std::string out = json;
    out.replace(at + 12, json.find('"', at + 12) - (at + 12), when);
    return out;
  }

  ApiHarness node_;
  std::string collection_, node_identity_;
};

// Reproduction 1: a partner's analyst rewrites the node's own team identity (its 24/7 contact)
// and publishes a team in the node's name claiming every address.
TEST_F(TrustTest, APartnerCannotForgeTheNodesTeamOrPublishInItsName) {
  const std::string id = TeamId("DEMO-CSIRT");
  ASSERT_FALSE(id.empty());
  const std::string before = node_.Call("GET", "/api/v1/teams/DEMO-CSIRT", "analyst").body;
  std::string forged = Latest(id);
  forged = Replace(forged, "team@demo-csirt.example", "attacker@evil.example");
  forged = Replace(forged, "+994 12 555 01 99", "+1 202 555 0100");
  forged = Modified(forged, "2030-01-01T00:00:00.000Z");
  http::Response r = Post("partner", forged);
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_NE(r.body.find("\"failure_count\":1"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("an organisation of this node"), std::string::npos) << r.body;
  // Without created_by_ref it is refused too: the id belongs to another organisation.
  std::string unsigned_version =
      Replace(forged, "\"created_by_ref\":\"" + node_identity_ + "\",", "");
  unsigned_version = Modified(unsigned_version, "2030-01-02T00:00:00.000Z");
  r = Post("partner", unsigned_version);
  EXPECT_NE(r.body.find("belongs to another organisation"), std::string::npos) << r.body;
  EXPECT_EQ(node_.Call("GET", "/api/v1/teams/DEMO-CSIRT", "analyst").body, before);

  directory::Team team;
  team.id = "identity--" + UuidV4();
  team.short_name = "EVIL-CERT";
  team.name = "Evil CERT";
  team.country = "AZ";
  team.email = "attacker@evil.example";
  team.constituency.prefixes = {"0.0.0.0/0", "::/0"};
  team.constituency.domains = {"com"};
  directory::StixEnvelope env;
  env.created_by_ref = node_identity_;
  env.created = env.modified = 1'800'000'000'000'000;
  r = Post("partner", directory::TeamToStix(team, env));
  EXPECT_NE(r.body.find("\"failure_count\":1"), std::string::npos) << r.body;
  EXPECT_TRUE(node_.db().objects().Versions(team.id)->empty());
  const std::string lookup = node_.Call("GET", "/api/v1/lookup?q=8.8.8.8", "analyst").body;
  EXPECT_EQ(lookup.find("EVIL-CERT"), std::string::npos) << lookup;
}

// Reproduction 2: a partner revokes an indicator this node created.
TEST_F(TrustTest, APartnerCannotRevokeOrReplaceTheNodesIndicator) {
  const std::string indicator = IndicatorJson(1, "192.0.2.77");
  ASSERT_NE(Post("analyst", indicator).body.find("\"success_count\":1"), std::string::npos);
  const std::string id = "indicator--0a6b8a3c-6b4a-4c8e-9d39-1d1c5b7b0001";
  // Owned by the node's organisation, though it named no creator.
  EXPECT_EQ(node_.db().objects().Versions(id)->back().owner, node_identity_);
  for (const std::string& creator : {std::string(""), node_identity_}) {
    std::string revoked = Replace(indicator, "\"modified\":\"2026-01-01T00:00:00.000Z\"",
                                  "\"modified\":\"2026-02-01T00:00:00.000Z\",\"revoked\":true");
    if (!creator.empty())
      revoked = Replace(revoked, "{", "{\"created_by_ref\":\"" + creator + "\",");
    http::Response r = Post("partner", revoked);
    EXPECT_NE(r.body.find("\"failure_count\":1"), std::string::npos) << r.body;
    // The refusal says what the partner may do, and does not say who owns the object.
    EXPECT_NE(r.body.find("publish"), std::string::npos) << r.body;
    EXPECT_EQ(r.body.find(ApiHarness::kNodeOrg), std::string::npos) << r.body;
  }
  EXPECT_EQ(node_.db().objects().Versions(id)->size(), 1u);
  EXPECT_EQ(Latest(id).find("revoked"), std::string::npos);
  // The same repost by the node's own analyst is accepted: the owner may revoke.
  std::string revoked = Replace(indicator, "\"modified\":\"2026-01-01T00:00:00.000Z\"",
                                "\"modified\":\"2026-02-01T00:00:00.000Z\",\"revoked\":true");
  EXPECT_NE(Post("analyst", revoked).body.find("\"success_count\":1"), std::string::npos);
  // And the partner may not remove it from the shared collection either.
  http::Response del =
      node_.Call("DELETE", "/taxii2/api/collections/" + collection_ + "/objects/" + id + "/",
                 "partner", "", {{"Accept", kTaxii}});
  EXPECT_EQ(del.status, 403) << del.body;
  EXPECT_EQ(Get("analyst", id).status, 200);
}

// What the partner makes is the partner's: accepted, owned by it, and the node cannot be
// made to speak for it either.
TEST_F(TrustTest, APartnersOwnObjectsAreItsOwn) {
  const std::string partner_identity =
      node_.db().accounts().FindOrganisation("PARTNER-CERT")->identity_id;
  const std::string indicator = IndicatorJson(2, "192.0.2.78");
  ASSERT_NE(Post("partner", indicator).body.find("\"success_count\":1"), std::string::npos);
  const std::string id = "indicator--0a6b8a3c-6b4a-4c8e-9d39-1d1c5b7b0002";
  EXPECT_EQ(node_.db().objects().Versions(id)->back().owner, partner_identity);
  std::string newer = Replace(indicator, "\"modified\":\"2026-01-01T00:00:00.000Z\"",
                              "\"modified\":\"2026-03-01T00:00:00.000Z\"");
  EXPECT_NE(Post("analyst", newer).body.find("belongs to another organisation"), std::string::npos);
  EXPECT_NE(Post("partner", newer).body.find("\"success_count\":1"), std::string::npos);
}

// Reproduction 3: the page cache answered a peer account with what a user of its organisation
// had been shown.
TEST_F(TrustTest, ThePageCacheNeverCrossesChannels) {
  const std::string indicator = IndicatorJson(3, "192.0.2.79");
  ASSERT_NE(Post("analyst", indicator).body.find("\"success_count\":1"), std::string::npos);
  const std::string id = "indicator--0a6b8a3c-6b4a-4c8e-9d39-1d1c5b7b0003";
  // Unmarked: TLP:AMBER, community. A peer node may not have it; a user here may.
  EXPECT_EQ(Get("peer", id).status, 404);
  EXPECT_EQ(Get("partner", id).status, 200);
  EXPECT_EQ(Get("peer", id).status, 404);
  EXPECT_EQ(Get("partner", id).status, 200);
}

// Reproduction 4: a reader poisoned the public blocklist; another organisation's reports
// counted as the node's.
TEST_F(TrustTest, ReadersCannotReportSpamAndAPartnersReportsAreThePartners) {
  const std::string report =
      testing::ReadFile(std::string(CONCORD_SOURCE_DIR) + "/tests/data/spam/plain-spam.eml");
  http::Response r = node_.Call("POST", "/api/v1/spam/reports", "reader", report);
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_TRUE(node_.db().Get<spam::SpamStore>().ListReports(10)->empty());
  // Three reports "from" three made-up reporters count as one: the partner organisation.
  for (int i = 0; i < 3; ++i) {
    const std::string forged = Replace(report, "From: \"Deals\" <deals@bulk-mailer.example>",
                                       "From: reporter" + std::to_string(i) + "@made-up.example");
    r = node_.Call("POST", "/api/v1/spam/reports", "partner", forged);
    EXPECT_EQ(r.status, i == 0 ? 201 : 200) << r.body;  // the same report, from one reporter
  }
  auto reports = node_.db().Get<spam::SpamStore>().ListReports(10);
  ASSERT_TRUE(reports.ok());
  for (const auto& row : *reports) EXPECT_EQ(row.reporter, "org:PARTNER-CERT");
  // A report is one message, not a 9 MiB log.
  r = node_.Call("POST", "/api/v1/spam/reports", "analyst", report + std::string(9u << 20, 'x'));
  EXPECT_EQ(r.status, 413) << r.body.substr(0, 200);
}

// docs/SECURITY.md's threat matrix, run row by row: each actor's request against a node with a
// shared collection (read and write for the node's organisation and PARTNER-CERT, whose peer
// account reads it too), a manual DNSBL zone, and one indicator the node's analyst published.
// A row is `| actor | METHOD PATH | body file (under tests/, or -) | status [text the answer
// must contain] | why |`; {feed}, {node_identity} and {partner_identity} are filled in.
TEST(ThreatMatrix, EveryRowOfTheSecurityDocumentHolds) {
  ApiHarness node;
  const std::string feed_id = SharedCollection(node);
  ASSERT_FALSE(feed_id.empty());
  ASSERT_TRUE(node.db().Get<spam::SpamStore>().PutZone({"bl.cert.example", "manual", ""}).ok());
  const std::map<std::string, std::string> vars = {
      {"{feed}", feed_id},
      {"{node_identity}", node.db().accounts().FindOrganisation(ApiHarness::kNodeOrg)->identity_id},
      {"{partner_identity}", node.db().accounts().FindOrganisation("PARTNER-CERT")->identity_id}};
  auto fill = [&](std::string s) {
    for (const auto& [name, value] : vars) {
      for (size_t at; (at = s.find(name)) != std::string::npos;) s.replace(at, name.size(), value);
    }
    return s;
  };
  const std::string tests_dir = std::string(CONCORD_SOURCE_DIR) + "/tests/";
  const http::Headers taxii = {{"Accept", kTaxii}, {"Content-Type", kTaxii}};
  ASSERT_EQ(node.Call("POST", "/taxii2/api/collections/" + feed_id + "/objects/", "analyst",
                      testing::ReadFile(tests_dir + "trust/node-indicator.json"), taxii)
                .status,
            202);

  std::istringstream doc(testing::ReadFile(std::string(CONCORD_SOURCE_DIR) + "/docs/SECURITY.md"));
  bool in_matrix = false;
  std::set<std::string> actors;
  size_t rows = 0;
  for (std::string line; std::getline(doc, line);) {
    if (line.rfind("<!-- threat matrix", 0) == 0) in_matrix = line.find("end") == std::string::npos;
    if (!in_matrix || line.rfind("| ", 0) != 0 || line.rfind("| actor", 0) == 0) continue;
    std::vector<std::string> cells;
    for (std::string cell : Split(line, '|', false)) {
      cell.erase(std::remove(cell.begin(), cell.end(), '`'), cell.end());
      cells.emplace_back(TrimWhitespace(cell));
    }
    ASSERT_GE(cells.size(), 6u) << line;  // "", actor, request, body, expect, why, ""
    const std::string& actor = cells[1];
    const std::string request = fill(cells[2]);
    const size_t space = request.find(' ');
    ASSERT_NE(space, std::string::npos) << line;
    const std::string method = request.substr(0, space), target = request.substr(space + 1);
    const std::string body = cells[3] == "-" ? "" : fill(testing::ReadFile(tests_dir + cells[3]));
    const std::string& expect = cells[4];
    const int status = std::atoi(expect.c_str());
    const std::string text(TrimWhitespace(expect.substr(std::min(expect.size(), size_t{3}))));
    http::Headers headers;
    if (target.rfind("/taxii2", 0) == 0) headers = taxii;
    const std::string as = actor == "anonymous" ? "" : actor;
    http::Response r = node.Call(method, target, as, body, headers);
    const std::string& answer = r.shared_body ? *r.shared_body : r.body;  // cached pages
    EXPECT_EQ(r.status, status) << line << "\n" << answer.substr(0, 400);
    if (!text.empty()) {
      EXPECT_NE(answer.find(text), std::string::npos) << line << "\n" << answer.substr(0, 400);
    }
    actors.insert(actor);
    ++rows;
  }
  EXPECT_GE(rows, 30u);
  // The forced wide listing is in the audit log, with who did it.
  auto audit = node.db().audit().List("", 0);
  ASSERT_TRUE(audit.ok());
  bool forced = false;
  for (const auto& e : *audit)
    forced |= e.action == "dns.list.forced" && e.actor.find("admin") != std::string::npos;
  EXPECT_TRUE(forced);
  EXPECT_EQ(actors,
            (std::set<std::string>{"anonymous", "reader", "analyst", "admin", "partner", "peer"}));
}

// The sharing policy has no side doors: every TAXII egress (the object list, one object, its
// versions, the manifest), read by every actor in one order and then in the reverse order (so
// that pages cached for one are there when the next asks), answers exactly what
// sharing::Policy::Decide releases to that actor's organisation over that actor's channel, for
// every TLP x distribution x sharing-group case made by the node and by a hosted partner.
TEST(SharingNoSideDoors, EveryEgressAnswersWhatThePolicyDecidesForEveryActorInEveryOrder) {
  ApiHarness node;
  const std::string feed_id = SharedCollection(node);
  ASSERT_FALSE(feed_id.empty());
  const std::string node_identity =
      node.db().accounts().FindOrganisation(ApiHarness::kNodeOrg)->identity_id;
  const std::string partner_identity =
      node.db().accounts().FindOrganisation("PARTNER-CERT")->identity_id;
  const std::string objects_path = "/taxii2/api/collections/" + feed_id + "/objects/";
  const http::Headers taxii = {{"Accept", kTaxii}, {"Content-Type", kTaxii}};
  auto post = [&](const std::string& as, const std::string& object) {
    http::Response r = node.Call("POST", objects_path, as, "{\"objects\":[" + object + "]}", taxii);
    ASSERT_NE(r.body.find("\"success_count\":1"), std::string::npos) << r.body << object;
  };
  // Sharing groups: G has both organisations, H only an organisation not known here.
  int n = 0;
  auto id_of = [](const char* type, int i) {
    char id[96];
    std::snprintf(id, sizeof id, "%s--5c1d0000-0000-4000-8000-%012d", type, i);
    return std::string(id);
  };
  for (const auto& [name, members] : std::vector<std::pair<std::string, std::string>>{
           {"G", "\"" + node_identity + "\",\"" + partner_identity + "\""},
           {"H", "\"identity--9d9d9d9d-0000-4000-8000-000000000001\""}}) {
    post("analyst",
         R"({"type":"grouping","spec_version":"2.1","id":")" + id_of("grouping", ++n) +
             R"(","created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z",)"
             R"("created_by_ref":")" +
             node_identity + R"(","name":")" + name +
             R"(","context":"concord-sharing-group","object_refs":[)" + members + "]}");
  }
  const std::vector<std::string> tlps = {"", "clear", "green", "amber", "amber+strict", "red"};
  const std::vector<std::string> distributions = {"",    "organisation", "community", "connected",
                                                  "all", "group:G",      "group:H"};
  for (const auto& [as, creator] : std::vector<std::pair<std::string, std::string>>{
           {"analyst", node_identity}, {"partner", partner_identity}}) {
    for (const std::string& tlp : tlps) {
      for (const std::string& dist : distributions) {
        std::string o =
            R"({"type":"indicator","spec_version":"2.1","id":")" + id_of("indicator", ++n) +
            R"(","created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z",)"
            R"("created_by_ref":")" +
            creator +
            R"(","pattern":"[ipv4-addr:value = '192.0.2.1']","pattern_type":"stix",)"
            R"("valid_from":"2026-01-01T00:00:00Z")";
        if (!tlp.empty()) {
          o += R"(,"object_marking_refs":[")" +
               std::string(sharing::TlpMarkingId(*sharing::ParseTlp(tlp))) + "\"]";
        }
        if (!dist.empty()) {
          const bool group = dist.rfind("group:", 0) == 0;
          o += R"(,"extensions":{")" + std::string(sharing::kDistributionExtension) +
               R"(":{"extension_type":"property-extension","distribution":")" +
               (group ? "group\",\"sharing_group\":\"" + dist.substr(6) : dist) + "\"}}";
        }
        post(as, o + "}");
      }
    }
  }
  auto policy = sharing::LoadNodePolicy(node.db());
  ASSERT_TRUE(policy.ok());
  struct Actor {
    std::string user;
    sharing::Recipient to;
  };
  const std::vector<Actor> actors = {{"reader", {sharing::Channel::kLocalUser, node_identity}},
                                     {"analyst", {sharing::Channel::kLocalUser, node_identity}},
                                     {"partner", {sharing::Channel::kLocalUser, partner_identity}},
                                     {"peer", {sharing::Channel::kPeerNode, partner_identity}}};
  std::vector<store::StoredObject> stored;
  store::ObjectQuery q;
  q.collection_id = feed_id;
  ASSERT_TRUE(node.db()
                  .objects()
                  .Scan(q,
                        [&](const store::StoredObject& o) {
                          stored.push_back(o);
                          return true;
                        })
                  .ok());
  ASSERT_EQ(stored.size(), 2u + 2 * tlps.size() * distributions.size());
  auto ids_in = [](const http::Response& r, const char* list) {
    std::set<std::string> ids;
    json::Document doc;
    const std::string& body = r.shared_body ? *r.shared_body : r.body;
    if (r.status != 200 || !doc.ParseAll(body).ok()) return ids;
    for (json::Value o : doc.root()[list]) ids.insert(o["id"].str());
    return ids;
  };
  size_t released_somewhere = 0, withheld_somewhere = 0;
  for (bool reverse : {false, true}) {
    std::vector<Actor> order = actors;
    if (reverse) std::reverse(order.begin(), order.end());
    for (const Actor& a : order) {
      std::set<std::string> expected;
      for (const auto& o : stored) {
        auto facts = sharing::FactsOf(o);
        ASSERT_TRUE(facts.ok());
        if (policy->Decide(*facts, a.to).release) expected.insert(o.id);
      }
      const std::string who = a.user + (reverse ? " (second pass)" : "");
      EXPECT_EQ(
          ids_in(node.Call("GET", objects_path + "?limit=1000", a.user, "", taxii), "objects"),
          expected)
          << who;
      EXPECT_EQ(
          ids_in(node.Call("GET", "/taxii2/api/collections/" + feed_id + "/manifest/?limit=1000",
                           a.user, "", taxii),
                 "objects"),
          expected)
          << who << ": manifest";
      for (const auto& o : stored) {
        const bool released = expected.count(o.id) > 0;
        (released ? released_somewhere : withheld_somewhere)++;
        EXPECT_EQ(node.Call("GET", objects_path + o.id + "/", a.user, "", taxii).status,
                  released ? 200 : 404)
            << who << ": " << o.json;
        EXPECT_EQ(node.Call("GET", objects_path + o.id + "/versions/", a.user, "", taxii).status,
                  released ? 200 : 404)
            << who << ": versions of " << o.json;
      }
    }
  }
  EXPECT_GT(released_somewhere, 0u);
  EXPECT_GT(withheld_somewhere, 0u);
}

}  // namespace
}  // namespace concord
