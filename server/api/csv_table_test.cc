// CsvField and TableCsv: every cell a spreadsheet would run as a formula is
// defused, quoting follows RFC 4180, and a table that is not one is refused
// naming what is wrong.
#include "api/csv_table.h"

#include <gtest/gtest.h>

namespace leadgate::collector {
namespace {

TEST(CsvFieldTest, DefusesFormulasAndQuotes) {
  EXPECT_EQ(CsvField("Northwind"), "Northwind");
  EXPECT_EQ(CsvField("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(CsvField("+1 555"), "'+1 555");
  EXPECT_EQ(CsvField("-30"), "'-30");
  EXPECT_EQ(CsvField("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(CsvField("\tx"), "'\tx");
  EXPECT_EQ(CsvField("a, b"), "\"a, b\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvField(""), "");
  EXPECT_EQ(CsvField("a=b"), "a=b") << "only a leading sign runs";
}

TEST(TableCsvTest, WritesTheTableAsShown) {
  const HttpAnswer answer =
      TableCsv(R"({"header": ["Company", "Why"], "rows": [["Helix, Inc.", "=1+1"], ["Bevtec", ""]]})");
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(answer.body, "Company,Why\r\n\"Helix, Inc.\",'=1+1\r\nBevtec,\r\n");
  EXPECT_EQ(TableCsv(R"({"header": ["Company"], "rows": []})").body, "Company\r\n");
}

TEST(TableCsvTest, RefusesWhatIsNotATableNamingWhere) {
  struct Case {
    const char* body;
    const char* path;
  };
  for (const Case& bad : {Case{"[]", ""}, Case{"{}", "header"}, Case{R"({"header": []})", "header"},
                          Case{R"({"header": ["a"]})", "rows"}, Case{R"({"header": [1], "rows": []})", "header[0]"},
                          Case{R"({"header": ["a", "b"], "rows": [["x"]]})", "rows[0]"},
                          Case{R"({"header": ["a"], "rows": [["x"], [null]]})", "rows[1][0]"},
                          Case{R"({"header": ["a"], "rows": ["x"]})", "rows[0]"}}) {
    const HttpAnswer answer = TableCsv(bad.body);
    EXPECT_EQ(answer.status, 400) << bad.body;
    EXPECT_NE(answer.body.find(std::string("\"path\":\"") + bad.path + "\""), std::string::npos)
        << bad.body << " -> " << answer.body;
  }
}

}  // namespace
}  // namespace leadgate::collector
