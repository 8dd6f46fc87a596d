#include "cvss/metrics.h"

namespace concord::cvss {
namespace {

using G = Group;

// CVSS v2.0 Complete Guide, section 2.4 (Table 13); optional values start with ND.
constexpr MetricDef kV2Metrics[] = {
    {"AV", "Access Vector", G::kBase, {"L", "A", "N"}, 3},
    {"AC", "Access Complexity", G::kBase, {"H", "M", "L"}, 3},
    {"Au", "Authentication", G::kBase, {"M", "S", "N"}, 3},
    {"C", "Confidentiality Impact", G::kBase, {"N", "P", "C"}, 3},
    {"I", "Integrity Impact", G::kBase, {"N", "P", "C"}, 3},
    {"A", "Availability Impact", G::kBase, {"N", "P", "C"}, 3},
    {"E", "Exploitability", G::kTemporal, {"ND", "U", "POC", "F", "H"}, 5},
    {"RL", "Remediation Level", G::kTemporal, {"ND", "OF", "TF", "W", "U"}, 5},
    {"RC", "Report Confidence", G::kTemporal, {"ND", "UC", "UR", "C"}, 4},
    {"CDP", "Collateral Damage Potential", G::kEnvironmental, {"ND", "N", "L", "LM", "MH", "H"}, 6},
    {"TD", "Target Distribution", G::kEnvironmental, {"ND", "N", "L", "M", "H"}, 5},
    {"CR", "Confidentiality Requirement", G::kEnvironmental, {"ND", "L", "M", "H"}, 4},
    {"IR", "Integrity Requirement", G::kEnvironmental, {"ND", "L", "M", "H"}, 4},
    {"AR", "Availability Requirement", G::kEnvironmental, {"ND", "L", "M", "H"}, 4},
};

// CVSS v3.0 and v3.1 specifications, section 6 (Table 15 in v3.1).
constexpr MetricDef kV3Metrics[] = {
    {"AV", "Attack Vector", G::kBase, {"N", "A", "L", "P"}, 4},
    {"AC", "Attack Complexity", G::kBase, {"L", "H"}, 2},
    {"PR", "Privileges Required", G::kBase, {"N", "L", "H"}, 3},
    {"UI", "User Interaction", G::kBase, {"N", "R"}, 2},
    {"S", "Scope", G::kBase, {"U", "C"}, 2},
    {"C", "Confidentiality", G::kBase, {"H", "L", "N"}, 3},
    {"I", "Integrity", G::kBase, {"H", "L", "N"}, 3},
    {"A", "Availability", G::kBase, {"H", "L", "N"}, 3},
    {"E", "Exploit Code Maturity", G::kTemporal, {"X", "U", "P", "F", "H"}, 5},
    {"RL", "Remediation Level", G::kTemporal, {"X", "O", "T", "W", "U"}, 5},
    {"RC", "Report Confidence", G::kTemporal, {"X", "U", "R", "C"}, 4},
    {"CR", "Confidentiality Requirement", G::kEnvironmental, {"X", "L", "M", "H"}, 4},
    {"IR", "Integrity Requirement", G::kEnvironmental, {"X", "L", "M", "H"}, 4},
    {"AR", "Availability Requirement", G::kEnvironmental, {"X", "L", "M", "H"}, 4},
    {"MAV", "Modified Attack Vector", G::kEnvironmental, {"X", "N", "A", "L", "P"}, 5},
    {"MAC", "Modified Attack Complexity", G::kEnvironmental, {"X", "L", "H"}, 3},
    {"MPR", "Modified Privileges Required", G::kEnvironmental, {"X", "N", "L", "H"}, 4},
    {"MUI", "Modified User Interaction", G::kEnvironmental, {"X", "N", "R"}, 3},
    {"MS", "Modified Scope", G::kEnvironmental, {"X", "U", "C"}, 3},
    {"MC", "Modified Confidentiality", G::kEnvironmental, {"X", "H", "L", "N"}, 4},
    {"MI", "Modified Integrity", G::kEnvironmental, {"X", "H", "L", "N"}, 4},
    {"MA", "Modified Availability", G::kEnvironmental, {"X", "H", "L", "N"}, 4},
};

// CVSS v4.0 specification, section 7 (Table 23).
constexpr MetricDef kV4Metrics[] = {
    {"AV", "Attack Vector", G::kBase, {"N", "A", "L", "P"}, 4},
    {"AC", "Attack Complexity", G::kBase, {"L", "H"}, 2},
    {"AT", "Attack Requirements", G::kBase, {"N", "P"}, 2},
    {"PR", "Privileges Required", G::kBase, {"N", "L", "H"}, 3},
    {"UI", "User Interaction", G::kBase, {"N", "P", "A"}, 3},
    {"VC", "Vulnerable System Confidentiality", G::kBase, {"H", "L", "N"}, 3},
    {"VI", "Vulnerable System Integrity", G::kBase, {"H", "L", "N"}, 3},
    {"VA", "Vulnerable System Availability", G::kBase, {"H", "L", "N"}, 3},
    {"SC", "Subsequent System Confidentiality", G::kBase, {"H", "L", "N"}, 3},
    {"SI", "Subsequent System Integrity", G::kBase, {"H", "L", "N"}, 3},
    {"SA", "Subsequent System Availability", G::kBase, {"H", "L", "N"}, 3},
    {"E", "Exploit Maturity", G::kThreat, {"X", "A", "P", "U"}, 4},
    {"CR", "Confidentiality Requirement", G::kEnvironmental, {"X", "H", "M", "L"}, 4},
    {"IR", "Integrity Requirement", G::kEnvironmental, {"X", "H", "M", "L"}, 4},
    {"AR", "Availability Requirement", G::kEnvironmental, {"X", "H", "M", "L"}, 4},
    {"MAV", "Modified Attack Vector", G::kEnvironmental, {"X", "N", "A", "L", "P"}, 5},
    {"MAC", "Modified Attack Complexity", G::kEnvironmental, {"X", "L", "H"}, 3},
    {"MAT", "Modified Attack Requirements", G::kEnvironmental, {"X", "N", "P"}, 3},
    {"MPR", "Modified Privileges Required", G::kEnvironmental, {"X", "N", "L", "H"}, 4},
    {"MUI", "Modified User Interaction", G::kEnvironmental, {"X", "N", "P", "A"}, 4},
    {"MVC",
     "Modified Vulnerable System Confidentiality",
     G::kEnvironmental,
     {"X", "H", "L", "N"},
     4},
    {"MVI", "Modified Vulnerable System Integrity", G::kEnvironmental, {"X", "H", "L", "N"}, 4},
    {"MVA", "Modified Vulnerable System Availability", G::kEnvironmental, {"X", "H", "L", "N"}, 4},
    {"MSC",
     "Modified Subsequent System Confidentiality",
     G::kEnvironmental,
     {"X", "H", "L", "N"},
     4},
    {"MSI",
     "Modified Subsequent System Integrity",
     G::kEnvironmental,
     {"X", "H", "L", "N", "S"},
     5},
    {"MSA",
     "Modified Subsequent System Availability",
     G::kEnvironmental,
     {"X", "H", "L", "N", "S"},
     5},
    {"S", "Safety", G::kSupplemental, {"X", "N", "P"}, 3},
    {"AU", "Automatable", G::kSupplemental, {"X", "N", "Y"}, 3},
    {"R", "Recovery", G::kSupplemental, {"X", "A", "U", "I"}, 4},
    {"V", "Value Density", G::kSupplemental, {"X", "D", "C"}, 3},
    {"RE", "Vulnerability Response Effort", G::kSupplemental, {"X", "L", "M", "H"}, 4},
    {"U", "Provider Urgency", G::kSupplemental, {"X", "Clear", "Green", "Amber", "Red"}, 5},
};

static_assert(std::size(kV2Metrics) == v2::kCount);
static_assert(std::size(kV3Metrics) == v3::kCount);
static_assert(std::size(kV4Metrics) == v4::kCount && v4::kCount <= kMaxMetrics);

}  // namespace

std::string_view VersionName(Version version) {
  switch (version) {
    case Version::kV2:
      return "2.0";
    case Version::kV30:
      return "3.0";
    case Version::kV31:
      return "3.1";
    case Version::kV40:
      return "4.0";
  }
  return "?";
}

std::string_view GroupName(Group group) {
  switch (group) {
    case Group::kBase:
      return "base";
    case Group::kTemporal:
      return "temporal";
    case Group::kThreat:
      return "threat";
    case Group::kEnvironmental:
      return "environmental";
    case Group::kSupplemental:
      return "supplemental";
  }
  return "?";
}

std::span<const MetricDef> Metrics(Version version) {
  switch (version) {
    case Version::kV2:
      return kV2Metrics;
    case Version::kV30:
    case Version::kV31:
      return kV3Metrics;
    case Version::kV40:
      return kV4Metrics;
  }
  return {};
}

namespace {

// Names and values are at most 5 characters: packed into an integer, a comparison is one
// instruction instead of a memcmp call (parsing is most of the time spent on a vector).
constexpr uint64_t Pack(std::string_view s) {
  if (s.empty() || s.size() > 7) return 0;  // 0 never equals a packed defined name or value
  uint64_t packed = s.size();
  for (char c : s) packed = (packed << 8) | static_cast<unsigned char>(c);
  return packed;
}

struct PackedTable {
  std::array<uint64_t, kMaxMetrics> names{};
  std::array<std::array<uint64_t, kMaxValues>, kMaxMetrics> values{};
  size_t count = 0;
};

constexpr PackedTable PackTable(std::span<const MetricDef> metrics) {
  PackedTable t;
  t.count = metrics.size();
  for (size_t i = 0; i < metrics.size(); ++i) {
    t.names[i] = Pack(metrics[i].abbrev);
    for (size_t k = 0; k < metrics[i].value_count; ++k) t.values[i][k] = Pack(metrics[i].values[k]);
  }
  return t;
}

constexpr PackedTable kPackedV2 = PackTable(kV2Metrics);
constexpr PackedTable kPackedV3 = PackTable(kV3Metrics);
constexpr PackedTable kPackedV4 = PackTable(kV4Metrics);

const PackedTable& Packed(Version version) {
  switch (version) {
    case Version::kV2:
      return kPackedV2;
    case Version::kV30:
    case Version::kV31:
      return kPackedV3;
    case Version::kV40:
      break;
  }
  return kPackedV4;
}

}  // namespace

int FindMetric(Version version, std::string_view abbrev, size_t hint) {
  const PackedTable& t = Packed(version);
  const uint64_t key = Pack(abbrev);
  for (size_t n = 0, i = hint < t.count ? hint : 0; n < t.count;
       ++n, i = i + 1 == t.count ? 0 : i + 1) {
    if (t.names[i] == key) return static_cast<int>(i);
  }
  return -1;
}

int FindValue(Version version, size_t metric, std::string_view value) {
  const PackedTable& t = Packed(version);
  const uint64_t key = Pack(value);
  const size_t count = Metrics(version)[metric].value_count;
  for (size_t k = 0; k < count; ++k) {
    if (t.values[metric][k] == key) return static_cast<int>(k);
  }
  return -1;
}

}  // namespace concord::cvss
