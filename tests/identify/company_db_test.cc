// The company database end to end: `leadgate companies build` on the demo CSV
// and on bad or large inputs, read back with mmdblookup (MaxMind's CLI) and
// with the Identifier (libmaxminddb), at every record size.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "identify/company_db_builder.h"
#include "identify/identify.h"
#include "identify_test_paths.h"

namespace leadgate::identify {
namespace {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

CommandResult RunCommand(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.output.append(buffer.data(), n);
  int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string Quote(const std::string& text) { return "'" + text + "'"; }

bool FileExists(const std::string& path) {
  struct stat info;
  return stat(path.c_str(), &info) == 0;
}

std::string WriteTemp(const std::string& name, const std::string& text) {
  const std::string path = test_support::ProcessTempDir() + "/" + name;
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  return path;
}

const std::string kCli = LEADGATE_CLI;
const std::string kDemoCsv = std::string(LEADGATE_SOURCE_DIR) + "/examples/companies/demo-companies.csv";

class DemoDatabaseTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    output_ = test_support::ProcessTempDir() + "/demo-companies.mmdb";
    std::remove(output_.c_str());
    build_ = RunCommand(Quote(kCli) + " companies build " + Quote(kDemoCsv) + " -o " + Quote(output_));
  }
  static std::string output_;
  static CommandResult build_;
};
std::string DemoDatabaseTest::output_;
CommandResult DemoDatabaseTest::build_;

TEST_F(DemoDatabaseTest, BuildSucceeds) {
  EXPECT_EQ(build_.exit_code, 0) << build_.output;
  EXPECT_NE(build_.output.find("30 companies"), std::string::npos) << build_.output;
  EXPECT_EQ(build_.output.find("companies build ["), std::string::npos) << "no progress bar when not a tty";
}

TEST_F(DemoDatabaseTest, MmdblookupReadsIt) {
  ASSERT_EQ(build_.exit_code, 0) << build_.output;
  CommandResult name = RunCommand("mmdblookup -f " + Quote(output_) + " -i 192.0.2.130 name");
  EXPECT_EQ(name.exit_code, 0) << name.output;
  EXPECT_NE(name.output.find("\"Vantage Cloud Security\" <utf8_string>"), std::string::npos) << name.output;
  CommandResult employees = RunCommand("mmdblookup -f " + Quote(output_) + " -i 2001:db8:a000::5 employees");
  EXPECT_NE(employees.output.find("380 <uint32>"), std::string::npos) << employees.output;
  CommandResult revenue = RunCommand("mmdblookup -f " + Quote(output_) + " -i 198.51.100.1 revenue");
  EXPECT_NE(revenue.output.find("12000000.000000 <double>"), std::string::npos) << revenue.output;
  CommandResult mapped = RunCommand("mmdblookup -f " + Quote(output_) + " -i ::ffff:203.0.113.50 country");
  EXPECT_NE(mapped.output.find("\"US\" <utf8_string>"), std::string::npos) << mapped.output;
  CommandResult missing = RunCommand("mmdblookup -f " + Quote(output_) + " -i 192.0.2.250");
  EXPECT_NE(missing.output.find("Could not find an entry"), std::string::npos) << missing.output;
  CommandResult metadata = RunCommand("mmdblookup -f " + Quote(output_) + " -i 10.0.0.1 --verbose");
  EXPECT_NE(metadata.output.find("Type:          Leadgate-Company"), std::string::npos) << metadata.output;
  EXPECT_NE(metadata.output.find("Binary format: 2.0"), std::string::npos) << metadata.output;
}

// Every row of the demo CSV is found again, at its first and last address.
TEST_F(DemoDatabaseTest, IdentifierFindsEveryRow) {
  ASSERT_EQ(build_.exit_code, 0) << build_.output;
  auto identifier = Identifier::Open({output_});
  ASSERT_TRUE(identifier.ok()) << identifier.status().ToString();
  Identity vantage = identifier.value()->Identify("192.0.2.159");
  EXPECT_EQ(vantage.network_type, "business");
  EXPECT_EQ(vantage.name, "Vantage Cloud Security");
  EXPECT_EQ(vantage.company_id, "vantage-security.example");
  EXPECT_EQ(vantage.domain, "vantage-security.example");
  EXPECT_EQ(vantage.industry, "Cybersecurity");
  EXPECT_EQ(vantage.country, "US");
  ASSERT_TRUE(vantage.employees.has_value());
  EXPECT_EQ(*vantage.employees, 910);
  ASSERT_TRUE(vantage.revenue.has_value());
  EXPECT_EQ(*vantage.revenue, 210000000);
  EXPECT_EQ(identifier.value()->Identify("192.0.2.160").name, "Meridian Foods");
  EXPECT_EQ(identifier.value()->Identify("2001:db8:401:ffff::1").name, "Brightwater Pharmaceuticals");
  EXPECT_EQ(identifier.value()->Identify("2001:db8:a000::1:0").network_type, "unknown");
  EXPECT_FALSE(identifier.value()->Identify("2001:db8:a000::1:0").found);

  std::ifstream csv(kDemoCsv);
  std::string line;
  std::getline(csv, line);  // header
  int rows = 0;
  while (std::getline(csv, line)) {
    if (line.empty()) continue;
    const std::string network = line.substr(0, line.find(','));
    const std::string rest = line.substr(line.find(',') + 1);
    const std::string name = rest.substr(0, rest.find(','));
    std::string first = network.substr(0, network.find_first_of("/-"));
    Identity identity = identifier.value()->Identify(first);
    EXPECT_EQ(identity.name, name) << network;
    EXPECT_TRUE(identity.is_business()) << network;
    ++rows;
  }
  EXPECT_GE(rows, 30);
}

// The demo ranges (documentation space) are in none of MaxMind's test
// databases, so a demo that consults both never mixes them up.
TEST_F(DemoDatabaseTest, DemoRangesAreUnknownToMaxMindTestDatabases) {
  std::vector<std::string> paths;
  for (const char* name : {"GeoIP2-Enterprise-Test.mmdb", "GeoIP2-ISP-Test.mmdb", "GeoIP2-Connection-Type-Test.mmdb",
                           "GeoIP2-Anonymous-IP-Test.mmdb", "GeoLite2-ASN-Test.mmdb", "GeoIP2-Domain-Test.mmdb",
                           "GeoIP2-City-Test.mmdb", "GeoIP2-Country-Test.mmdb"})
    paths.push_back(leadgate::test_support::MaxMindTestDb(name));
  auto maxmind = Identifier::Open(paths);
  ASSERT_TRUE(maxmind.ok()) << maxmind.status().ToString();
  for (const char* ip : {"192.0.2.1", "192.0.2.200", "198.51.100.1", "198.51.100.170", "203.0.113.1", "203.0.113.100",
                         "2001:db8:100::1", "2001:db8:a000::1"})
    EXPECT_FALSE(maxmind.value()->Identify(ip).found) << ip;
}

TEST(CompanyBuildCliTest, BadRowsAreRejectedWithLineNumbersAndNothingIsWritten) {
  const std::string csv = WriteTemp("bad.csv",
                                    "network,name,domain,industry,employees,revenue,country\n"
                                    "192.0.2.0/28,Good,good.example,Software,10,1000,US\n"
                                    "192.0.2.999/28,Bad,,,,,\n"
                                    "192.0.2.8/29,Overlapping,,,,,\n");
  const std::string output = test_support::ProcessTempDir() + "/bad.mmdb";
  std::remove(output.c_str());
  CommandResult result = RunCommand(Quote(kCli) + " companies build " + Quote(csv) + " -o " + Quote(output));
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.output.find("nothing written"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("line 3: \"192.0.2.999/28\" is not an IP address"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("line 4: 192.0.2.8/29 overlaps 192.0.2.0/28 (line 2)"), std::string::npos)
      << result.output;
  EXPECT_FALSE(FileExists(output));
}

TEST(CompanyBuildCliTest, UsageErrors) {
  EXPECT_EQ(RunCommand(Quote(kCli) + " companies build").exit_code, 2);
  EXPECT_EQ(RunCommand(Quote(kCli) + " companies build " + Quote(kDemoCsv)).exit_code, 2);  // no -o
  CommandResult missing = RunCommand(Quote(kCli) + " companies build /nonexistent.csv -o /tmp/x.mmdb");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.output.find("/nonexistent.csv"), std::string::npos);
}

TEST(CompanyBuildCliTest, LargeInputShowsProgressAndBuilds) {
  // 70,000 companies, one /32 each, across 10.0.0.0/8: big enough for the bar.
  std::ostringstream csv;
  csv << "network,name,domain,employees\n";
  for (int i = 0; i < 70000; ++i)
    csv << "10." << (i >> 16) << "." << ((i >> 8) & 0xff) << "." << (i & 0xff) << ",Company " << i << ",company" << i
        << ".example," << (i % 5000) << "\n";
  const std::string path = WriteTemp("large.csv", csv.str());
  const std::string output = test_support::ProcessTempDir() + "/large.mmdb";
  CommandResult result =
      RunCommand(Quote(kCli) + " companies build " + Quote(path) + " -o " + Quote(output) + " --progress");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("companies build ["), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("100% 70000 rows"), std::string::npos) << result.output;
  auto identifier = Identifier::Open({output});
  ASSERT_TRUE(identifier.ok()) << identifier.status().ToString();
  EXPECT_EQ(identifier.value()->Identify("10.0.17.112").name, "Company " + std::to_string(17 * 256 + 112));
  EXPECT_EQ(identifier.value()->Identify("10.1.17.111").name, "Company 69999");
  EXPECT_EQ(identifier.value()->Identify("10.0.0.0").company_id, "company0.example");
  EXPECT_FALSE(identifier.value()->Identify("10.2.0.0").found);
}

