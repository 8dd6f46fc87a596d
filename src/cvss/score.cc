// CVSS v2.0 and v3.x scoring, plus what every version shares. The arithmetic is written in the
// order of FIRST's equations and reference calculators, in double precision like theirs, so the
// rounding steps see the same numbers.
#include "cvss/score.h"

#include <algorithm>
#include <cmath>

namespace concord::cvss {

Scores ScoreV4(const Vector& vector);  // score_v4.cc

namespace {

// ---- v2.0 (CVSS v2 Complete Guide, section 3.2; weights in section 3.2.1-3.2.3) ----

constexpr double kV2AccessVector[] = {0.395, 0.646, 1.0};                 // L, A, N
constexpr double kV2AccessComplexity[] = {0.35, 0.61, 0.71};              // H, M, L
constexpr double kV2Authentication[] = {0.45, 0.56, 0.704};               // M, S, N
constexpr double kV2Impact[] = {0.0, 0.275, 0.660};                       // N, P, C
constexpr double kV2Exploitability[] = {1.0, 0.85, 0.9, 0.95, 1.0};       // ND, U, POC, F, H
constexpr double kV2RemediationLevel[] = {1.0, 0.87, 0.90, 0.95, 1.0};    // ND, OF, TF, W, U
constexpr double kV2ReportConfidence[] = {1.0, 0.90, 0.95, 1.0};          // ND, UC, UR, C
constexpr double kV2CollateralDamage[] = {0.0, 0.0, 0.1, 0.3, 0.4, 0.5};  // ND, N, L, LM, MH, H
constexpr double kV2TargetDistribution[] = {1.0, 0.0, 0.25, 0.75, 1.0};   // ND, N, L, M, H
constexpr double kV2Requirement[] = {1.0, 0.5, 1.0, 1.51};                // ND, L, M, H

int RoundToTenthV2(double x) { return static_cast<int>(std::floor(x * 10 + 0.5)); }

// The base equation, with either the base impact or the environmental adjusted impact.
int V2BaseEquation(const Vector& v, double impact) {
  using namespace v2;
  double exploitability = 20 * kV2AccessVector[v.get(kAV)] * kV2AccessComplexity[v.get(kAC)] *
                          kV2Authentication[v.get(kAu)];
  double f_impact = impact == 0 ? 0 : 1.176;
  return RoundToTenthV2(((0.6 * impact) + (0.4 * exploitability) - 1.5) * f_impact);
}

int V2Temporal(const Vector& v, int base) {
  using namespace v2;
  return RoundToTenthV2(base / 10.0 * kV2Exploitability[v.get(kE)] *
                        kV2RemediationLevel[v.get(kRL)] * kV2ReportConfidence[v.get(kRC)]);
}

Scores ScoreV2(const Vector& v) {
  using namespace v2;
  Scores s;
  s.version = Version::kV2;
  double c = kV2Impact[v.get(kC)], i = kV2Impact[v.get(kI)], a = kV2Impact[v.get(kA)];
  s.base = V2BaseEquation(v, 10.41 * (1 - (1 - c) * (1 - i) * (1 - a)));
  s.temporal = V2Temporal(v, s.base);
  double adjusted_impact = std::min(10.0, 10.41 * (1 - (1 - c * kV2Requirement[v.get(kCR)]) *
                                                           (1 - i * kV2Requirement[v.get(kIR)]) *
                                                           (1 - a * kV2Requirement[v.get(kAR)])));
  double adjusted_temporal = V2Temporal(v, V2BaseEquation(v, adjusted_impact)) / 10.0;
  s.environmental = RoundToTenthV2(
      (adjusted_temporal + (10 - adjusted_temporal) * kV2CollateralDamage[v.get(kCDP)]) *
      kV2TargetDistribution[v.get(kTD)]);
  return s;
}

// ---- v3.0 and v3.1 (specifications section 7; weights in section 7.4) ----

constexpr double kV3AttackVector[] = {0.85, 0.62, 0.55, 0.2};       // N, A, L, P
constexpr double kV3AttackComplexity[] = {0.77, 0.44};              // L, H
constexpr double kV3PrivilegesUnchanged[] = {0.85, 0.62, 0.27};     // N, L, H
constexpr double kV3PrivilegesChanged[] = {0.85, 0.68, 0.5};        // N, L, H (scope changed)
constexpr double kV3UserInteraction[] = {0.85, 0.62};               // N, R
constexpr double kV3Impact[] = {0.56, 0.22, 0.0};                   // H, L, N
constexpr double kV3ExploitMaturity[] = {1, 0.91, 0.94, 0.97, 1};   // X, U, P, F, H
constexpr double kV3RemediationLevel[] = {1, 0.95, 0.96, 0.97, 1};  // X, O, T, W, U
constexpr double kV3ReportConfidence[] = {1, 0.92, 0.96, 1};        // X, U, R, C
constexpr double kV3Requirement[] = {1, 0.5, 1, 1.5};               // X, L, M, H

// v3.1 Appendix A: round to an integer number of 1/100000 first, so that a product that is a
// hair above a tenth only through floating-point error (e.g. 4.000000000000001) stays 4.0.
int RoundupV31(double x) {
  long long scaled = std::llround(x * 100000);
  return static_cast<int>(scaled % 10000 == 0 ? scaled / 10000 : scaled / 10000 + 1);
}
// v3.0 as specified: the smallest number of tenths >= x.
int RoundupV30(double x) { return static_cast<int>(std::ceil(x * 10)); }

// The value of a base metric after its modified metric (index 0 of which is X).
int Modified(const Vector& v, int base_metric, int modified_metric) {
  int m = v.get(modified_metric);
  return m == 0 ? v.get(base_metric) : m - 1;
}

Scores ScoreV3(const Vector& v) {
  using namespace v3;
  const bool v31 = v.version == Version::kV31;
  auto roundup = v31 ? RoundupV31 : RoundupV30;
  Scores s;
  s.version = v.version;

  const bool changed = v.get(kS) == 1;
  double iss =
      1 - ((1 - kV3Impact[v.get(kC)]) * (1 - kV3Impact[v.get(kI)]) * (1 - kV3Impact[v.get(kA)]));
  double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * std::pow(iss - 0.02, 15) : 6.42 * iss;
  const double* privileges = changed ? kV3PrivilegesChanged : kV3PrivilegesUnchanged;
  double exploitability = 8.22 * kV3AttackVector[v.get(kAV)] * kV3AttackComplexity[v.get(kAC)] *
                          privileges[v.get(kPR)] * kV3UserInteraction[v.get(kUI)];
  if (impact <= 0) {
    s.base = 0;
  } else if (changed) {
    s.base = roundup(std::min(1.08 * (impact + exploitability), 10.0));
  } else {
    s.base = roundup(std::min(impact + exploitability, 10.0));
  }

  const double e = kV3ExploitMaturity[v.get(kE)], rl = kV3RemediationLevel[v.get(kRL)],
               rc = kV3ReportConfidence[v.get(kRC)];
  s.temporal = roundup(s.base / 10.0 * e * rl * rc);

  const bool m_changed = Modified(v, kS, kMS) == 1;
  double miss = std::min(1 - ((1 - kV3Impact[Modified(v, kC, kMC)] * kV3Requirement[v.get(kCR)]) *
                              (1 - kV3Impact[Modified(v, kI, kMI)] * kV3Requirement[v.get(kIR)]) *
                              (1 - kV3Impact[Modified(v, kA, kMA)] * kV3Requirement[v.get(kAR)])),
                         0.915);
  double m_impact;
  if (!m_changed) {
    m_impact = 6.42 * miss;
  } else if (v31) {
    m_impact = 7.52 * (miss - 0.029) - 3.25 * std::pow(miss * 0.9731 - 0.02, 13);
  } else {
    m_impact = 7.52 * (miss - 0.029) - 3.25 * std::pow(miss - 0.02, 15);
  }
  const double* m_privileges = m_changed ? kV3PrivilegesChanged : kV3PrivilegesUnchanged;
  double m_exploitability =
      8.22 * kV3AttackVector[Modified(v, kAV, kMAV)] * kV3AttackComplexity[Modified(v, kAC, kMAC)] *
      m_privileges[Modified(v, kPR, kMPR)] * kV3UserInteraction[Modified(v, kUI, kMUI)];
  if (m_impact <= 0) {
    s.environmental = 0;
  } else {
    double sum = m_changed ? std::min(1.08 * (m_impact + m_exploitability), 10.0)
                           : std::min(m_impact + m_exploitability, 10.0);
    s.environmental = roundup(roundup(sum) / 10.0 * e * rl * rc);
  }
  return s;
}

}  // namespace

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kNone:
      return "None";
    case Severity::kLow:
      return "Low";
    case Severity::kMedium:
      return "Medium";
    case Severity::kHigh:
      return "High";
    case Severity::kCritical:
      return "Critical";
  }
  return "?";
}

Severity Rate(Version version, int tenths) {
  if (version == Version::kV2) {
    return tenths < 40 ? Severity::kLow : tenths < 70 ? Severity::kMedium : Severity::kHigh;
  }
  if (tenths == 0) return Severity::kNone;
  if (tenths < 40) return Severity::kLow;
  if (tenths < 70) return Severity::kMedium;
  if (tenths < 90) return Severity::kHigh;
  return Severity::kCritical;
}

Scores Score(const Vector& vector) {
  Scores s;
  switch (vector.version) {
    case Version::kV2:
      s = ScoreV2(vector);
      break;
    case Version::kV30:
    case Version::kV31:
      s = ScoreV3(vector);
      break;
    case Version::kV40:
      return ScoreV4(vector);
  }
  s.overall = vector.Defines(Group::kEnvironmental) ? s.environmental
              : vector.Defines(Group::kTemporal)    ? s.temporal
                                                    : s.base;
  return s;
}

std::string FormatScore(int tenths) {
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
}

}  // namespace concord::cvss
