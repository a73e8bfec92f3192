// Unit tests of the per-address token buckets. The rates are so slow that
// refilling during the test cannot change an answer (no timed assertions).
#include "http/rate_limiter.h"

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

TEST(RateLimiterTest, ACheckSpendsNothing) {
  RateLimiter limiter(0.001, 1);
  int retry_after = 0;
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limiter.Check("a", &retry_after));
  EXPECT_TRUE(limiter.Allow("a", &retry_after));
  EXPECT_FALSE(limiter.Check("a", &retry_after));
  EXPECT_FALSE(limiter.Allow("a", &retry_after));
}

TEST(RateLimiterTest, TheInjectedClockRefillsAndAStepBackRefillsNothing) {
  int64_t now_ms = 1000000;
  RateLimiter limiter(0.1, 1, [&now_ms] { return now_ms; });
  int retry_after = 0;
  EXPECT_TRUE(limiter.Allow("a", &retry_after));
  EXPECT_FALSE(limiter.Allow("a", &retry_after));
  EXPECT_EQ(retry_after, 10);
  now_ms -= 60000;
  EXPECT_FALSE(limiter.Allow("a", &retry_after));
  now_ms += 60000 + 10000;
  EXPECT_TRUE(limiter.Allow("a", &retry_after));
}

// The review: 100,000 made-up names cleared the table, and a locked name
// could be guessed again.
TEST(RateLimiterTest, AFloodOfMadeUpKeysKeepsTheThrottledOnes) {
  int64_t now_ms = 0;
  RateLimiter limiter(
      0.001, 3, [&now_ms] { return now_ms; }, 1000);
  int retry_after = 0;
  while (limiter.Allow("victim", &retry_after)) {
  }
  for (int i = 0; i < 100000; ++i) ASSERT_TRUE(limiter.Allow("made-up " + std::to_string(i), &retry_after)) << i;
  EXPECT_FALSE(limiter.Allow("victim", &retry_after));
  EXPECT_GE(retry_after, 1);
}

}  // namespace
}  // namespace leadgate::collector
