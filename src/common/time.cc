#include "common/time.h"

#include <chrono>
#include <cstdio>

namespace concord {

// Howard Hinnant's days_from_civil: proleptic Gregorian date to days since 1970-01-01.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int64_t>(yoe) + era * 400 + (*m <= 2);
}

namespace {

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned DaysInMonth(int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Reads exactly `n` digits at text[pos]; false if any is not a digit.
bool Digits(std::string_view text, size_t pos, size_t n, int* out) {
  if (pos + n > text.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

std::string Format(Micros t, bool micros) {
  int64_t secs = t >= 0 ? t / 1000000 : (t - 999999) / 1000000;
  int64_t frac = t - secs * 1000000;
  int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  int64_t sod = secs - days * 86400;
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  char buf[64];
  if (micros) {
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d.%06lldZ",
                  static_cast<long long>(y), m, d, static_cast<int>(sod / 3600),
                  static_cast<int>(sod / 60 % 60), static_cast<int>(sod % 60),
                  static_cast<long long>(frac));
  } else {
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d.%03lldZ",
                  static_cast<long long>(y), m, d, static_cast<int>(sod / 3600),
                  static_cast<int>(sod / 60 % 60), static_cast<int>(sod % 60),
                  static_cast<long long>(frac / 1000));
  }
  return buf;
}

}  // namespace

Result<Micros> ParseTimestamp(std::string_view s, int min_fraction_digits) {
  auto bad = [&](const char* why) {
    return Status::InvalidArgument("'" + std::string(s.substr(0, 64)) +
                                   "' is not an RFC 3339 UTC timestamp (" + why + ")");
  };
  int year, mon, day, hour, min, sec;
  if (s.size() < 20 || !Digits(s, 0, 4, &year) || s[4] != '-' || !Digits(s, 5, 2, &mon) ||
      s[7] != '-' || !Digits(s, 8, 2, &day) || s[10] != 'T' || !Digits(s, 11, 2, &hour) ||
      s[13] != ':' || !Digits(s, 14, 2, &min) || s[16] != ':' || !Digits(s, 17, 2, &sec)) {
    return bad("expected YYYY-MM-DDTHH:MM:SS[.s]Z");
  }
  if (mon < 1 || mon > 12) return bad("month out of range");
  if (day < 1 || static_cast<unsigned>(day) > DaysInMonth(year, mon))
    return bad("day out of range");
  if (hour > 23) return bad("hour out of range");
  if (min > 59) return bad("minute out of range");
  // RFC 3339 allows a leap second (60); it is counted as the last instant of second 59.
  if (sec > 60) return bad("second out of range");
  size_t pos = 19;
  int64_t frac = 0;
  int digits = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 6) frac = frac * 10 + (s[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return bad("no digits after '.'");
  }
  if (pos >= s.size() || s[pos] != 'Z') return bad("must end in 'Z' (UTC)");
  if (pos + 1 != s.size()) return bad("text after 'Z'");
  if (digits < min_fraction_digits) return bad("must be precise to the millisecond");
  for (int i = digits; i < 6; ++i) frac *= 10;
  int64_t days = DaysFromCivil(year, mon, day);
  int64_t secs = days * 86400 + hour * 3600 + min * 60 + (sec == 60 ? 59 : sec);
  Micros t = secs * 1000000 + frac;
  if (sec == 60) t = secs * 1000000 + 999999;
  return t;
}

std::string FormatTimestampMillis(Micros t) { return Format(t, false); }

std::string FormatTimestamp(Micros t) { return Format(t, t % 1000 != 0); }

Micros SystemClock::Now() const {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

const SystemClock& SystemClock::Get() {
  static const SystemClock clock;
  return clock;
}

}  // namespace concord
