// Unit tests of the map decoder and the CSV loader: real export quirks
// (quotes, newlines in fields, CRLF, BOM, trailing empty column, case) and
// errors that name the line and column.
#include "calibrate/outcome_data.h"

#include <gtest/gtest.h>

#include <cmath>

#include "calibrate/calibration_map.h"

namespace leadgate::calibrate {
namespace {

const char kPolicy[] = R"({"policy": "p", "facts": {
  "occupation": {"type": "choice", "question": "Occupation?",
                 "choices": [{"value": "professional"}, {"value": "student"}, {"value": "other"}]},
  "visits": {"type": "number"},
  "newsletter": {"type": "boolean", "question": "Newsletter?"},
  "employees": {"type": "number", "question": "Size?",
                "choices": [{"label": "small", "range": [0, 50]}, {"label": "large", "range": [50, null]}]}},
  "rules": [], "mql": {"points": 10}})";

const char kMap[] = R"({"label": {"column": "Converted", "positive": ["1", "Won"]},
  "group": "Account",
  "facts": {
    "occupation": {"column": "What is your current occupation",
                   "values": {"Working Professional": "professional", "Student": "student"},
                   "missing": ["", "Select"], "case": "insensitive"},
    "visits": {"column": "TotalVisits", "missing": [""]},
    "newsletter": {"column": "News", "values": {"Subscribed": true}}}})";

Policy DecodeTestPolicy() {
  Result<Policy> result = DecodePolicy(kPolicy);
  EXPECT_TRUE(result.ok()) << result.status().problems()[0].ToString();
  return *result;
}

Result<OutcomeData> Load(const std::string& csv, const char* map_json = kMap) {
  static const Policy policy = DecodeTestPolicy();
  Result<CalibrationMap> map = DecodeCalibrationMap(map_json, policy);
  EXPECT_TRUE(map.ok()) << map.status().ToString();
  if (!map.ok()) return map.status();
  return LoadCsvOutcomes(csv, map.value(), policy);
}

TEST(OutcomeDataTest, RealExportQuirks) {
  // BOM, CRLF, a trailing empty column, a quoted field with a comma and a
  // line break, mixed case where the map allows it, placeholders as missing.
  const std::string csv =
      "\xEF\xBB\xBF"
      "Account,What is your current occupation,TotalVisits,News,Converted,\r\n"
      "\"Acme, Inc.\",working professional,5,yes,1,\r\n"
      "\"Multi\nline\",STUDENT,,Subscribed,0,\r\n"
      "\"Acme, Inc.\",Select,2.5,no,Won,\r\n"
      "\r\n"
      "Beta,professional,0,,Lost,\r\n";
  Result<OutcomeData> data = Load(csv);
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  ASSERT_EQ(data->rows(), 4u);
  EXPECT_EQ(data->converted, (std::vector<uint8_t>{1, 0, 1, 0}));
  EXPECT_EQ(data->line, (std::vector<size_t>{2, 3, 5, 7}));  // the quoted line break moves later lines
  const FactColumn& occupation = data->columns[0];
  EXPECT_EQ(occupation.values[0], 0);  // professional
  EXPECT_EQ(occupation.values[1], 1);  // student
  EXPECT_FALSE(occupation.known(2));   // "Select"
  EXPECT_EQ(occupation.values[3], 0);  // a choice value maps to itself
  const FactColumn& visits = data->columns[1];
  EXPECT_FALSE(visits.known(1));
  EXPECT_EQ(visits.values[2], 2.5);
  const FactColumn& news = data->columns[2];
  EXPECT_EQ(news.values[0], 1);
  EXPECT_EQ(news.values[1], 1);  // mapped in values
  EXPECT_EQ(news.values[2], 0);
  EXPECT_FALSE(news.known(3));
  EXPECT_EQ(data->group[0], data->group[2]);  // one account
  EXPECT_NE(data->group[0], data->group[3]);
  EXPECT_EQ(data->group_count, 3);
  Facts facts = data->RowFacts(0);
  EXPECT_EQ(facts.at("occupation").text, "professional");
  EXPECT_EQ(facts.at("visits").number, 5);
  EXPECT_TRUE(facts.at("newsletter").boolean);
}

TEST(OutcomeDataTest, ErrorsNameLineAndColumn) {
  const std::string csv =
      "Account,What is your current occupation,TotalVisits,News,Converted\n"
      "a,Housewife,1,yes,1\n"
      "\"b\nc\",student,many,yes,0\n"
      "d,student,1,perhaps,0\n"
      "e,student\n";
  Result<OutcomeData> data = Load(csv);
  ASSERT_FALSE(data.ok());
  const std::string& message = data.status().message();
  EXPECT_NE(message.find("line 2, column 2 (\"What is your current occupation\"): \"Housewife\" is not a choice of "
                         "\"occupation\""),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("line 3, column 3 (\"TotalVisits\"): \"many\" is not a number"), std::string::npos) << message;
  EXPECT_NE(message.find("line 5, column 4 (\"News\"): \"perhaps\" is not true or false"), std::string::npos)
      << message;
  EXPECT_NE(message.find("line 6: has 2 fields, the header has 5"), std::string::npos) << message;
}

