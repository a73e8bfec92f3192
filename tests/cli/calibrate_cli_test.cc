// End-to-end tests of `leadgate calibrate`: generated data with a planted
// criterion and pure noise through the binary (outputs, policy check, the
// scores `leadgate qualify` gives, a self-contained escaped HTML report),
// bad input named by line and column, and the two real datasets in
// ../shared/data (skipped, saying so, when that folder is absent).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "calibrate/synthetic_data.h"
#include "cli_runner.h"
#include "identify/csv_reader.h"

namespace {

using leadgate::cli_test::CliRun;
using leadgate::cli_test::Leadgate;
using leadgate::cli_test::Lines;

const std::string kExamples = std::string(LEADGATE_SOURCE_DIR) + "/examples/calibration/";
const std::string kSharedData = LEADGATE_SHARED_DATA;

// A temporary folder, removed with everything in it at the end of the test.
class TempFolder {
 public:
  TempFolder() {
    char path[] = "/tmp/leadgate-calibrate-XXXXXX";
    EXPECT_NE(mkdtemp(path), nullptr);
    path_ = path;
  }
  ~TempFolder() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

bool Exists(const std::string& path) {
  struct stat info;
  return stat(path.c_str(), &info) == 0;
}

// Writes the generated files into `dir` and calibrates them.
CliRun CalibrateSynthetic(const leadgate::calibrate::SyntheticData& data, const std::string& dir,
                          const std::string& extra = "") {
  WriteFile(dir + "/policy.in.json", data.policy_json);
  WriteFile(dir + "/map.json", data.map_json);
  WriteFile(dir + "/data.csv", data.csv);
  return Leadgate("calibrate --policy " + dir + "/policy.in.json --data " + dir + "/data.csv --map " + dir +
                  "/map.json -o " + dir + "/out " + extra);
}

TEST(CalibrateCli, PlantedCriterionEndToEnd) {
  leadgate::calibrate::SyntheticSpec spec;
  spec.rows = 5000;
  spec.planted_choice = 1.5;
  leadgate::calibrate::SyntheticData data = leadgate::calibrate::GenerateSynthetic(spec);
  // A policy name with markup: the HTML report must show it as text.
  const std::string name = "\"synthetic\"";
  data.policy_json.replace(data.policy_json.find(name), name.size(), "\"synthetic <img src=x onerror=alert(1)>\"");
  TempFolder folder;
  const std::string& dir = folder.path();
  CliRun run = CalibrateSynthetic(data, dir, "--seed 7");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  EXPECT_NE(run.out.find("signal true; key question f0"), std::string::npos) << run.out;

  const nlohmann::json report = nlohmann::json::parse(ReadFile(dir + "/out/report.json"));
  EXPECT_TRUE(report["signal"].get<bool>());
  EXPECT_EQ(report["key_question"], "f0");
  EXPECT_EQ(report["rows"]["train"].get<int>() + report["rows"]["holdout"].get<int>(), 5000);
  for (const char* key : {"auc", "auc_model", "precision", "recall"}) EXPECT_TRUE(report["holdout"][key].is_number());
  EXPECT_LE(report["holdout"]["auc_model"].get<double>() - report["holdout"]["auc"].get<double>(), 0.01);
  EXPECT_TRUE(report["bar"].is_number());
  EXPECT_EQ(report["questions_asked"]["full_form"], 4);
  EXPECT_EQ(report["facts"].size(), 6u);
  EXPECT_FALSE(report["tradeoff"].empty());

  CliRun check = Leadgate("policy check " + dir + "/out/policy.json");
  EXPECT_EQ(check.exit_code, 0) << check.out;
  // `leadgate qualify` on the revised policy gives the fitted rule's points.
  int planted_points = 0;
  for (const auto& rule : report["rules"])
    if (rule["id"] == "f0-a") planted_points = rule["points"].get<int>();
  EXPECT_GT(planted_points, 0);
  CliRun qualify = Leadgate("qualify --policy " + dir + "/out/policy.json", R"({"f0": "a", "f1": "b"})"
                                                                            "\n");
  const nlohmann::json decision = nlohmann::json::parse(Lines(qualify.out).at(0));
  bool found = false;
  for (const auto& reason : decision["reasons"])
    if (reason["rule"] == "f0-a") found = reason["points"].get<int>() == planted_points;
  EXPECT_TRUE(found) << qualify.out;

  const std::string html = ReadFile(dir + "/out/report.html");
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_NE(html.find("synthetic &lt;img src=x"), std::string::npos);
  for (const char* external : {"<script", "<link", "src=\"", "href=", "url(", "@import"})
    EXPECT_EQ(html.find(external), std::string::npos) << external;
}

TEST(CalibrateCli, NoiseProposesNothing) {
  leadgate::calibrate::SyntheticSpec spec;
  spec.rows = 3000;
  spec.seed = 11;
  const leadgate::calibrate::SyntheticData data = leadgate::calibrate::GenerateSynthetic(spec);
  TempFolder folder;
  const std::string& dir = folder.path();
  CliRun run = CalibrateSynthetic(data, dir);
  ASSERT_EQ(run.exit_code, 0) << run.out;
  const nlohmann::json report = nlohmann::json::parse(ReadFile(dir + "/out/report.json"));
  EXPECT_FALSE(report["signal"].get<bool>());
  EXPECT_TRUE(report["key_question"].is_null());
  EXPECT_TRUE(report["rules"].empty());
  const nlohmann::json input = nlohmann::json::parse(data.policy_json);
  const nlohmann::json revised = nlohmann::json::parse(ReadFile(dir + "/out/policy.json"));
  EXPECT_EQ(revised["rules"], input["rules"]);
  EXPECT_EQ(revised["revision"], 2);
  EXPECT_EQ(Leadgate("policy check " + dir + "/out/policy.json").exit_code, 0);
}

TEST(CalibrateCli, BadInputIsNamed) {
  leadgate::calibrate::SyntheticSpec spec;
  spec.rows = 50;
  leadgate::calibrate::SyntheticData data = leadgate::calibrate::GenerateSynthetic(spec);
  TempFolder folder;
  const std::string& dir = folder.path();
  // Line 4's n1 is not a number.
  std::vector<std::string> lines = Lines(data.csv);
  std::string& line = lines[3];
  const size_t comma = line.find(',', line.find(',', line.find(',', line.find(',', line.find(',') + 1) + 1) + 1) + 1);
  line.replace(comma + 1, line.find(',', comma + 1) - comma - 1, "lots");
  data.csv.clear();
  for (const std::string& text : lines) data.csv += text + "\n";
  CliRun run = CalibrateSynthetic(data, dir);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("line 4, column 6 (\"n1\"): \"lots\" is not a number"), std::string::npos) << run.out;
  EXPECT_FALSE(Exists(dir + "/out/policy.json"));

