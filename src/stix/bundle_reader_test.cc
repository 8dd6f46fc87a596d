#include "stix/bundle_reader.h"

#include <gtest/gtest.h>

#include <vector>

namespace concord::stix {
namespace {

struct ReadResult {
  Status status;
  std::vector<std::string> ids;  // "id" of each object delivered, in order
};

ReadResult Read(std::string_view text) {
  ReadResult r;
  r.status = ReadObjects(text, [&](const RawObject& o) {
    r.ids.push_back(o.value["id"].str());
    return Status::Ok();
  });
  return r;
}

TEST(BundleReaderTest, ReadsEveryAcceptedShape) {
  auto bundle = Read(R"({"type":"bundle","id":"bundle--1","objects":[{"id":"a"},{"id":"b"}]})");
  EXPECT_TRUE(bundle.status.ok()) << bundle.status.message();
  EXPECT_EQ(bundle.ids, (std::vector<std::string>{"a", "b"}));

  // "objects" before "type", extra members after it.
  auto reordered = Read(R"({"objects":[{"id":"a"}],"type":"bundle","x":{"y":[1]}})");
  EXPECT_TRUE(reordered.status.ok()) << reordered.status.message();
  EXPECT_EQ(reordered.ids.size(), 1u);

  auto array = Read(R"([{"id":"a"}, {"id":"b"}, {"id":"c"}])");
  EXPECT_TRUE(array.status.ok());
  EXPECT_EQ(array.ids.size(), 3u);

  auto lines = Read("{\"type\":\"x\",\"id\":\"a\"}\n{\"type\":\"y\",\"id\":\"b\"}\n\n");
  EXPECT_TRUE(lines.status.ok());
  EXPECT_EQ(lines.ids, (std::vector<std::string>{"a", "b"}));

  auto single = Read(R"({"id":"a","type":"campaign","name":"x"})");
  EXPECT_TRUE(single.status.ok()) << single.status.message();
  EXPECT_EQ(single.ids, (std::vector<std::string>{"a"}));

  auto empty_bundle = Read(R"({"type":"bundle","id":"bundle--1"})");
  EXPECT_TRUE(empty_bundle.status.ok());
  EXPECT_TRUE(empty_bundle.ids.empty());
}

TEST(BundleReaderTest, BadInputGetsAClearMessage) {
  EXPECT_NE(Read("").status.message().find("input is empty"), std::string::npos);
  EXPECT_NE(Read("   \n ").status.message().find("input is empty"), std::string::npos);
  EXPECT_NE(Read("hello").status.message().find("line 1, column 1: expected a STIX bundle"),
            std::string::npos);
  EXPECT_NE(Read("42").status.message().find("expected a STIX bundle"), std::string::npos);
  EXPECT_NE(Read(R"({"foo": 1})").status.message().find("no \"type\""), std::string::npos);
  EXPECT_NE(Read("{}").status.message().find("empty object"), std::string::npos);
  EXPECT_NE(Read(R"({"type":"bundle","objects":5})").status.message().find("must be a list"),
            std::string::npos);
  EXPECT_NE(
      Read(R"({"objects":[{"id":"a"}],"type":"report"})").status.message().find("must be a bundle"),
      std::string::npos);
}

TEST(BundleReaderTest, TruncatedInputKeepsWhatCameBeforeAndSaysWhere) {
  std::string text =
      "{\"type\":\"bundle\",\"objects\":[\n{\"id\":\"a\"},\n{\"id\":\"b\"},\n{\"id\":\"c";
  ReadResult r = Read(text);
  ASSERT_FALSE(r.status.ok());
  EXPECT_EQ(r.ids, (std::vector<std::string>{"a", "b"}));
  EXPECT_NE(r.status.message().find("line 4"), std::string::npos) << r.status.message();

  r = Read("{\"type\":\"bundle\",\"objects\":[{\"id\":\"a\"}");
  ASSERT_FALSE(r.status.ok());
  EXPECT_NE(r.status.message().find("truncated"), std::string::npos) << r.status.message();

  r = Read("[{\"id\":\"a\"} {\"id\":\"b\"}]");
  ASSERT_FALSE(r.status.ok());
  EXPECT_NE(r.status.message().find("line 1, column 13: expected ',' or ']'"), std::string::npos)
      << r.status.message();
}

TEST(BundleReaderTest, DeepNestingAndHugeStringsDoNotCrash) {
  std::string deep = "[{\"id\":\"a\",\"x\":" + std::string(100000, '[') + "]}]";
  ReadResult r = Read(deep);
  ASSERT_FALSE(r.status.ok());
  EXPECT_NE(r.status.message().find("nesting deeper than"), std::string::npos);

  std::string huge =
      "[{\"id\":\"a\",\"x\":\"" + std::string(50u << 20, 'x') + "\"},{\"id\":\"b\"}]";
  r = Read(huge);
  EXPECT_TRUE(r.status.ok());
  EXPECT_EQ(r.ids.size(), 2u);
}

TEST(BundleReaderTest, CallbackErrorsStopReading) {
  int seen = 0;
  Status st = ReadObjects("[{},{},{}]", [&](const RawObject&) {
    return ++seen == 2 ? Status::Internal("stop") : Status::Ok();
  });
  EXPECT_EQ(st.message(), "stop");
  EXPECT_EQ(seen, 2);
}

}  // namespace
}  // namespace concord::stix
