#include "common/time_zone.h"

#include <algorithm>
#include <map>
#include <mutex>

#include "common/file.h"

namespace concord {
namespace {

constexpr const char* kZoneDir = "/usr/share/zoneinfo/";

// Reads big-endian integers from a TZif buffer, remembering whether it ran past the end.
class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool ok() const { return ok_; }
  size_t pos() const { return pos_; }
  std::string_view Take(size_t n) {
    if (!ok_ || data_.size() - pos_ < n) {
      ok_ = false;
      return {};
    }
    std::string_view out = data_.substr(pos_, n);
    pos_ += n;
    return out;
  }
  int64_t Signed(size_t bytes) {
    std::string_view b = Take(bytes);
    if (!ok_) return 0;
    uint64_t v = 0;
    for (char c : b) v = v << 8 | static_cast<unsigned char>(c);
    if (bytes < 8 && (v >> (bytes * 8 - 1)) != 0) v |= ~uint64_t{0} << (bytes * 8);
    return static_cast<int64_t>(v);
  }
  uint32_t Count() { return static_cast<uint32_t>(Signed(4)); }

 private:
  std::string_view data_;
  size_t pos_ = 0;
  bool ok_ = true;
};

struct Header {
  char version = 0;
  uint32_t isutcnt = 0, isstdcnt = 0, leapcnt = 0, timecnt = 0, typecnt = 0, charcnt = 0;
};

bool ReadHeader(Reader& r, Header* h) {
  if (r.Take(4) != "TZif") return false;
  std::string_view v = r.Take(1);
  if (!r.ok()) return false;
  h->version = v[0];
  r.Take(15);
  h->isutcnt = r.Count();
  h->isstdcnt = r.Count();
  h->leapcnt = r.Count();
  h->timecnt = r.Count();
  h->typecnt = r.Count();
  h->charcnt = r.Count();
  // RFC 8536 §3.1 limits; also keeps a hostile file from asking for huge allocations.
  return r.ok() && h->typecnt >= 1 && h->typecnt <= 256 && h->timecnt <= 100'000 &&
         h->charcnt >= 1 && (h->isutcnt == 0 || h->isutcnt == h->typecnt) &&
         (h->isstdcnt == 0 || h->isstdcnt == h->typecnt);
}

// Parses "[+-]hh[:mm[:ss]]" (hours up to 167, RFC 8536 §3.3.1); returns seconds.
bool ParseHms(std::string_view& s, int32_t* out) {
  int sign = 1;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    sign = s[0] == '-' ? -1 : 1;
    s.remove_prefix(1);
  }
  int32_t total = 0;
  for (int part = 0; part < 3; ++part) {
    if (part > 0) {
      if (s.empty() || s[0] != ':') break;
      s.remove_prefix(1);
    }
    int n = 0, digits = 0;
    while (!s.empty() && s[0] >= '0' && s[0] <= '9' && digits < 3) {
      n = n * 10 + (s[0] - '0');
      s.remove_prefix(1);
      ++digits;
    }
    if (digits == 0 || (part == 0 && n > 167) || (part > 0 && n > 59)) return false;
    total += n * (part == 0 ? 3600 : part == 1 ? 60 : 1);
  }
  *out = sign * total;
  return true;
}

