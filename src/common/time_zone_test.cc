#include "common/time_zone.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <random>

#include "common/file.h"

namespace concord {
namespace {

Micros At(const char* rfc3339) { return *ParseTimestamp(rfc3339); }

// glibc's localtime_r on the same tz database: an independent implementation to compare with.
int32_t GlibcOffset(const std::string& zone, int64_t utc_seconds) {
  setenv("TZ", (":" + zone).c_str(), 1);
  tzset();
  const time_t t = utc_seconds;
  struct tm local;
  localtime_r(&t, &local);
  return static_cast<int32_t>(local.tm_gmtoff);
}

TEST(TimeZoneTest, AgreesWithGlibcAcrossZonesAndCenturies) {
  const char* zones[] = {"UTC",
                         "Europe/Berlin",
                         "America/New_York",
                         "Asia/Baku",
                         "Asia/Kolkata",
                         "Australia/Sydney",
                         "Australia/Lord_Howe",
                         "America/Santiago",
                         "Africa/Casablanca",
                         "Pacific/Chatham",
                         "Asia/Tehran",
                         "America/St_Johns",
                         "Europe/London",
                         "Asia/Kathmandu",
                         "Pacific/Apia",
                         "America/Sao_Paulo",
                         "Europe/Dublin",
                         "Asia/Gaza"};
  std::mt19937_64 rng(42);
  // 1901-2100: transitions listed in the files, and the footer rule after them.
  std::uniform_int_distribution<int64_t> when(-2'100'000'000LL, 4'102'444'800LL);
  for (const char* name : zones) {
    auto zone = TimeZone::Load(name);
    ASSERT_TRUE(zone.ok()) << zone.status().ToString();
    for (int i = 0; i < 3000; ++i) {
      const int64_t t = when(rng);
      ASSERT_EQ((*zone)->OffsetAt(t * 1'000'000), GlibcOffset(name, t))
          << name << " at " << FormatTimestampMillis(t * 1'000'000);
    }
  }
  unsetenv("TZ");
}

TEST(TimeZoneTest, DaylightSavingChangesInBothHemispheres) {
  auto ny = *TimeZone::Load("America/New_York");
  // DST began 2026-03-08 at 02:00 local (07:00 UTC).
  EXPECT_EQ(ny->OffsetAt(At("2026-03-08T06:59:59Z")), -5 * 3600);
  EXPECT_EQ(ny->OffsetAt(At("2026-03-08T07:00:00Z")), -4 * 3600);
  // Far beyond the file's transitions: the footer rule (DST ends first Sunday of November).
  EXPECT_EQ(ny->OffsetAt(At("2090-11-05T05:59:59Z")), -4 * 3600);
  EXPECT_EQ(ny->OffsetAt(At("2090-11-05T06:00:00Z")), -5 * 3600);
  auto sydney = *TimeZone::Load("Australia/Sydney");
  EXPECT_EQ(sydney->OffsetAt(At("2026-01-15T00:00:00Z")), 11 * 3600);  // summer
  EXPECT_EQ(sydney->OffsetAt(At("2026-07-15T00:00:00Z")), 10 * 3600);  // winter
  auto baku = *TimeZone::Load("Asia/Baku");                            // no DST since 2016
  EXPECT_EQ(baku->OffsetAt(At("2026-07-15T00:00:00Z")), 4 * 3600);
}

TEST(TimeZoneTest, ParsesPosixRules) {
  auto r = TimeZone::ParseRule("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->std_offset, 37800);
  EXPECT_EQ(r->dst_offset, 39600);
  auto j = TimeZone::ParseRule("XXX3YYY,J60/2,300/3:30");
  ASSERT_TRUE(j.ok());
  EXPECT_EQ(j->start.kind, 'J');
  EXPECT_EQ(j->end.kind, 'D');
  EXPECT_EQ(j->end.time, 3 * 3600 + 1800);
  for (const char* bad : {"", "E5", "EST", "EST5EDT,M13.1.0,M11.1.0", "EST5EDT,M3.2.0",
                          "EST5EDT,M3.2.0,M11.1.0junk", "EST999"}) {
    EXPECT_FALSE(TimeZone::ParseRule(bad).ok()) << bad;
  }
}

TEST(TimeZoneTest, RejectsBadNamesAndFiles) {
  EXPECT_EQ(TimeZone::Load("Mars/Olympus_Mons").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(TimeZone::Load("../../etc/passwd").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(TimeZone::Load("").status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(TimeZone::Parse("x", "").ok());
  EXPECT_FALSE(TimeZone::Parse("x", "TZif2").ok());
  EXPECT_FALSE(TimeZone::Parse("x", std::string("TZif2") + std::string(39, '\0')).ok());
  // Every truncation of a real file is rejected, never read past its end (ASan checks).
  auto file = InputFile::Open("/usr/share/zoneinfo/Europe/Berlin");
  ASSERT_TRUE(file.ok());
  const std::string whole(file->data());
  ASSERT_TRUE(TimeZone::Parse("Europe/Berlin", whole).ok());
  for (size_t n = 0; n + 1 < whole.size(); ++n) {
    EXPECT_FALSE(TimeZone::Parse("cut", whole.substr(0, n)).ok()) << n;
  }
}

}  // namespace
}  // namespace concord
