#pragma once
// CVSS vector strings: parsing with exact validation, and the normalised form.
//
// Accepted forms:
//   v2.0  AV:N/AC:L/Au:N/C:P/I:P/A:P            (optionally in parentheses, as NVD writes it)
//   v3.x  CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H   (CVSS:3.1/...)
//   v4.0  CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N
// Every base metric must be present, every metric at most once, with one of its defined values;
// names and values are case-sensitive. v2.0 and v4.0 fix the order of metrics (v2 guide
// section 2.4, v4.0 specification section 7); v3.x vectors may list them in any order, as
// FIRST's own v3 calculators accept. Errors name the metric and the 1-based column.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "cvss/metrics.h"

namespace concord::cvss {

// A parsed vector: one value index per metric of Metrics(version) (see metrics.h), or kAbsent.
struct Vector {
  static constexpr int8_t kAbsent = -1;

  Version version = Version::kV31;
  std::array<int8_t, kMaxMetrics> values;

  Vector() { values.fill(kAbsent); }
  explicit Vector(Version v) : version(v) { values.fill(kAbsent); }

  bool has(size_t metric) const { return values[metric] != kAbsent; }
  // The value index, with an absent optional metric read as Not Defined (index 0).
  int get(size_t metric) const { return values[metric] == kAbsent ? 0 : values[metric]; }
  // Whether any metric of `group` has a value other than Not Defined.
  bool Defines(Group group) const;
};

Result<Vector> ParseVector(std::string_view text);

struct FormatOptions {
  // Keep metrics the vector states as Not Defined (X, ND); by default they are dropped, as
  // they do not change any score.
  bool keep_not_defined = false;
};

// The canonical form: the version prefix (none for v2.0, no parentheses) and the metrics in
// the specification's order.
std::string FormatVector(const Vector& vector, FormatOptions options = {});

}  // namespace concord::cvss
