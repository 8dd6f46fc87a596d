#pragma once
// How a scored vector is shown: one JSON shape and one text shape, shared by `concord cvss`,
// POST /api/v1/cvss and vulnerability records, so every surface says the same thing.
//
// JSON: {"vector": normalised, "version": "3.1", "score": 9.8, "severity": "Critical",
//        "base_score": ..., "base_severity": ...,
//        v2/v3: "temporal_score", "temporal_severity", "environmental_score",
//               "environmental_severity";
//        v4.0:  "nomenclature": "CVSS-BT", "macrovector": "000200",
//               "supplemental": {"AU": "Y", ...} (the Supplemental metrics it defines)}

#include <string>
#include <string_view>

#include "common/json.h"
#include "common/status.h"
#include "cvss/score.h"
#include "cvss/vector.h"

namespace concord::cvss {

struct Assessment {
  Vector vector;
  Scores scores;
};

// Parses and scores one vector string.
Result<Assessment> Assess(std::string_view text);

// Writes the JSON object described above.
void WriteAssessment(json::Writer& w, const Assessment& a, FormatOptions options = {});
// Writes its members only, into an object the caller has opened (to add members of its own).
void WriteAssessmentMembers(json::Writer& w, const Assessment& a, FormatOptions options = {});

// Two lines: the normalised vector, then the version, scores and severities, e.g.
//   CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H
//     CVSS 3.1  base 9.8 Critical
std::string AssessmentText(const Assessment& a, FormatOptions options = {});

}  // namespace concord::cvss
