#include "store/importer.h"

#include <gtest/gtest.h>

#include "common/uuid.h"
#include "store/sqlite/sqlite_store.h"
#include "tests/test_util.h"

namespace concord::store {
namespace {

std::string Indicator(int i, const std::string& pattern = "") {
  std::string p = pattern.empty() ? "[ipv4-addr:value = '10.0." + std::to_string(i / 256 % 256) +
                                        "." + std::to_string(i % 256) + "']"
                                  : pattern;
  return R"({"type":"indicator","spec_version":"2.1","id":"indicator--)" +
         UuidV5(kStixScoNamespace, std::to_string(i)) +
         R"(","created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z",)"
         R"("pattern":")" +
         p + R"(","pattern_type":"stix","valid_from":"2026-01-01T00:00:00Z"})";
}

class ImporterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = OpenSqliteDatabase(dir_.File("concord.db"));
    ASSERT_TRUE(s.ok());
    db_ = std::move(s.value());
    store_ = &db_->objects();
  }
  Status Import(const std::string& text, ImportOptions options = {}) {
    options.on_problem = [this](const std::string& line) { problems_.push_back(line); };
    options.on_commit = [this](size_t n) { commits_.push_back(n); };
    stats_ = {};
    return ImportStix(*store_, text, options, &stats_);
  }
  int64_t Count() { return *store_->CountVersions(); }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
  ObjectStore* store_ = nullptr;
  ImportStats stats_;
  std::vector<std::string> problems_;
  std::vector<size_t> commits_;
};

TEST_F(ImporterTest, TenThousandObjectsWithAFewInvalidLoseNoGoodObject) {
  std::string bundle = R"({"type":"bundle","id":"bundle--1","objects":[)";
  const std::vector<int> bad = {17, 4242, 9999};
  for (int i = 0; i < 10000; ++i) {
    if (i) bundle += ",\n";
    bool is_bad = std::find(bad.begin(), bad.end(), i) != bad.end();
    bundle += Indicator(i, is_bad ? "[ipv4-addr:value = 'x'" : "");
  }
  bundle += "]}";
  ImportOptions options;
  options.batch_size = 1000;
  ASSERT_TRUE(Import(bundle, options).ok());
  EXPECT_EQ(stats_.read, 10000u);
  EXPECT_EQ(stats_.rejected, 3u);
  EXPECT_EQ(stats_.added, 9997u);
  EXPECT_EQ(Count(), 9997);
  ASSERT_EQ(problems_.size(), 3u);
  EXPECT_EQ(problems_[0], "object 18 (indicator--" + UuidV5(kStixScoNamespace, "17") +
                              "): pattern: expected ']', found end of pattern at column 23");
  EXPECT_EQ(commits_.size(), 10u);

  // Re-importing adds nothing and says nothing.
  problems_.clear();
  ASSERT_TRUE(Import(bundle, options).ok());
  EXPECT_EQ(stats_.added, 0u);
  EXPECT_EQ(stats_.unchanged, 9997u);
  EXPECT_EQ(problems_.size(), 3u);  // only the invalid ones again
}

TEST_F(ImporterTest, StrictCommitsNothingWhenAnythingIsInvalid) {
  std::string good = "[" + Indicator(1) + "," + Indicator(2) + "]";
  std::string mixed = "[" + Indicator(3) + "," + Indicator(4, "nope") + "]";
  ImportOptions strict;
  strict.strict = true;
  strict.batch_size = 1;
  ASSERT_TRUE(Import(mixed, strict).ok());
  EXPECT_EQ(stats_.rejected, 1u);
  EXPECT_FALSE(stats_.committed);
  EXPECT_EQ(Count(), 0);
  ASSERT_TRUE(Import(good, strict).ok());
  EXPECT_TRUE(stats_.committed);
  EXPECT_EQ(Count(), 2);
}

TEST_F(ImporterTest, DuplicatesWithinOneInputAreReportedAndStoredOnce) {
  std::string a = Indicator(1);
  std::string a_changed = a;
  a_changed.replace(a_changed.find("10.0.0.1"), 8, "10.9.9.9");
  ASSERT_TRUE(Import("[" + a + "," + Indicator(2) + "," + a + "," + a_changed + "]").ok());
  EXPECT_EQ(Count(), 2);
  EXPECT_EQ(stats_.unchanged, 2u);
  ASSERT_EQ(problems_.size(), 2u);
  EXPECT_NE(problems_[0].find("object 3 "), std::string::npos);
  EXPECT_NE(problems_[0].find("duplicate of an earlier object"), std::string::npos);
  EXPECT_NE(problems_[1].find("different content; the first was kept"), std::string::npos);
}

TEST_F(ImporterTest, SyntaxErrorKeepsEveryCompleteObjectBeforeIt) {
  std::string text = "[";
  for (int i = 0; i < 25; ++i) text += Indicator(i) + ",";
  text += "{\"type\": \"indicator\", oops}]";
  ImportOptions options;
  options.batch_size = 10;
  Status st = Import(text, options);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("expected a string key"), std::string::npos);
  EXPECT_EQ(Count(), 25);  // all complete objects, whatever the batch size; not the broken one
  testing::TempDir other;
  db_ = std::move(OpenSqliteDatabase(other.File("strict.db")).value());
  store_ = &db_->objects();
  options.strict = true;
  st = Import(text, options);
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(Count(), 0);
}

TEST_F(ImporterTest, OversizedObjectsAreRejectedOthersKept) {
  std::string big = Indicator(1);
  big.insert(big.size() - 1, ",\"description\":\"" + std::string(4096, 'x') + "\"");
  ImportOptions options;
  options.max_object_bytes = 2048;
  ASSERT_TRUE(Import("[" + big + "," + Indicator(2) + "]", options).ok());
  EXPECT_EQ(Count(), 1);
  ASSERT_EQ(problems_.size(), 1u);
  EXPECT_NE(problems_[0].find("over the limit of 2048"), std::string::npos);
}

TEST_F(ImporterTest, CustomPropertiesAreStoredByteExact) {
  std::string obj = Indicator(1);
  obj.insert(obj.size() - 1,
             ",\"x_acme_score\": 1.50e0, \"x_acme_note\": \"caf\\u00e9 \\\"q\\\"\"");
  ASSERT_TRUE(Import(obj).ok());
  std::string stored;
  ASSERT_TRUE(store_
                  ->Scan({},
                         [&](const StoredObject& o) {
                           stored = o.json;
                           return true;
                         })
                  .ok());
  EXPECT_NE(stored.find("\"x_acme_score\":1.50e0"), std::string::npos) << stored;
  EXPECT_NE(stored.find("\"x_acme_note\":\"caf\\u00e9 \\\"q\\\"\""), std::string::npos) << stored;
}

}  // namespace
}  // namespace concord::store
