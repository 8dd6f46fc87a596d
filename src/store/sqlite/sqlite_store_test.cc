#include "store/sqlite/sqlite_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <atomic>
#include <thread>

#include "store/postgres/postgres_store.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/schema.h"
#include "tests/postgres_server.h"
#include "tests/test_util.h"

namespace concord::store {
namespace {

ObjectRecord Record(const std::string& id, Micros version, const std::string& type = "indicator") {
  ObjectRecord r;
  r.meta.id = id;
  r.meta.type = type;
  r.meta.spec_version = "2.1";
  r.meta.version = version;
  r.meta.version_text = FormatTimestampMillis(version);
  r.meta.marking_refs = {"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"};
  r.json = "{\"id\":\"" + id + "\",\"modified\":\"" + r.meta.version_text + "\"}";
  return r;
}

std::vector<StoredObject> All(const ObjectStore& store, ObjectQuery q = {}) {
  std::vector<StoredObject> out;
  EXPECT_TRUE(store
                  .Scan(q,
                        [&](const StoredObject& o) {
                          out.push_back(o);
                          return true;
                        })
                  .ok());
  return out;
}

// Every test of the object store runs on SQLite and on PostgreSQL.
class SqliteStoreTest : public ::testing::TestWithParam<sql::Dialect> {
 protected:
  void SetUp() override {
    SqliteOptions options;
    options.clock = &clock_;
    if (GetParam() == sql::Dialect::kSqlite) {
      auto s = OpenSqliteDatabase(dir_.File("sub/dir/concord.db"), options);
      ASSERT_TRUE(s.ok()) << s.status().message();
      db_ = std::move(s.value());
    } else {
      std::string why_not;
      auto* server = testing::SharedPostgres(&why_not);
      if (!server) GTEST_SKIP() << why_not;
      options.key_file = dir_.File("node.key");  // SQLite's is beside its file
      static int databases = 0;
      const std::string name = "store_test_" + std::to_string(++databases);
      ASSERT_TRUE(server->CreateDatabase(name)) << server->Log();
      target_ = server->Target(name);
      auto s = OpenPostgresDatabase(target_, options);
      ASSERT_TRUE(s.ok()) << s.status().message();
      db_ = std::move(s.value());
    }
    store_ = &db_->objects();
  }
  bool sqlite() const { return GetParam() == sql::Dialect::kSqlite; }
  void Put(std::initializer_list<ObjectRecord> records, std::vector<PutResult>* results = nullptr) {
    auto w = store_->BeginWrite();
    ASSERT_TRUE(w.ok()) << w.status().message();
    for (const auto& r : records) {
      auto res = (*w)->Put(r, "");
      ASSERT_TRUE(res.ok()) << res.status().message();
      if (results) results->push_back(*res);
    }
    ASSERT_TRUE((*w)->Commit().ok());
  }

