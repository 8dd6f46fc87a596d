#include "cvss/vector.h"

#include <algorithm>
#include <cstdio>

#include "common/strings.h"

namespace concord::cvss {
namespace {

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && AsciiLower(a) == AsciiLower(b);
}

Status Error(size_t column, const std::string& message) {
  return Status::InvalidArgument("column " + std::to_string(column) + ": " + message);
}

std::string ValueList(const MetricDef& metric) {
  std::string out;
  for (std::string_view value : metric.defined_values()) {
    if (!out.empty()) out += ", ";
    out += value;
  }
  return out;
}

// Reads the "CVSS:x.y/" prefix or recognises a v2 vector. On success `body` is the part with
// the metrics and `body_column` the column of its first character.
Status ReadPrefix(std::string_view text, Version* version, std::string_view* body,
                  size_t* body_column) {
  constexpr std::string_view kPrefix = "CVSS:";
  if (text.substr(0, kPrefix.size()) == kPrefix) {
    size_t slash = text.find('/');
    std::string_view label = text.substr(kPrefix.size(), slash - kPrefix.size());
    if (label == "3.0") {
      *version = Version::kV30;
    } else if (label == "3.1") {
      *version = Version::kV31;
    } else if (label == "4.0") {
      *version = Version::kV40;
    } else if (label == "2.0" || label == "2") {
      return Error(1, "CVSS v2.0 vectors have no prefix: write them as 'AV:.../AC:...'");
    } else {
      return Error(kPrefix.size() + 1,
                   "unknown CVSS version '" + std::string(label) + "' (3.0, 3.1 or 4.0)");
    }
    if (slash == std::string_view::npos || slash + 1 == text.size()) {
      return Error(text.size() + 1, "no metrics after 'CVSS:" + std::string(label) + "/'");
    }
    *body = text.substr(slash + 1);
    *body_column = slash + 2;
    return Status::Ok();
  }
  if (EqualsIgnoringCase(text.substr(0, kPrefix.size()), kPrefix)) {
    return Error(1, "the prefix is 'CVSS:' in upper case");
  }
  *version = Version::kV2;
  if (text.front() == '(') {
    if (text.back() != ')') return Error(1, "'(' without its closing ')'");
    *body = text.substr(1, text.size() - 2);
    *body_column = 2;
    if (body->empty()) return Error(2, "no metrics inside '()'");
  } else {
    *body = text;
    *body_column = 1;
  }
  if (body->substr(0, 3) != "AV:") {
    return Error(*body_column,
                 "not a CVSS vector: it should start with 'CVSS:3.1/', 'CVSS:3.0/', 'CVSS:4.0/' or "
                 "(v2.0) 'AV:'");
  }
  return Status::Ok();
}

}  // namespace

bool Vector::Defines(Group group) const {
  std::span<const MetricDef> metrics = Metrics(version);
  for (size_t i = 0; i < metrics.size(); ++i) {
    if (metrics[i].group == group && get(i) != 0) return true;
  }
  return false;
}

Result<Vector> ParseVector(std::string_view text) {
  if (text.empty()) return Status::InvalidArgument("empty vector");
  Vector vector;
  std::string_view body;
  size_t column = 1;
  if (Status st = ReadPrefix(text, &vector.version, &body, &column); !st.ok()) return st;
  std::span<const MetricDef> metrics = Metrics(vector.version);
  const bool fixed_order = vector.version == Version::kV2 || vector.version == Version::kV40;
  auto version_label = [&] { return "CVSS " + std::string(VersionName(vector.version)); };
  std::array<size_t, kMaxMetrics> seen_at{};  // column of each metric given
  int last_metric = -1;

  while (true) {
    size_t slash = body.find('/');
    std::string_view part = body.substr(0, slash);
    if (part.empty()) {
      return Error(column, slash == std::string_view::npos ? "trailing '/' with no metric after it"
                                                           : "empty metric between two '/'");
    }
    size_t colon = part.find(':');
    if (colon == std::string_view::npos) {
      return Error(column, "'" + std::string(part) + "' is not NAME:VALUE");
    }
    std::string_view name = part.substr(0, colon);
    std::string_view value = part.substr(colon + 1);
    int index = FindMetric(vector.version, name, static_cast<size_t>(last_metric + 1));
    if (index < 0) {
      for (const MetricDef& m : metrics) {
        if (EqualsIgnoringCase(m.abbrev, name)) {
          return Error(column, "unknown metric '" + std::string(name) +
                                   "': metric names are case-sensitive (" + std::string(m.abbrev) +
                                   ")");
        }
      }
      return Error(
          column, "unknown metric '" + std::string(name) + "' in a " + version_label() + " vector");
    }
    const MetricDef& metric = metrics[index];
    if (vector.has(index)) {
      return Error(column, "metric " + std::string(name) + " given twice (first at column " +
                               std::to_string(seen_at[index]) + ")");
    }
    if (fixed_order && index < last_metric) {
      return Error(column, "metric " + std::string(name) + " must come before " +
                               std::string(metrics[last_metric].abbrev) + ": " + version_label() +
                               " lists metrics in a fixed order");
    }
    int value_index = FindValue(vector.version, index, value);
    if (value_index < 0) {
      std::string why = value.empty()
                            ? "metric " + std::string(name) + " has no value"
                            : "'" + std::string(value) + "' is not a value of " +
                                  std::string(name) + " (" + std::string(metric.name) + ")";
      return Error(column + colon + 1, why + "; defined values: " + ValueList(metric));
    }
    vector.values[index] = static_cast<int8_t>(value_index);
    seen_at[index] = column;
    last_metric = index;
    if (slash == std::string_view::npos) break;
    body.remove_prefix(slash + 1);
    column += slash + 1;
  }

  std::string missing;
  for (size_t i = 0; i < metrics.size(); ++i) {
    if (metrics[i].mandatory() && !vector.has(i)) {
      missing += missing.empty() ? "" : ", ";
      missing += std::string(metrics[i].abbrev) + " (" + std::string(metrics[i].name) + ")";
    }
  }
  if (!missing.empty()) {
    return Error(text.size() + 1,
                 "missing base metric" +
                     std::string(missing.find(',') != std::string::npos ? "s" : "") + " " +
                     missing);
  }
  return vector;
}

std::string FormatVector(const Vector& vector, FormatOptions options) {
  std::string out;
  if (vector.version != Version::kV2) {
    out = "CVSS:";
    out += VersionName(vector.version);
  }
  std::span<const MetricDef> metrics = Metrics(vector.version);
  for (size_t i = 0; i < metrics.size(); ++i) {
    if (!vector.has(i)) continue;
    if (!metrics[i].mandatory() && vector.get(i) == 0 && !options.keep_not_defined) continue;
    if (!out.empty()) out += '/';
    out += metrics[i].abbrev;
    out += ':';
    out += metrics[i].values[vector.get(i)];
  }
  return out;
}

}  // namespace concord::cvss
