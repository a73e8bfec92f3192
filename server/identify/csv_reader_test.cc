// Unit tests of the CSV reader.
#include "identify/csv_reader.h"

#include <gtest/gtest.h>

namespace leadgate::identify {
namespace {

std::vector<CsvRecord> ReadAll(const std::string& text, Status* status) {
  CsvReader reader(text);
  std::vector<CsvRecord> out;
  CsvRecord record;
  while (reader.Next(&record)) out.push_back(record);
  *status = reader.status();
  return out;
}

TEST(CsvReaderTest, QuotingAndLineNumbers) {
  Status status;
  auto records = ReadAll(
      "\xEF\xBB\xBFnetwork,name\r\n192.0.2.0/28,\"Acme, Inc.\"\r\n"
      "198.51.100.0/28,\"Say \"\"hi\"\"\nthere\"\n203.0.113.0/28,Last",
      &status);
  ASSERT_TRUE(status.ok()) << status.ToString();
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].fields, (std::vector<std::string>{"network", "name"}));
  EXPECT_EQ(records[1].fields[1], "Acme, Inc.");
  EXPECT_EQ(records[2].fields[1], "Say \"hi\"\nthere");
  EXPECT_EQ(records[2].line, 3u);
  EXPECT_EQ(records[3].line, 5u);
  EXPECT_EQ(records[3].fields[1], "Last");
}

TEST(CsvReaderTest, Errors) {
  Status status;
  ReadAll("a,b\n1,\"open\n", &status);
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find("line 2"), std::string::npos) << status.message();
  ReadAll("a,b\n1,x\"y\n", &status);
  EXPECT_NE(status.message().find("line 2"), std::string::npos) << status.message();
  ReadAll("a,b\n1,\"x\"y\n", &status);
  EXPECT_NE(status.message().find("line 2"), std::string::npos) << status.message();
}

}  // namespace
}  // namespace leadgate::identify
