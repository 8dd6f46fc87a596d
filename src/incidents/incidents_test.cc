#include <gtest/gtest.h>

#include "incidents/rsit.h"

namespace concord::incidents {
namespace {

TEST(Rsit, TheCompiledInTaxonomyHasElevenClassesAndTheirTypes) {
  const RsitTaxonomy& rsit = RsitTaxonomy::Get();
  EXPECT_EQ(rsit.version(), 1003);
  ASSERT_EQ(rsit.classes().size(), 11u);
  size_t types = 0;
  for (const RsitClass& c : rsit.classes()) types += c.types.size();
  EXPECT_EQ(types, 39u);
  auto compromise = rsit.Find("intrusions", "system-compromise");
  ASSERT_TRUE(compromise.ok()) << compromise.status().message();
  EXPECT_EQ((*compromise)->name, "System Compromise");
  EXPECT_FALSE((*compromise)->description.empty());
  EXPECT_TRUE(rsit.Find("fraud", "phishing").ok());
}

TEST(Rsit, AnUnknownClassOrATypeOfAnotherClassSaysWhatIsValid) {
  const RsitTaxonomy& rsit = RsitTaxonomy::Get();
  auto no_class = rsit.Find("intrusion", "system-compromise");
  ASSERT_FALSE(no_class.ok());
  EXPECT_NE(no_class.status().message().find("\"intrusion\" is not an RSIT class"),
            std::string::npos);
  EXPECT_NE(no_class.status().message().find("intrusions"), std::string::npos);
  auto wrong_type = rsit.Find("fraud", "system-compromise");
  ASSERT_FALSE(wrong_type.ok());
  EXPECT_NE(wrong_type.status().message().find("not an RSIT type of class fraud (one of: "),
            std::string::npos)
      << wrong_type.status().message();
  EXPECT_NE(wrong_type.status().message().find("phishing"), std::string::npos);
}

TEST(Rsit, AMalformedTaxonomyIsRefusedWithWhereAndWhy) {
  struct Case {
    const char* json;
    const char* says;
  } cases[] = {
      {"{", "rsit"},
      {R"({"namespace":"tlp","predicates":[],"values":[]})", "namespace"},
      {R"({"namespace":"rsit","predicates":{},"values":[]})", "must be lists"},
      {R"({"namespace":"rsit","predicates":[{"expanded":"X"}],"values":[]})",
       "predicates[0].value: missing"},
      {R"({"namespace":"rsit","predicates":[{"value":"a"}],"values":[{"predicate":"b","entry":[]}]})",
       "values[0].predicate"},
      {R"({"namespace":"rsit","predicates":[{"value":"a"}],"values":[{"predicate":"a","entry":[{}]}]})",
       "values[0].entry[0].value: missing"},
      {R"({"namespace":"rsit","predicates":[{"value":"a"}],"values":[]})", "class a has no types"},
  };
  for (const Case& c : cases) {
    auto parsed = RsitTaxonomy::Parse(c.json);
    ASSERT_FALSE(parsed.ok()) << c.json;
    EXPECT_NE(parsed.status().message().find(c.says), std::string::npos)
        << c.json << " -> " << parsed.status().message();
  }
}

}  // namespace
}  // namespace concord::incidents
