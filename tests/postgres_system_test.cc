// Several `concord serve` processes on one PostgreSQL database (issue 19): they share one
// store, the first start happens once, and what one writes the other serves at once (its
// cached answers are dropped by the change signal, LISTEN/NOTIFY). Behind nginx, TAXII paging
// through one process while the other takes writes misses and repeats nothing; a process killed
// with SIGKILL loses no committed object and leaves no half batch; PostgreSQL stopped under load
// makes requests fail with 503, and they succeed again when it is back, without a restart.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/json.h"
#include "tests/fake_taxii.h"
#include "tests/http_client.h"
#include "tests/postgres_server.h"
#include "tests/test_util.h"

namespace concord {
namespace {

class PostgresSystemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = testing::PostgresServer::Start(&why_not_);
    if (!server_) GTEST_SKIP() << why_not_;
    ASSERT_TRUE(server_->CreateDatabase("shared")) << server_->Log();
    target_ = server_->Target("shared");
    // Every process on the database needs the same node key: both run in this folder, where
    // the default concord.key is.
    std::filesystem::current_path(dir_.path());
  }

  // The number of objects a search through `port` finds (at most 500).
  int Found(int port, const std::string& query, std::map<std::string, std::string> auth = {}) {
    if (auth.empty()) auth = {{"Authorization", "Bearer " + token_}};
    auto r = testing::Request(port, "GET", "/api/v1/objects?limit=500&" + query, auth);
    EXPECT_EQ(r.status, 200) << r.body;
    json::Document doc;
    if (!doc.ParseAll(r.body).ok()) return -1;
    return static_cast<int>(doc.root()["objects"].size());
  }

  // Starts A (the first start, whose admin token it keeps) and B on the shared database.
  void StartTwo() {
    a_ = std::make_unique<testing::ServerProcess>(target_, std::vector<std::string>{},
                                                  dir_.File("a.out"));
    ASSERT_GT(a_->port(), 0) << a_->output();
    const std::string first = a_->output();
    const size_t at = first.find("store it now): ");
    ASSERT_NE(at, std::string::npos) << first;
    token_ = first.substr(at + 15, first.find('\n', at) - at - 15);
    b_ = std::make_unique<testing::ServerProcess>(target_, std::vector<std::string>{},
                                                  dir_.File("b.out"));
    ASSERT_GT(b_->port(), 0) << b_->output();
  }

  // A collection the BENCH organisation's analyst reads and writes; its token in `*token`.
  std::string MakeCollection(std::string* token) {
    testing::RunConcordOk(target_, {"org", "add", "BENCH"});
    testing::RunConcordOk(target_,
                          {"user", "add", "analyst", "--org", "BENCH", "--role", "analyst"});
    *token = testing::RunConcordOk(target_, {"token", "create", "--user", "analyst"});
    while (!token->empty() && token->back() == '\n') token->pop_back();
    std::string id = testing::RunConcordOk(target_, {"collection", "add", "--title", "Shared"});
    while (!id.empty() && id.back() == '\n') id.pop_back();
    testing::RunConcordOk(target_,
                          {"collection", "grant", id, "--org", "BENCH", "--read", "--write"});
    return id;
  }

  int StoredIndicators() {
    return std::atoi(
        server_->Query("SELECT COUNT(*) FROM objects WHERE type = 'indicator'", "shared").c_str());
  }

  std::string why_not_, target_, token_;
  std::unique_ptr<testing::ServerProcess> a_, b_;
  std::unique_ptr<testing::PostgresServer> server_;
  testing::TempDir dir_;
};

std::string Indicator(int i) {
  char id[64];
  std::snprintf(id, sizeof id, "indicator--00000000-0000-4000-8000-%012d", i);
  return std::string(R"({"type":"indicator","spec_version":"2.1","id":")") + id +
         R"(","created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z",)" +
         R"("name":"shared store )" + std::to_string(i) +
         R"(","pattern":"[ipv4-addr:value = '198.51.100.)" + std::to_string(i % 250) +
         R"(']","pattern_type":"stix","valid_from":"2026-01-01T00:00:00Z"})";
}