  WriteFile(dir + "/map.json",
            R"({"label": {"column": "Outcome", "positive": ["Won"]}, "facts": {"f9": {"column": "x"}}})");
  run = Leadgate("calibrate --policy " + dir + "/policy.in.json --data " + dir + "/data.csv --map " + dir +
                 "/map.json -o " + dir + "/out");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("facts.f9: fact \"f9\" is not declared in the policy nor built in"), std::string::npos)
      << run.out;
  run = Leadgate("calibrate --policy " + dir + "/policy.in.json --data " + dir + "/data.csv --map " + dir +
                 "/map.json -o " + dir + "/out --target acceptance=2");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.out.find("--target acceptance=2"), std::string::npos) << run.out;
  EXPECT_EQ(Leadgate("calibrate --policy x.json").exit_code, 2);
  run = Leadgate("calibrate --policy " + dir + "/policy.in.json --store " + dir + " -o " + dir + "/out");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("no leadgate store in " + dir), std::string::npos) << run.out;
  EXPECT_EQ(Leadgate("calibrate --policy " + dir + "/policy.in.json --store " + dir + " --data " + dir +
                     "/data.csv -o " + dir + "/out")
                .exit_code,
            2)
      << "--store or --data with --map, not both";
}

// The lead-scoring dataset: form and behaviour columns only.
TEST(CalibrateRealData, LeadScoringDataset) {
  const std::string csv = kSharedData + "/leads/leads_x_education.csv";
  if (!Exists(csv)) GTEST_SKIP() << "no " << csv << " (the team's reference data): skipped";
  TempFolder folder;
  const std::string& dir = folder.path();
  CliRun run = Leadgate("calibrate --policy " + kExamples + "leads/policy.json --map " + kExamples +
                        "leads/map.json --data " + csv + " -o " + dir);
  ASSERT_EQ(run.exit_code, 0) << run.out;
  std::printf("%s", run.out.c_str());
  const nlohmann::json report = nlohmann::json::parse(ReadFile(dir + "/report.json"));
  EXPECT_TRUE(report["signal"].get<bool>());
  EXPECT_EQ(report["rows"]["train"].get<int>() + report["rows"]["holdout"].get<int>(), 9240);
  EXPECT_NEAR(report["base_rate"].get<double>(), 3561.0 / 9240, 0.02);
  EXPECT_GE(report["holdout"]["auc"].get<double>(), 0.87);
  EXPECT_LE(report["holdout"]["auc_model"].get<double>() - report["holdout"]["auc"].get<double>(), 0.01);
  EXPECT_EQ(report["key_question"], "occupation");
  EXPECT_GE(report["holdout"]["precision"].get<double>(), 0.6);
  EXPECT_EQ(Leadgate("policy check " + dir + "/policy.json").exit_code, 0);
}

