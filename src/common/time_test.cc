#include "common/time.h"

#include <gtest/gtest.h>

namespace concord {
namespace {

TEST(TimeTest, ParsesAndFormatsRfc3339) {
  auto t = ParseTimestamp("2026-11-21T10:00:00.123Z");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(FormatTimestampMillis(*t), "2026-11-21T10:00:00.123Z");
  EXPECT_EQ(*ParseTimestamp("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(*ParseTimestamp("1970-01-01T00:00:01.5Z"), 1500000);
  EXPECT_EQ(*ParseTimestamp("2016-04-06T20:03:48.123456789Z") % 1000000, 123456);
  EXPECT_EQ(FormatTimestamp(*ParseTimestamp("2015-05-15T09:12:16.432678Z")),
            "2015-05-15T09:12:16.432678Z");
  EXPECT_EQ(FormatTimestampMillis(*ParseTimestamp("1969-12-31T23:59:59.999Z")),
            "1969-12-31T23:59:59.999Z");
}

TEST(TimeTest, RejectsInvalidTimestamps) {
  for (const char* bad :
       {"2026-11-21", "2026-11-21T10:00:00", "2026-11-21T10:00:00+01:00", "2026-13-01T00:00:00Z",
        "2026-02-29T00:00:00Z", "2026-11-21T24:00:00Z", "2026-11-21T10:60:00Z",
        "2026-11-21T10:00:00.Z", "2026-11-21 10:00:00Z", "2026-11-21T10:00:00Zjunk", ""}) {
    EXPECT_FALSE(ParseTimestamp(bad).ok()) << bad;
  }
  EXPECT_TRUE(ParseTimestamp("2024-02-29T00:00:00Z").ok());  // leap year
  EXPECT_TRUE(ParseTimestamp("2016-12-31T23:59:60Z").ok());  // leap second
}

TEST(TimeTest, EnforcesMillisecondPrecisionWhenAsked) {
  EXPECT_FALSE(ParseTimestamp("2026-11-21T10:00:00Z", 3).ok());
  EXPECT_FALSE(ParseTimestamp("2026-11-21T10:00:00.12Z", 3).ok());
  EXPECT_TRUE(ParseTimestamp("2026-11-21T10:00:00.120Z", 3).ok());
}

TEST(TimeTest, FakeClockIsControlledByTheTest) {
  FakeClock clock(1000);
  clock.Advance(500);
  EXPECT_EQ(clock.Now(), 1500);
}

}  // namespace
}  // namespace concord
