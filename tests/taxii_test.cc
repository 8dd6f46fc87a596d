// TAXII 2.1 conformance: a real `concord serve` on a free loopback port, driven over HTTP.
// Every endpoint, every filter, pagination to the end of a 10,000-object collection while new
// objects arrive, every error status, authorisation between organisations, token revocation,
// and malformed requests while other clients keep being served.

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "common/json.h"
#include "common/strings.h"
#include "common/uuid.h"
#include "tests/http_client.h"
#include "tests/postgres_server.h"
#include "tests/test_util.h"

namespace concord {
namespace {

using testing::HttpResponse;
using testing::RunConcord;

constexpr const char* kTaxii = "application/taxii+json;version=2.1";
constexpr int kObjects = 10000;
constexpr int kPage = 100;

std::string IndicatorJson(int i, const std::string& modified = "2026-01-01T00:00:00.000Z") {
  return R"({"type":"indicator","spec_version":"2.1","id":"indicator--)" +
         UuidV5(kStixScoNamespace, "taxii-" + std::to_string(i)) +
         R"(","created":"2026-01-01T00:00:00.000Z","modified":")" + modified +
         R"(","pattern":"[ipv4-addr:value = '10.1.)" + std::to_string(i / 256 % 256) + "." +
         std::to_string(i % 256) +
         R"(']","pattern_type":"stix","valid_from":"2026-01-01T00:00:00Z"})";
}
std::string IndicatorId(int i) {
  return "indicator--" + UuidV5(kStixScoNamespace, "taxii-" + std::to_string(i));
}

// One server for the whole suite: setting it up (10,000 objects) is the slow part.
class TaxiiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    db_ = testing::TestDatabase(dir_->path(), "taxii", &skip_);
    if (db_.empty()) return;
    auto run = [](std::vector<std::string> args, const std::string& stdin_file = "") {
      std::vector<std::string> all = {"--db", db_};
      all.insert(all.end(), args.begin(), args.end());
      auto r = RunConcord(all, stdin_file);
      EXPECT_EQ(r.exit_code, 0) << r.err;
      return r.out;
    };
    for (const char* org : {"CERT-A", "CERT-B", "CERT-C"}) run({"org", "add", org});
    testing::WriteFile(dir_->File("pw"), "correct horse battery staple\n");
    run({"user", "add", "alice", "--org", "CERT-A", "--password-stdin"}, dir_->File("pw"));
    run({"user", "add", "bob", "--org", "CERT-B", "--role", "reader"});
    run({"user", "add", "bea", "--org", "CERT-B"});
    run({"user", "add", "carol", "--org", "CERT-C"});
    auto token = [&](const char* user) {
      std::string t = run({"token", "create", "--user", user});
      return t.substr(0, t.find('\n'));
    };
    alice_ = token("alice");
    bob_ = token("bob");
    bea_ = token("bea");
    carol_ = token("carol");
    auto collection = [&](const char* title) {
      std::string id = run({"collection", "add", "--title", title});
      return id.substr(0, id.find('\n'));
    };
    big_ = collection("Big");
    private_ = collection("Private to A");
    shared_ = collection("Shared with B");
    run({"collection", "grant", big_, "--org", "CERT-A", "--read", "--write"});
    run({"collection", "grant", big_, "--org", "CERT-B", "--read"});
    run({"collection", "grant", private_, "--org", "CERT-A", "--read", "--write"});
    run({"collection", "grant", shared_, "--org", "CERT-B", "--read", "--write"});
    std::string lines;
    for (int i = 0; i < kObjects; ++i) lines += IndicatorJson(i) + "\n";
    testing::WriteFile(dir_->File("objects.jsonl"), lines);
    run({"import", "--collection", big_, dir_->File("objects.jsonl")});
    server_ = new testing::ServerProcess(
        db_, {"--max-page-size", std::to_string(kPage), "--max-body", "1048576"},
        dir_->File("server.out"));
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }
  void SetUp() override {
    if (db_.empty()) GTEST_SKIP() << skip_;
    ASSERT_NE(server_->port(), 0) << server_->output();
  }

  static HttpResponse Get(const std::string& target, const std::string& token,
                          std::map<std::string, std::string> headers = {}) {
    headers.emplace("Accept", kTaxii);
    if (!token.empty()) headers["Authorization"] = "Bearer " + token;
    return testing::Request(server_->port(), "GET", target, headers);
  }
  static HttpResponse Send(const std::string& method, const std::string& target,
                           const std::string& token, const std::string& body,
                           const std::string& content_type = kTaxii) {
    std::map<std::string, std::string> headers = {{"Accept", kTaxii},
                                                  {"Authorization", "Bearer " + token}};
    if (!content_type.empty()) headers["Content-Type"] = content_type;
    return testing::Request(server_->port(), method, target, headers, body);
  }
  static std::string Objects(const std::string& collection) {
    return "/taxii2/api/collections/" + collection + "/objects/";
  }
  static std::string Post(const std::vector<std::string>& objects) {
    std::string body = "{\"objects\":[";
    for (size_t i = 0; i < objects.size(); ++i) body += (i ? "," : "") + objects[i];
    return body + "]}";
  }

  static testing::TempDir* dir_;
  static std::string db_, alice_, bob_, bea_, carol_, big_, private_, shared_, skip_;
  static testing::ServerProcess* server_;
};

