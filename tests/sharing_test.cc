// The sharing policy on the egress paths that exist so far: TAXII GET (objects, single object,
// manifest, versions), `concord export` (for an organisation, for the public) and
// `concord explain-release`. One node hosts two organisations; objects carry every TLP level
// and distribution, some made here and some received from elsewhere.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "common/json.h"
#include "tests/http_client.h"
#include "tests/postgres_server.h"
#include "tests/test_util.h"

namespace concord {
namespace {

using testing::RunConcord;

const std::map<std::string, std::string> kTlp = {
    {"clear", "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"},
    {"white", "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"},
    {"green", "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"},
    {"amber", "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"},
    {"amber+strict", "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"},
    {"red", "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"},
    {"red1", "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"},
};
const char kExternal[] = "identity--00000000-0000-4000-8000-0000000000ee";
const char kDistribution[] = "extension-definition--95a68e9b-0933-587e-a8a4-f9ae00ab7074";

struct Case {
  std::string name;          // also the indicator's name
  std::string tlp;           // "" unmarked
  std::string distribution;  // "" none
  std::string origin;        // "home", "tenant", "external"
  // Expected: visible over TAXII to users of home / tenant; in export for home / tenant; public.
  bool home, tenant, export_home, export_tenant, public_feed;
};

// The expectations, written out from the rules in docs/DESIGN.md ("Sharing").
const std::vector<Case> kCases = {
    {"clear-all", "clear", "all", "home", 1, 1, 1, 1, 1},
    {"white-all", "white", "all", "external", 1, 1, 1, 1, 1},
    {"clear-community", "clear", "community", "home", 1, 1, 1, 1, 0},
    {"green-all", "green", "all", "external", 1, 1, 1, 1, 0},
    {"amber-home", "amber", "all", "home", 1, 1, 1, 1, 0},
    {"amber-external", "amber", "all", "external", 1, 0, 1, 0, 0},
    {"amber-strict-tenant", "amber+strict", "all", "tenant", 1, 1, 1, 1, 0},
    {"red-home", "red", "all", "home", 1, 0, 0, 0, 0},
    {"red1-tenant", "red1", "all", "tenant", 0, 1, 0, 0, 0},
    {"unmarked-home", "", "", "home", 1, 1, 1, 1, 0},
    {"unmarked-external", "", "", "external", 1, 0, 1, 0, 0},
    {"org-only-tenant", "clear", "organisation", "tenant", 0, 1, 0, 1, 0},
    // No group G is configured here: only its originator sees it.
    {"group-g", "clear", "group", "home", 1, 0, 1, 0, 0},
};

class SharingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why_not;
    db_ = testing::TestDatabase(dir_.path(), "s", &why_not);
    if (db_.empty()) GTEST_SKIP() << why_not;
    auto run = [&](std::vector<std::string> args) {
      std::vector<std::string> all = {"--db", db_};
      all.insert(all.end(), args.begin(), args.end());
      auto r = RunConcord(all);
      EXPECT_EQ(r.exit_code, 0) << r.err;
      return r.out;
    };
    auto identity = [](const std::string& out) {
      const size_t p = out.find("identity--");
      return out.substr(p, out.find(')', p) - p);
    };
    home_ = identity(run({"org", "add", "Home"}));  // the first organisation: the node's own
    tenant_ = identity(run({"org", "add", "Tenant"}));
    run({"user", "add", "h", "--org", "Home"});
    run({"user", "add", "t", "--org", "Tenant"});
    auto token = [&](const char* user) {
      std::string t = run({"token", "create", "--user", user});
      return t.substr(0, t.find('\n'));
    };
    home_token_ = token("h");
    tenant_token_ = token("t");
    std::string id = run({"collection", "add", "--title", "Shared"});
    collection_ = id.substr(0, id.find('\n'));
    run({"collection", "grant", collection_, "--org", "Home", "--read"});
    run({"collection", "grant", collection_, "--org", "Tenant", "--read"});
    // A file speaks for one organisation: the tenant's objects are imported as the tenant.
    std::string lines, tenant_lines;
    for (size_t i = 0; i < kCases.size(); ++i) {
      (kCases[i].origin == "tenant" ? tenant_lines : lines) += ObjectJson(i) + "\n";
    }
    testing::WriteFile(dir_.File("objects.jsonl"), lines);
    testing::WriteFile(dir_.File("tenant.jsonl"), tenant_lines);
    run({"import", "--collection", collection_, dir_.File("objects.jsonl")});
    run({"import", "--as", "Tenant", "--collection", collection_, dir_.File("tenant.jsonl")});
  }

