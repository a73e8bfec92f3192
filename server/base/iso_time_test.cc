// Tests of ISO 8601 parsing and formatting.
#include "base/iso_time.h"

#include <gtest/gtest.h>

namespace leadgate::collector {
namespace {

TEST(IsoTimeTest, ParsesSegmentTimestamps) {
  EXPECT_EQ(ParseIsoTime("2026-11-20T10:00:00Z"), 1795168800000LL);
  EXPECT_EQ(ParseIsoTime("2026-11-20T10:00:00.123Z"), 1795168800123LL);
  EXPECT_EQ(ParseIsoTime("2026-11-20T11:00:00+01:00"), 1795168800000LL);
  EXPECT_EQ(ParseIsoTime("2026-11-20T09:30:00-0030"), 1795168800000LL);
  EXPECT_EQ(ParseIsoTime("2026-11-20T10:00Z"), 1795168800000LL);
  EXPECT_EQ(ParseIsoTime("2026-11-20"), 1795132800000LL);
  EXPECT_EQ(ParseIsoTime("1970-01-01T00:00:00.000000001Z"), 0);
  EXPECT_EQ(ParseIsoTime("2024-02-29T00:00:00Z"), 1709164800000LL);
}

TEST(IsoTimeTest, RejectsMalformedTimes) {
  for (const char* text :
       {"", "2026", "2026-13-01", "2026-02-30T00:00:00Z", "2025-02-29", "2026-11-20T25:00:00Z", "2026-11-20T10:00:00X",
        "2026-11-20T10:00:00.Z", "tomorrow", "2026-11-20T10:00:00Z junk", "2026-11-20T10:00:00+25:00"}) {
    EXPECT_FALSE(ParseIsoTime(text).has_value()) << text;
  }
}

TEST(IsoTimeTest, CountsDaysFromTheEpoch) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(1969, 12, 31), -1);
  EXPECT_EQ(DaysFromCivil(2024, 3, 1) - DaysFromCivil(2024, 2, 28), 2);  // a leap year
  EXPECT_EQ(DaysFromCivil(2026, 11, 20) * 86400000, *ParseIsoTime("2026-11-20"));
}

TEST(IsoTimeTest, FormatsAndRoundTrips) {
  EXPECT_EQ(FormatIsoTime(1795168800000LL), "2026-11-20T10:00:00Z");
  EXPECT_EQ(FormatIsoTime(1795168800123LL), "2026-11-20T10:00:00.123Z");
  EXPECT_EQ(FormatIsoTime(0), "1970-01-01T00:00:00Z");
  for (int64_t t : {int64_t{-86400001}, int64_t{951782400000}, int64_t{4102444799999}})
    EXPECT_EQ(ParseIsoTime(FormatIsoTime(t)), t) << t;
}

}  // namespace
}  // namespace leadgate::collector