testing::TempDir* TaxiiTest::dir_;
std::string TaxiiTest::db_, TaxiiTest::alice_, TaxiiTest::bob_, TaxiiTest::bea_, TaxiiTest::carol_,
    TaxiiTest::big_, TaxiiTest::private_, TaxiiTest::shared_, TaxiiTest::skip_;
testing::ServerProcess* TaxiiTest::server_;

// Parses a TAXII JSON body, failing the test when it is not JSON.
struct Body {
  explicit Body(const std::string& text) : text_(text) {
    Status st = doc_.ParseAll(text_);
    EXPECT_TRUE(st.ok()) << st.message() << ": " << text_.substr(0, 300);
  }
  json::Value operator[](std::string_view k) const { return doc_.root()[k]; }
  json::Value root() const { return doc_.root(); }
  std::string text_;
  json::Document doc_;
};

void ExpectTaxiiError(const HttpResponse& r, int status) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.Header("content-type"), kTaxii);
  Body b(r.body);
  EXPECT_TRUE(b["title"].is_string()) << r.body;
  EXPECT_TRUE(b["http_status"].str_equals(std::to_string(status))) << r.body;
}

TEST_F(TaxiiTest, DiscoveryAndApiRoot) {
  HttpResponse r = Get("/taxii2/", alice_);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-type"), kTaxii);
  Body d(r.body);
  EXPECT_TRUE(d["title"].is_string());
  EXPECT_TRUE(d["default"].str_equals("/taxii2/api/"));
  EXPECT_TRUE(d["api_roots"].at(0).str_equals("/taxii2/api/"));

  r = Get("/taxii2/api/", alice_);
  ASSERT_EQ(r.status, 200);
  Body root(r.body);
  EXPECT_TRUE(root["versions"].at(0).str_equals(kTaxii));
  EXPECT_EQ(*root["max_content_length"].as_int(), 1048576);
  ExpectTaxiiError(Get("/taxii2/other/", alice_), 404);
  ExpectTaxiiError(Get("/taxii2/api/nothing/", alice_), 404);
}

