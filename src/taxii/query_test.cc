#include "taxii/query.h"

#include <gtest/gtest.h>

namespace concord::taxii {
namespace {

const Allowed kAll{true, true, true, true};

TEST(TaxiiQueryTest, ParsesEveryFilter) {
  auto f = ParseFilters(
      "added_after=2016-02-01T00:00:01.000Z&limit=50&match[type]=indicator,sighting"
      "&match%5Bid%5D=indicator--c410e480-e42b-47d1-9476-85307c12bcbf"
      "&match[version]=first,2016-01-01T01:01:01.000Z&match[spec_version]=2.1&next="
      "1700000000000000",
      kAll);
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_EQ(*f->limit, 50u);
  EXPECT_EQ(f->types, (std::vector<std::string>{"indicator", "sighting"}));
  EXPECT_EQ(f->ids.size(), 1u);
  EXPECT_TRUE(f->version_first);
  EXPECT_FALSE(f->version_last);
  EXPECT_EQ(f->versions.size(), 1u);
  EXPECT_EQ(f->spec_versions, std::vector<std::string>{"2.1"});
  store::ObjectQuery q = ToObjectQuery(*f, "c", 50);
  EXPECT_EQ(*q.added_after, 1700000000000000);  // the later of added_after and next
  EXPECT_EQ(q.limit, 51u);
}

TEST(TaxiiQueryTest, DefaultsToTheLastVersion) {
  auto f = ParseFilters("", kAll);
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(f->version_last);
  EXPECT_FALSE(f->version_all);
}

TEST(TaxiiQueryTest, RejectsBadParametersByName) {
  struct Case {
    const char* query;
    const char* message;
  };
  for (const Case& c : std::vector<Case>{
           {"limit=0", "limit: must be a positive integer"},
           {"limit=ten", "limit: must be a positive integer"},
           {"limit=-1", "limit"},
           {"added_after=yesterday", "added_after"},
           {"match[version]=latest", "match[version]: 'latest' is not first, last, all"},
           {"match[type]=Not_A_Type", "match[type]"},
           {"match[id]=indicator--123", "match[id]"},
           {"match[spec_version]=two", "match[spec_version]"},
           {"next=abc", "next: is not a value this server handed out"},
           {"match[foo]=1", "match[foo]: is not supported"},
           {"limit=1&limit=2", "given more than once"},
           {"added_after=%ZZ", "malformed percent-encoding"},
       }) {
    auto f = ParseFilters(c.query, kAll);
    ASSERT_FALSE(f.ok()) << c.query;
    EXPECT_NE(f.status().message().find(c.message), std::string::npos)
        << c.query << ": " << f.status().message();
  }
  // Parameters an endpoint does not take are refused.
  EXPECT_FALSE(ParseFilters("match[type]=indicator", Allowed{true, false, true, true}).ok());
}

}  // namespace
}  // namespace concord::taxii
