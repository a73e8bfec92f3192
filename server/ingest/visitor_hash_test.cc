// Tests of SipHash-2-4 and the daily rotation of the visitor key.
#include "ingest/visitor_hash.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

namespace leadgate::collector {
namespace {

TEST(VisitorHashTest, SipHashMatchesTheReferenceVector) {
  std::string key, message;
  for (int i = 0; i < 16; ++i) key.push_back(static_cast<char>(i));
  for (int i = 0; i < 15; ++i) message.push_back(static_cast<char>(i));
  EXPECT_EQ(SipHash24(key, message), 0xa129ca6149be45e5ULL);
  EXPECT_EQ(SipHash24(key, ""), 0x726fdb47dd0e0e31ULL);
}

TEST(VisitorHashTest, SameDaySameHashNextDayUnlinkable) {
  // Unique per run: parallel ctest jobs and other users share TempDir().
  std::string dir = ::testing::TempDir() + "/leadgate-visitor-hash-test-XXXXXX";
  ASSERT_NE(mkdtemp(dir.data()), nullptr);
  const int64_t day = 86400000;
  auto hasher = VisitorHasher::Open(dir);
  ASSERT_TRUE(hasher.ok());
  const std::string first = hasher.value()->Hash("a:visitor", 100 * day + 5);
  EXPECT_EQ(first.size(), 16u);
  EXPECT_EQ(hasher.value()->Hash("a:visitor", 100 * day + 80000000), first);
  EXPECT_NE(hasher.value()->Hash("a:other", 100 * day + 5), first);
  // The key survives a restart within the day.
  auto reopened = VisitorHasher::Open(dir);
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(reopened.value()->Hash("a:visitor", 100 * day + 6), first);
  // A new day gets a new key.
  EXPECT_NE(reopened.value()->Hash("a:visitor", 101 * day), first);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace leadgate::collector
