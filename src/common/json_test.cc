#include "common/json.h"

#include <gtest/gtest.h>

namespace concord::json {
namespace {

struct ParseError {
  std::string message;
  size_t offset;
};

ParseError ErrorOf(std::string_view text, Limits limits = {}) {
  Document doc;
  size_t offset = 0;
  Status st = doc.ParseAll(text, &offset, limits);
  EXPECT_FALSE(st.ok()) << text;
  return {st.message(), offset};
}

TEST(JsonTest, ParsesValuesAndKeepsSourceText) {
  Document doc;
  std::string text = R"( {"a": 1.50, "b": [true, null, "x\"y"], "c": {"d": -2e3}} )";
  ASSERT_TRUE(doc.ParseAll(text).ok());
  Value root = doc.root();
  EXPECT_EQ(root.size(), 3u);
  EXPECT_EQ(root["a"].raw(), "1.50");  // numbers keep their exact text
  EXPECT_DOUBLE_EQ(*root["a"].as_double(), 1.5);
  EXPECT_EQ(root["b"].size(), 3u);
  EXPECT_TRUE(root["b"].at(0).as_bool());
  EXPECT_TRUE(root["b"].at(1).is_null());
  EXPECT_EQ(root["b"].at(2).str(), "x\"y");
  EXPECT_EQ(*root["c"]["d"].as_double(), -2000);
  EXPECT_FALSE(root["missing"].exists());
  EXPECT_FALSE(root["missing"]["deeper"].exists());
  EXPECT_EQ(root["missing"].type(), Type::kNull);  // safe on a missing value
  EXPECT_EQ(root["missing"].size(), 0u);
  EXPECT_EQ(root["missing"].str(), "");
}

TEST(JsonTest, DecodesEscapesAndSurrogatePairs) {
  Document doc;
  ASSERT_TRUE(doc.ParseAll(R"("a\u00e9\n\ud83d\ude00\/")").ok());
  EXPECT_EQ(doc.root().str(), "a\xc3\xa9\n\xf0\x9f\x98\x80/");
}