  testing::TempDir dir_;
  std::string target_;  // the PostgreSQL database, when on PostgreSQL
  FakeClock clock_{1700000000000000};
  std::unique_ptr<Database> db_;
  ObjectStore* store_ = nullptr;
};

TEST_P(SqliteStoreTest, KeepsEveryVersionAndIgnoresRepeats) {
  std::vector<PutResult> results;
  Put({Record("indicator--a", 2000000), Record("indicator--a", 3000000),
       Record("indicator--a", 1000000), Record("indicator--a", 2000000)},
      &results);
  EXPECT_EQ(results[0].outcome, PutOutcome::kAdded);
  EXPECT_EQ(results[1].outcome, PutOutcome::kAdded);
  EXPECT_EQ(results[2].outcome, PutOutcome::kAdded);  // an older version is kept as such
  EXPECT_EQ(results[3].outcome, PutOutcome::kUnchanged);
  EXPECT_TRUE(results[3].same_json);
  EXPECT_EQ(results[3].date_added, results[0].date_added);
  EXPECT_EQ(*store_->CountVersions(), 3);

  ObjectQuery all;
  all.all_versions = true;
  EXPECT_EQ(All(*store_, all).size(), 3u);
  auto latest = All(*store_);
  ASSERT_EQ(latest.size(), 1u);
  EXPECT_EQ(latest[0].version, 3000000);
  EXPECT_EQ(latest[0].marking_refs.size(), 1u);
}

TEST_P(SqliteStoreTest, DateAddedIsStrictlyIncreasingAtMillisecondPrecision) {
  // The fake clock does not move: every object still gets its own millisecond.
  Put({Record("indicator--a", 1), Record("indicator--b", 1), Record("indicator--c", 1)});
  clock_.Advance(-5000000);  // even a clock stepping back cannot reorder date_added
  Put({Record("indicator--d", 1)});
  ObjectQuery all;
  all.all_versions = true;
  auto objects = All(*store_, all);
  ASSERT_EQ(objects.size(), 4u);
  for (size_t i = 0; i < objects.size(); ++i) {
    EXPECT_EQ(objects[i].date_added % 1000, 0);
    if (i > 0) {
      EXPECT_GT(objects[i].date_added, objects[i - 1].date_added);
    }
  }
  EXPECT_EQ(objects[0].date_added, clock_.Now() + 5000000);
}

TEST_P(SqliteStoreTest, FiltersByTypeIdAndDateAdded) {
  Put({Record("indicator--a", 1), Record("malware--b", 1, "malware"), Record("indicator--c", 1)});
  ObjectQuery q;
  q.types = {"malware"};
  EXPECT_EQ(All(*store_, q).size(), 1u);
  q = {};
  q.ids = {"indicator--a", "indicator--c"};
  EXPECT_EQ(All(*store_, q).size(), 2u);
  auto everything = All(*store_);
  q = {};
  q.added_after = everything[0].date_added;
  EXPECT_EQ(All(*store_, q).size(), 2u);
  q.limit = 1;
  EXPECT_EQ(All(*store_, q).size(), 1u);
}

TEST_P(SqliteStoreTest, UncommittedWritesAreRolledBack) {
  {
    auto w = store_->BeginWrite();
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->Put(Record("indicator--a", 1), "").ok());
  }  // destroyed without Commit
  EXPECT_EQ(*store_->CountVersions(), 0);
}

TEST_P(SqliteStoreTest, TypedPartsCommitAndRollBackWithTheObjects) {
  AuditEntry entry{0, 5, "cli:test", "team.add", "identity--x", "", "{}"};
  {
    auto w = store_->BeginWrite();
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->Put(Record("indicator--a", 1), "").ok());
    ASSERT_TRUE((*w)->Part<AuditWriter>().Add(entry).ok());
    // The same part twice in one transaction is one writer.
    EXPECT_EQ(&(*w)->Part<AuditWriter>(), &(*w)->Part<AuditWriter>());
  }  // no Commit: neither the object nor the entry
  EXPECT_EQ(*store_->CountVersions(), 0);
  EXPECT_TRUE(db_->audit().List("", 0)->empty());
  {
    auto w = store_->BeginWrite();
    ASSERT_TRUE((*w)->Put(Record("indicator--a", 1), "").ok());
    ASSERT_TRUE((*w)->Part<AuditWriter>().Add(entry).ok());
    ASSERT_TRUE((*w)->Commit().ok());
  }
  EXPECT_EQ(*store_->CountVersions(), 1);
  auto log = db_->audit().List("identity--x", 0);
  ASSERT_EQ(log->size(), 1u);
  EXPECT_EQ((*log)[0].action, "team.add");
}

TEST_P(SqliteStoreTest, ReadersRunConcurrentlyWithTheWriterAndSeeOnlyCommittedData) {
  std::atomic<bool> done{false};
  std::atomic<int> scans{0}, errors{0}, torn{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&] {
      while (!done) {
        size_t n = 0;
        if (!store_->Scan({}, [&](const StoredObject&) { return ++n > 0; }).ok()) ++errors;
        if (n % 100 != 0) ++torn;  // every commit adds exactly 100 objects
        ++scans;
      }
    });
  }
  for (int batch = 0; batch < 20; ++batch) {
    auto w = store_->BeginWrite();
    ASSERT_TRUE(w.ok());
    for (int i = 0; i < 100; ++i) {
      ASSERT_TRUE((*w)->Put(Record("indicator--" + std::to_string(batch * 100 + i), 1), "").ok());
    }
    ASSERT_TRUE((*w)->Commit().ok());
  }
  done = true;
  for (auto& t : readers) t.join();
  EXPECT_EQ(errors, 0);
  EXPECT_EQ(torn, 0);
  EXPECT_GT(scans, 0);
  EXPECT_EQ(*store_->CountVersions(), 2000);
}

// A peer's token is stored encrypted with the node key beside the database (mode 0600): the
// database file alone does not hold it, and another key cannot read it.
// Work only one process may do (a peer's sync): one holder of a name at a time, until it lets go.
TEST_P(SqliteStoreTest, OneHolderOfAnExclusiveLockAtATime) {
  auto first = db_->TryExclusive("sync:1");
  ASSERT_TRUE(first.ok()) << first.status().message();
  ASSERT_NE(*first, nullptr);
  auto again = db_->TryExclusive("sync:1");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, nullptr);
  auto other = db_->TryExclusive("sync:2");
  ASSERT_TRUE(other.ok());
  EXPECT_NE(*other, nullptr);
  if (!sqlite()) {
    // Another process on the same database (here: a second connection set) sees it held too.
    SqliteOptions options;
    options.key_file = dir_.File("node.key");
    auto second = OpenPostgresDatabase(target_, options);
    ASSERT_TRUE(second.ok()) << second.status().message();
    auto elsewhere = (*second)->TryExclusive("sync:1");
    ASSERT_TRUE(elsewhere.ok());
    EXPECT_EQ(*elsewhere, nullptr);
    first->reset();
    elsewhere = (*second)->TryExclusive("sync:1");
    ASSERT_TRUE(elsewhere.ok());
    EXPECT_NE(*elsewhere, nullptr);
    return;
  }
  first->reset();
  auto released = db_->TryExclusive("sync:1");
  ASSERT_TRUE(released.ok());
  EXPECT_NE(*released, nullptr);
}

