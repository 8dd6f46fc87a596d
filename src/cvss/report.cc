#include "cvss/report.h"

namespace concord::cvss {
namespace {

void WriteScore(json::Writer& w, std::string_view name, Version version, int tenths) {
  w.Key(std::string(name) + "_score").Raw(FormatScore(tenths));
  w.Key(std::string(name) + "_severity").String(SeverityName(Rate(version, tenths)));
}

std::string ScoreText(std::string_view label, Version version, int tenths) {
  return "  " + std::string(label) + " " + FormatScore(tenths) + " " +
         std::string(SeverityName(Rate(version, tenths)));
}

}  // namespace

Result<Assessment> Assess(std::string_view text) {
  auto vector = ParseVector(text);
  if (!vector.ok()) return vector.status();
  return Assessment{*vector, Score(*vector)};
}

void WriteAssessment(json::Writer& w, const Assessment& a, FormatOptions options) {
  w.BeginObject();
  WriteAssessmentMembers(w, a, options);
  w.EndObject();
}

void WriteAssessmentMembers(json::Writer& w, const Assessment& a, FormatOptions options) {
  const Version version = a.vector.version;
  const Scores& s = a.scores;
  w.Key("vector").String(FormatVector(a.vector, options));
  w.Key("version").String(VersionName(version));
  w.Key("score").Raw(FormatScore(s.overall));
  w.Key("severity").String(SeverityName(Rate(version, s.overall)));
  WriteScore(w, "base", version, s.base);
  if (version == Version::kV40) {
    w.Key("nomenclature").String(s.nomenclature);
    w.Key("macrovector").String(s.macrovector);
    w.Key("supplemental").BeginObject();
    std::span<const MetricDef> metrics = Metrics(version);
    for (size_t i = 0; i < metrics.size(); ++i) {
      if (metrics[i].group == Group::kSupplemental && a.vector.get(i) != 0) {
        w.Key(metrics[i].abbrev).String(metrics[i].values[a.vector.get(i)]);
      }
    }
    w.EndObject();
  } else {
    WriteScore(w, "temporal", version, s.temporal);
    WriteScore(w, "environmental", version, s.environmental);
  }
}

std::string AssessmentText(const Assessment& a, FormatOptions options) {
  const Version version = a.vector.version;
  const Scores& s = a.scores;
  std::string out =
      FormatVector(a.vector, options) + "\n  CVSS " + std::string(VersionName(version));
  if (version == Version::kV40) {
    out += ScoreText(s.nomenclature, version, s.overall);
    if (s.nomenclature != "CVSS-B") out += ScoreText("(CVSS-B", version, s.base) + ")";
    out += "  MacroVector " + s.macrovector;
  } else {
    out += ScoreText("base", version, s.base);
    if (a.vector.Defines(Group::kTemporal)) out += ScoreText("temporal", version, s.temporal);
    if (a.vector.Defines(Group::kEnvironmental)) {
      out += ScoreText("environmental", version, s.environmental);
    }
  }
  return out + "\n";
}

}  // namespace concord::cvss
