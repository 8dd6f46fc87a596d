// Crash safety: `concord import` is killed with SIGKILL in the middle of a large import. The
// database must open, pass PRAGMA integrity_check, and hold exactly the objects of the batches
// that were committed: a prefix of the input in whole batches.

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <set>
#include <thread>

#include "common/uuid.h"
#include "tests/test_util.h"

namespace concord {
namespace {

constexpr int kObjects = 300000;
constexpr int kBatch = 5000;

std::string IdOf(int i) { return "indicator--" + UuidV5(kStixScoNamespace, std::to_string(i)); }

std::string MakeBundle() {
  std::string b =
      R"({"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[)";
  b.reserve(kObjects * 330);
  for (int i = 0; i < kObjects; ++i) {
    if (i) b += ",\n";
    b +=
        R"({"type":"indicator","spec_version":"2.1","id":")" + IdOf(i) +
        R"(","created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z","pattern":"[domain-name:value = 'host)" +
        std::to_string(i) +
        R"(.example.net']","pattern_type":"stix","valid_from":"2026-01-01T00:00:00Z"})";
  }
  return b + "]}";
}

TEST(CrashTest, KilledImportLeavesExactlyTheCommittedBatches) {
  testing::TempDir dir;
  const std::string bundle = dir.File("big.json"), db = dir.File("crash.db"),
                    err = dir.File("stderr");
  testing::WriteFile(bundle, MakeBundle());

  pid_t pid = fork();
  if (pid == 0) {
    if (!freopen(err.c_str(), "wb", stderr) || !freopen("/dev/null", "wb", stdout)) _exit(126);
    std::string batch = std::to_string(kBatch);
    execl(CONCORD_BINARY, CONCORD_BINARY, "--db", db.c_str(), "import", "--progress",
          "--batch-size", batch.c_str(), bundle.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // Kill it once a few batches are committed, while it is still working.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  size_t committed_lines = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    std::string progress = testing::ReadFile(err);
    committed_lines = 0;
    for (size_t p = progress.find("committed"); p != std::string::npos;
         p = progress.find("committed", p + 1)) {
      ++committed_lines;
    }
    if (committed_lines >= 3) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the import finished before it could be killed; "
                                      "make the bundle larger";
  ASSERT_GE(committed_lines, 3u);

  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> handle(raw, &sqlite3_close);
  sqlite3_stmt* s = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw, "PRAGMA integrity_check", -1, &s, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)), "ok");
  sqlite3_finalize(s);

  std::set<std::string> stored;
  ASSERT_EQ(sqlite3_prepare_v2(raw, "SELECT id FROM objects", -1, &s, nullptr), SQLITE_OK);
  while (sqlite3_step(s) == SQLITE_ROW) {
    stored.insert(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
  }
  sqlite3_finalize(s);

  // Whole batches only, at least those reported committed, and exactly the input's prefix.
  EXPECT_EQ(stored.size() % kBatch, 0u) << stored.size();
  EXPECT_GE(stored.size(), committed_lines * kBatch);
  EXPECT_LT(stored.size(), static_cast<size_t>(kObjects));
  for (size_t i = 0; i < stored.size(); ++i) {
    ASSERT_TRUE(stored.count(IdOf(static_cast<int>(i)))) << "object " << i << " missing";
  }

  // The store is usable afterwards: importing the whole file again completes it.
  auto r = testing::RunConcord({"--db", db, "import", bundle});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(std::to_string(kObjects - stored.size()) + " added"), std::string::npos)
      << r.out;
}

}  // namespace
}  // namespace concord