TEST_F(TaxiiTest, AuthenticationIsRequiredEverywhere) {
  for (const std::string& path : {std::string("/taxii2/"), std::string("/taxii2/api/"),
                                  std::string("/taxii2/api/collections/"), Objects(big_),
                                  "/taxii2/api/status/" + UuidV4() + "/"}) {
    HttpResponse r = Get(path, "");
    ExpectTaxiiError(r, 401);
    EXPECT_NE(r.Header("www-authenticate").find("Basic"), std::string::npos);
  }
  ExpectTaxiiError(Get("/taxii2/", "concord_not-a-real-token"), 401);
  // HTTP Basic with a password, and with any user name plus a token.
  auto basic = [](const std::string& user_and_secret) {
    return "Basic " + Base64Encode(user_and_secret);
  };
  auto with = [&](const std::string& auth) {
    return testing::Request(server_->port(), "GET", "/taxii2/",
                            {{"Accept", kTaxii}, {"Authorization", auth}});
  };
  EXPECT_EQ(with(basic("alice:correct horse battery staple")).status, 200);
  EXPECT_EQ(with(basic("whoever:" + alice_)).status, 200);
  EXPECT_EQ(with(basic("alice:wrong password here")).status, 401);
}

TEST_F(TaxiiTest, RevokedTokenStopsWorkingAtOnce) {
  std::string out = RunConcord({"--db", db_, "token", "create", "--user", "carol"}).out;
  std::string token = out.substr(0, out.find('\n'));
  ASSERT_EQ(Get("/taxii2/", token).status, 200);
  std::string list = RunConcord({"--db", db_, "token", "list"}).out;
  std::string id = token.empty() ? "" : list.substr(list.rfind('\n', list.size() - 2) + 1, 12);
  ASSERT_EQ(RunConcord({"--db", db_, "token", "revoke", id}).exit_code, 0) << list;
  ExpectTaxiiError(Get("/taxii2/", token), 401);
}

TEST_F(TaxiiTest, AcceptHeaderIsNegotiated) {
  EXPECT_EQ(Get("/taxii2/", alice_, {{"Accept", "application/taxii+json;version=2.1"}}).status,
            200);
  auto r = testing::Request(server_->port(), "GET", "/taxii2/",
                            {{"Authorization", "Bearer " + alice_}, {"Accept", "text/html"}});
  ExpectTaxiiError(r, 406);
  r = testing::Request(
      server_->port(), "GET", "/taxii2/",
      {{"Authorization", "Bearer " + alice_}, {"Accept", "application/taxii+json;version=2.0"}});
  ExpectTaxiiError(r, 406);
  r = testing::Request(server_->port(), "GET", "/taxii2/", {{"Authorization", "Bearer " + alice_}});
  EXPECT_EQ(r.status, 200);  // no Accept: anything goes
}

TEST_F(TaxiiTest, CollectionsShowOnlyWhatAnOrganisationMaySee) {
  auto ids = [&](const std::string& token) {
    Body b(Get("/taxii2/api/collections/", token).body);
    std::set<std::string> out;
    for (json::Value c : b["collections"]) out.insert(c["id"].str());
    return out;
  };
  EXPECT_EQ(ids(alice_), (std::set<std::string>{big_, private_}));
  EXPECT_EQ(ids(bob_), (std::set<std::string>{big_, shared_}));
  EXPECT_TRUE(ids(carol_).empty());
  EXPECT_EQ(Get("/taxii2/api/collections/", carol_).body, "{}");

  HttpResponse r = Get("/taxii2/api/collections/" + big_ + "/", bob_);
  ASSERT_EQ(r.status, 200);
  Body c(r.body);
  EXPECT_TRUE(c["id"].str_equals(big_));
  EXPECT_TRUE(c["title"].str_equals("Big"));
  EXPECT_TRUE(c["can_read"].as_bool());
  EXPECT_FALSE(c["can_write"].as_bool());
  EXPECT_TRUE(c["media_types"].at(0).str_equals("application/stix+json;version=2.1"));
  // A reader never gets can_write, even where the organisation may write.
  EXPECT_FALSE(
      Body(Get("/taxii2/api/collections/" + shared_ + "/", bob_).body)["can_write"].as_bool());
  EXPECT_TRUE(
      Body(Get("/taxii2/api/collections/" + shared_ + "/", bea_).body)["can_write"].as_bool());
  // Hidden collections do not exist for the caller: 404, never 403.
  ExpectTaxiiError(Get("/taxii2/api/collections/" + private_ + "/", bob_), 404);
  ExpectTaxiiError(Get(Objects(private_), carol_), 404);
  ExpectTaxiiError(Get("/taxii2/api/collections/" + private_ + "/manifest/", bob_), 404);
  ExpectTaxiiError(Get("/taxii2/api/collections/" + UuidV4() + "/", alice_), 404);
}

