// Unit tests of the company CSV validation; reading the built file back with
// libmaxminddb and mmdblookup is in tests/identify.
#include "identify/company_db_builder.h"

#include <gtest/gtest.h>

namespace leadgate::identify {
namespace {

Result<std::string> Build(const std::string& csv) { return BuildCompanyDatabase(csv, {}, nullptr); }

TEST(CompanyDbBuilderTest, BuildsAFileWithMetadata) {
  CompanyDbSummary summary;
  auto built = BuildCompanyDatabase(
      "network,name,domain,industry,employees,revenue,country\n"
      "192.0.2.0/28,Acme,acme.example,Software,250,12500000,de\n"
      "192.0.2.16-192.0.2.40,Beta,,,,,\n"
      "2001:db8:1::/48,Acme,acme.example,Software,250,12500000,DE\n",
      {}, &summary);
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  EXPECT_EQ(summary.rows, 3u);
  EXPECT_EQ(summary.companies, 2u);           // the two Acme rows share one record
  EXPECT_EQ(summary.networks, 1u + 3u + 1u);  // .16/28 .32/29 .40/32
  EXPECT_NE(built.value().find("\xAB\xCD\xEFMaxMind.com"), std::string::npos);
  EXPECT_NE(built.value().find(kCompanyDatabaseType), std::string::npos);
}

TEST(CompanyDbBuilderTest, EveryBadRowIsReportedWithItsLine) {
  auto built = Build(
      "network,name,domain,employees,revenue,country\n"
      "192.0.2.0/28,Good,good.example,10,1000,US\n"
      "192.0.2.300/28,Bad network,,,,\n"
      "192.0.2.32/28,,,,,\n"
      "192.0.2.48/28,Bad domain,not a domain,,,\n"
      "192.0.2.64/28,Bad employees,,lots,,\n"
      "192.0.2.80/28,Bad revenue,,,$5M,\n"
      "192.0.2.96/28,Bad country,,,,Germany\n"
      "192.0.2.112/28,Too few\n"
      "192.0.2.0/24,Overlap,,,,\n");
  ASSERT_FALSE(built.ok());
  const std::string& message = built.status().message();
  for (const char* expected : {"line 3:", "line 4: the company name is empty", "line 5:", "line 6: employees",
                               "line 7: revenue", "line 8: country", "line 9: expected 6 fields, found 2",
                               "line 10: 192.0.2.0/24 overlaps 192.0.2.0/28 (line 2)"}) {
    EXPECT_NE(message.find(expected), std::string::npos) << expected << "\n" << message;
  }
}

TEST(CompanyDbBuilderTest, OverlapsInBothDirections) {
  auto wider_later = Build("network,name\n192.0.2.0/28,A\n192.0.2.0/24,B\n");
  ASSERT_FALSE(wider_later.ok());
  auto narrower_later = Build("network,name\n192.0.2.0/24,A\n192.0.2.8/29,B\n");
  ASSERT_FALSE(narrower_later.ok());
  EXPECT_NE(narrower_later.status().message().find("line 3: 192.0.2.8/29 overlaps 192.0.2.0/24 (line 2)"),
            std::string::npos)
      << narrower_later.status().message();
  auto duplicate = Build("network,name\n2001:db8::/48,A\n2001:db8::/48,A\n");
  ASSERT_FALSE(duplicate.ok());
  auto range_overlap = Build("network,name\n192.0.2.0-192.0.2.9,A\n192.0.2.9-192.0.2.20,B\n");
  ASSERT_FALSE(range_overlap.ok());
}

TEST(CompanyDbBuilderTest, HeaderProblems) {
  EXPECT_FALSE(Build("").ok());
  EXPECT_FALSE(Build("network,name\n").ok());  // no rows
  auto unknown = Build("network,nmae\n192.0.2.0/28,A\n");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("line 1: unknown column \"nmae\""), std::string::npos);
  EXPECT_NE(unknown.status().message().find("no \"name\" column"), std::string::npos);
  EXPECT_FALSE(Build("network,name,name\n192.0.2.0/28,A,B\n").ok());
}

TEST(CompanyDbBuilderTest, RejectsInvalidUtf8AndControlCharacters) {
  EXPECT_FALSE(Build("network,name\n192.0.2.0/28,Bad\xff\n").ok());
  EXPECT_FALSE(Build("network,name\n192.0.2.0/28,\"Bad\x01\"\n").ok());
  EXPECT_FALSE(Build("network,name\n192.0.2.0/28,\xc0\xafoverlong\n").ok());
  EXPECT_TRUE(Build("network,name\n192.0.2.0/28,M\xc3\xbcller GmbH\n").ok());
  EXPECT_TRUE(Build("network,name\n192.0.2.0/28,\"\xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80\"\n").ok());
}

TEST(CompanyDbBuilderTest, StopsAfterTwentyProblems) {
  std::string csv = "network,name\n";
  for (int i = 0; i < 100; ++i) csv += "bad,Row\n";
  auto built = Build(csv);
  ASSERT_FALSE(built.ok());
  EXPECT_NE(built.status().message().find("stopped after 20 problems"), std::string::npos);
}

}  // namespace
}  // namespace leadgate::identify
