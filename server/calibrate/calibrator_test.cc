// Tests of the calibration on generated data with known structure: a
// planted criterion is found with its lift, the planted key question is
// named, pure noise gives no signal and no rules across many seeds (also
// when busy accounts make rows look like evidence), and the report's scores
// are the core's own.
#include "calibrate/calibrator.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "calibrate/calibration_map.h"
#include "calibrate/outcome_data.h"
#include "calibrate/report_writers.h"
#include "calibrate/synthetic_data.h"
#include "leadgate/qualifier.h"

namespace leadgate::calibrate {
namespace {

struct CalibrationRun {
  Policy policy;
  OutcomeData data;
  Calibration result;
  SyntheticData synthetic;
};

CalibrationRun Calibrated(const SyntheticSpec& spec, const std::string& target = "acceptance=0.6") {
  CalibrationRun run;
  run.synthetic = GenerateSynthetic(spec);
  Result<Policy> decoded = DecodePolicy(run.synthetic.policy_json);
  EXPECT_TRUE(decoded.ok()) << decoded.status().problems()[0].ToString();
  run.policy = *decoded;
  Result<CalibrationMap> map = DecodeCalibrationMap(run.synthetic.map_json, run.policy);
  EXPECT_TRUE(map.ok()) << map.status().ToString();
  Result<OutcomeData> data = LoadCsvOutcomes(run.synthetic.csv, map.value(), run.policy);
  EXPECT_TRUE(data.ok()) << data.status().ToString();
  run.data = std::move(data).value();
  CalibrateOptions options;
  options.seed = spec.seed;
  options.target = ParseBarTarget(target).value();
  Result<Calibration> result = Calibrate(run.synthetic.policy_json, run.policy, run.data, options);
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  run.result = std::move(result).value();
  return run;
}

const RuleStats* FindRule(const CalibrationReport& report, const std::string& id) {
  for (const RuleStats& rule : report.rules)
    if (rule.id == id) return &rule;
  return nullptr;
}

TEST(CalibratorTest, PlantedCriterionFoundWithItsLift) {
  SyntheticSpec spec;
  spec.rows = 8000;
  spec.planted_choice = 1.5;
  spec.planted_threshold = 0.8;
  CalibrationRun run = Calibrated(spec);
  const CalibrationReport& report = run.result.report;
  EXPECT_TRUE(report.signal) << report.verdict;
  ASSERT_TRUE(report.key_question.has_value());
  EXPECT_EQ(*report.key_question, "f0");
  const RuleStats* planted = FindRule(report, "f0-a");
  ASSERT_NE(planted, nullptr);
  EXPECT_GT(planted->points, 10);  // 1.5 log-odds is about 22 points at 10 per doubling
  const double true_lift = run.synthetic.rate_planted / run.synthetic.rate_overall;
  EXPECT_LE(planted->stats.lift_interval.low, true_lift);
  EXPECT_GE(planted->stats.lift_interval.high, true_lift);
  EXPECT_NEAR(planted->stats.lift, true_lift, 0.15);
  // The planted threshold (n0 >= 60) at the nearest quantile cut.
  const RuleStats* threshold = nullptr;
  for (const RuleStats& rule : report.rules) {
    if (rule.fact_id == "n0" && (rule.answer == "59 or more" || rule.answer == "60 or more")) threshold = &rule;
  }
  ASSERT_NE(threshold, nullptr) << ReportToJson(report);
  EXPECT_GT(threshold->points, 5);
  // The noise facts get no rules (their answers are not significant).
  for (const RuleStats& rule : report.rules) EXPECT_TRUE(rule.fact_id == "f0" || rule.fact_id == "n0") << rule.id;
  EXPECT_GT(report.auc_points.auc, 0.65);
  EXPECT_LE(report.auc_model.auc - report.auc_points.auc, 0.01);
  EXPECT_GE(report.precision, 0.5);
}

TEST(CalibratorTest, RevisedPolicyValidatesKeepsGatesAndScoresAreTheCores) {
  SyntheticSpec spec;
  spec.rows = 4000;
  spec.planted_choice = 2;
  CalibrationRun run = Calibrated(spec);
  const CalibrationReport& report = run.result.report;
  ASSERT_TRUE(report.signal);
  Result<Policy> revised = DecodePolicy(run.result.policy_json);
  ASSERT_TRUE(revised.ok()) << revised.status().problems()[0].ToString();
  EXPECT_EQ(revised->revision, 2);
  EXPECT_EQ(revised->mql_points, report.bar);
  bool gate_kept = false, start_dropped = true;
  for (const Rule& rule : revised->rules) {
    gate_kept |= rule.id == "gate" && rule.effect == Effect::kDisqualify;
    start_dropped &= rule.id != "start";
  }
  EXPECT_TRUE(gate_kept);
  EXPECT_TRUE(start_dropped);
  const nlohmann::json json = nlohmann::json::parse(run.result.policy_json);
  for (const auto& rule : json["rules"])
    if (rule.contains("points")) EXPECT_NE(rule["note"].get<std::string>().find("lift"), std::string::npos);
  // Shares measured: f0's four answers are equally likely.
  for (const auto& choice : json["facts"]["f0"]["choices"]) EXPECT_NEAR(choice["share"].get<double>(), 0.25, 0.03);
  // The report's holdout scores are the sums of the reasons the core gives.
  std::vector<size_t> train, holdout;
  SplitRows(run.data, 0.3, spec.seed, &train, &holdout);
  ASSERT_EQ(holdout.size(), report.holdout_scores.size());
  Qualifier qualifier(*revised);
  DecideOptions options;
  options.unanswered_as_missing = true;
  for (size_t i = 0; i < holdout.size(); i += 37) {
    Result<Decision> decision = qualifier.Decide(run.data.RowFacts(holdout[i]), options);
    ASSERT_TRUE(decision.ok());
    double points = 0;
    for (const Reason& reason : decision->reasons) points += reason.points;
    EXPECT_EQ(points, report.holdout_scores[i]);
    EXPECT_EQ(decision->points_min, points);
  }
  EXPECT_GT(report.questions_full_form, 0);
  EXPECT_LT(report.questions_calibrated, report.questions_full_form);
}

TEST(CalibratorTest, PureNoiseGivesNoSignalAndNoRulesAcrossSeeds) {
  for (uint64_t seed = 1; seed <= 25; ++seed) {
    SyntheticSpec spec;
    spec.rows = 3000;
    spec.seed = seed;
    CalibrationRun run = Calibrated(spec);
    const CalibrationReport& report = run.result.report;
    EXPECT_FALSE(report.signal) << "seed " << seed << ": " << report.verdict;
    EXPECT_TRUE(report.rules.empty()) << "seed " << seed;
    EXPECT_FALSE(report.key_question.has_value()) << "seed " << seed;
    // The policy keeps its own rules and bar.
    Result<Policy> revised = DecodePolicy(run.result.policy_json);
    ASSERT_TRUE(revised.ok());
    EXPECT_EQ(revised->rules.size(), run.policy.rules.size());
    EXPECT_EQ(revised->mql_points, run.policy.mql_points);
  }
}

TEST(CalibratorTest, BusyAccountsDoNotPassForASignal) {
  // Outcomes depend only on the account (strongly), facts are noise: rows
  // of one account agree with each other, which a row-counting test would
  // take for evidence. Counting accounts, there is no signal in the facts.
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    SyntheticSpec spec;
    spec.rows = 3000;
    spec.seed = seed;
    spec.groups = 40;
    spec.group_spread = 2.0;
    CalibrationRun run = Calibrated(spec);
    EXPECT_FALSE(run.result.report.signal) << "seed " << seed << ": " << run.result.report.verdict;
    EXPECT_TRUE(run.result.report.rules.empty());
  }
}

TEST(CalibratorTest, GroupsStayOnOneSideOfTheSplit) {
  SyntheticSpec spec;
  spec.rows = 2000;
  spec.groups = 50;
  SyntheticData synthetic = GenerateSynthetic(spec);
  Result<Policy> decoded = DecodePolicy(synthetic.policy_json);
  Result<CalibrationMap> map = DecodeCalibrationMap(synthetic.map_json, *decoded);
  Result<OutcomeData> data = LoadCsvOutcomes(synthetic.csv, map.value(), *decoded);
  ASSERT_TRUE(data.ok());
  std::vector<size_t> train, holdout;
  SplitRows(data.value(), 0.3, 3, &train, &holdout);
  std::set<int> train_groups;
  for (size_t row : train) train_groups.insert(data->group[row]);
  for (size_t row : holdout) EXPECT_EQ(train_groups.count(data->group[row]), 0u);
  EXPECT_NEAR(static_cast<double>(holdout.size()) / data->rows(), 0.3, 0.1);
}

TEST(CalibratorTest, DegenerateDataGiveNoSignalOrAClearError) {
  SyntheticSpec spec;
  spec.rows = 400;
  spec.base_log_odds = 40;  // every lead converts
  CalibrationRun run = Calibrated(spec);
  EXPECT_FALSE(run.result.report.signal);
  EXPECT_TRUE(run.result.report.rules.empty());
  EXPECT_EQ(run.result.report.base_rate, 1);

  spec.rows = 1;  // too few to hold any out
  SyntheticData tiny = GenerateSynthetic(spec);
  Result<Policy> policy = DecodePolicy(tiny.policy_json);
  Result<OutcomeData> data = LoadCsvOutcomes(tiny.csv, DecodeCalibrationMap(tiny.map_json, *policy).value(), *policy);
  ASSERT_TRUE(data.ok());
  Result<Calibration> result = Calibrate(tiny.policy_json, *policy, *data, CalibrateOptions{});
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("too few rows"), std::string::npos) << result.status().message();
}

TEST(CalibratorTest, TargetsPickTheirBars) {
  SyntheticSpec spec;
  spec.rows = 6000;
  spec.planted_choice = 1.5;
  spec.planted_threshold = 1.0;
  const double acceptance_bar = Calibrated(spec, "acceptance=0.6").result.report.bar;
  const double strict_bar = Calibrated(spec, "acceptance=0.8").result.report.bar;
  EXPECT_GE(strict_bar, acceptance_bar);
  // A missed deal far dearer than a call: a lower bar.
  const double cheap_calls = Calibrated(spec, "cost=1:50").result.report.bar;
  const double dear_calls = Calibrated(spec, "cost=1:1").result.report.bar;
  EXPECT_LE(cheap_calls, dear_calls);
  // Capacity: about 100 a month over the data's year.
  CalibrationRun run = Calibrated(spec, "capacity=100/month");
  double passed = 0;
  for (const TradeoffRow& row : run.result.report.tradeoff)
    if (row.bar == run.result.report.bar) passed = row.train.mqls + row.holdout.mqls;
  EXPECT_NEAR(passed / 12, 100, 40);
}

}  // namespace
}  // namespace leadgate::calibrate
