#pragma once
// Teams in the formats other tools use:
//  - Concord's own JSON: {"teams": [<team.h JSON>, ...]} (what `team export` writes);
//  - FIRST's team directory JSON (the /data/v1/teams API: {"data": [{"id", "team", "team-full",
//    "host", "establishment", "country", ...}]}); fields Concord has no place for (address,
//    region) are left out, and a FIRST membership is recorded for every team read;
//  - CSV with a header row (RFC 4180 quoting); columns are matched to team fields by name, and
//    `mapping` ("Header=field") renames the source's headers; multi-valued cells are separated
//    by ';';
//  - RFC 2350's "Expectations for Computer Security Incident Response" template, as text.
// Readers validate every team and fail on the first bad one, naming it (row, index or id).

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "directory/team.h"

namespace concord::directory {

Result<std::vector<Team>> ReadConcordTeams(std::string_view text);
std::string WriteConcordTeams(const std::vector<Team>& teams);

// `confirmed`: the date (YYYY-MM-DD) to record the FIRST membership as confirmed.
Result<std::vector<Team>> ReadFirstTeams(std::string_view text, const std::string& confirmed);
std::string WriteFirstTeams(const std::vector<Team>& teams);

// The CSV column names (team fields) a mapping may target; "-" ignores a column.
extern const std::vector<std::string> kCsvFields;
Result<std::vector<Team>> ReadCsvTeams(std::string_view text,
                                       const std::map<std::string, std::string>& mapping);
std::string WriteCsvTeams(const std::vector<Team>& teams);
// Appends one RFC 4180 cell. A value a spreadsheet would run as a formula ("=HYPERLINK(...)")
// gets a leading apostrophe (OWASP's advice), which ReadCsvTeams takes off again.
void AppendCsvCell(std::string* out, const std::string& raw);
bool StartsLikeAFormula(std::string_view value);
// "Team Name=name,ISO2=country" -> {"team name": "name", "iso2": "country"}.
Result<std::map<std::string, std::string>> ParseCsvMapping(std::string_view text);

std::string RenderRfc2350(const Team& team, Micros now);

}  // namespace concord::directory