// `count` indicators from `first` on, one per line.
std::string Indicators(int first, int count) {
  std::string lines;
  for (int i = first; i < first + count; ++i) lines += Indicator(i) + "\n";
  return lines;
}

// nginx in front of `upstreams` (round robin, keep-alive connections to them), as the README's
// "Scaling out" configures it; stopped with the object.
class Nginx {
 public:
  Nginx(const std::string& dir, const std::vector<int>& upstreams)
      : port_(testing::PostgresServer::FreePort()) {
    std::string conf = "worker_processes 1;\ndaemon off;\npid " + dir + "/nginx.pid;\n" +
                       "error_log " + dir + "/nginx.err;\nevents { worker_connections 256; }\n" +
                       "http {\n  access_log off;\n  client_body_temp_path " + dir + ";\n" +
                       "  proxy_temp_path " + dir + ";\n  client_max_body_size 64m;\n" +
                       "  upstream concord {\n";
    for (int p : upstreams) conf += "    server 127.0.0.1:" + std::to_string(p) + ";\n";
    conf += "    keepalive 16;\n  }\n  server {\n    listen 127.0.0.1:" + std::to_string(port_) +
            ";\n    location / {\n      proxy_pass http://concord;\n" +
            "      proxy_http_version 1.1;\n      proxy_set_header Connection \"\";\n" +
            "    }\n  }\n}\n";
    testing::WriteFile(dir + "/nginx.conf", conf);
    pid_ = fork();
    if (pid_ == 0) {
      execlp("nginx", "nginx", "-c", (dir + "/nginx.conf").c_str(), "-p", dir.c_str(),
             static_cast<char*>(nullptr));
      _exit(127);
    }
    for (int i = 0; i < 100; ++i) {
      const int fd = testing::ConnectLoopback(port_);
      if (fd >= 0) {
        close(fd);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  ~Nginx() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  int port() const { return port_; }

 private:
  int port_;
  pid_t pid_ = -1;
};

TEST_F(PostgresSystemTest, TwoProcessesServeOneStoreAndSeeEachOthersWritesAtOnce) {
  testing::ServerProcess a(target_, {}, dir_.File("a.out"));
  ASSERT_GT(a.port(), 0) << a.output();
  const std::string first = a.output();
  const size_t at = first.find("store it now): ");
  ASSERT_NE(at, std::string::npos) << first;
  token_ = first.substr(at + 15, first.find('\n', at) - at - 15);
  testing::ServerProcess b(target_, {}, dir_.File("b.out"));
  ASSERT_GT(b.port(), 0) << b.output();
  // One first start: the second process finds the node made.
  EXPECT_EQ(b.output().find("First start"), std::string::npos) << b.output();

  // A's answer is cached; B writes; A answers with B's objects, without a restart.
  EXPECT_EQ(Found(a.port(), "q=shared"), 0);
  EXPECT_EQ(Found(a.port(), "q=shared"), 0);  // now from A's response cache
  std::string lines;
  for (int i = 1; i <= 3; ++i) lines += Indicator(i) + "\n";
  auto posted = testing::Request(b.port(), "POST", "/api/v1/objects/import",
                                 {{"Authorization", "Bearer " + token_}}, lines);
  ASSERT_EQ(posted.status, 200) << posted.body;
  // The index is built behind the writes (the search brings it up to date first); the change
  // signal reaches A within milliseconds.
  int found = 0;
  for (int tries = 0; tries < 100 && found != 3; ++tries) {
    found = Found(a.port(), "q=shared");
    if (found != 3) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(found, 3) << "A never served what B wrote";
  EXPECT_EQ(Found(b.port(), "q=shared"), 3);
  // By value: through each process's matching engine, which recompiles the indicators when the
  // data version moves (checked every 250 ms), so within a second on both.
  for (int port : {a.port(), b.port()}) {
    int by_value = 0;
    for (int tries = 0; tries < 100 && by_value != 1; ++tries) {
      by_value = Found(port, "type=indicator&q=198.51.100.2");
      if (by_value != 1) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_EQ(by_value, 1) << "by value through " << (port == a.port() ? "A" : "B");
  }
}

TEST_F(PostgresSystemTest, PagingBehindNginxMissesAndRepeatsNothingWhileTheOtherProcessWrites) {
  StartTwo();
  std::string token;
  const std::string collection = MakeCollection(&token);
  constexpr int kStored = 100000, kPosts = 20, kPerPost = 50;
  testing::WriteFile(dir_.File("stored.jsonl"), Indicators(1, kStored));
  testing::RunConcordOk(target_, {"import", "--collection", collection, dir_.File("stored.jsonl")});
  Nginx nginx(dir_.path().string(), {a_->port(), b_->port()});
  const std::map<std::string, std::string> taxii = {
      {"Authorization", "Bearer " + token},
      {"Accept", "application/taxii+json;version=2.1"},
      {"Content-Type", "application/taxii+json;version=2.1"}};
  const std::string objects = "/taxii2/api/collections/" + collection + "/objects/";

  // Writes through B while a client pages through nginx (both processes serve its pages).
  std::atomic<int> posted{0};
  std::thread writer([&] {
    for (int p = 0; p < kPosts; ++p) {
      std::string envelope = "{\"objects\":[";
      for (int i = 0; i < kPerPost; ++i) {
        envelope += (i ? "," : "") + Indicator(kStored + 1 + p * kPerPost + i);
      }
      auto r = testing::Request(b_->port(), "POST", objects, taxii, envelope + "]}");
      EXPECT_EQ(r.status, 202) << r.body;
      posted += kPerPost;
    }
  });
  std::map<std::string, int> seen;
  // Where the next page starts: the `next` of a page that said more, else (to pick up what
  // arrives later) added_after the last object's date_added.
  std::string resume;
  int pages = 0;
  auto page = [&] {
    auto r = testing::Request(nginx.port(), "GET", objects + "?limit=1000" + resume, taxii);
    EXPECT_EQ(r.status, 200) << r.body;
    json::Document doc;
    if (r.status != 200 || !doc.ParseAll(r.body).ok()) return false;
    const json::Value list = doc.root()["objects"];
    for (uint32_t i = 0; i < list.size(); ++i) ++seen[list.at(i)["id"].str()];
    ++pages;
    const bool more = doc.root()["more"].is_bool() && doc.root()["more"].as_bool();
    if (more) {
      resume = "&next=" + doc.root()["next"].str();
    } else if (list.size() > 0) {
      resume = "&added_after=" + r.Header("x-taxii-date-added-last");
    }
    return more;
  };
  while (page()) {
  }
  writer.join();
  // What was posted after the last page follows it: resume from there.
  while (page()) {
  }
  EXPECT_GT(pages, 100);
  int repeated = 0, missing = 0;
  for (const auto& [id, n] : seen) repeated += n > 1;
  for (int i = 1; i <= kStored + kPosts * kPerPost; ++i) {
    char id[64];
    std::snprintf(id, sizeof id, "indicator--00000000-0000-4000-8000-%012d", i);
    missing += seen.count(id) == 0;
  }
  EXPECT_EQ(repeated, 0);
  EXPECT_EQ(missing, 0);
  EXPECT_EQ(static_cast<int>(seen.size()), kStored + kPosts * kPerPost);
}

TEST_F(PostgresSystemTest, AProcessKilledMidImportLosesNoCommittedObjectAndNoHalfBatch) {
  StartTwo();
  constexpr int kObjects = 30000, kBatch = 1000;
  testing::WriteFile(dir_.File("objects.jsonl"), Indicators(1, kObjects));
  // An import of its own (the CLI, in batches of 1,000), killed once some batches committed.
  pid_t importer = fork();
  if (importer == 0) {
    std::freopen("/dev/null", "wb", stdout);
    execl(CONCORD_BINARY, CONCORD_BINARY, "--db", target_.c_str(), "import", "--batch-size",
          std::to_string(kBatch).c_str(), dir_.File("objects.jsonl").c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  // The importer runs in slices of 20 ms and is counted while it is stopped, so however slow
  // or fast the machine, it is killed after its third batch and long before its last.
  for (int i = 0; i < 1000; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    kill(importer, SIGSTOP);
    if (StoredIndicators() >= 3 * kBatch) break;
    kill(importer, SIGCONT);
  }
  kill(importer, SIGKILL);
  waitpid(importer, nullptr, 0);
  const int committed = StoredIndicators();
  EXPECT_GE(committed, 3 * kBatch);
  EXPECT_LT(committed, kObjects) << "the import ended before it was killed: the test is void";
  EXPECT_EQ(committed % kBatch, 0) << "a half-written batch";

  // A is killed in the middle of an import through it, while B imports the rest: B's import
  // completes (A's lock went with its connection), and nothing of A's half-done request stays.
  std::thread through_a([&] {
    testing::Request(a_->port(), "POST", "/api/v1/objects/import",
                     {{"Authorization", "Bearer " + token_}}, Indicators(kObjects + 1, 20000));
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  kill(a_->pid(), SIGKILL);
  through_a.join();
  auto rest = testing::Request(b_->port(), "POST", "/api/v1/objects/import",
                               {{"Authorization", "Bearer " + token_}},
                               testing::ReadFile(dir_.File("objects.jsonl")));
  ASSERT_EQ(rest.status, 200) << rest.body;
  const int after = StoredIndicators();
  // Every object of the file exactly once; of A's request all (it committed before the kill)
  // or none (one batch: it rolled back).
  EXPECT_TRUE(after == kObjects || after == kObjects + 20000) << after;
  EXPECT_EQ(
      server_->Query("SELECT COUNT(DISTINCT id) FROM objects WHERE type = 'indicator'", "shared"),
      std::to_string(after));
  // What was stored is what was sent.
  auto one = testing::Request(b_->port(), "GET",
                              "/api/v1/objects/indicator--00000000-0000-4000-8000-000000000007",
                              {{"Authorization", "Bearer " + token_}});
  EXPECT_EQ(one.status, 200);
  EXPECT_NE(one.body.find("shared store 7\""), std::string::npos) << one.body;
}

TEST_F(PostgresSystemTest, PostgresStoppedUnderLoadGives503AndRecoversWithoutRestart) {
  StartTwo();
  const std::map<std::string, std::string> auth = {{"Authorization", "Bearer " + token_}};
  ASSERT_EQ(testing::Request(a_->port(), "GET", "/api/v1/objects?limit=5", auth).status, 200);
  std::atomic<bool> stop{false};
  std::mutex mu;
  std::map<int, int> statuses;
  std::string unexpected;
  std::vector<std::thread> load;
  for (int c = 0; c < 4; ++c) {
    load.emplace_back([&, c] {
      int i = 0;
      while (!stop) {
        // Each request different, so none is answered from a cache.
        const int port = c % 2 ? a_->port() : b_->port();
        const auto sent = std::chrono::steady_clock::now();
        auto r = testing::Request(port, "GET", "/api/v1/objects?limit=5&q=x" + std::to_string(i++),
                                  auth);
        {
          std::lock_guard<std::mutex> lock(mu);
          ++statuses[r.status];
          if (r.status != 200 && r.status != 503) {  // described, for the failure message
            unexpected += "port " + std::to_string(port) + ": status " + std::to_string(r.status) +
                          " after " +
                          std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                             std::chrono::steady_clock::now() - sent)
                                             .count()) +
                          " ms; ";
          }
        }
        // Not faster: a new connection per request would run out of loopback ports.
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_TRUE(server_->Stop());
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  {
    std::lock_guard<std::mutex> lock(mu);
    EXPECT_GT(statuses[503], 0) << "no request failed while PostgreSQL was down";
  }
  ASSERT_TRUE(server_->Restart()) << server_->Log();
  // Back within the pool's longest back-off (2 s) on both processes.
  for (int port : {a_->port(), b_->port()}) {
    int status = 0;
    for (int i = 0; i < 100 && status != 200; ++i) {
      status = testing::Request(port, "GET", "/api/v1/objects?limit=5&q=back", auth).status;
      if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_EQ(status, 200) << "no recovery on port " << port;
  }
  stop = true;
  for (auto& t : load) t.join();
  std::lock_guard<std::mutex> lock(mu);
  for (const auto& [status, n] : statuses) {
    EXPECT_TRUE(status == 200 || status == 503) << n << " answers " << status << ": " << unexpected;
  }
  EXPECT_GT(statuses[200], 0);
  // Writes work again too, through both.
  for (int port : {a_->port(), b_->port()}) {
    auto w = testing::Request(port, "POST", "/api/v1/objects/import", auth,
                              Indicator(port % 1000 + 1) + "\n");
    EXPECT_EQ(w.status, 200) << w.body;
  }
}

TEST_F(PostgresSystemTest, APeersSyncRunsInOneProcessAtATimeAndOncePerInterval) {
  // A peer (a plain TAXII server) whose every page takes 300 ms, due every second, with both
  // processes' schedulers running for six seconds. Coordinated (an advisory lock per peer, and
  // the shared time of its last attempt), that is about one pull a second; each process on its
  // own would make about ten in all (measured: 5 coordinated, 10 with the coordination removed).
  std::atomic<int> pulls{0};
  testing::FakeServer peer(
      [&](const std::string& method, const std::string& target, const std::string&) {
        testing::FakeServer::Reply r;
        if (method != "GET" || target.find("/objects/") == std::string::npos) {
          r.body = R"({"title":"peer","versions":["application/taxii+json;version=2.1"]})";
          return r;
        }
        ++pulls;
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        r.body = R"({"more":false,"objects":[]})";
        return r;
      });
  StartTwo();
  testing::RunConcordOk(target_,
                        {"peer", "add", "SLOW", "--url", peer.Url("/api/"), "--token-file",
                         testing::TokenFile("t"), "--collections", "c1", "--interval", "1"});
  std::this_thread::sleep_for(std::chrono::seconds(6));
  a_.reset();
  b_.reset();
  EXPECT_GE(pulls.load(), 3) << "the peer was hardly pulled";
  EXPECT_LE(pulls.load(), 7) << "both processes pulled the peer on its interval";
}

TEST_F(PostgresSystemTest, PasswordGuessingIsCountedByEveryProcessTogether) {
  StartTwo();
  // admin:not-the-password, wrong, from one address (10 failures a minute are allowed).
  const std::map<std::string, std::string> guess = {
      {"Authorization", "Basic YWRtaW46bm90LXRoZS1wYXNzd29yZA=="}};
  for (int i = 0; i < 10; ++i) {
    const int port = i % 2 ? a_->port() : b_->port();
    EXPECT_EQ(testing::Request(port, "GET", "/api/v1/objects?limit=1", guess).status, 401) << i;
  }
  // Five through each: neither process alone saw ten, together they did.
  for (int port : {a_->port(), b_->port()}) {
    auto r = testing::Request(port, "GET", "/api/v1/objects?limit=1", guess);
    EXPECT_EQ(r.status, 429) << r.body;
    EXPECT_FALSE(r.Header("retry-after").empty());
  }
  // A token still works, through both.
  for (int port : {a_->port(), b_->port()}) {
    EXPECT_EQ(testing::Request(port, "GET", "/api/v1/objects?limit=1",
                               {{"Authorization", "Bearer " + token_}})
                  .status,
              200);
  }
}

TEST_F(PostgresSystemTest, ReadsGoToTheStandbyAndAClientReadsItsOwnWritesAtOnce) {
  auto standby = testing::PostgresServer::StartStandby(*server_, &why_not_);
  ASSERT_TRUE(standby) << why_not_;
  testing::ServerProcess a(target_, {"--db-replica", standby->Target("shared")},
                           dir_.File("a.out"));
  ASSERT_GT(a.port(), 0) << a.output();
  const std::string out = a.output();
  EXPECT_NE(out.find("Reading from the hot standby"), std::string::npos) << out;
  const size_t at = out.find("store it now): ");
  ASSERT_NE(at, std::string::npos) << out;
  const std::map<std::string, std::string> auth = {
      {"Authorization", "Bearer " + out.substr(at + 15, out.find('\n', at) - at - 15)}};
  auto id_of = [](int i) {
    char id[64];
    std::snprintf(id, sizeof id, "indicator--00000000-0000-4000-8000-%012d", i);
    return std::string(id);
  };
  auto status_of = [&](int i) {
    return testing::Request(a.port(), "GET", "/api/v1/objects/" + id_of(i), auth).status;
  };
  auto on = [&](testing::PostgresServer& server, int i) {
    return server.Query("SELECT COUNT(*) FROM objects WHERE id = '" + id_of(i) + "'", "shared");
  };
  // Waits until the standby has replayed everything the primary wrote so far.
  auto caught_up = [&] {
    const std::string lsn = server_->Query("SELECT pg_current_wal_insert_lsn()", "shared");
    for (int i = 0; i < 200; ++i) {
      if (standby->Query("SELECT pg_last_wal_replay_lsn() >= '" + lsn + "'", "shared") == "t") {
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  };
  // With the standby's replay paused, an object written on the primary behind Concord's back
  // (no commit of Concord's announces it): a read served by the standby cannot find it.
  auto plant_behind_standby = [&](int i) {
    ASSERT_TRUE(caught_up());
    ASSERT_EQ(standby->Query("SELECT pg_wal_replay_pause()", "shared"), "");
    ASSERT_EQ(server_->Query("INSERT INTO objects (date_added, id, version, version_text, type, "
                             "spec_version, created_by_ref, marking_refs, revoked, json, latest, "
                             "received_from, owner) SELECT date_added + " +
                                 std::to_string(i) + ", '" + id_of(i) +
                                 "', version, version_text, type, spec_version, created_by_ref, "
                                 "marking_refs, revoked, replace(json, '" +
                                 id_of(4241) + "', '" + id_of(i) +
                                 "'), latest, received_from, owner FROM objects "
                                 "WHERE id = '" +
                                 id_of(4241) + "'",
                             "shared"),
              "INSERT 0 1");
    ASSERT_EQ(on(*server_, i), "1");
    ASSERT_EQ(on(*standby, i), "0");
  };
  ASSERT_EQ(
      testing::Request(a.port(), "POST", "/api/v1/objects/import", auth, Indicator(4241) + "\n")
          .status,
      200);
  ASSERT_EQ(status_of(4241), 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // the search index's pass

  // Reads run on the standby: the object only the primary has is not found.
  plant_behind_standby(4243);
  EXPECT_EQ(status_of(4243), 404) << "a read went to the primary";

  // The client's own write is read at once (from the primary, since the paused standby lacks
  // it), and so, from then on, is everything else the primary has.
  auto posted =
      testing::Request(a.port(), "POST", "/api/v1/objects/import", auth, Indicator(4242) + "\n");
  ASSERT_EQ(posted.status, 200) << posted.body;
  EXPECT_EQ(status_of(4242), 200);
  EXPECT_EQ(Found(a.port(), "q=shared", auth), 3);  // 4241, 4242 and the planted copy
  EXPECT_EQ(on(*standby, 4242), "0");
  EXPECT_EQ(status_of(4243), 200);

  // Replay resumed and caught up: reads go back to the standby.
  ASSERT_EQ(standby->Query("SELECT pg_wal_replay_resume()", "shared"), "");
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // the search index's pass
  plant_behind_standby(4244);
  EXPECT_EQ(status_of(4244), 404) << "reads did not return to the standby";
  ASSERT_EQ(standby->Query("SELECT pg_wal_replay_resume()", "shared"), "");

  // A replica that is not a standby is refused with the reason.
  auto wrong = testing::RunConcord({"--db", target_, "--db-replica", target_, "org", "list"});
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_NE(wrong.err.find("is not a hot standby"), std::string::npos) << wrong.err;
}

}  // namespace
}  // namespace concord