TEST(OutcomeDataTest, CaseSensitiveByDefaultAndOtherCatchesTheRest) {
  const char* map = R"({"label": {"column": "Converted", "positive": ["1"]},
    "facts": {"occupation": {"column": "Occ", "other": "other"}}})";
  Result<OutcomeData> data = Load("Occ,Converted\nSTUDENT,1\nstudent,0\n", map);
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_EQ(data->columns[0].values[0], 2);  // unlisted "STUDENT" -> other
  EXPECT_EQ(data->columns[0].values[1], 1);
  const char* strict = R"({"label": {"column": "Converted", "positive": ["1"]},
    "facts": {"occupation": {"column": "Occ"}}})";
  data = Load("Occ,Converted\nSTUDENT,1\n", strict);
  ASSERT_FALSE(data.ok());
  EXPECT_NE(data.status().message().find("line 2, column 1"), std::string::npos) << data.status().message();
}

TEST(OutcomeDataTest, NegativeLabelsLeaveOpenDealsOut) {
  const char* map = R"({"label": {"column": "Stage", "positive": ["Won"], "negative": ["Lost"]},
    "facts": {"visits": {"column": "V"}}})";
  Result<OutcomeData> data = Load("V,Stage\n1,Won\n2,Engaging\n3,Lost\n", map);
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(data->rows(), 2u);
  EXPECT_EQ(data->skipped_open_rows, 1u);
}

TEST(OutcomeDataTest, MapErrorsNameThePath) {
  const Policy policy = DecodeTestPolicy();
  auto error = [&](const char* json) { return DecodeCalibrationMap(json, policy).status().ToString(); };
  EXPECT_EQ(error(R"({"label": {"column": "C", "positive": ["1"]}, "facts": {"occupaton": {"column": "x"}}})"),
            "facts.occupaton: fact \"occupaton\" is not declared in the policy nor built in");
  EXPECT_EQ(error(R"({"label": {"column": "C", "positive": ["1"]},
                      "facts": {"occupation": {"column": "x", "values": {"Student": "pupil"}}}})"),
            "facts.occupation.values.Student: \"pupil\" is not a choice of \"occupation\"");
  EXPECT_EQ(error(R"({"facts": {}})"), "label: must be an object {column, positive}");
  EXPECT_EQ(error(R"({"label": {"column": "C", "positive": ["1"]}, "facts": {"visits": {}}})"),
            "facts.visits.column: must name a column");
  EXPECT_EQ(error("{"), "the map is not valid JSON");
  EXPECT_TRUE(DecodeCalibrationMap(R"({"label": {"column": "C", "positive": ["1"]},
      "facts": {"behavior.visits": {"column": "V"}}})",
                                   policy)
                  .ok());
}

TEST(OutcomeDataTest, MissingColumnIsNamed) {
  Result<OutcomeData> data = Load("Account,Converted\na,1\n");
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.status().ToString(),
            "facts.occupation.column: column \"What is your current occupation\" is not in the CSV header");
}

TEST(OutcomeDataTest, FromDecodedLeads) {
  const Policy policy = DecodeTestPolicy();
  std::vector<LabeledLead> leads(3);
  leads[0].facts["occupation"] = FactValue::Text("student");
  leads[0].facts["employees"] = FactValue::Range(50, std::nullopt);
  leads[0].converted = true;
  leads[0].group = "company:7";
  leads[1].facts["newsletter"] = FactValue::Bool(false);
  leads[1].facts["visits"] = FactValue::Number(4);
  leads[1].group = "company:7";
  leads[2].id = 42;
  Result<OutcomeData> data = OutcomesFromLeads(policy, leads);
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  ASSERT_EQ(data->columns.size(), 4u);  // occupation, visits, newsletter, employees
  EXPECT_EQ(data->columns[0].values[0], 1);
  EXPECT_FALSE(data->columns[0].known(1));
  EXPECT_EQ(data->columns[1].values[1], 4);
  EXPECT_EQ(data->columns[2].values[1], 0);
  EXPECT_EQ(data->columns[3].values[0], 50);
  EXPECT_EQ(data->converted, (std::vector<uint8_t>{1, 0, 0}));
  EXPECT_EQ(data->group[0], data->group[1]);
  EXPECT_NE(data->group[0], data->group[2]);
  EXPECT_EQ(data->line[2], 42u);
  EXPECT_TRUE(data->grouped);
  EXPECT_EQ(data->RowFacts(0).at("occupation").text, "student");
  EXPECT_FALSE(OutcomesFromLeads(policy, {}).ok());
}

}  // namespace
}  // namespace leadgate::calibrate
