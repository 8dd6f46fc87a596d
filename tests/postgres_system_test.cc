// Several `concord serve` processes on one PostgreSQL database (issue 19): they share one
// store, the first start happens once, and what one writes the other serves at once (its
// cached answers are dropped by the change signal, LISTEN/NOTIFY).

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "common/json.h"
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
  int Found(int port, const std::string& query) {
    auto r = testing::Request(port, "GET", "/api/v1/objects?limit=500&" + query,
                              {{"Authorization", "Bearer " + token_}});
    EXPECT_EQ(r.status, 200) << r.body;
    json::Document doc;
    if (!doc.ParseAll(r.body).ok()) return -1;
    return static_cast<int>(doc.root()["objects"].size());
  }

  std::string why_not_, target_, token_;
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

}  // namespace
}  // namespace concord
