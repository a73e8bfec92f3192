// Unit tests of the network.type rules on hand-made records.
#include "identify/network_type.h"

#include <gtest/gtest.h>

namespace leadgate::identify {
namespace {

NetworkRecord Record(std::string organization, std::string isp) {
  NetworkRecord record;
  record.organization = std::move(organization);
  record.isp = std::move(isp);
  return record;
}

TEST(NetworkTypeTest, CompanySchemaIsBusiness) {
  NetworkRecord record = Record("Acme", "");
  record.company_schema = true;
  record.anonymous = true;  // the operator's own list wins
  EXPECT_EQ(ClassifyRecord(record), "business");
}

TEST(NetworkTypeTest, AnonymizerFlagsBeatUserType) {
  NetworkRecord record = Record("Org", "Isp");
  record.user_type = "business";
  record.anonymous = true;
  EXPECT_EQ(ClassifyRecord(record), "anonymizer");
  record.anonymous = false;
  record.hosting_provider = true;
  EXPECT_EQ(ClassifyRecord(record), "hosting");
}

TEST(NetworkTypeTest, UserTypes) {
  const std::pair<const char*, const char*> cases[] = {
      {"business", "business"},
      {"government", "business"},
      {"military", "business"},
      {"university", "business"},
      {"college", "business"},
      {"school", "business"},
      {"library", "business"},
      {"residential", "residential"},
      {"dialup", "residential"},
      {"cellular", "cellular"},
      {"hosting", "hosting"},
      {"content_delivery_network", "hosting"},
      {"search_engine_spider", "hosting"},
      {"consumer_privacy_network", "anonymizer"},
      {"cafe", "unknown"},
      {"traveler", "unknown"},
      {"something_new", "unknown"},
  };
  for (const auto& [user_type, expected] : cases) {
    NetworkRecord record = Record("Same", "Same");
    record.user_type = user_type;
    EXPECT_EQ(ClassifyRecord(record), expected) << user_type;
  }
}

TEST(NetworkTypeTest, ConnectionTypes) {
  NetworkRecord record;
  record.connection_type = "Cellular";
  EXPECT_EQ(ClassifyRecord(record), "cellular");
  record.connection_type = "Satellite";
  EXPECT_EQ(ClassifyRecord(record), "cellular");
  record.connection_type = "Cable/DSL";
  EXPECT_EQ(ClassifyRecord(record), "residential");
  record.connection_type = "Corporate";
  EXPECT_EQ(ClassifyRecord(record), "");  // no organisation known: undecided
  record = Record("Lariat Software", "Century Link");
  record.connection_type = "Corporate";
  EXPECT_EQ(ClassifyRecord(record), "business");
}

TEST(NetworkTypeTest, OrganisationNamedApartFromIsp) {
  EXPECT_EQ(ClassifyRecord(Record("Bevtec", "Bredband2 AB")), "business");
  EXPECT_EQ(ClassifyRecord(Record("Telstra Internet", "Telstra")), "");
  EXPECT_EQ(ClassifyRecord(Record("Fairpoint Communications", "FairPoint Communications")), "");
  EXPECT_EQ(ClassifyRecord(Record("", "Some ISP")), "");
  EXPECT_EQ(ClassifyMerged(Record("Fairpoint", "Fairpoint")), "unknown");
  EXPECT_EQ(ClassifyMerged(Record("Bevtec", "Bredband2")), "business");
}

TEST(NetworkTypeTest, MobileNetworkCodeMeansCellular) {
  NetworkRecord record = Record("Verizon Wireless", "Verizon Wireless");
  record.has_mobile_network = true;
  EXPECT_EQ(ClassifyRecord(record), "cellular");
}

TEST(NetworkTypeTest, Slug) {
  EXPECT_EQ(Slug("STONEHOUSE office network"), "stonehouse-office-network");
  EXPECT_EQ(Slug("  Andrews & Arnold Ltd. "), "andrews-arnold-ltd");
  EXPECT_EQ(Slug(""), "");
}

}  // namespace
}  // namespace leadgate::identify
