#pragma once
// Reports on an organisation's incidents and requests, as tables (the API's JSON, CSV for
// spreadsheets): incidents per RSIT class and month; and per partner team, the requests sent to
// it and received from it, the median time to acknowledge and to complete, and how many met
// their SLA deadlines.

#include <string>
#include <vector>

#include "common/status.h"
#include "incidents/desk.h"
#include "incidents/views.h"
#include "store/database.h"

namespace concord::incidents {

struct ClassMonth {
  std::string rsit_class, month;  // "2026-12"
  int64_t incidents = 0;
};

struct PartnerReport {
  std::string partner, partner_name;
  int64_t sent = 0, received = 0;  // requests to / from the partner
  int64_t acknowledged = 0, completed = 0;
  Micros median_acknowledge = -1, median_complete = -1;  // -1: none yet
  int64_t acknowledged_in_time = 0, completed_in_time = 0;
  // Of the requests whose deadline has passed or that were met: the share met, percent (-1: none).
  int acknowledge_compliance = -1, complete_compliance = -1;
};

Result<std::vector<ClassMonth>> IncidentsByClassAndMonth(store::Database& db, const Actor& actor);
Result<std::vector<PartnerReport>> RequestsByPartner(store::Database& db, const Actor& actor,
                                                     Micros now);

// CSV (RFC 4180; a cell a spreadsheet would run as a formula is neutralised: directory's
// AppendCsvCell).
std::string ClassMonthCsv(const std::vector<ClassMonth>& rows);
std::string PartnerCsv(const std::vector<PartnerReport>& rows);

}  // namespace concord::incidents
