// Identification against MaxMind's real test databases: spot values from
// ../shared/data/SOURCES.md, every standard schema, merge order, bad input.
#include <gtest/gtest.h>

#include "identify/identify.h"
#include "identify_test_paths.h"

namespace leadgate::identify {
namespace {

using leadgate::test_support::MaxMindTestDb;

std::unique_ptr<Identifier> OpenOrDie(const std::vector<std::string>& names) {
  std::vector<std::string> paths;
  for (const auto& name : names) paths.push_back(MaxMindTestDb(name));
  auto identifier = Identifier::Open(paths);
  EXPECT_TRUE(identifier.ok()) << identifier.status().ToString();
  return identifier.ok() ? std::move(identifier).value() : nullptr;
}

TEST(MaxMindIdentifyTest, EnterpriseGovernmentOfficeIsBusiness) {
  auto identifier = OpenOrDie({"GeoIP2-Enterprise-Test.mmdb"});
  ASSERT_NE(identifier, nullptr);
  Identity identity = identifier->Identify("81.2.69.160");
  EXPECT_TRUE(identity.found);
  EXPECT_EQ(identity.network_type, "business");
  EXPECT_EQ(identity.name, "STONEHOUSE office network");
  EXPECT_EQ(identity.company_id, "stonehouse-office-network");
  EXPECT_EQ(identity.country, "GB");
  EXPECT_EQ(identity.domain, "");  // in-addr.arpa says nothing about the owner
  EXPECT_TRUE(identity.is_business());
  EXPECT_TRUE(identity.lookup_error.empty());
}

TEST(MaxMindIdentifyTest, NotFoundIsNotAnError) {
  auto identifier = OpenOrDie({"GeoIP2-Enterprise-Test.mmdb"});
  ASSERT_NE(identifier, nullptr);
  Identity identity = identifier->Identify("1.2.3.4");
  EXPECT_FALSE(identity.found);
  EXPECT_EQ(identity.network_type, "unknown");
  EXPECT_TRUE(identity.lookup_error.empty());
  EXPECT_FALSE(identity.is_business());
}

TEST(MaxMindIdentifyTest, EnterpriseUserTypes) {
  auto identifier = OpenOrDie({"GeoIP2-Enterprise-Test.mmdb"});
  ASSERT_NE(identifier, nullptr);
  EXPECT_EQ(identifier->Identify("74.209.24.1").network_type, "residential");
  EXPECT_EQ(identifier->Identify("1.124.213.1").network_type, "cellular");
  EXPECT_EQ(identifier->Identify("214.214.214.220").network_type, "hosting");
  EXPECT_EQ(identifier->Identify("214.214.214.221").network_type, "hosting");   // CDN
  EXPECT_EQ(identifier->Identify("67.43.156.1").network_type, "hosting");       // search engine spider
  EXPECT_EQ(identifier->Identify("214.214.214.216").network_type, "unknown");   // traveler
  EXPECT_EQ(identifier->Identify("214.78.120.1").network_type, "residential");  // Starlink: user_type first
  Identity military = identifier->Identify("214.78.0.1");
  EXPECT_EQ(military.network_type, "business");
  EXPECT_EQ(military.name, "US Department of Defense");
  EXPECT_EQ(military.domain, "health.mil");
  Identity v6 = identifier->Identify("2001:480:10::1");
  EXPECT_EQ(v6.network_type, "business");
  EXPECT_EQ(v6.name, "DNIC");
  EXPECT_EQ(identifier->Identify("::ffff:81.2.69.160").name, "STONEHOUSE office network");
}

TEST(MaxMindIdentifyTest, ConnectionTypeDatabase) {
  auto identifier = OpenOrDie({"GeoIP2-Connection-Type-Test.mmdb"});
  ASSERT_NE(identifier, nullptr);
  EXPECT_EQ(identifier->Identify("1.0.1.0").network_type, "cellular");
  EXPECT_EQ(identifier->Identify("1.0.0.1").network_type, "residential");
  EXPECT_EQ(identifier->Identify("214.78.120.5").network_type, "cellular");  // Satellite
  Identity corporate = identifier->Identify("201.243.200.1");                // Corporate, no organisation known
  EXPECT_TRUE(corporate.found);
  EXPECT_EQ(corporate.network_type, "unknown");
}

TEST(MaxMindIdentifyTest, AnonymousIpDatabase) {
  auto identifier = OpenOrDie({"GeoIP2-Anonymous-IP-Test.mmdb"});
  ASSERT_NE(identifier, nullptr);
  EXPECT_EQ(identifier->Identify("1.2.0.1").network_type, "anonymizer");
  EXPECT_EQ(identifier->Identify("65.0.0.1").network_type, "anonymizer");  // Tor exit
  EXPECT_EQ(identifier->Identify("abcd:1000::1").network_type, "anonymizer");
  EXPECT_EQ(identifier->Identify("8.8.8.8").network_type, "unknown");
}

TEST(MaxMindIdentifyTest, IspDatabase) {
  auto identifier = OpenOrDie({"GeoIP2-ISP-Test.mmdb"});
  ASSERT_NE(identifier, nullptr);
  Identity telstra = identifier->Identify("1.128.0.0");  // isp == organization, mobile codes
  EXPECT_TRUE(telstra.found);
  EXPECT_NE(telstra.network_type, "business");
}

TEST(MaxMindIdentifyTest, AsnDomainCityCountryAloneNeverMakeABusiness) {
  auto identifier = OpenOrDie(
      {"GeoLite2-ASN-Test.mmdb", "GeoIP2-Domain-Test.mmdb", "GeoIP2-City-Test.mmdb", "GeoIP2-Country-Test.mmdb"});
  ASSERT_NE(identifier, nullptr);
  Identity identity = identifier->Identify("1.128.0.0");
  EXPECT_TRUE(identity.found);
  EXPECT_EQ(identity.network_type, "unknown");
  Identity london = identifier->Identify("81.2.69.160");
  EXPECT_EQ(london.country, "GB");
  EXPECT_EQ(london.network_type, "unknown");
}

TEST(MaxMindIdentifyTest, FirstDecidingDatabaseWins) {
  // 81.2.69.160 is a government office in Enterprise and a VPN exit in
  // Anonymous-IP: the database listed first decides.
  auto enterprise_first = OpenOrDie({"GeoIP2-Enterprise-Test.mmdb", "GeoIP2-Anonymous-IP-Test.mmdb"});
  auto anonymous_first = OpenOrDie({"GeoIP2-Anonymous-IP-Test.mmdb", "GeoIP2-Enterprise-Test.mmdb"});
  ASSERT_NE(enterprise_first, nullptr);
  ASSERT_NE(anonymous_first, nullptr);
  EXPECT_EQ(enterprise_first->Identify("81.2.69.160").network_type, "business");
  Identity anonymized = anonymous_first->Identify("81.2.69.160");
  EXPECT_EQ(anonymized.network_type, "anonymizer");
  EXPECT_EQ(anonymized.company_id, "");
  EXPECT_EQ(anonymized.country, "GB");  // other fields still merged
}

TEST(MaxMindIdentifyTest, DatabaseKindsMixed) {
  // IPv4-only database asked about IPv6: "cannot know", not an error.
  auto identifier = OpenOrDie({"MaxMind-DB-test-ipv4-24.mmdb", "GeoIP2-Enterprise-Test.mmdb"});
  ASSERT_NE(identifier, nullptr);
  Identity identity = identifier->Identify("2001:480:10::1");
  EXPECT_TRUE(identity.lookup_error.empty()) << identity.lookup_error;
  EXPECT_EQ(identity.name, "DNIC");
}

TEST(MaxMindIdentifyTest, BadAddressesGiveLookupErrorNotCrash) {
  auto identifier = OpenOrDie({"GeoIP2-Enterprise-Test.mmdb"});
  ASSERT_NE(identifier, nullptr);
  const std::string bad[] = {"",
                             "not-an-ip",
                             "1.2.3",
                             "127.1",
                             "1.2.3.4.5",
                             "256.1.1.1",
                             "::1::2",
                             "fe80::1%eth0",
                             std::string(5000, '1'),
                             std::string("1.2.3.4\0", 8),
                             "  1.2.3.4"};
  for (const std::string& ip : bad) {
    Identity identity = identifier->Identify(ip);
    EXPECT_FALSE(identity.found) << ip;
    EXPECT_EQ(identity.network_type, "unknown") << ip;
    EXPECT_FALSE(identity.lookup_error.empty()) << ip;
  }
}

TEST(MaxMindIdentifyTest, MissingFileIsRefusedNamingIt) {
  auto identifier = Identifier::Open({MaxMindTestDb("GeoIP2-Enterprise-Test.mmdb"), "/nonexistent/x.mmdb"});
  ASSERT_FALSE(identifier.ok());
  EXPECT_NE(identifier.status().message().find("/nonexistent/x.mmdb"), std::string::npos)
      << identifier.status().message();
}

TEST(MaxMindIdentifyTest, NoDatabasesMeansUnknown) {
  auto identifier = Identifier::Open({});
  ASSERT_TRUE(identifier.ok());
  Identity identity = identifier.value()->Identify("81.2.69.160");
  EXPECT_FALSE(identity.found);
  EXPECT_EQ(identity.network_type, "unknown");
}

}  // namespace
}  // namespace leadgate::identify