  std::string Id(size_t i) const {
    char buf[64];
    std::snprintf(buf, sizeof buf, "indicator--00000000-0000-4000-8000-%012zu", i);
    return buf;
  }

  std::string ObjectJson(size_t i) const {
    const Case& c = kCases[i];
    const std::string origin = c.origin == "home"     ? home_
                               : c.origin == "tenant" ? tenant_
                                                      : kExternal;
    std::string j =
        R"({"type":"indicator","spec_version":"2.1","id":")" + Id(i) +
        R"(","created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z",)"
        R"("created_by_ref":")" +
        origin + R"(","name":")" + c.name +
        R"(","pattern":"[ipv4-addr:value = '192.0.2.1']","pattern_type":"stix",)"
        R"("valid_from":"2026-01-01T00:00:00Z")";
    if (!c.tlp.empty()) j += R"(,"object_marking_refs":[")" + kTlp.at(c.tlp) + "\"]";
    if (!c.distribution.empty()) {
      j += R"(,"extensions":{")" + std::string(kDistribution) +
           R"(":{"extension_type":"property-extension","distribution":")" + c.distribution + "\"";
      if (c.distribution == "group") j += R"(,"sharing_group":"G")";
      j += "}}";
    }
    return j + "}";
  }

  // Names of the objects in a bundle or TAXII envelope.
  static std::set<std::string> Names(const std::string& body) {
    json::Document doc;
    EXPECT_TRUE(doc.ParseAll(body).ok()) << body;
    std::set<std::string> names;
    for (json::Value o : doc.root()["objects"]) names.insert(o["name"].str());
    return names;
  }
  static std::set<std::string> Expected(bool Case::*field) {
    std::set<std::string> names;
    for (const auto& c : kCases) {
      if (c.*field) names.insert(c.name);
    }
    return names;
  }

  testing::TempDir dir_;
  std::string db_, home_, tenant_, home_token_, tenant_token_, collection_;
};

TEST_F(SharingTest, TaxiiReleasesOnlyWhatThePolicyAllows) {
  testing::ServerProcess server(db_, {}, dir_.File("server.out"));
  ASSERT_NE(server.port(), 0) << server.output();
  auto get = [&](const std::string& path, const std::string& token) {
    return testing::Request(
        server.port(), "GET", "/taxii2/api/collections/" + collection_ + path,
        {{"Authorization", "Bearer " + token}, {"Accept", "application/taxii+json;version=2.1"}});
  };
  for (int pass = 0; pass < 2; ++pass) {  // the second pass is served from the page cache
    auto r = get("/objects/", home_token_);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(Names(r.body), Expected(&Case::home));
    r = get("/objects/", tenant_token_);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(Names(r.body), Expected(&Case::tenant));
  }
  // Paging with a small limit still returns exactly the released objects.
  std::set<std::string> paged;
  std::string next;
  for (int i = 0; i < 50; ++i) {
    auto r = get("/objects/?limit=2" + (next.empty() ? "" : "&next=" + next), tenant_token_);
    ASSERT_EQ(r.status, 200) << r.body;
    for (const auto& n : Names(r.body)) EXPECT_TRUE(paged.insert(n).second) << n << " twice";
    json::Document doc;
    ASSERT_TRUE(doc.ParseAll(r.body).ok());
    if (!doc.root()["more"].as_bool()) break;
    next = doc.root()["next"].str();
  }
  EXPECT_EQ(paged, Expected(&Case::tenant));
  // A withheld object is as absent as a missing one: single object, versions, manifest.
  for (size_t i = 0; i < kCases.size(); ++i) {
    const int want = kCases[i].tenant ? 200 : 404;
    EXPECT_EQ(get("/objects/" + Id(i) + "/", tenant_token_).status, want) << kCases[i].name;
    EXPECT_EQ(get("/objects/" + Id(i) + "/versions/", tenant_token_).status, want)
        << kCases[i].name;
  }
  auto manifest = get("/manifest/", tenant_token_);
  json::Document doc;
  ASSERT_TRUE(doc.ParseAll(manifest.body).ok());
  EXPECT_EQ(doc.root()["objects"].size(), Expected(&Case::tenant).size());
}

