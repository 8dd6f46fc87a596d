#pragma once
// The clocks of an assistance request: by when the recipient should acknowledge it and by when
// complete it. Targets are set per severity and counted in the recipient's business hours and
// time zone where the directory knows them; critical requests count round the clock (a team's
// 24/7 contact is expected to answer). Public holidays are not modelled (the directory has
// none). The requester's node fixes the instants when the request is made, and they travel
// with it, so both nodes watch the same deadlines.

#include <string_view>

#include "common/time.h"
#include "common/time_zone.h"
#include "directory/business_hours.h"
#include "directory/team.h"
#include "incidents/incident.h"

namespace concord::incidents {

struct SlaTarget {
  Micros acknowledge = 0;  // working time until acknowledgement
  Micros complete = 0;     // working time until completion
  bool round_the_clock = false;
};

// critical: 1 h / 24 h round the clock; high: 4 / 24 business hours; medium: 8 / 40;
// low: 16 / 80 (docs/DESIGN.md, "Cross-border incidents").
SlaTarget SlaFor(std::string_view severity);

// `start` plus `duration` of time during which `hours` (in `zone`) are open. Counted by the
// minute; hours that never open within 14 days count as round the clock.
Micros AddWorkingTime(Micros start, Micros duration, const directory::BusinessHours& hours,
                      const TimeZone& zone);

// Sets request->acknowledge_by and complete_by from request->created. `recipient` is the
// directory's team of the recipient (null when unknown: then round the clock, in UTC). An
// explicit request->deadline earlier than the SLA's completion replaces it.
void SetClocks(Request* request, const directory::Team* recipient);

}  // namespace concord::incidents