// libmaxminddb reads all three record layouts the writer can produce.
TEST(CompanyBuildRecordSizeTest, EveryRecordSizeReadsBack) {
  std::ifstream in(kDemoCsv);
  std::stringstream text;
  text << in.rdbuf();
  for (int record_size : {24, 28, 32}) {
    CompanyDbOptions options;
    options.record_size = record_size;
    options.build_epoch = 1700000000;
    auto built = BuildCompanyDatabase(text.str(), options, nullptr);
    ASSERT_TRUE(built.ok()) << built.status().ToString();
    const std::string path = WriteTemp("record-size-" + std::to_string(record_size) + ".mmdb", built.value());
    auto identifier = Identifier::Open({path});
    ASSERT_TRUE(identifier.ok()) << record_size << ": " << identifier.status().ToString();
    EXPECT_EQ(identifier.value()->Identify("203.0.113.70").name, "Polaris Data Centers") << record_size;
    EXPECT_EQ(identifier.value()->Identify("2001:db8:300::9").name, "Copperline Manufacturing") << record_size;
    CommandResult lookup = RunCommand("mmdblookup -f " + Quote(path) + " -i 198.51.100.100 name --verbose");
    EXPECT_NE(lookup.output.find("Fjordline Shipping"), std::string::npos) << lookup.output;
    EXPECT_NE(lookup.output.find("Record size:   " + std::to_string(record_size) + " bits"), std::string::npos)
        << lookup.output;
  }
}