TEST_F(SharingTest, ExportsAndExplanations) {
  // (The organisations' own identity objects are in the store too: look at indicators.)
  auto r = RunConcord({"--db", db_, "export", "--type", "indicator"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Names(r.out), Expected(&Case::export_home));
  r = RunConcord({"--db", db_, "export", "--type", "indicator", "--to", "Tenant"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Names(r.out), Expected(&Case::export_tenant));
  r = RunConcord({"--db", db_, "export", "--type", "indicator", "--public"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Names(r.out), Expected(&Case::public_feed));
  EXPECT_NE(r.err.find("withheld by the sharing policy"), std::string::npos);
  r = RunConcord({"--db", db_, "export", "--to", "Nobody"});
  EXPECT_EQ(r.exit_code, 2);

  // explain-release names the deciding rule; exit 0 released, 1 withheld.
  auto explain = [&](size_t i, std::vector<std::string> extra) {
    std::vector<std::string> args = {"--db", db_, "explain-release", Id(i)};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunConcord(args);
  };
  r = explain(7, {"--to", "Tenant", "--via", "local"});  // red-home
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("WITHHELD"), std::string::npos);
  EXPECT_NE(r.out.find("TLP:RED is only for users of " + home_), std::string::npos) << r.out;
  r = explain(5, {"--to", "Tenant", "--via", "peer"});  // amber-external
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("was received from"), std::string::npos) << r.out;
  r = explain(9, {"--to", "Tenant", "--via", "peer"});  // unmarked-home: node defaults
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("TLP:AMBER, distribution community"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("distribution community (the node default) keeps it on this node"),
            std::string::npos)
      << r.out;
  r = explain(0, {"--via", "public"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("RELEASED"), std::string::npos);
  r = explain(0, {"--to", "Tenant", "--via", "carrier-pigeon"});
  EXPECT_EQ(r.exit_code, 2);
  r = RunConcord({"--db", db_, "explain-release", "indicator--00000000-0000-4000-8000-999999999999",
                  "--to", "Tenant"});
  EXPECT_EQ(r.exit_code, 2);
}

// The defaults for unmarked objects are the node's to configure; bad values change nothing.
TEST_F(SharingTest, ConfiguredDefaults) {
  auto explain = [&] {  // unmarked-home to a peer node of Tenant
    return RunConcord({"--db", db_, "explain-release", Id(9), "--to", "Tenant", "--via", "peer"});
  };
  EXPECT_EQ(explain().exit_code, 1);
  auto r = RunConcord({"--db", db_, "policy", "set", "--default-tlp", "purple"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--default-tlp 'purple'"), std::string::npos) << r.err;
  r = RunConcord({"--db", db_, "policy", "set", "--default-distribution", "everyone"});
  EXPECT_EQ(r.exit_code, 2);
  r = RunConcord({"--db", db_, "policy", "show"});
  EXPECT_NE(r.out.find("default TLP\tTLP:AMBER\ndefault distribution\tcommunity"),
            std::string::npos)
      << r.out;
  r = RunConcord({"--db", db_, "policy", "set", "--default-tlp", "green", "--default-distribution",
                  "connected"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = explain();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("TLP:GREEN (the node default) and distribution connected (the node "
                       "default) allow a peer node"),
            std::string::npos)
      << r.out;
  // A marked object keeps its own marking whatever the defaults.
  EXPECT_EQ(RunConcord({"--db", db_, "explain-release", Id(7), "--to", "Tenant", "--via", "peer"})
                .exit_code,
            1);
}

}  // namespace
}  // namespace concord
