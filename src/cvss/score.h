#pragma once
// CVSS scores exactly as FIRST specifies them, for every version:
//  - v2.0: base, temporal and environmental equations of the v2 Complete Guide (section 3.2),
//    rounded to one decimal;
//  - v3.0, v3.1: base, temporal and environmental equations (section 7 of each specification),
//    each with its own Roundup (v3.0 ceil(x*10)/10; v3.1 the integer-based Roundup of its
//    Appendix A) and v3.1's changed Modified Impact for a changed scope;
//  - v4.0: the MacroVector lookup and interpolation of the specification (section 8) and
//    FIRST's reference calculator, with its 270 MacroVector values.
// Scores are held in tenths of a point (0..100) so that no caller ever prints 7.499999.
// Thread-safe: pure functions over constant tables.

#include <string>
#include <string_view>

#include "cvss/metrics.h"
#include "cvss/vector.h"

namespace concord::cvss {

enum class Severity : uint8_t { kNone, kLow, kMedium, kHigh, kCritical };
std::string_view SeverityName(Severity severity);  // "None", "Low", ...

// The qualitative rating: v3.x/v4.0 None 0.0, Low 0.1-3.9, Medium 4.0-6.9, High 7.0-8.9,
// Critical 9.0-10.0; v2.0 (NVD) Low 0.0-3.9, Medium 4.0-6.9, High 7.0-10.0.
Severity Rate(Version version, int tenths);

struct Scores {
  Version version = Version::kV31;
  // v2/v3: the base score; v4.0: the score of the base metrics alone (CVSS-B).
  int base = 0;
  // v2/v3 only: the temporal and environmental scores, computed whether or not the vector
  // defines metrics of those groups (undefined metrics count as Not Defined). -1 for v4.0.
  int temporal = -1;
  int environmental = -1;
  // The score the vector stands for: v4.0 the score of all its metrics, named by
  // `nomenclature`; v2/v3 the environmental score if it defines environmental metrics, else
  // the temporal score if it defines temporal ones, else the base score.
  int overall = 0;
  // v4.0: "CVSS-B", "CVSS-BT", "CVSS-BE" or "CVSS-BTE"; v2/v3: "".
  std::string_view nomenclature;
  // v4.0: the vector's MacroVector (EQ1..EQ6 levels, e.g. "001100"); v2/v3: "".
  std::string macrovector;
};

Scores Score(const Vector& vector);

// "9.8" for 98.
std::string FormatScore(int tenths);

// v4.0 internals, exposed for tests of the MacroVector table.
namespace v4 {
// The six EQ levels of a vector, as a string "eq1eq2eq3eq4eq5eq6".
std::string MacroVector(const Vector& vector);
// The table value of a MacroVector in tenths, or -1 when it does not exist (e.g. eq3=2, eq6=0).
int MacroVectorScore(std::string_view macrovector);
}  // namespace v4

}  // namespace concord::cvss