// Company database first, MaxMind's after: each answers for its own space.
TEST(CompanyBuildRecordSizeTest, CompanyDatabaseBesideMaxMindDatabases) {
  std::ifstream in(kDemoCsv);
  std::stringstream text;
  text << in.rdbuf();
  auto built = BuildCompanyDatabase(text.str(), {}, nullptr);
  ASSERT_TRUE(built.ok());
  const std::string path = WriteTemp("together.mmdb", built.value());
  auto identifier = Identifier::Open({path, leadgate::test_support::MaxMindTestDb("GeoIP2-Enterprise-Test.mmdb"),
                                      leadgate::test_support::MaxMindTestDb("GeoIP2-Anonymous-IP-Test.mmdb"),
                                      leadgate::test_support::MaxMindTestDb("GeoIP2-Connection-Type-Test.mmdb")});
  ASSERT_TRUE(identifier.ok()) << identifier.status().ToString();
  EXPECT_EQ(identifier.value()->Identify("192.0.2.1").name, "Northwind Analytics");
  EXPECT_EQ(identifier.value()->Identify("81.2.69.160").name, "STONEHOUSE office network");
  EXPECT_EQ(identifier.value()->Identify("1.2.0.1").network_type, "anonymizer");
  EXPECT_EQ(identifier.value()->Identify("1.0.1.0").network_type, "cellular");
  EXPECT_EQ(identifier.value()->Identify("74.209.24.1").network_type, "residential");
}

}  // namespace
}  // namespace leadgate::identify