// Pages through all 10,000 objects with limit above the server maximum while another client
// keeps adding objects: nothing missed, nothing repeated, headers consistent.
TEST_F(TaxiiTest, PaginationToTheEndWhileObjectsArrive) {
  std::atomic<bool> done{false};
  std::atomic<int> posted{0};
  std::thread writer([&] {
    for (int i = 0; !done && i < 300; ++i) {
      HttpResponse r = Send("POST", Objects(big_), alice_, Post({IndicatorJson(100000 + i)}));
      if (r.status == 202) ++posted;
    }
  });
  std::set<std::string> seen;
  size_t repeats = 0, pages = 0;
  std::string next, previous_last;
  while (true) {
    std::string target = Objects(big_) + "?limit=1000" + (next.empty() ? "" : "&next=" + next);
    HttpResponse r = Get(target, bob_);
    ASSERT_EQ(r.status, 200) << r.body;
    Body b(r.body);
    ASSERT_LE(b["objects"].size(), static_cast<uint32_t>(kPage));  // the server maximum wins
    for (json::Value o : b["objects"]) repeats += !seen.insert(o["id"].str()).second;
    std::string first = r.Header("x-taxii-date-added-first"),
                last = r.Header("x-taxii-date-added-last");
    if (b["objects"].size() > 0) {
      EXPECT_LE(first, last);
      EXPECT_LT(previous_last, first);  // pages never overlap
      previous_last = last;
    }
    ++pages;
    if (!b["more"].as_bool()) {
      EXPECT_FALSE(b["next"].exists());
      break;
    }
    next = b["next"].str();
    ASSERT_FALSE(next.empty());
  }
  done = true;
  writer.join();
  EXPECT_EQ(repeats, 0u);
  for (int i = 0; i < kObjects; ++i)
    ASSERT_TRUE(seen.count(IndicatorId(i))) << "missed object " << i;
  EXPECT_GE(pages, static_cast<size_t>(kObjects / kPage));
  EXPECT_GT(posted.load(), 0);
}

TEST_F(TaxiiTest, FiltersSelectByIdTypeDateAndSpecVersion) {
  auto count = [&](const std::string& query) {
    HttpResponse r = Get(Objects(big_) + "?" + query, alice_);
    EXPECT_EQ(r.status, 200) << query << ": " << r.body;
    return Body(r.body)["objects"].size();
  };
  EXPECT_EQ(count("match[id]=" + IndicatorId(5)), 1u);
  EXPECT_EQ(count("match[id]=" + IndicatorId(5) + "," + IndicatorId(6)), 2u);
  EXPECT_EQ(count("match%5Bid%5D=" + IndicatorId(7)), 1u);  // percent-encoded brackets
  EXPECT_EQ(count("match[type]=malware"), 0u);
  EXPECT_EQ(count("match[type]=indicator,malware&limit=7"), 7u);
  EXPECT_EQ(count("match[spec_version]=2.0"), 0u);
  EXPECT_EQ(count("match[spec_version]=2.1&limit=3"), 3u);
  // added_after = the last date_added of a page gives exactly the following objects.
  HttpResponse first = Get(Objects(big_) + "?limit=50", alice_);
  std::string last = first.Header("x-taxii-date-added-last");
  HttpResponse after = Get(Objects(big_) + "?limit=50&added_after=" + last, alice_);
  EXPECT_GT(after.Header("x-taxii-date-added-first"), last);
  HttpResponse both = Get(Objects(big_) + "?limit=100", alice_);
  Body b100(both.body), b50(after.body);
  EXPECT_EQ(b100["objects"].at(50)["id"].str(), b50["objects"].at(0)["id"].str());
  EXPECT_EQ(count("added_after=2999-01-01T00:00:00Z"), 0u);
  EXPECT_EQ(Get(Objects(big_) + "?added_after=2999-01-01T00:00:00Z", alice_).body,
            "{\"more\":false}");
}

