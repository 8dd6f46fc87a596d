#pragma once
// Time in Concord: UTC only. Instants are integer microseconds since the Unix epoch, which keeps
// STIX's sub-millisecond timestamps comparable exactly; Concord itself writes RFC 3339 with
// milliseconds ("2026-11-21T10:00:00.000Z"). Clock is the seam tests use to control time.

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace concord {

using Micros = int64_t;  // microseconds since 1970-01-01T00:00:00Z

// Parses a STIX/RFC 3339 UTC timestamp: YYYY-MM-DDTHH:MM:SS[.fraction]Z. Digits beyond
// microseconds are accepted and truncated. `min_fraction_digits` enforces precision (STIX's
// `created`/`modified` must be precise to the millisecond: 3).
Result<Micros> ParseTimestamp(std::string_view text, int min_fraction_digits = 0);

// Formats with exactly millisecond precision: 2026-11-21T10:00:00.000Z.
std::string FormatTimestampMillis(Micros t);
// Formats with microsecond precision when the value has sub-millisecond digits, else millis.
std::string FormatTimestamp(Micros t);

// Proleptic Gregorian calendar: days since 1970-01-01 from year/month(1-12)/day, and back.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d);
void CivilFromDays(int64_t days, int64_t* y, unsigned* m, unsigned* d);

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Micros Now() const = 0;
};

// The real wall clock. Thread-safe.
class SystemClock : public Clock {
 public:
  Micros Now() const override;
  static const SystemClock& Get();
};

// A clock tests set by hand. Not thread-safe.
class FakeClock : public Clock {
 public:
  explicit FakeClock(Micros now) : now_(now) {}
  Micros Now() const override { return now_; }
  void Advance(Micros d) { now_ += d; }
  void Set(Micros t) { now_ = t; }

 private:
  Micros now_;
};

}  // namespace concord
