// CVSS v4.0 scoring: the MacroVector lookup and the interpolation inside a MacroVector, as in
// section 8 of the v4.0 specification and FIRST's reference calculator (cvss_score.js). The
// arithmetic follows the reference step by step in double precision, including its final
// rounding (half up after adding 1e-6, which keeps x.x4999999 ties on the side FIRST chose).
#include <algorithm>
#include <cmath>
#include <span>

#include "cvss/score.h"

namespace concord::cvss {
namespace v4 {
namespace {

// The expert-assigned score of each MacroVector (FIRST's cvss_lookup.js), in tenths, indexed
// [eq1][eq2][eq3][eq4 * 6 + eq5 * 2 + eq6]; -1 where the combination cannot occur (eq3=2 with
// eq6=0: without a High impact no requirement can raise it).
constexpr int kMacroVectorScores[3][2][3][18] = {
    {{{100, 99, 98, 95, 95, 92, 100, 96, 93, 87, 91, 81, 93, 90, 89, 80, 81, 68},
      {98, 95, 95, 92, 90, 84, 93, 92, 89, 81, 81, 65, 88, 80, 78, 70, 69, 48},
      {-1, 92, -1, 82, -1, 72, -1, 79, -1, 69, -1, 50, -1, 69, -1, 55, -1, 27}},
     {{99, 97, 95, 92, 92, 85, 95, 91, 90, 83, 84, 71, 92, 81, 82, 71, 72, 53},
      {95, 93, 92, 85, 85, 73, 92, 82, 80, 72, 70, 59, 84, 70, 71, 52, 50, 30},
      {-1, 86, -1, 75, -1, 52, -1, 71, -1, 52, -1, 29, -1, 63, -1, 29, -1, 17}}},
    {{{98, 95, 94, 87, 91, 81, 94, 89, 86, 74, 77, 64, 87, 75, 74, 63, 63, 49},
      {94, 89, 88, 77, 76, 67, 86, 76, 74, 58, 59, 50, 72, 57, 57, 52, 52, 25},
      {-1, 83, -1, 70, -1, 54, -1, 65, -1, 58, -1, 26, -1, 53, -1, 21, -1, 13}},
     {{95, 90, 88, 76, 76, 70, 90, 77, 75, 62, 61, 53, 77, 66, 68, 59, 52, 30},
      {89, 78, 76, 67, 62, 58, 74, 59, 57, 57, 47, 23, 61, 52, 57, 29, 24, 16},
      {-1, 71, -1, 59, -1, 30, -1, 58, -1, 26, -1, 15, -1, 23, -1, 13, -1, 6}}},
    {{{93, 87, 86, 72, 75, 58, 86, 74, 74, 61, 56, 34, 70, 54, 52, 40, 40, 22},
      {85, 75, 74, 55, 62, 51, 72, 57, 55, 41, 46, 19, 53, 36, 34, 19, 19, 8},
      {-1, 64, -1, 51, -1, 20, -1, 47, -1, 21, -1, 11, -1, 24, -1, 9, -1, 4}},
     {{88, 75, 73, 53, 60, 50, 73, 55, 59, 40, 41, 20, 54, 43, 45, 22, 20, 11},
      {75, 55, 58, 45, 40, 21, 61, 51, 48, 18, 20, 9, 46, 18, 17, 7, 8, 2},
      {-1, 53, -1, 24, -1, 14, -1, 24, -1, 12, -1, 5, -1, 10, -1, 3, -1, 1}}}};

// A vector's effective values: each base metric after its modified metric, and the threat and
// requirement metrics with Not Defined read as the worst case (E:A, CR/IR/AR:H).
struct Effective {
  // Value indexes as in metrics.cc: AV N,A,L,P; AC L,H; AT N,P; PR N,L,H; UI N,P,A;
  // VC..SA H,L,N, and SI/SA 3 for Safety (only through MSI/MSA:S).
  int av, ac, at, pr, ui, vc, vi, va, sc, si, sa;
  int e;           // 0 A, 1 P, 2 U
  int cr, ir, ar;  // 0 H, 1 M, 2 L
};

int ModifiedOrBase(const Vector& v, int metric) {
  int modified = v.get(metric + kModified);
  return modified == 0 ? v.get(metric) : modified - 1;
}

Effective EffectiveValues(const Vector& v) {
  auto not_defined_as_first = [&](int metric) {
    return v.get(metric) == 0 ? 0 : v.get(metric) - 1;
  };
  return Effective{ModifiedOrBase(v, kAV),    ModifiedOrBase(v, kAC),    ModifiedOrBase(v, kAT),
                   ModifiedOrBase(v, kPR),    ModifiedOrBase(v, kUI),    ModifiedOrBase(v, kVC),
                   ModifiedOrBase(v, kVI),    ModifiedOrBase(v, kVA),    ModifiedOrBase(v, kSC),
                   ModifiedOrBase(v, kSI),    ModifiedOrBase(v, kSA),    not_defined_as_first(kE),
                   not_defined_as_first(kCR), not_defined_as_first(kIR), not_defined_as_first(kAR)};
}

constexpr int kH = 0, kN3 = 2;  // High and None among H,L,N
constexpr int kSafety = 3;

struct Levels {
  int eq1, eq2, eq3, eq4, eq5, eq6;
};

Levels MacroVectorOf(const Effective& x) {
  Levels l;
  // EQ1: AV, PR, UI.
  if (x.av == 0 && x.pr == 0 && x.ui == 0) {
    l.eq1 = 0;
  } else if ((x.av == 0 || x.pr == 0 || x.ui == 0) && x.av != 3) {
    l.eq1 = 1;
  } else {
    l.eq1 = 2;
  }
  // EQ2: AC, AT.
  l.eq2 = x.ac == 0 && x.at == 0 ? 0 : 1;
  // EQ3: VC, VI, VA.
  if (x.vc == kH && x.vi == kH) {
    l.eq3 = 0;
  } else if (x.vc == kH || x.vi == kH || x.va == kH) {
    l.eq3 = 1;
  } else {
    l.eq3 = 2;
  }
  // EQ4: SC, SI, SA (Safety only through MSI/MSA).
  if (x.si == kSafety || x.sa == kSafety) {
    l.eq4 = 0;
  } else if (x.sc == kH || x.si == kH || x.sa == kH) {
    l.eq4 = 1;
  } else {
    l.eq4 = 2;
  }
  // EQ5: E.
  l.eq5 = x.e;
  // EQ6: the requirements that meet a High impact.
  l.eq6 =
      (x.cr == 0 && x.vc == kH) || (x.ir == 0 && x.vi == kH) || (x.ar == 0 && x.va == kH) ? 0 : 1;
  return l;
}

// The table value as a double (NaN when the MacroVector does not exist), as the reference
// reads it from its lookup object.
double Lookup(int eq1, int eq2, int eq3, int eq4, int eq5, int eq6) {
  if (eq1 > 2 || eq2 > 1 || eq3 > 2 || eq4 > 2 || eq5 > 2 || eq6 > 1) return NAN;
  int tenths = kMacroVectorScores[eq1][eq2][eq3][eq4 * 6 + eq5 * 2 + eq6];
  return tenths < 0 ? NAN : tenths / 10.0;
}

// Severity levels used for distances, in steps of 0.1 (the reference's *_levels tables).
constexpr double kStep[] = {0.0, 0.1, 0.2, 0.3};
double LevelOf(int index) { return kStep[index]; }
// SC, SI, SA: H 0.1, L 0.2, N 0.3, and Safety 0.0.
double SubsequentLevelOf(int index) { return index == kSafety ? 0.0 : kStep[index + 1]; }

// The highest-severity vectors of each EQ level (FIRST's max_composed.js), in the reference's
// order: the first combination the scored vector does not exceed is the one measured from.
struct Eq1Max {
  int av, pr, ui;
};
struct Eq2Max {
  int ac, at;
};
struct Eq3Eq6Max {
  int vc, vi, va, cr, ir, ar;
};
struct Eq4Max {
  int sc, si, sa;
};
constexpr Eq1Max kEq1Max0[] = {{0, 0, 0}};
constexpr Eq1Max kEq1Max1[] = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
constexpr Eq1Max kEq1Max2[] = {{3, 0, 0}, {1, 1, 1}};
constexpr std::span<const Eq1Max> kEq1Maxes[] = {kEq1Max0, kEq1Max1, kEq1Max2};
constexpr Eq2Max kEq2Max0[] = {{0, 0}};
constexpr Eq2Max kEq2Max1[] = {{1, 0}, {0, 1}};
constexpr std::span<const Eq2Max> kEq2Maxes[] = {kEq2Max0, kEq2Max1};
constexpr Eq3Eq6Max kEq36Max00[] = {{0, 0, 0, 0, 0, 0}};
constexpr Eq3Eq6Max kEq36Max01[] = {{0, 0, 1, 1, 1, 0}, {0, 0, 0, 1, 1, 1}};
constexpr Eq3Eq6Max kEq36Max10[] = {{1, 0, 0, 0, 0, 0}, {0, 1, 0, 0, 0, 0}};
constexpr Eq3Eq6Max kEq36Max11[] = {{1, 0, 1, 0, 1, 0},
                                    {1, 0, 0, 0, 1, 1},
                                    {0, 1, 0, 1, 0, 1},
                                    {0, 1, 1, 1, 0, 0},
                                    {1, 1, 0, 0, 0, 1}};
constexpr Eq3Eq6Max kEq36Max21[] = {{1, 1, 1, 0, 0, 0}};
constexpr std::span<const Eq3Eq6Max> kEq3Eq6Maxes[3][2] = {
    {kEq36Max00, kEq36Max01}, {kEq36Max10, kEq36Max11}, {{}, kEq36Max21}};
constexpr Eq4Max kEq4Max0[] = {{0, kSafety, kSafety}};
constexpr Eq4Max kEq4Max1[] = {{0, 0, 0}};
constexpr Eq4Max kEq4Max2[] = {{1, 1, 1}};
constexpr std::span<const Eq4Max> kEq4Maxes[] = {kEq4Max0, kEq4Max1, kEq4Max2};

// The depth of each EQ level, in 0.1 steps (FIRST's max_severity.js).
constexpr int kEq1Depth[] = {1, 4, 5};
constexpr int kEq2Depth[] = {1, 2};
constexpr int kEq3Eq6Depth[3][2] = {{7, 6}, {8, 8}, {0, 10}};
constexpr int kEq4Depth[] = {6, 5, 4};

struct Distances {
  double av, pr, ui, ac, at, vc, vi, va, sc, si, sa, cr, ir, ar;
  bool AnyNegative() const {
    for (double d : {av, pr, ui, ac, at, vc, vi, va, sc, si, sa, cr, ir, ar}) {
      if (d < 0) return true;
    }
    return false;
  }
};

// Severity distances from the first highest-severity vector of the MacroVector that the scored
// vector does not exceed (if none qualifies, the last one tried, as in the reference).
Distances DistancesToMax(const Effective& x, const Levels& l) {
  Distances d{};
  for (const Eq1Max& m1 : kEq1Maxes[l.eq1]) {
    for (const Eq2Max& m2 : kEq2Maxes[l.eq2]) {
      for (const Eq3Eq6Max& m3 : kEq3Eq6Maxes[l.eq3][l.eq6]) {
        for (const Eq4Max& m4 : kEq4Maxes[l.eq4]) {
          d.av = LevelOf(x.av) - LevelOf(m1.av);
          d.pr = LevelOf(x.pr) - LevelOf(m1.pr);
          d.ui = LevelOf(x.ui) - LevelOf(m1.ui);
          d.ac = LevelOf(x.ac) - LevelOf(m2.ac);
          d.at = LevelOf(x.at) - LevelOf(m2.at);
          d.vc = LevelOf(x.vc) - LevelOf(m3.vc);
          d.vi = LevelOf(x.vi) - LevelOf(m3.vi);
          d.va = LevelOf(x.va) - LevelOf(m3.va);
          d.sc = SubsequentLevelOf(x.sc) - SubsequentLevelOf(m4.sc);
          d.si = SubsequentLevelOf(x.si) - SubsequentLevelOf(m4.si);
          d.sa = SubsequentLevelOf(x.sa) - SubsequentLevelOf(m4.sa);
          d.cr = LevelOf(x.cr) - LevelOf(m3.cr);
          d.ir = LevelOf(x.ir) - LevelOf(m3.ir);
          d.ar = LevelOf(x.ar) - LevelOf(m3.ar);
          if (!d.AnyNegative()) return d;
        }
      }
    }
  }
  return d;
}

int ScoreEffective(const Effective& x, std::string* macrovector) {
  Levels l = MacroVectorOf(x);
  if (macrovector) {
    *macrovector = {char('0' + l.eq1), char('0' + l.eq2), char('0' + l.eq3),
                    char('0' + l.eq4), char('0' + l.eq5), char('0' + l.eq6)};
  }
  // No impact on either system: nothing to score.
  if (x.vc == kN3 && x.vi == kN3 && x.va == kN3 && x.sc == kN3 && x.si == kN3 && x.sa == kN3) {
    return 0;
  }
  double value = Lookup(l.eq1, l.eq2, l.eq3, l.eq4, l.eq5, l.eq6);

  // The score of the next lower MacroVector along each EQ (NaN where there is none). EQ3 and
  // EQ6 move together: from 00 either 01 or 10 is next, whichever scores higher.
  double lower_eq1 = Lookup(l.eq1 + 1, l.eq2, l.eq3, l.eq4, l.eq5, l.eq6);
  double lower_eq2 = Lookup(l.eq1, l.eq2 + 1, l.eq3, l.eq4, l.eq5, l.eq6);
  double lower_eq3eq6;
  if (l.eq3 == 0 && l.eq6 == 0) {
    double left = Lookup(l.eq1, l.eq2, l.eq3, l.eq4, l.eq5, l.eq6 + 1);
    double right = Lookup(l.eq1, l.eq2, l.eq3 + 1, l.eq4, l.eq5, l.eq6);
    lower_eq3eq6 = left > right ? left : right;
  } else if (l.eq6 == 1 || l.eq3 == 2) {
    lower_eq3eq6 = Lookup(l.eq1, l.eq2, l.eq3 + 1, l.eq4, l.eq5, l.eq6);
  } else {  // eq3 == 1, eq6 == 0
    lower_eq3eq6 = Lookup(l.eq1, l.eq2, l.eq3, l.eq4, l.eq5, l.eq6 + 1);
  }
  double lower_eq4 = Lookup(l.eq1, l.eq2, l.eq3, l.eq4 + 1, l.eq5, l.eq6);
  double lower_eq5 = Lookup(l.eq1, l.eq2, l.eq3, l.eq4, l.eq5 + 1, l.eq6);

  Distances d = DistancesToMax(x, l);
  double distance_eq1 = d.av + d.pr + d.ui;
  double distance_eq2 = d.ac + d.at;
  double distance_eq3eq6 = d.vc + d.vi + d.va + d.cr + d.ir + d.ar;
  double distance_eq4 = d.sc + d.si + d.sa;

  constexpr double kStepSize = 0.1;
  int existing_lower = 0;
  double normalized_sum = 0;
  auto add = [&](double lower_score, double distance, double max_severity) {
    double available = value - lower_score;
    if (std::isnan(available)) return;
    ++existing_lower;
    normalized_sum += available * (distance / max_severity);
  };
  add(lower_eq1, distance_eq1, kEq1Depth[l.eq1] * kStepSize);
  add(lower_eq2, distance_eq2, kEq2Depth[l.eq2] * kStepSize);
  add(lower_eq3eq6, distance_eq3eq6, kEq3Eq6Depth[l.eq3][l.eq6] * kStepSize);
  add(lower_eq4, distance_eq4, kEq4Depth[l.eq4] * kStepSize);
  // EQ5 counts towards the mean, but its proportion is always 0 (E has one value per level).
  if (!std::isnan(value - lower_eq5)) ++existing_lower;

  double mean_distance = existing_lower == 0 ? 0 : normalized_sum / existing_lower;
  value -= mean_distance;
  value = std::clamp(value, 0.0, 10.0);
  return static_cast<int>(std::floor((value + 1e-6) * 10 + 0.5));
}

}  // namespace

std::string MacroVector(const Vector& vector) {
  std::string out;
  ScoreEffective(EffectiveValues(vector), &out);
  return out;
}

int MacroVectorScore(std::string_view mv) {
  if (mv.size() != 6) return -1;
  for (char c : mv) {
    if (c < '0' || c > '2') return -1;
  }
  double value =
      Lookup(mv[0] - '0', mv[1] - '0', mv[2] - '0', mv[3] - '0', mv[4] - '0', mv[5] - '0');
  return std::isnan(value) ? -1 : static_cast<int>(std::lround(value * 10));
}

}  // namespace v4

Scores ScoreV4(const Vector& vector) {
  Scores s;
  s.version = Version::kV40;
  const bool threat = vector.Defines(Group::kThreat);
  const bool environmental = vector.Defines(Group::kEnvironmental);
  s.nomenclature =
      threat ? (environmental ? "CVSS-BTE" : "CVSS-BT") : (environmental ? "CVSS-BE" : "CVSS-B");
  s.overall = v4::ScoreEffective(v4::EffectiveValues(vector), &s.macrovector);
  if (threat || environmental) {
    Vector base_only(Version::kV40);
    for (size_t i = 0; i < Metrics(Version::kV40).size(); ++i) {
      if (Metrics(Version::kV40)[i].group == Group::kBase) base_only.values[i] = vector.values[i];
    }
    s.base = v4::ScoreEffective(v4::EffectiveValues(base_only), nullptr);
  } else {
    s.base = s.overall;
  }
  return s;
}

}  // namespace concord::cvss
