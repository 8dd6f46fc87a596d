#pragma once
// A team's business hours in its own time zone, written as people write them:
//   "Mon-Fri 09:00-17:00"
//   "Sun-Thu 08:00-16:00"                      (weekends differ by country)
//   "Mon-Thu 08:00-16:30; Fri 08:00-12:00"     (several groups, ';'-separated)
//   "Mon,Wed,Fri 10:00-14:00"
//   "24/7"                                     (always staffed)
// Days are Mon..Sun (any case; a range may wrap, "Fri-Mon"); times HH:MM, end after start
// ("24:00" ends at midnight). A range across midnight is written as two groups.

#include <array>
#include <bitset>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time_zone.h"

namespace concord::directory {

class BusinessHours {
 public:
  static Result<BusinessHours> Parse(std::string_view text);
  bool always() const { return always_; }
  // Whether local wall time (seconds since 1970-01-01 local) falls inside the hours.
  bool IsOpenAtLocal(int64_t local_seconds) const;
  bool IsOpen(const TimeZone& zone, Micros utc) const {
    return IsOpenAtLocal(zone.LocalSeconds(utc));
  }

 private:
  struct Span {
    std::bitset<7> days;  // 0 = Monday
    int start_minute, end_minute;
  };
  bool always_ = false;
  std::vector<Span> spans_;
};

}  // namespace concord::directory
