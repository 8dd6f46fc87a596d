// `concord db copy` (issue 19): a node with the demo data and 100,000 more objects, copied from
// SQLite to PostgreSQL and back to SQLite, exports exactly what it exported before, with its
// organisations, users, collections and node key; a copy into a database that holds objects is
// refused and changes nothing.

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "tests/postgres_server.h"
#include "tests/test_util.h"

namespace concord {
namespace {

std::string Indicator(int i) {
  char id[64];
  std::snprintf(id, sizeof id, "indicator--00000000-0000-4000-9000-%012d", i);
  return std::string(R"({"type":"indicator","spec_version":"2.1","id":")") + id +
         R"(","created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z",)" +
         R"("name":"moved )" + std::to_string(i) +
         R"(","pattern":"[ipv4-addr:value = '203.0.113.)" + std::to_string(i % 250) +
         R"(']","pattern_type":"stix","valid_from":"2026-01-01T00:00:00Z"})";
}

// What a node holds, as its CLI shows it: every version of every object, and its accounts.
std::string Contents(const std::vector<std::string>& db) {
  std::string all;
  for (const std::vector<std::string>& command :
       {std::vector<std::string>{"export", "--all-versions"},
        {"org", "list"},
        {"user", "list"},
        {"collection", "list"}}) {
    std::vector<std::string> args = db;
    args.insert(args.end(), command.begin(), command.end());
    auto r = testing::RunConcord(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    // Each export is a new bundle, with a new id.
    if (const size_t at = r.out.find("\"bundle--"); at != std::string::npos) {
      r.out.erase(at, r.out.find('"', at + 1) - at);
    }
    all += r.out;
  }
  return all;
}

// EXPECT_EQ would print a diff of two 100 MB texts (and its edit distance takes gigabytes):
// where they first differ is enough.
void ExpectSame(const std::string& got, const std::string& want, const char* what) {
  if (got == want) return;
  size_t at = 0;
  while (at < got.size() && at < want.size() && got[at] == want[at]) ++at;
  const size_t from = at > 200 ? at - 200 : 0;
  ADD_FAILURE() << what << ": differs at byte " << at << " of " << got.size() << " / "
                << want.size() << "\ngot:  " << got.substr(from, 400)
                << "\nwant: " << want.substr(from, 400);
}

TEST(DbCopy, SqliteToPostgresAndBackKeepsEveryRecordAndTheKey) {
  std::string why_not;
  auto server = testing::PostgresServer::Start(&why_not);
  if (!server) GTEST_SKIP() << why_not;
  testing::TempDir dir;
  const std::string original = dir.File("node.db"), back = dir.File("back.db");
  {
    // The demo node, first started by serve, with a reader and a collection of its own.
    testing::ServerProcess demo(original, {"--demo", testing::DemoDir()}, dir.File("serve.out"));
    ASSERT_GT(demo.port(), 0) << demo.output();
  }
  testing::RunConcordOk(original, {"org", "add", "PARTNER"});
  testing::RunConcordOk(original,
                        {"user", "add", "partner", "--org", "PARTNER", "--role", "reader"});
  testing::RunConcordOk(original, {"collection", "add", "--title", "Moved"});
  // A peer: its token is stored encrypted with the node key, which must go with the data.
  testing::RunConcordOk(
      original, {"peer", "add", "CERT-TR", "--url", "https://taxii.cert-tr.example/taxii2/api/",
                 "--token-file", testing::TokenFile("secret-token-of-cert-tr")});
  {
    std::ofstream more(dir.File("more.jsonl"));
    for (int i = 1; i <= 100000; ++i) more << Indicator(i) << "\n";
  }
  testing::RunConcordOk(original, {"import", dir.File("more.jsonl")});
  const std::string before = Contents({"--db", original});
  ASSERT_NE(before.find("moved 100000"), std::string::npos);
  ASSERT_NE(before.find("PARTNER"), std::string::npos);

  const std::string pg = server->Target();
  auto there = testing::RunConcord(
      {"db", "copy", "--from", original, "--to", pg, "--to-key-file", dir.File("pg.key")});
  ASSERT_EQ(there.exit_code, 0) << there.err;
  EXPECT_NE(there.out.find("objects"), std::string::npos) << there.out;
  EXPECT_NE(there.out.find("every table verified"), std::string::npos) << there.out;
  EXPECT_EQ(there.out.find("DIFFERS"), std::string::npos) << there.out;
  // The node key went with the data, readable by its owner only.
  EXPECT_EQ(testing::ReadFile(dir.File("pg.key")), testing::ReadFile(original + ".key"));
  EXPECT_EQ(
      std::filesystem::status(dir.File("pg.key")).permissions() & std::filesystem::perms::group_all,
      std::filesystem::perms::none);
  ExpectSame(Contents({"--db", pg, "--key-file", dir.File("pg.key")}), before, "PostgreSQL copy");

  auto home = testing::RunConcord(
      {"db", "copy", "--from", pg, "--from-key-file", dir.File("pg.key"), "--to", back});
  ASSERT_EQ(home.exit_code, 0) << home.err;
  ExpectSame(Contents({"--db", back}), before, "copied back");
  EXPECT_EQ(testing::ReadFile(back + ".key"), testing::ReadFile(original + ".key"));
  // The copy's search index was rebuilt from its objects: a word finds one.
  auto found = testing::RunConcord(
      {"--db", back, "export", "--id", "indicator--00000000-0000-4000-9000-000000000042"});
  EXPECT_NE(found.out.find("moved 42"), std::string::npos);

  // Copying again into the filled database is refused, and leaves it as it was.
  auto again = testing::RunConcord(
      {"db", "copy", "--from", original, "--to", pg, "--to-key-file", dir.File("pg.key")});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already holds objects"), std::string::npos) << again.err;
  ExpectSame(Contents({"--db", pg, "--key-file", dir.File("pg.key")}), before, "after refusal");
  // Another node's key at the destination is not overwritten.
  testing::WriteFile(dir.File("other.key"), "not this node's key");
  auto other = testing::RunConcord({"db", "copy", "--from", original, "--to", dir.File("third.db"),
                                    "--to-key-file", dir.File("other.key")});
  EXPECT_EQ(other.exit_code, 2);
  EXPECT_NE(other.err.find("another node's key"), std::string::npos) << other.err;
}

}  // namespace
}  // namespace concord