TEST_P(SqliteStoreTest, PeerTokensAreEncryptedWithTheNodeKey) {
  if (!sqlite()) GTEST_SKIP() << "reads the SQLite files";
  Peer peer;
  peer.name = "CERT-X";
  peer.url = "https://cert-x.example/taxii2/api/";
  peer.token = "concord_secret_token_0123456789abcdef";
  ASSERT_TRUE(db_->collections().AddCollection({"c-from-x", "From CERT-X", "", {}, 1}).ok());
  peer.into_collection = "c-from-x";
  auto added = db_->peers().AddPeer(peer);
  ASSERT_TRUE(added.ok()) << added.status().message();
  EXPECT_EQ(db_->peers().FindPeer("CERT-X")->token, peer.token);
  EXPECT_EQ(db_->peers().ListPeers()->at(0).token, peer.token);
  const std::string path = dir_.File("sub/dir/concord.db");
  for (const char* file : {"", "-wal"}) {
    EXPECT_EQ(testing::ReadFile(path + file).find("secret_token"), std::string::npos) << file;
  }
  struct stat st {};
  ASSERT_EQ(stat((path + ".key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  SqliteOptions other;
  other.key_file = dir_.File("other.key");
  auto elsewhere = OpenSqliteDatabase(path, other);
  ASSERT_TRUE(elsewhere.ok());
  auto found = (*elsewhere)->peers().FindPeer("CERT-X");
  ASSERT_FALSE(found.ok());
  EXPECT_NE(found.status().message().find("cannot be decrypted"), std::string::npos);
  // A key file others can read is refused.
  ASSERT_EQ(chmod(other.key_file.c_str(), 0644), 0);
  elsewhere = OpenSqliteDatabase(path, other);
  ASSERT_TRUE(elsewhere.ok());
  EXPECT_NE((*elsewhere)->peers().FindPeer("CERT-X").status().message().find("chmod 600"),
            std::string::npos);
}

TEST_P(SqliteStoreTest, ReopensAndRefusesANewerSchema) {
  if (!sqlite()) GTEST_SKIP() << "SQLite's schema version (PostgreSQL's: sql_test)";
  Put({Record("indicator--a", 1)});
  store_ = nullptr;
  db_.reset();
  auto again = OpenSqliteDatabase(dir_.File("sub/dir/concord.db"));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*(*again)->objects().CountVersions(), 1);
  again = Status::Internal("closed");

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.File("sub/dir/concord.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  auto refused = OpenSqliteDatabase(dir_.File("sub/dir/concord.db"));
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("schema version 99, newer than this concord supports"),
            std::string::npos)
      << refused.status().message();
}

}  // namespace
}  // namespace concord::store

namespace concord::store::sqlite {
namespace {

// The core's migrations are unique; contiguity holds over the whole program's modules
// (tests/api_test.cc checks that set).
INSTANTIATE_TEST_SUITE_P(BothEngines, SqliteStoreTest,
                         ::testing::Values(sql::Dialect::kSqlite, sql::Dialect::kPostgres),
                         [](const auto& info) {
                           return info.param == sql::Dialect::kSqlite ? "SQLite" : "PostgreSQL";
                         });

TEST(SchemaTest, CoreMigrationNumbersAreUnique) {
  const auto& all = AllMigrations();
  ASSERT_FALSE(all.empty());
  EXPECT_TRUE(CheckMigrations(all, false).ok()) << CheckMigrations(all, false).message();
  EXPECT_EQ(SchemaVersion(), all.back().version);
}

TEST(SchemaTest, ARepeatedOrMissingNumberIsNamed) {
  std::vector<Migration> twice = {
      {1, "objects", "", ""}, {2, "spam", "", ""}, {2, "incidents", "", ""}};
  Status st = CheckMigrations(twice);
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("incidents"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("take 3"), std::string::npos) << st.message();
  std::vector<Migration> gap = {{1, "objects", "", ""}, {3, "spam", "", ""}};
  st = CheckMigrations(gap);
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("skip version 2"), std::string::npos) << st.message();
}

}  // namespace
}  // namespace concord::store::sqlite
