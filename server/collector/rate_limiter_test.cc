// Unit tests of the per-address token buckets. The rates are so slow that
// refilling during the test cannot change an answer (no timed assertions).
#include "collector/rate_limiter.h"

#include <gtest/gtest.h>

namespace leadgate::collector {
namespace {

TEST(RateLimiterTest, ABurstPassesThenTheAddressWaits) {
  RateLimiter limiter(0.5, 3);
  int retry_after = -1;
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Allow("192.0.2.1", &retry_after)) << i;
  EXPECT_EQ(retry_after, -1) << "untouched while allowed";
  EXPECT_FALSE(limiter.Allow("192.0.2.1", &retry_after));
  EXPECT_EQ(retry_after, 2);  // one token at 0.5 per second
}

TEST(RateLimiterTest, AddressesHaveTheirOwnBuckets) {
  RateLimiter limiter(0.001, 1);
  int retry_after = 0;
  EXPECT_TRUE(limiter.Allow("192.0.2.1", &retry_after));
  EXPECT_FALSE(limiter.Allow("192.0.2.1", &retry_after));
  EXPECT_TRUE(limiter.Allow("192.0.2.2", &retry_after));
  EXPECT_TRUE(limiter.Allow("2001:db8::1", &retry_after));
}

TEST(RateLimiterTest, RetryAfterIsAtMostAnHour) {
  RateLimiter limiter(0.0001, 1);
  int retry_after = 0;
  EXPECT_TRUE(limiter.Allow("a", &retry_after));
  EXPECT_FALSE(limiter.Allow("a", &retry_after));
  EXPECT_EQ(retry_after, 3600);
}

TEST(RateLimiterTest, ABurstBelowOneStillLetsOneRequestThrough) {
  RateLimiter limiter(0.001, 0);
  int retry_after = 0;
  EXPECT_TRUE(limiter.Allow("a", &retry_after));
  EXPECT_FALSE(limiter.Allow("a", &retry_after));
}

TEST(RateLimiterTest, ARateOfZeroDisablesTheLimit) {
  RateLimiter limiter(0, 1);
  int retry_after = 0;
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(limiter.Allow("a", &retry_after));
}

}  // namespace
}  // namespace leadgate::collector