TEST(JsonTest, ReportsWhereInputBreaks) {
  EXPECT_EQ(ErrorOf("").offset, 0u);
  EXPECT_EQ(ErrorOf(R"({"a": 1,})").offset, 8u);
  EXPECT_NE(ErrorOf(R"({"a": 1,})").message.find("expected a string key"), std::string::npos);
  EXPECT_EQ(ErrorOf(R"({"a" 1})").offset, 5u);
  EXPECT_EQ(ErrorOf(R"([1, 2)").offset, 5u);  // at the end: truncated
  EXPECT_NE(ErrorOf(R"("abc)").message.find("unterminated string"), std::string::npos);
  EXPECT_NE(ErrorOf(R"(["a\qb"])").message.find("invalid escape"), std::string::npos);
  EXPECT_NE(ErrorOf("[01]").message.find("leading zeros"), std::string::npos);
  EXPECT_NE(ErrorOf("[1.]").message.find("digit after '.'"), std::string::npos);
  EXPECT_NE(ErrorOf("[tru]").message.find("unexpected"), std::string::npos);
  EXPECT_NE(ErrorOf("{} {}").message.find("after the JSON value"), std::string::npos);
  EXPECT_NE(ErrorOf("[\"a\x01\"]").message.find("control character"), std::string::npos);
  EXPECT_NE(ErrorOf(R"(["\ud800"])").message.find("surrogate"), std::string::npos);
}

TEST(JsonTest, RejectsInvalidUtf8) {
  EXPECT_NE(ErrorOf("[\"\xc3\x28\"]").message.find("UTF-8"), std::string::npos);
  EXPECT_NE(ErrorOf("[\"\xed\xa0\x80\"]").message.find("UTF-8"), std::string::npos);  // surrogate
  EXPECT_NE(ErrorOf("[\"\xc0\xaf\"]").message.find("UTF-8"), std::string::npos);      // overlong
  Document doc;
  EXPECT_TRUE(doc.ParseAll("[\"\xe4\xb8\xad\xf0\x9f\x98\x80\"]").ok());
}

TEST(JsonTest, RejectsDuplicateKeysIncludingEscapedOnes) {
  ParseError e = ErrorOf(R"({"id": 1, "type": 2, "id": 3})");
  EXPECT_NE(e.message.find("duplicate key \"id\""), std::string::npos);
  EXPECT_EQ(e.offset, 21u);
  EXPECT_NE(ErrorOf(R"({"a": 1, "\u0061": 2})").message.find("duplicate key"), std::string::npos);
  std::string many = "{";
  for (int i = 0; i < 40; ++i) many += "\"k" + std::to_string(i) + "\":0,";
  many += "\"k7\":1}";
  EXPECT_NE(ErrorOf(many).message.find("duplicate key \"k7\""), std::string::npos);
}

TEST(JsonTest, BoundsNestingDepthWithoutCrashing) {
  std::string deep(100000, '[');
  ParseError e = ErrorOf(deep);
  EXPECT_NE(e.message.find("nesting deeper than"), std::string::npos);
  Limits tight;
  tight.max_depth = 3;
  EXPECT_NE(ErrorOf("[[[[1]]]]", tight).message.find("nesting"), std::string::npos);
  Document doc;
  EXPECT_TRUE(doc.ParseAll("[[[1]]]", nullptr, tight).ok());
}

TEST(JsonTest, MinifyRemovesOnlyInsignificantWhitespace) {
  std::string text = "{ \"a b\" : [ 1.0 , \"x \\\" y\\\\\" ] ,\n\t\"c\":true }";
  std::string out;
  Minify(text, &out);
  EXPECT_EQ(out, "{\"a b\":[1.0,\"x \\\" y\\\\\"],\"c\":true}");
  Document a, b;
  ASSERT_TRUE(a.ParseAll(text).ok());
  ASSERT_TRUE(b.ParseAll(out).ok());
  EXPECT_TRUE(Equal(a.root(), b.root()));
}

TEST(JsonTest, EqualIsSemantic) {
  auto eq = [](std::string_view x, std::string_view y) {
    Document a, b;
    EXPECT_TRUE(a.ParseAll(x).ok());
    EXPECT_TRUE(b.ParseAll(y).ok());
    return Equal(a.root(), b.root());
  };
  EXPECT_TRUE(eq(R"({"a":1,"b":[1,2]})", R"({"b":[1,2],"a":1.0})"));
  EXPECT_TRUE(eq(R"("\u0041")", R"("A")"));
  EXPECT_FALSE(eq(R"({"a":1})", R"({"a":1,"b":2})"));
  EXPECT_FALSE(eq(R"([1,2])", R"([2,1])"));
  EXPECT_FALSE(eq(R"({"a":"1"})", R"({"a":1})"));
}

TEST(JsonTest, WriterEscapesAndSeparates) {
  std::string out;
  Writer w(&out);
  w.BeginObject().Key("s").String("a\"b\n\x01").Key("n").Int(-3).Key("l").BeginArray();
  w.Bool(true).Null().Double(0.5).EndArray().EndObject();
  EXPECT_EQ(out, R"({"s":"a\"b\n\u0001","n":-3,"l":[true,null,0.5]})");
  Document doc;
  EXPECT_TRUE(doc.ParseAll(out).ok());
}

TEST(JsonTest, PositionOfCountsLinesAndColumns) {
  TextPosition p = PositionOf("ab\ncd\nef", 7);
  EXPECT_EQ(p.line, 3u);
  EXPECT_EQ(p.column, 2u);
}

TEST(JsonWriter, InvalidUtf8BecomesReplacementCharacter) {
  std::string out;
  AppendQuoted(&out,
               "a\xff"
               "\xc3"
               "b\xc3\xa9");  // a, stray byte, cut sequence, b, é
  EXPECT_EQ(out,
            "\"a\xEF\xBF\xBD\xEF\xBF\xBD"
            "b\xC3\xA9\"");
  Document doc;
  EXPECT_TRUE(doc.ParseAll(out).ok());
}

}  // namespace
}  // namespace concord::json
