#pragma once
// The metrics of each CVSS version as FIRST defines them: abbreviations, names, metric groups,
// defined values, and the canonical order in which a vector string lists them.
//
// A metric's value is held as an index into MetricDef::values. Two layout rules let the
// scoring code stay table-driven:
//  - for an optional metric, index 0 is "Not Defined" (X; ND in v2);
//  - a v3/v4 modified metric (MAV, MVC, ...) lists its base metric's values in the same order
//    after X, so modified index k means base index k - 1 (v4's MSI/MSA add S at the end).

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace concord::cvss {

enum class Version : uint8_t { kV2, kV30, kV31, kV40 };

// "2.0", "3.0", "3.1", "4.0".
std::string_view VersionName(Version version);

enum class Group : uint8_t { kBase, kTemporal, kThreat, kEnvironmental, kSupplemental };
std::string_view GroupName(Group group);

inline constexpr size_t kMaxValues = 6;
inline constexpr size_t kMaxMetrics = 32;  // v4.0 has the most

struct MetricDef {
  std::string_view abbrev;  // "AV"
  std::string_view name;    // "Attack Vector"
  Group group;
  std::array<std::string_view, kMaxValues> values;  // abbreviations, as written in a vector
  uint8_t value_count;

  bool mandatory() const { return group == Group::kBase; }
  std::span<const std::string_view> defined_values() const { return {values.data(), value_count}; }
};

// Every metric of `version`, in the canonical order of its specification.
std::span<const MetricDef> Metrics(Version version);

// Index of the metric named `abbrev` (case-sensitive) in Metrics(version), or -1. The search
// starts at `hint` (where the next metric usually is: vectors mostly list them in order).
int FindMetric(Version version, std::string_view abbrev, size_t hint = 0);
// Index of `value` among the defined values of metric `metric` of `version`, or -1.
int FindValue(Version version, size_t metric, std::string_view value);

// The metric indexes the scoring code uses, in the order of Metrics(version).
// clang-format off
namespace v2 {
enum : uint8_t { kAV, kAC, kAu, kC, kI, kA, kE, kRL, kRC, kCDP, kTD, kCR, kIR, kAR, kCount };
}
namespace v3 {
enum : uint8_t {
  kAV, kAC, kPR, kUI, kS, kC, kI, kA,
  kE, kRL, kRC,
  kCR, kIR, kAR, kMAV, kMAC, kMPR, kMUI, kMS, kMC, kMI, kMA,
  kCount
};
}
namespace v4 {
enum : uint8_t {
  kAV, kAC, kAT, kPR, kUI, kVC, kVI, kVA, kSC, kSI, kSA,
  kE,
  kCR, kIR, kAR, kMAV, kMAC, kMAT, kMPR, kMUI, kMVC, kMVI, kMVA, kMSC, kMSI, kMSA,
  kS, kAU, kR, kV, kRE, kU,
  kCount
};
// Offset from a base metric to its modified metric (kAV + kModified == kMAV).
inline constexpr uint8_t kModified = kMAV - kAV;
}  // namespace v4
// clang-format on

}  // namespace concord::cvss