TEST_F(TaxiiTest, VersionsOfOneObject) {
  // Three versions of one object, posted out of order.
  const std::string v1 = "2026-02-01T00:00:00.000Z", v2 = "2026-03-01T00:00:00.000Z",
                    v3 = "2026-04-01T00:00:00.000Z";
  HttpResponse r =
      Send("POST", Objects(private_), alice_,
           Post({IndicatorJson(500000, v2), IndicatorJson(500000, v1), IndicatorJson(500000, v3)}));
  ASSERT_EQ(r.status, 202) << r.body;
  const std::string id = IndicatorId(500000);
  const std::string object = Objects(private_) + id + "/";
  auto modified = [&](const std::string& query) {
    Body b(Get(object + query, alice_).body);
    std::vector<std::string> out;
    for (json::Value o : b["objects"]) out.push_back(o["modified"].str());
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(modified(""), std::vector<std::string>{v3});  // last by default
  EXPECT_EQ(modified("?match[version]=last"), std::vector<std::string>{v3});
  EXPECT_EQ(modified("?match[version]=first"), std::vector<std::string>{v1});
  EXPECT_EQ(modified("?match[version]=all"), (std::vector<std::string>{v1, v2, v3}));
  EXPECT_EQ(modified("?match[version]=" + v2), std::vector<std::string>{v2});
  EXPECT_EQ(modified("?match[version]=first,last"), (std::vector<std::string>{v1, v3}));
  EXPECT_EQ(modified("?match[version]=all&limit=2").size(), 2u);

  HttpResponse versions = Get(object + "versions/", alice_);
  ASSERT_EQ(versions.status, 200) << versions.body;
  Body vb(versions.body);
  std::vector<std::string> listed;
  for (json::Value v : vb["versions"]) listed.push_back(v.str());
  std::sort(listed.begin(), listed.end());
  EXPECT_EQ(listed, (std::vector<std::string>{v1, v2, v3}));
  EXPECT_FALSE(vb["more"].as_bool());
  EXPECT_FALSE(versions.Header("x-taxii-date-added-first").empty());
  Body page(Get(object + "versions/?limit=2", alice_).body);
  EXPECT_EQ(page["versions"].size(), 2u);
  EXPECT_TRUE(page["more"].as_bool());

  // Manifest lists each version with its date_added and media type.
  Body manifest(Get("/taxii2/api/collections/" + private_ + "/manifest/?match[id]=" + id +
                        "&match[version]=all",
                    alice_)
                    .body);
  ASSERT_EQ(manifest["objects"].size(), 3u);
  json::Value entry = manifest["objects"].at(0);
  EXPECT_TRUE(entry["id"].str_equals(id));
  EXPECT_TRUE(entry["date_added"].is_string());
  EXPECT_TRUE(entry["version"].is_string());
  EXPECT_TRUE(entry["media_type"].str_equals("application/stix+json;version=2.1"));

  // DELETE one version, then the rest.
  ExpectTaxiiError(Send("DELETE", object, bob_, "", ""), 404);  // not visible to B
  EXPECT_EQ(Send("DELETE", object + "?match[version]=" + v1, alice_, "", "").status, 200);
  EXPECT_EQ(modified("?match[version]=all"), (std::vector<std::string>{v2, v3}));
  EXPECT_EQ(Send("DELETE", object, alice_, "", "").status, 200);
  ExpectTaxiiError(Get(object, alice_), 404);
  ExpectTaxiiError(Get(object + "versions/", alice_), 404);
  ExpectTaxiiError(Send("DELETE", object, alice_, "", ""), 404);
}

TEST_F(TaxiiTest, PostReturnsARetrievableStatus) {
  const std::string good = IndicatorJson(600000);
  const std::string bad =
      R"({"type":"indicator","spec_version":"2.1","id":"indicator--)" + UuidV4() +
      R"(","created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z","pattern":"[ipv4-addr:value = ","pattern_type":"stix","valid_from":"2026-01-01T00:00:00Z"})";
  HttpResponse r = Send("POST", Objects(shared_), bea_, Post({good, bad}));
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(r.Header("content-type"), kTaxii);
  Body status(r.body);
  EXPECT_TRUE(status["status"].str_equals("complete"));
  EXPECT_EQ(*status["total_count"].as_int(), 2);
  EXPECT_EQ(*status["success_count"].as_int(), 1);
  EXPECT_EQ(*status["failure_count"].as_int(), 1);
  EXPECT_EQ(*status["pending_count"].as_int(), 0);
  EXPECT_TRUE(status["successes"].at(0)["id"].str_equals(IndicatorId(600000)));
  EXPECT_NE(status["failures"].at(0)["message"].str().find("pattern:"), std::string::npos);
  EXPECT_TRUE(status["request_timestamp"].is_string());

  const std::string url = "/taxii2/api/status/" + status["id"].str() + "/";
  HttpResponse again = Get(url, bob_);  // same organisation
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(again.body, r.body);
  ExpectTaxiiError(Get(url, carol_), 404);  // another organisation's status is invisible
  ExpectTaxiiError(Get("/taxii2/api/status/" + UuidV4() + "/", bob_), 404);
  EXPECT_EQ(Body(Get(Objects(shared_) + IndicatorId(600000) + "/", bob_).body)["objects"].size(),
            1u);
}

