#include "directory/business_hours.h"

#include "common/strings.h"

namespace concord::directory {
namespace {

constexpr std::array<std::string_view, 7> kDays = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

int DayIndex(std::string_view s) {
  if (s.size() != 3) return -1;
  std::string lower;
  for (char c : s) lower.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
  for (size_t i = 0; i < kDays.size(); ++i) {
    if (kDays[i] == lower) return static_cast<int>(i);
  }
  return -1;
}

// "HH:MM" -> minutes after midnight (24:00 allowed), or -1.
int Minute(std::string_view s) {
  if (s.size() != 5 || s[2] != ':') return -1;
  for (size_t i : {0, 1, 3, 4}) {
    if (s[i] < '0' || s[i] > '9') return -1;
  }
  const int h = (s[0] - '0') * 10 + (s[1] - '0');
  const int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return -1;
  return h * 60 + m;
}

}  // namespace

Result<BusinessHours> BusinessHours::Parse(std::string_view text) {
  BusinessHours hours;
  const std::string whole(text);
  auto bad = [&](std::string_view part, const std::string& why) {
    return Status::InvalidArgument("business hours '" + whole + "': '" + std::string(part) +
                                   "': " + why);
  };
  if (TrimWhitespace(text) == "24/7") {
    hours.always_ = true;
    return hours;
  }
  for (const std::string& group_text : Split(text, ';', /*skip_empty=*/false)) {
    std::string_view group = TrimWhitespace(group_text);
    const size_t space = group.rfind(' ');
    if (group.empty() || space == std::string_view::npos) {
      return bad(group, "expected days and a time range, like 'Mon-Fri 09:00-17:00'");
    }
    Span span;
    for (const std::string& item : Split(TrimWhitespace(group.substr(0, space)), ',', false)) {
      std::string_view days = TrimWhitespace(item);
      const size_t dash = days.find('-');
      const int first = DayIndex(days.substr(0, dash));
      const int last = dash == std::string_view::npos ? first : DayIndex(days.substr(dash + 1));
      if (first < 0 || last < 0) return bad(days, "days are Mon, Tue, Wed, Thu, Fri, Sat, Sun");
      for (int d = first;; d = (d + 1) % 7) {
        span.days.set(d);
        if (d == last) break;
      }
    }
    std::string_view range = group.substr(space + 1);
    const size_t dash = range.find('-');
    span.start_minute = Minute(range.substr(0, dash));
    span.end_minute = dash == std::string_view::npos ? -1 : Minute(range.substr(dash + 1));
    if (span.start_minute < 0 || span.end_minute < 0 || span.start_minute == 24 * 60) {
      return bad(range, "expected HH:MM-HH:MM");
    }
    if (span.end_minute <= span.start_minute) {
      return bad(range, "the end must be after the start (split a night shift into two groups)");
    }
    hours.spans_.push_back(span);
  }
  return hours;
}

bool BusinessHours::IsOpenAtLocal(int64_t local_seconds) const {
  if (always_) return true;
  const int64_t days = local_seconds / 86400 - (local_seconds % 86400 < 0);
  const int weekday = static_cast<int>(((days % 7) + 7 + 3) % 7);  // 1970-01-01 was a Thursday
  const int minute = static_cast<int>((local_seconds - days * 86400) / 60);
  for (const Span& s : spans_) {
    if (s.days.test(weekday) && minute >= s.start_minute && minute < s.end_minute) return true;
  }
  return false;
}

}  // namespace concord::directory
