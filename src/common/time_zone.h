#pragma once
// IANA time zones read from the system's compiled tz database (/usr/share/zoneinfo, Debian
// package tzdata): the TZif files of RFC 8536, version 1 to 4, including the POSIX TZ rule in
// the footer that gives the offsets after the last listed transition. Needed to tell whether a
// team is inside its business hours "now" in its own zone, across DST changes.
//
// Loaded zones are immutable and cached for the life of the process; thread-safe.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time.h"

namespace concord {

class TimeZone {
 public:
  // "Asia/Baku", "America/New_York", "UTC". NotFound for names the tz database lacks,
  // InvalidArgument for names that are not zone names (e.g. "../etc/passwd").
  static Result<std::shared_ptr<const TimeZone>> Load(std::string_view name);
  // Parses TZif bytes (exposed for tests and fuzzing).
  static Result<std::shared_ptr<const TimeZone>> Parse(std::string name, std::string_view tzif);

  const std::string& name() const { return name_; }
  // Seconds to add to UTC to get local time at instant `utc`.
  int32_t OffsetAt(Micros utc) const;
  // Local wall time at `utc` as seconds since 1970-01-01T00:00 local.
  int64_t LocalSeconds(Micros utc) const { return utc / 1'000'000 + OffsetAt(utc); }

  // A POSIX TZ rule ("EST5EDT,M3.2.0,M11.1.0"): public for tests.
  struct Rule {
    int32_t std_offset = 0, dst_offset = 0;  // seconds east of UTC
    bool has_dst = false;
    struct Date {
      char kind = 'M';  // 'J': Julian day 1-365 without Feb 29; 'D': day 0-365; 'M': month rule
      int day = 0, month = 0, week = 0, weekday = 0;
      int32_t time = 7200;  // seconds after local midnight (may be negative or past 24h)
    } start, end;
    int32_t OffsetAt(int64_t utc_seconds) const;
  };
  static Result<Rule> ParseRule(std::string_view tz);

 private:
  std::string name_;
  std::vector<int64_t> transitions_;  // UTC seconds, ascending
  std::vector<uint8_t> transition_types_;
  std::vector<int32_t> type_offsets_;
  bool has_rule_ = false;
  Rule rule_;
};

}  // namespace concord
