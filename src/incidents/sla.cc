#include "incidents/sla.h"

#include <algorithm>
#include <memory>
#include <optional>

namespace concord::incidents {
namespace {

constexpr Micros kMinute = 60'000'000;
constexpr Micros kHour = 60 * kMinute;

}  // namespace

SlaTarget SlaFor(std::string_view severity) {
  if (severity == "critical") return {1 * kHour, 24 * kHour, true};
  if (severity == "high") return {4 * kHour, 24 * kHour, false};
  if (severity == "low") return {16 * kHour, 80 * kHour, false};
  return {8 * kHour, 40 * kHour, false};  // medium
}

Micros AddWorkingTime(Micros start, Micros duration, const directory::BusinessHours& hours,
                      const TimeZone& zone) {
  if (hours.always() || duration <= 0) return start + duration;
  Micros t = start, remaining = duration, closed = 0;
  while (remaining > 0) {
    const Micros boundary = (t / kMinute + 1) * kMinute;
    const Micros step = std::min(remaining, boundary - t);
    if (hours.IsOpen(zone, t)) {
      remaining -= step;
      closed = 0;
    } else if ((closed += boundary - t) > 14 * 24 * kHour) {
      return start + duration;  // hours that never open: no business-hours clock
    }
    t = remaining == 0 ? t + step : boundary;
  }
  return t;
}

void SetClocks(Request* request, const directory::Team* recipient) {
  const SlaTarget target = SlaFor(request->severity);
  auto always = directory::BusinessHours::Parse("24/7");
  std::optional<directory::BusinessHours> hours;
  std::shared_ptr<const TimeZone> zone;
  if (!target.round_the_clock && recipient != nullptr && !recipient->business_hours.empty() &&
      !recipient->time_zone.empty()) {
    auto parsed = directory::BusinessHours::Parse(recipient->business_hours);
    auto loaded = TimeZone::Load(recipient->time_zone);
    if (parsed.ok() && loaded.ok()) {
      hours = std::move(*parsed);
      zone = *loaded;
    }
  }
  if (!zone) {
    auto utc = TimeZone::Load("UTC");
    zone = utc.ok() ? *utc : nullptr;
    hours = std::move(*always);
  }
  const Micros start = request->created;
  if (!zone) {  // no tz database at all: plain elapsed time
    request->acknowledge_by = start + target.acknowledge;
    request->complete_by = start + target.complete;
  } else {
    request->acknowledge_by = AddWorkingTime(start, target.acknowledge, *hours, *zone);
    request->complete_by = AddWorkingTime(start, target.complete, *hours, *zone);
  }
  if (request->deadline != 0 && request->deadline < request->complete_by) {
    request->complete_by = request->deadline;
    request->acknowledge_by = std::min(request->acknowledge_by, request->deadline);
  }
}

}  // namespace concord::incidents
