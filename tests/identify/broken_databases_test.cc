// Every corrupt MaxMind test database is refused at open with a message
// naming the file, or (the structurally valid ones) opens and answers
// lookups cleanly; truncated and corrupted copies likewise, every one counted.
// scripts/test also runs these under ASan and UBSan (build-check).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>

#include "identify/identify.h"
#include "identify_test_paths.h"
#include "leadgate/policy.h"

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

// What a damaged file may give, as libmaxminddb promises: an error status
// naming the file, or a clean read (every lookup answers, without a lookup
// error, with a network type from the contract's list).
struct Outcomes {
  int refused = 0;
  int read = 0;
};

void ExpectRefusedOrCleanRead(const std::string& path, const std::string& fixture, Outcomes* outcomes) {
  auto identifier = Identifier::Open({path});
  if (!identifier.ok()) {
    EXPECT_NE(identifier.status().message().find(path), std::string::npos)
        << fixture << ": " << identifier.status().message();
    ++outcomes->refused;
    return;
  }
  const std::vector<std::string>& types = NetworkTypes();
  for (const char* ip : {"81.2.69.160", "214.78.0.1", "2001:480:10::1", "1.2.3.4", "::1"}) {
    Identity identity = identifier.value()->Identify(ip);
    EXPECT_EQ(identity.lookup_error, "") << fixture << " " << ip;
    EXPECT_NE(std::find(types.begin(), types.end(), identity.network_type), types.end())
        << fixture << " " << ip << ": " << identity.network_type;
  }
  ++outcomes->read;
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void WriteBytes(const std::string& path, const std::string& bytes, size_t count) {
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(count));
}

// Every truncation of a valid database cuts into its metadata (kept at the
// end), so each is refused; the whole file reads cleanly.
TEST(BrokenDatabaseTest, EveryTruncationIsRefusedAndTheWholeFileReads) {
  const std::string bytes = ReadBytes(MaxMindTestDb("GeoIP2-Enterprise-Test.mmdb"));
  ASSERT_GT(bytes.size(), 1000u);
  const std::string path = test_support::ProcessTempDir() + "/truncated.mmdb";
  Outcomes outcomes;
  int fixtures = 0;
  for (size_t keep = 0; keep < bytes.size(); keep += 97, ++fixtures) {
    WriteBytes(path, bytes, keep);
    ExpectRefusedOrCleanRead(path, "first " + std::to_string(keep) + " bytes", &outcomes);
  }
  EXPECT_EQ(outcomes.refused, fixtures);
  WriteBytes(path, bytes, bytes.size());
  ExpectRefusedOrCleanRead(path, "the whole file", &outcomes);
  EXPECT_EQ(outcomes.read, 1);
  EXPECT_EQ(outcomes.refused + outcomes.read, fixtures + 1);
  std::remove(path.c_str());
}

// Flipping bytes gives a refusal or a clean read for every copy; with
// this seed both happen (flips in names and numbers still read).
TEST(BrokenDatabaseTest, EveryCorruptedCopyIsRefusedOrReadsCleanly) {
  const std::string original = ReadBytes(MaxMindTestDb("GeoIP2-Enterprise-Test.mmdb"));
  const std::string path = test_support::ProcessTempDir() + "/corrupted.mmdb";
  constexpr int kCopies = 300;
  Outcomes outcomes;
  uint32_t seed = 12345;
  for (int copy = 0; copy < kCopies; ++copy) {
    std::string bytes = original;
    for (int flips = 0; flips < 4; ++flips) {
      seed = seed * 1103515245u + 12345u;
      bytes[(seed >> 8) % bytes.size()] ^= static_cast<char>(1u << ((seed >> 4) % 8));
    }
    WriteBytes(path, bytes, bytes.size());
    ExpectRefusedOrCleanRead(path, "copy " + std::to_string(copy), &outcomes);
  }
  EXPECT_EQ(outcomes.refused + outcomes.read, kCopies);
  EXPECT_GT(outcomes.refused, 0);
  EXPECT_GT(outcomes.read, 0);
  RecordProperty("refused", outcomes.refused);
  RecordProperty("read", outcomes.read);
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
