// Every corrupt MaxMind test database is refused at open with a message
// naming the file, or (the one structurally valid file) opens and answers
// lookups without crashing. Run under ASan/UBSan in CI for the "never crash".
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "identify/identify.h"
#include "identify_test_paths.h"

namespace leadgate::identify {
namespace {

using leadgate::test_support::MaxMindBadDb;
using leadgate::test_support::MaxMindTestDb;

class BrokenDatabaseTest : public ::testing::TestWithParam<std::string> {};

TEST_P(BrokenDatabaseTest, RefusedAtOpenNamingTheFile) {
  const std::string path = GetParam();
  auto identifier = Identifier::Open({path});
  ASSERT_FALSE(identifier.ok()) << path << " opened";
  EXPECT_NE(identifier.status().message().find(path), std::string::npos) << identifier.status().message();
}

INSTANTIATE_TEST_SUITE_P(MaxMindBroken, BrokenDatabaseTest,
                         ::testing::Values(MaxMindTestDb("GeoIP2-City-Test-Broken-Double-Format.mmdb"),
                                           MaxMindTestDb("GeoIP2-City-Test-Invalid-Node-Count.mmdb"),
                                           MaxMindTestDb("MaxMind-DB-test-broken-pointers-24.mmdb"),
                                           MaxMindTestDb("MaxMind-DB-test-broken-search-tree-24.mmdb"),
                                           MaxMindBadDb("libmaxminddb-corrupt-search-tree.mmdb"),
                                           MaxMindBadDb("libmaxminddb-deep-array-nesting.mmdb"),
                                           MaxMindBadDb("libmaxminddb-deep-nesting.mmdb"),
                                           MaxMindBadDb("libmaxminddb-metadata-marker-only.mmdb"),
                                           MaxMindBadDb("libmaxminddb-offset-integer-overflow.mmdb"),
                                           MaxMindBadDb("libmaxminddb-oversized-array.mmdb"),
                                           MaxMindBadDb("libmaxminddb-oversized-map.mmdb"),
                                           MaxMindBadDb("libmaxminddb-separator-record-max-left.mmdb"),
                                           MaxMindBadDb("libmaxminddb-separator-record-min-left.mmdb"),
                                           MaxMindBadDb("libmaxminddb-separator-record-min-right.mmdb")));

// Structurally valid files that crashed other readers: a build epoch of
// UINT64_MAX, and metadata ending in an empty array or map. They open and
// answer cleanly (their one record, {"ip": "test"}, is no organisation).
class ValidButHostileDatabaseTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ValidButHostileDatabaseTest, OpensAndAnswersCleanly) {
  auto identifier = Identifier::Open({GetParam()});
  ASSERT_TRUE(identifier.ok()) << identifier.status().ToString();
  for (const char* ip : {"1.1.1.1", "::1", "2001:db8::1", "255.255.255.255", "0.0.0.0"}) {
    Identity identity = identifier.value()->Identify(ip);
    EXPECT_EQ(identity.network_type, "unknown") << ip;
    EXPECT_FALSE(identity.is_business()) << ip;
  }
}

INSTANTIATE_TEST_SUITE_P(MaxMindHostile, ValidButHostileDatabaseTest,
                         ::testing::Values(MaxMindBadDb("libmaxminddb-uint64-max-epoch.mmdb"),
                                           MaxMindBadDb("libmaxminddb-empty-array-last-in-metadata.mmdb"),
                                           MaxMindBadDb("libmaxminddb-empty-map-last-in-metadata.mmdb")));

TEST(BrokenDatabaseTest, NotADatabaseAtAll) {
  const std::string path = test_support::ProcessTempDir() + "/not-a-database.mmdb";
  std::ofstream(path) << "hello, this is not a MaxMind database\n";
  auto identifier = Identifier::Open({path});
  ASSERT_FALSE(identifier.ok());
  EXPECT_NE(identifier.status().message().find(path), std::string::npos);
  std::remove(path.c_str());
}

// Truncating a valid database anywhere must never crash the open.
TEST(BrokenDatabaseTest, TruncatedDatabasesNeverCrash) {
  std::ifstream in(MaxMindTestDb("GeoIP2-Enterprise-Test.mmdb"), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GT(bytes.size(), 1000u);
  const std::string path = test_support::ProcessTempDir() + "/truncated.mmdb";
  for (size_t keep = 0; keep < bytes.size(); keep += 97) {
    std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(keep));
    auto identifier = Identifier::Open({path});
    if (identifier.ok()) identifier.value()->Identify("81.2.69.160");
  }
  std::remove(path.c_str());
}

// Flipping bytes must give a refusal or clean answers, never a crash.
TEST(BrokenDatabaseTest, CorruptedBytesNeverCrash) {
  std::ifstream in(MaxMindTestDb("GeoIP2-Enterprise-Test.mmdb"), std::ios::binary);
  std::string original((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string path = test_support::ProcessTempDir() + "/corrupted.mmdb";
  uint32_t seed = 12345;
  for (int round = 0; round < 300; ++round) {
    std::string bytes = original;
    for (int flips = 0; flips < 4; ++flips) {
      seed = seed * 1103515245u + 12345u;
      bytes[(seed >> 8) % bytes.size()] ^= static_cast<char>(1u << ((seed >> 4) % 8));
    }
    std::ofstream(path, std::ios::binary | std::ios::trunc)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    auto identifier = Identifier::Open({path});
    if (identifier.ok()) {
      for (const char* ip : {"81.2.69.160", "214.78.0.1", "2001:480:10::1", "1.2.3.4"})
        identifier.value()->Identify(ip);
    }
  }
  std::remove(path.c_str());
}

}  // namespace
}  // namespace leadgate::identify

namespace leadgate::identify {
namespace {

// The validation must not refuse any of MaxMind's valid test databases
// (aliased IPv4 subtrees, IPv4-only trees, every data type).
TEST(ValidDatabaseTest, EveryValidTestDatabaseOpens) {
  for (const char* name :
       {"GeoIP2-Anonymous-IP-Test.mmdb", "GeoIP2-City-Test.mmdb", "GeoIP2-Connection-Type-Test.mmdb",
        "GeoIP2-Country-Test.mmdb", "GeoIP2-Domain-Test.mmdb", "GeoIP2-Enterprise-Test.mmdb", "GeoIP2-ISP-Test.mmdb",
        "GeoLite2-ASN-Test.mmdb", "MaxMind-DB-no-ipv4-search-tree.mmdb", "MaxMind-DB-test-decoder.mmdb",
        "MaxMind-DB-test-ipv4-24.mmdb", "MaxMind-DB-test-ipv6-24.mmdb", "MaxMind-DB-test-mixed-24.mmdb"}) {
    auto identifier = Identifier::Open({leadgate::test_support::MaxMindTestDb(name)});
    EXPECT_TRUE(identifier.ok()) << name << ": " << identifier.status().ToString();
  }
}

}  // namespace
}  // namespace leadgate::identify