TEST_F(TaxiiTest, WritesNeedWriteAccessAndTheRightBody) {
  const std::string obj = IndicatorJson(700000);
  ExpectTaxiiError(Send("POST", Objects(big_), bob_, Post({obj})), 403);     // read-only grant
  ExpectTaxiiError(Send("POST", Objects(shared_), bob_, Post({obj})), 403);  // reader role
  ExpectTaxiiError(Send("POST", Objects(private_), carol_, Post({obj})), 404);
  ExpectTaxiiError(Send("DELETE", Objects(big_) + IndicatorId(1) + "/", bob_, "", ""), 403);
  ExpectTaxiiError(Send("POST", Objects(private_), alice_, Post({obj}), "application/json"), 415);
  ExpectTaxiiError(Send("POST", Objects(private_), alice_, Post({obj}), ""), 415);
  ExpectTaxiiError(Send("POST", Objects(private_), alice_, "{\"objects\": [", kTaxii), 400);
  ExpectTaxiiError(Send("POST", Objects(private_), alice_, "[1,2]", kTaxii), 422);
  ExpectTaxiiError(Send("POST", Objects(private_), alice_, "{\"type\":\"bundle\"}", kTaxii), 422);
  ExpectTaxiiError(Send("PUT", Objects(private_), alice_, Post({obj})), 405);
  ExpectTaxiiError(Send("POST", "/taxii2/api/collections/", alice_, Post({obj})), 405);
}