// A zone abbreviation: at least three letters, or <...> with letters, digits, + and -.
bool SkipName(std::string_view& s) {
  size_t n = 0;
  if (!s.empty() && s[0] == '<') {
    const size_t close = s.find('>');
    if (close == std::string_view::npos || close < 4) return false;
    s.remove_prefix(close + 1);
    return true;
  }
  while (n < s.size() && ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z'))) ++n;
  if (n < 3) return false;
  s.remove_prefix(n);
  return true;
}

bool ParseNumber(std::string_view& s, int min, int max, int* out) {
  int n = 0, digits = 0;
  while (!s.empty() && s[0] >= '0' && s[0] <= '9' && digits < 4) {
    n = n * 10 + (s[0] - '0');
    s.remove_prefix(1);
    ++digits;
  }
  if (digits == 0 || n < min || n > max) return false;
  *out = n;
  return true;
}

bool ParseDate(std::string_view& s, TimeZone::Rule::Date* d) {
  if (s.empty()) return false;
  if (s[0] == 'M') {
    s.remove_prefix(1);
    d->kind = 'M';
    if (!ParseNumber(s, 1, 12, &d->month) || s.empty() || s[0] != '.') return false;
    s.remove_prefix(1);
    if (!ParseNumber(s, 1, 5, &d->week) || s.empty() || s[0] != '.') return false;
    s.remove_prefix(1);
    if (!ParseNumber(s, 0, 6, &d->weekday)) return false;
  } else if (s[0] == 'J') {
    s.remove_prefix(1);
    d->kind = 'J';
    if (!ParseNumber(s, 1, 365, &d->day)) return false;
  } else {
    d->kind = 'D';
    if (!ParseNumber(s, 0, 365, &d->day)) return false;
  }
  d->time = 7200;
  if (!s.empty() && s[0] == '/') {
    s.remove_prefix(1);
    if (!ParseHms(s, &d->time)) return false;
  }
  return true;
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// Local seconds (since 1970-01-01 local) at which `d` happens in `year`.
int64_t LocalTransition(const TimeZone::Rule::Date& d, int64_t year) {
  int64_t day;  // days since 1970-01-01
  if (d.kind == 'J') {
    // Day 1-365, February 29 never counted.
    day = DaysFromCivil(year, 1, 1) + d.day - 1 + (IsLeap(year) && d.day >= 60 ? 1 : 0);
  } else if (d.kind == 'D') {
    day = DaysFromCivil(year, 1, 1) + d.day;
  } else {
    static constexpr int kMonthDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const int64_t first = DaysFromCivil(year, static_cast<unsigned>(d.month), 1);
    const int first_weekday = static_cast<int>(((first % 7) + 7 + 4) % 7);  // 1970-01-01: Thu
    int dom = 1 + (d.weekday - first_weekday + 7) % 7 + (d.week - 1) * 7;
    const int length = kMonthDays[d.month - 1] + (d.month == 2 && IsLeap(year) ? 1 : 0);
    while (dom > length) dom -= 7;
    day = first + dom - 1;
  }
  return day * 86400 + d.time;
}

}  // namespace

int32_t TimeZone::Rule::OffsetAt(int64_t utc_seconds) const {
  if (!has_dst) return std_offset;
  int64_t year;
  unsigned month, day;
  CivilFromDays((utc_seconds + std_offset) / 86400 - ((utc_seconds + std_offset) % 86400 < 0),
                &year, &month, &day);
  // The start is given in standard local time, the end in daylight local time.
  const int64_t start = LocalTransition(this->start, year) - std_offset;
  const int64_t end = LocalTransition(this->end, year) - dst_offset;
  const bool dst = start < end ? (utc_seconds >= start && utc_seconds < end)
                               : !(utc_seconds >= end && utc_seconds < start);
  return dst ? dst_offset : std_offset;
}

Result<TimeZone::Rule> TimeZone::ParseRule(std::string_view tz) {
  const std::string text(tz);
  auto bad = [&](const char* why) {
    return Status::InvalidArgument("TZ rule '" + text + "': " + why);
  };
  Rule r;
  int32_t offset;
  if (!SkipName(tz)) return bad("no standard time name");
  if (!ParseHms(tz, &offset)) return bad("no standard offset");
  r.std_offset = -offset;  // POSIX offsets count west of Greenwich
  if (tz.empty()) return r;
  if (!SkipName(tz)) return bad("bad daylight time name");
  r.has_dst = true;
  r.dst_offset = r.std_offset + 3600;
  if (!tz.empty() && tz[0] != ',') {
    if (!ParseHms(tz, &offset)) return bad("bad daylight offset");
    r.dst_offset = -offset;
  }
  if (tz.empty()) {
    // No rule: POSIX leaves it to the implementation; glibc and tzcode use the US rule.
    r.start = {'M', 0, 3, 2, 0, 7200};
    r.end = {'M', 0, 11, 1, 0, 7200};
    return r;
  }
  tz.remove_prefix(1);  // ','
  if (!ParseDate(tz, &r.start)) return bad("bad start date");
  if (tz.empty() || tz[0] != ',') return bad("no end date");
  tz.remove_prefix(1);
  if (!ParseDate(tz, &r.end)) return bad("bad end date");
  if (!tz.empty()) return bad("trailing characters");
  return r;
}

Result<std::shared_ptr<const TimeZone>> TimeZone::Parse(std::string name, std::string_view tzif) {
  auto bad = [&](const std::string& why) {
    return Status::InvalidArgument("time zone " + name + ": " + why);
  };
  Reader r(tzif);
  Header h;
  if (!ReadHeader(r, &h)) return bad("not a TZif file");
  int time_bytes = 4;
  if (h.version >= '2') {
    // Skip the 32-bit block; the 64-bit one follows with its own header.
    r.Take(size_t{h.timecnt} * 5 + size_t{h.typecnt} * 6 + h.charcnt + size_t{h.leapcnt} * 8 +
           h.isstdcnt + h.isutcnt);
    if (!ReadHeader(r, &h)) return bad("bad version 2+ header");
    time_bytes = 8;
  }
  auto zone = std::make_shared<TimeZone>();
  zone->name_ = std::move(name);
  for (uint32_t i = 0; i < h.timecnt; ++i) zone->transitions_.push_back(r.Signed(time_bytes));
  for (uint32_t i = 0; i < h.timecnt; ++i) {
    const auto type = static_cast<uint8_t>(r.Signed(1));
    if (type >= h.typecnt) return bad("transition to an undefined type");
    zone->transition_types_.push_back(type);
  }
  for (uint32_t i = 0; i < h.typecnt; ++i) {
    zone->type_offsets_.push_back(static_cast<int32_t>(r.Signed(4)));
    r.Take(2);  // isdst, abbreviation index
  }
  r.Take(h.charcnt + size_t{h.leapcnt} * (time_bytes + 4) + h.isstdcnt + h.isutcnt);
  if (!r.ok()) return bad("truncated");
  if (!std::is_sorted(zone->transitions_.begin(), zone->transitions_.end())) {
    return bad("transitions out of order");
  }
  if (h.version >= '2') {
    std::string_view rest = tzif.substr(r.pos());
    if (rest.size() < 2 || rest[0] != '\n') return bad("no footer");
    const size_t end = rest.find('\n', 1);
    if (end == std::string_view::npos) return bad("unterminated footer");
    std::string_view footer = rest.substr(1, end - 1);
    if (!footer.empty()) {
      auto rule = ParseRule(footer);
      if (!rule.ok()) return rule.status().WithPrefix(zone->name_);
      zone->rule_ = *rule;
      zone->has_rule_ = true;
    }
  }
  return std::shared_ptr<const TimeZone>(std::move(zone));
}

int32_t TimeZone::OffsetAt(Micros utc) const {
  const int64_t t = utc / 1'000'000 - (utc % 1'000'000 < 0);
  if (transitions_.empty() || t < transitions_.front()) {
    if (transitions_.empty() && has_rule_) return rule_.OffsetAt(t);
    return type_offsets_[0];
  }
  if (t >= transitions_.back() && has_rule_) return rule_.OffsetAt(t);
  const size_t i =
      std::upper_bound(transitions_.begin(), transitions_.end(), t) - transitions_.begin() - 1;
  return type_offsets_[transition_types_[i]];
}

Result<std::shared_ptr<const TimeZone>> TimeZone::Load(std::string_view name) {
  const std::string key(name);
  // Zone names are "Area/Location[/Sub]" of letters, digits, '_', '-', '+' (RFC 6557).
  bool valid = !key.empty() && key.size() < 64 && key.front() != '/' &&
               key.find("..") == std::string::npos && key.find("//") == std::string::npos;
  for (char c : key) {
    valid = valid && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '/' || c == '_' || c == '-' || c == '+');
  }
  if (!valid) return Status::InvalidArgument("'" + key + "' is not an IANA time zone name");
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<const TimeZone>, std::less<>> cache;
  std::lock_guard<std::mutex> g(mu);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  auto file = InputFile::Open(kZoneDir + key);
  if (!file.ok()) {
    return Status::NotFound("unknown time zone '" + key + "' (not in the tz database at " +
                            kZoneDir + ")");
  }
  auto zone = Parse(key, file->data());
  if (!zone.ok()) return zone.status();
  cache.emplace(key, *zone);
  return *zone;
}

}  // namespace concord
