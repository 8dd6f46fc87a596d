#include <gtest/gtest.h>

#include <map>
#include <random>

#include "common/json.h"
#include "cvss/report.h"

namespace concord::cvss {
namespace {

Scores MustScore(std::string_view text) {
  auto v = ParseVector(text);
  EXPECT_TRUE(v.ok()) << text << ": " << v.status().message();
  return v.ok() ? Score(*v) : Scores{};
}

std::string ParseError(std::string_view text) {
  auto v = ParseVector(text);
  EXPECT_FALSE(v.ok()) << text << " was accepted";
  return v.ok() ? "" : v.status().message();
}

// ---- Examples printed by FIRST ----

struct Example {
  const char* vector;
  double base, temporal, environmental;  // -1: not printed for this example
};

void ExpectExample(const Example& e) {
  SCOPED_TRACE(e.vector);
  Scores s = MustScore(e.vector);
  EXPECT_EQ(FormatScore(s.base), FormatScore(static_cast<int>(e.base * 10 + 0.5)));
  if (e.temporal >= 0) {
    EXPECT_EQ(FormatScore(s.temporal), FormatScore(static_cast<int>(e.temporal * 10 + 0.5)));
  }
  if (e.environmental >= 0) {
    EXPECT_EQ(FormatScore(s.environmental),
              FormatScore(static_cast<int>(e.environmental * 10 + 0.5)));
  }
}

// CVSS v2 Complete Guide, section 3.3 (the three worked examples, each with its base, temporal
// and environmental scores). The guide rounds AdjustedTemporal before the environmental
// equation (CVE-2002-0392: AdjustedTemporal 8.3, environmental 9.2); NVD's v2 calculator does
// not and prints 9.1. Concord follows the specification.
TEST(CvssExamples, V2Guide) {
  for (const Example& e : {
           Example{"AV:N/AC:L/Au:N/C:N/I:N/A:C/E:F/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/AR:H", 7.8, 6.4,
                   9.2},  // CVE-2002-0392
           Example{"AV:N/AC:L/Au:N/C:C/I:C/A:C/E:F/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/AR:L", 10.0, 8.3,
                   9.0},  // CVE-2003-0818
           Example{"AV:L/AC:H/Au:N/C:C/I:C/A:C/E:POC/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/AR:M", 6.2,
                   4.9, 7.5},  // CVE-2003-0062
           Example{"(AV:N/AC:L/Au:N/C:P/I:P/A:P)", 7.5, 7.5, -1},
       }) {
    ExpectExample(e);
  }
}

// CVSS v3.0 specification (section 8 examples) and v3.0 User Guide.
TEST(CvssExamples, V30) {
  for (const Example& e : {
           Example{"CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1, -1, -1},
           Example{"CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 6.4, -1, -1},
           Example{"CVSS:3.0/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1, -1, -1},
           Example{"CVSS:3.0/AV:L/AC:L/PR:N/UI:N/S:U/C:N/I:L/A:N", 4.0, -1, -1},
           Example{"CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9, -1, -1},
           Example{"CVSS:3.0/AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:L", 4.2, -1, -1},
           Example{"CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:F/RL:O/RC:R", 9.8, 8.7, -1},
           Example{"CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N/E:F/RL:O/RC:R", 6.1, 5.4, -1},
           Example{"CVSS:3.0/AV:N/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:N/E:F/CR:L/IR:M/AR:H/MAV:N/MAC:L/"
                   "MPR:H/MUI:R/MS:C/MC:L/MI:H/MA:N",
                   3.8, -1, 6.5},
           Example{"CVSS:3.0/AV:N/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:N/CR:M/IR:M/AR:M/MAV:N/MAC:L/MPR:H/"
                   "MUI:N/MS:C/MC:L/MI:L/MA:N",
                   3.8, -1, 5.5},
       }) {
    ExpectExample(e);
  }
}

// CVSS v3.1 Examples document (FIRST), one vector per example vulnerability.
TEST(CvssExamples, V31) {
  for (const Example& e : {
           Example{"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1, -1, -1},  // CVE-2013-1937
           Example{"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 6.4, -1, -1},  // CVE-2013-0375
           Example{"CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1, -1, -1},  // CVE-2014-3566
           Example{"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9, -1, -1},  // CVE-2012-1516
           Example{"CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:L", 4.2, -1, -1},  // CVE-2009-0783
           Example{"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 8.8, -1, -1},  // CVE-2012-0384
           Example{"CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 7.8, -1, -1},  // CVE-2015-1098
           Example{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5, -1, -1},  // CVE-2014-0160
           Example{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, -1, -1},  // CVE-2014-6271
           Example{"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:N/I:H/A:N", 6.8, -1, -1},  // CVE-2008-1447
           Example{"CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 6.8, -1, -1},  // CVE-2014-2005
           Example{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:N/A:N", 5.8, -1, -1},  // CVE-2010-0467
           Example{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:L/A:N", 5.8, -1, -1},  // CVE-2012-1342
           Example{"CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N", 5.4, -1, -1},  // CVE-2014-9253
           Example{"CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 8.8, -1, -1},  // CVE-2011-1265
           Example{"CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N", 4.6, -1, -1},  // CVE-2014-2019
           Example{"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 8.8, -1, -1},  // CVE-2015-0970
           Example{"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N", 7.4, -1, -1},  // CVE-2014-0224
           Example{"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H", 9.6, -1, -1},  // CVE-2012-5376
           Example{"CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:H", 7.5, -1, -1},  // CVE-2016-2118
           Example{"CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:C/C:H/I:H/A:H", 8.2, -1, -1},  // CVE-2016-5729
           Example{"CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 7.6, -1, -1},  // CVE-2018-3652
           // The specification's temporal example (section 7.2's equations with E:F/RL:O/RC:R).
           Example{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:F/RL:O/RC:R", 9.8, 8.7, -1},
       }) {
    ExpectExample(e);
  }
}

// CVSS v4.0: the specification's and FIRST calculator's reference points.
TEST(CvssExamples, V40) {
  struct V4Example {
    const char* vector;
    double score;
    const char* nomenclature;
  };
  for (const V4Example& e : {
           V4Example{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", 10.0,
                     "CVSS-B"},
           V4Example{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.3,
                     "CVSS-B"},
           V4Example{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N", 6.9,
                     "CVSS-B"},
           V4Example{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:P", 8.9,
                     "CVSS-BT"},
           V4Example{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", 0.0,
                     "CVSS-B"},
           V4Example{"CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:L/VI:L/VA:L/SC:L/SI:L/SA:L/E:U", 0.1,
                     "CVSS-BT"},
       }) {
    SCOPED_TRACE(e.vector);
    Scores s = MustScore(e.vector);
    EXPECT_EQ(FormatScore(s.overall), FormatScore(static_cast<int>(e.score * 10 + 0.5)));
    EXPECT_EQ(s.nomenclature, e.nomenclature);
  }
}

TEST(CvssV4, NomenclatureSupplementalAndSafety) {
  const std::string base = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
  EXPECT_EQ(MustScore(base + "/CR:L").nomenclature, "CVSS-BE");
  EXPECT_EQ(MustScore(base + "/E:U/MSI:S").nomenclature, "CVSS-BTE");
  // X everywhere is still CVSS-B, and the score does not move.
  Scores x = MustScore(base + "/E:X/CR:X/MAV:X/S:X/U:X");
  EXPECT_EQ(x.nomenclature, "CVSS-B");
  EXPECT_EQ(x.overall, 93);
  // Supplemental metrics never change the score, and are echoed.
  Scores supp = MustScore(base + "/S:P/AU:Y/R:I/V:C/RE:H/U:Red");
  EXPECT_EQ(supp.overall, 93);
  EXPECT_EQ(supp.nomenclature, "CVSS-B");
  auto a = Assess(base + "/AU:Y/U:Amber");
  ASSERT_TRUE(a.ok());
  std::string out;
  json::Writer w(&out);
  WriteAssessment(w, *a);
  EXPECT_NE(out.find(R"("supplemental":{"AU":"Y","U":"Amber"})"), std::string::npos) << out;
  // MSI:S (safety) puts the vector in EQ4 level 0, which scores at least as high.
  Scores safety = MustScore(base + "/MSI:S");
  EXPECT_EQ(safety.macrovector.substr(3, 1), "0");
  EXPECT_GE(safety.overall, 93);
  EXPECT_EQ(safety.base, 93);  // CVSS-B ignores the environmental metric
}

// ---- Parsing: every kind of invalid vector, with its reason ----

TEST(CvssParse, RejectsWithReasonAndColumn) {
  struct Bad {
    const char* vector;
    const char* reason;
  };
  for (const Bad& b : {
           Bad{"", "empty vector"},
           Bad{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", "missing base metric A (Availability)"},
           Bad{"CVSS:3.1/AV:N/AC:L/UI:N/S:U/C:H/I:H",
               "missing base metrics PR (Privileges "
               "Required), A (Availability)"},
           Bad{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AV:L",
               "column 46: metric AV given twice (first at column 10)"},
           Bad{"CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
               "column 13: 'Q' is not a value of AV (Attack Vector); defined values: N, A, L, P"},
           Bad{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:Z", "'Z' is not a value of E"},
           Bad{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/XX:N",
               "column 46: unknown metric 'XX' in a CVSS 3.1 vector"},
           Bad{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/",
               "column 46: trailing '/' with no metric after it"},
           Bad{"CVSS:3.1/AV:N//AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "empty metric between two '/'"},
           Bad{"CVSS:3.1/av:n/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
               "unknown metric 'av': metric names are case-sensitive (AV)"},
           Bad{"CVSS:3.1/AV:n/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "'n' is not a value of AV"},
           Bad{"cvss:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "prefix is 'CVSS:' in upper case"},
           Bad{"CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "unknown CVSS version '3.2'"},
           Bad{"CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P", "v2.0 vectors have no prefix"},
           Bad{"CVSS:3.1", "no metrics after 'CVSS:3.1/'"},
           Bad{"CVSS:3.1/", "no metrics after 'CVSS:3.1/'"},
           Bad{"AC:L/AV:N/Au:N/C:P/I:P/A:P", "not a CVSS vector"},
           Bad{"AV:N/Au:N/AC:L/C:P/I:P/A:P",
               "column 11: metric AC must come before Au: CVSS 2.0 lists metrics in a fixed order"},
           Bad{"(AV:N/AC:L/Au:N/C:P/I:P/A:P", "'(' without its closing ')'"},
           Bad{"AV:N/AC:L/Au:N/C:P/I:P/A:P/E:X", "'X' is not a value of E"},
           Bad{"CVSS:4.0/AV:N/AT:N/AC:L/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
               "metric AC must come before AT: CVSS 4.0 lists metrics in a fixed order"},
           Bad{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N",
               "'S' is not a value of SI"},
           Bad{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/U:red",
               "'red' is not a value of U (Provider Urgency)"},
           Bad{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/S:U",
               "'U' is not a value of S (Safety)"},  // v3's Scope is v4's Safety
           Bad{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AT:N", "unknown metric 'AT'"},
           Bad{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:", "metric A has no value"},
           Bad{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A", "'A' is not NAME:VALUE"},
           Bad{" CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "not a CVSS vector"},
       }) {
    EXPECT_NE(ParseError(b.vector).find(b.reason), std::string::npos)
        << b.vector << " -> " << ParseError(b.vector) << "\nwanted: " << b.reason;
  }
}

TEST(CvssParse, NormalisedForm) {
  // v3.x accepts any order (as FIRST's v3 calculators do) and normalises to the canonical one.
  auto v = ParseVector("CVSS:3.1/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N/E:X/CR:H");
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_EQ(FormatVector(*v), "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/CR:H");
  EXPECT_EQ(FormatVector(*v, {.keep_not_defined = true}),
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:X/CR:H");
  auto v2 = ParseVector("(AV:N/AC:L/Au:N/C:P/I:P/A:P/E:ND/RL:OF)");
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ(FormatVector(*v2), "AV:N/AC:L/Au:N/C:P/I:P/A:P/RL:OF");
  EXPECT_EQ(FormatVector(*v2, {.keep_not_defined = true}), "AV:N/AC:L/Au:N/C:P/I:P/A:P/E:ND/RL:OF");
  // Round trip: the normalised form parses to the same vector.
  auto again = ParseVector(FormatVector(*v, {.keep_not_defined = true}));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->values, v->values);
}

// ---- Exhaustive structural tests ----

// Calls fn for each combination of the base metrics of `version` (odometer order).
template <typename Fn>
void ForEachBaseVector(Version version, Fn fn) {
  std::span<const MetricDef> metrics = Metrics(version);
  Vector v(version);
  size_t base_count = 0;
  while (base_count < metrics.size() && metrics[base_count].mandatory()) {
    v.values[base_count++] = 0;
  }
  while (true) {
    fn(v);
    size_t i = 0;
    while (i < base_count && ++v.values[i] == metrics[i].value_count) v.values[i++] = 0;
    if (i == base_count) return;
  }
}

TEST(CvssExhaustive, V3BaseVectorsInRangeAndMonotonic) {
  for (Version version : {Version::kV30, Version::kV31}) {
    size_t count = 0;
    ForEachBaseVector(version, [&](const Vector& v) {
      ++count;
      int score = Score(v).base;
      ASSERT_GE(score, 0);
      ASSERT_LE(score, 100);
      const bool no_impact = v.get(v3::kC) == 2 && v.get(v3::kI) == 2 && v.get(v3::kA) == 2;
      ASSERT_EQ(score == 0, no_impact) << FormatVector(v);
      // Raising any impact metric one step (N -> L -> H; index 2 -> 1 -> 0) never lowers it.
      for (int metric : {v3::kC, v3::kI, v3::kA}) {
        if (v.get(metric) == 0) continue;
        Vector higher = v;
        --higher.values[metric];
        ASSERT_GE(Score(higher).base, score) << FormatVector(higher) << " vs " << FormatVector(v);
      }
    });
    EXPECT_EQ(count, 2592u);
  }
}

// v3.1's Roundup against exact arithmetic. With scope unchanged every weight has two decimals,
// so base and temporal scores are exact decimals: computed here in integers, they show where a
// naive ceil(x * 10) on doubles goes wrong, and that v3.1's Roundup never does.
TEST(CvssExhaustive, V31RoundupMatchesExactArithmetic) {
  // Weights in hundredths.
  const int64_t av[] = {85, 62, 55, 20}, ac[] = {77, 44}, pr[] = {85, 62, 27}, ui[] = {85, 62};
  const int64_t cia[] = {56, 22, 0};
  const int64_t e[] = {100, 91, 94, 97, 100}, rl[] = {100, 95, 96, 97, 100},
                rc[] = {100, 92, 96, 100};
  auto exact_ceil_tenths = [](int64_t value, int64_t scale) {  // ceil(value / scale * 10)
    return static_cast<int>((value * 10 + scale - 1) / scale);
  };
  size_t naive_wrong = 0, checked = 0;
  ForEachBaseVector(Version::kV31, [&](const Vector& v) {
    if (v.get(v3::kS) != 0) return;  // scope changed uses pow(), not exact decimals
    // ISS = 1 - (1-C)(1-I)(1-A), scale 10^6; impact = 6.42 * ISS, scale 10^8.
    int64_t iss = 1000000 - (100 - cia[v.get(v3::kC)]) * (100 - cia[v.get(v3::kI)]) *
                                (100 - cia[v.get(v3::kA)]);
    int64_t impact = 642 * iss;
    // exploitability = 8.22 * AV * AC * PR * UI, scale 10^10.
    int64_t exploitability =
        822 * av[v.get(v3::kAV)] * ac[v.get(v3::kAC)] * pr[v.get(v3::kPR)] * ui[v.get(v3::kUI)];
    int expected_base = 0;
    if (impact > 0) {
      int64_t sum = std::min<int64_t>(impact * 100 + exploitability, 10 * 10000000000LL);
      expected_base = exact_ceil_tenths(sum, 10000000000LL);
    }
    Scores s = Score(v);
    ASSERT_EQ(s.base, expected_base) << FormatVector(v);
    for (int ei = 0; ei < 5; ++ei) {
      for (int rli = 0; rli < 5; ++rli) {
        for (int rci = 0; rci < 4; ++rci) {
          Vector t = v;
          t.values[v3::kE] = ei, t.values[v3::kRL] = rli, t.values[v3::kRC] = rci;
          // base (tenths) * E * RL * RC (hundredths each): scale 10 * 10^6.
          int64_t product = expected_base * e[ei] * rl[rli] * rc[rci];
          int expected = exact_ceil_tenths(product, 10000000);
          ASSERT_EQ(Score(t).temporal, expected) << FormatVector(t);
          double naive =
              expected_base / 10.0 * (e[ei] / 100.0) * (rl[rli] / 100.0) * (rc[rci] / 100.0);
          if (static_cast<int>(std::ceil(naive * 10)) != expected) ++naive_wrong;
          ++checked;
        }
      }
    }
  });
  EXPECT_EQ(checked, 1296u * 100);
  // The edge cases exist: naive floating point rounds some of these up a whole tenth.
  EXPECT_GT(naive_wrong, 0u);
  // The specification's own illustration: 4.0 must not become 4.1.
  Scores s = MustScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N/E:P/RL:W/RC:R");
  EXPECT_EQ(FormatScore(s.base), "5.3");
}

TEST(CvssExhaustive, V4BaseVectorsReachTheirMacroVectorValue) {
  std::map<std::string, int> highest;  // macrovector -> highest member score
  size_t count = 0;
  ForEachBaseVector(Version::kV40, [&](const Vector& v) {
    ++count;
    Scores s = Score(v);
    ASSERT_GE(s.overall, 0);
    ASSERT_LE(s.overall, 100);
    ASSERT_EQ(s.macrovector, v4::MacroVector(v));
    int table = v4::MacroVectorScore(s.macrovector);
    ASSERT_GE(table, 0) << FormatVector(v) << " maps to missing MacroVector " << s.macrovector;
    const bool no_impact = s.overall == 0 && s.macrovector.substr(2, 2) == "22";
    if (!no_impact) {
      ASSERT_LE(s.overall, table) << FormatVector(v);
    }
    int& best = highest[s.macrovector];
    best = std::max(best, s.overall);
  });
  EXPECT_EQ(count, 4u * 2 * 2 * 3 * 3 * 729);
  for (const auto& [mv, best] : highest) {
    EXPECT_EQ(best, v4::MacroVectorScore(mv)) << "MacroVector " << mv;
  }
  // Base vectors reach every MacroVector with E:A and requirements at H and no Safety impact
  // (EQ5 = 0, EQ4 1 or 2, EQ3/EQ6 00, 10 or 21): 3 * 2 * 3 * 2 = 36.
  EXPECT_EQ(highest.size(), 36u);
}

TEST(CvssV4, TableHas270MacroVectors) {
  int defined = 0;
  for (int i = 0; i < 3 * 2 * 3 * 3 * 3 * 2; ++i) {
    int n = i;
    std::string mv(6, '0');
    const int radix[] = {2, 3, 3, 3, 2, 3};  // eq6, eq5, eq4, eq3, eq2, eq1
    for (int d = 5; d >= 0; --d) {
      mv[d] = static_cast<char>('0' + n % radix[5 - d]);
      n /= radix[5 - d];
    }
    if (v4::MacroVectorScore(mv) >= 0) ++defined;
  }
  EXPECT_EQ(defined, 270);
}

TEST(CvssSeverity, Ratings) {
  EXPECT_EQ(Rate(Version::kV31, 0), Severity::kNone);
  EXPECT_EQ(Rate(Version::kV31, 1), Severity::kLow);
  EXPECT_EQ(Rate(Version::kV31, 39), Severity::kLow);
  EXPECT_EQ(Rate(Version::kV31, 40), Severity::kMedium);
  EXPECT_EQ(Rate(Version::kV40, 69), Severity::kMedium);
  EXPECT_EQ(Rate(Version::kV40, 70), Severity::kHigh);
  EXPECT_EQ(Rate(Version::kV30, 89), Severity::kHigh);
  EXPECT_EQ(Rate(Version::kV30, 90), Severity::kCritical);
  EXPECT_EQ(Rate(Version::kV2, 0), Severity::kLow);
  EXPECT_EQ(Rate(Version::kV2, 69), Severity::kMedium);
  EXPECT_EQ(Rate(Version::kV2, 100), Severity::kHigh);
}

// Random strings built from vector pieces: the parser must never crash, and whatever it
// accepts must score in range and survive a round trip through the normalised form.
TEST(CvssParse, RandomPiecesNeverCrash) {
  const char* pieces[] = {"CVSS:3.1/", "CVSS:4.0/", "CVSS:3.0/", "AV:N", "AC:L", "PR:N", "UI:N",
                          "S:U",       "C:H",       "I:H",       "A:H",  "/",    ":",    "AT:N",
                          "VC:H",      "VI:H",      "VA:H",      "SC:N", "SI:N", "SA:N", "Au:N",
                          "E:X",       "MSI:S",     "(",         ")",    "",     "U:Red"};
  std::mt19937 rng(7);
  for (int i = 0; i < 200000; ++i) {
    std::string s;
    int n = rng() % 14;
    for (int k = 0; k < n; ++k) s += pieces[rng() % std::size(pieces)];
    auto v = ParseVector(s);
    if (!v.ok()) {
      EXPECT_FALSE(v.status().message().empty());
      continue;
    }
    Scores sc = Score(*v);
    EXPECT_LE(sc.overall, 100);
    auto again = ParseVector(FormatVector(*v, {.keep_not_defined = true}));
    ASSERT_TRUE(again.ok()) << s;
    EXPECT_EQ(again->values, v->values) << s;
  }
}

}  // namespace
}  // namespace concord::cvss