// Rendered pages are cached; no cached page may survive a commit, whether it came through the
// server (POST) or from another process (the CLI writing the same database).
TEST_F(TaxiiTest, CachedPagesNeverOutliveAChange) {
  const std::string url =
      Objects(private_) + "?match[id]=" + IndicatorId(800000) + "&match[version]=all";
  EXPECT_EQ(Get(url, alice_).body, "{\"more\":false}");
  EXPECT_EQ(Get(url, alice_).body, "{\"more\":false}");  // served from the cache
  ASSERT_EQ(Send("POST", Objects(private_), alice_,
                 Post({IndicatorJson(800000, "2026-05-01T00:00:00.000Z")}))
                .status,
            202);
  EXPECT_EQ(Body(Get(url, alice_).body)["objects"].size(), 1u);
  EXPECT_EQ(Body(Get(url, alice_).body)["objects"].size(), 1u);
  testing::WriteFile(dir_->File("v2.json"), IndicatorJson(800000, "2026-06-01T00:00:00.000Z"));
  auto r = RunConcord({"--db", db_, "import", "--collection", private_, dir_->File("v2.json")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Body(Get(url, alice_).body)["objects"].size(), 2u);
  // The same page for another organisation is computed for it (and refused here: no grant).
  ExpectTaxiiError(Get(url, bob_), 404);
}

TEST_F(TaxiiTest, BadFiltersGet400) {
  for (const char* q : {"limit=0", "limit=abc", "added_after=yesterday", "match[version]=newest",
                        "match[type]=BAD%20TYPE", "next=xyz", "match[id]=nope",
                        "match[spec_version]=x", "match[foo]=1", "limit=%ZZ"}) {
    ExpectTaxiiError(Get(Objects(big_) + "?" + q, alice_), 400);
  }
  ExpectTaxiiError(Get("/taxii2/api/collections/" + big_ + "/objects/" + IndicatorId(1) +
                           "/versions/?match[type]=indicator",
                       alice_),
                   400);
}

TEST_F(TaxiiTest, MalformedRequestsGetTheRightStatusWhileOthersAreServed) {
  const int port = server_->port();
  // A slow client holds a connection with half a request for the whole test.
  int slow = testing::ConnectLoopback(port);
  std::string partial = "GET /taxii2/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + alice_;
  ASSERT_EQ(send(slow, partial.data(), partial.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(partial.size()));

  auto status_of = [](const std::string& raw) { return testing::ParseResponse(raw).status; };
  // Body over --max-body: refused from its Content-Length, before the body is read.
  std::string big = "POST " + Objects(private_) + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                    alice_ + "\r\nContent-Type: " + kTaxii + "\r\nContent-Length: 2000000\r\n\r\n";
  HttpResponse too_big = testing::ParseResponse(testing::SendRaw(port, big));
  ExpectTaxiiError(too_big, 413);
  // Huge headers.
  HttpResponse huge = testing::ParseResponse(testing::SendRaw(
      port,
      "GET /taxii2/ HTTP/1.1\r\nHost: x\r\nX-Junk: " + std::string(100000, 'j') + "\r\n\r\n"));
  ExpectTaxiiError(huge, 431);
  // Truncated body: the client says 100 bytes, sends 10 and stops sending.
  std::string truncated =
      "POST " + Objects(private_) + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + alice_ +
      "\r\nContent-Type: " + kTaxii + "\r\nContent-Length: 100\r\n\r\n{\"objects\"";
  ExpectTaxiiError(testing::ParseResponse(testing::SendRaw(port, truncated, /*half_close=*/true)),
                   400);
  // Not HTTP at all.
  EXPECT_EQ(status_of(testing::SendRaw(port, "\x16\x03\x01 not http\r\n\r\n")), 400);
  // Path traversal attempts never reach a file or another resource.
  for (const std::string& path : std::vector<std::string>{
           "/taxii2/api/../../etc/passwd", "/taxii2/api/collections/..%2f..%2fetc/",
           "/taxii2/%2e%2e/api/", "/taxii2/api/collections/" + big_ + "/objects/../../"}) {
    ExpectTaxiiError(Get(path, alice_), 404);
  }
  // Bad JSON in the body is a 400 with where it broke.
  HttpResponse bad_json = Send("POST", Objects(private_), alice_, "{\"objects\":[{\"type\":}]}");
  ExpectTaxiiError(bad_json, 400);
  EXPECT_NE(bad_json.body.find("line 1, column"), std::string::npos);

  // Meanwhile a normal client is served as usual.
  EXPECT_EQ(Get("/taxii2/api/collections/", alice_).status, 200);
  close(slow);
}

}  // namespace
}  // namespace concord