// Joins the CRM tables (pipeline + accounts + products + teams) into one
// CSV, normalising the product name the pipeline spells differently.
std::string JoinCrmTables(const std::string& folder) {
  auto table = [&](const std::string& name) {
    std::vector<std::vector<std::string>> rows;
    const std::string text = ReadFile(folder + "/" + name);
    leadgate::identify::CsvReader reader(text);
    leadgate::identify::CsvRecord record;
    while (reader.Next(&record)) rows.push_back(record.fields);
    EXPECT_TRUE(reader.status().ok()) << name;
    return rows;
  };
  auto squeeze = [](std::string text) {
    text.erase(std::remove(text.begin(), text.end(), ' '), text.end());
    return text;
  };
  auto quote = [](const std::string& text) { return "\"" + text + "\""; };
  std::map<std::string, std::vector<std::string>> accounts, products, teams;
  for (const auto& row : table("accounts.csv")) accounts[row[0]] = row;
  for (const auto& row : table("products.csv")) products[squeeze(row[0])] = row;
  for (const auto& row : table("sales_teams.csv")) teams[row[0]] = row;
  std::string out =
      "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value,sector,"
      "year_established,revenue,employees,office_location,subsidiary_of,series,sales_price,manager,regional_office\r\n";
  const auto pipeline = table("sales_pipeline.csv");
  for (size_t i = 1; i < pipeline.size(); ++i) {
    const auto& deal = pipeline[i];
    std::vector<std::string> fields = deal;
    const std::vector<std::string> account = accounts.count(deal[3]) ? accounts[deal[3]] : std::vector<std::string>(7);
    fields.insert(fields.end(), account.begin() + 1, account.end());
    const std::vector<std::string> product =
        products.count(squeeze(deal[2])) ? products[squeeze(deal[2])] : std::vector<std::string>(3);
    fields.insert(fields.end(), product.begin() + 1, product.end());
    const std::vector<std::string> team = teams.count(deal[1]) ? teams[deal[1]] : std::vector<std::string>(3);
    fields.insert(fields.end(), team.begin() + 1, team.end());
    for (size_t f = 0; f < fields.size(); ++f) out += (f ? "," : "") + quote(fields[f]);
    out += "\r\n";
  }
  return out;
}

// The CRM win/loss dataset: account fields carry almost no signal, and
// deals cluster in 85 accounts. The tool must say so.
TEST(CalibrateRealData, CrmWinLossDataset) {
  const std::string tables = kSharedData + "/crm";
  if (!Exists(tables + "/sales_pipeline.csv"))
    GTEST_SKIP() << "no " << tables << " (the team's reference data): skipped";
  TempFolder folder;
  const std::string& dir = folder.path();
  WriteFile(dir + "/crm.csv", JoinCrmTables(tables));
  CliRun run = Leadgate("calibrate --policy " + kExamples + "crm/policy.json --map " + kExamples +
                        "crm/map.json --data " + dir + "/crm.csv -o " + dir + "/out");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  std::printf("%s", run.out.c_str());
  const nlohmann::json report = nlohmann::json::parse(ReadFile(dir + "/out/report.json"));
  EXPECT_FALSE(report["signal"].get<bool>());
  EXPECT_TRUE(report["rules"].empty());
  EXPECT_TRUE(report["key_question"].is_null());
  EXPECT_EQ(report["rows"]["train"].get<int>() + report["rows"]["holdout"].get<int>(), 4238 + 2473);
  EXPECT_EQ(report["skipped_open_rows"], 1589 + 500);
  EXPECT_EQ(report["groups"]["train"].get<int>() + report["groups"]["holdout"].get<int>(), 85);
}

}  // namespace
