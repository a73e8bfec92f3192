// What a calibration found, as plain structs: the per-answer table, the key
// questions, the fitted rules, the bar and its trade-off, and the holdout
// evaluation. Encoded as report.json and report.html (report_writers.h).
#ifndef LEADGATE_SERVER_CALIBRATE_CALIBRATION_REPORT_H_
#define LEADGATE_SERVER_CALIBRATE_CALIBRATION_REPORT_H_

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "calibrate/bar_target.h"
#include "calibrate/statistics.h"

namespace leadgate::calibrate {

// One answer of one fact, measured on the training split.
struct AnswerStats {
  std::string answer;  // "professional", "10 or more", "not known"
  bool not_known = false;
  double rows = 0;
  double converted = 0;
  double rate = 0;
  Interval interval;  // 95%, from effective rows when grouped
  double lift = 0;    // rate / base rate
  Interval lift_interval;
  double p_value = 1;     // against the other training rows; 1 when too few to test
  double p_adjusted = 1;  // Holm-adjusted over every answer tested
  bool tested = false;
  bool significant = false;
  double holdout_rows = 0;
  double holdout_rate = 0;
};

struct FactStats {
  std::string fact_id;
  bool askable = false;
  double information_gain = 0;  // bits, on the training split
  std::vector<AnswerStats> answers;
};

struct RuleStats {
  std::string id;
  std::string fact_id;
  std::string answer;  // what it tests, for a person
  int points = 0;
  double weight = 0;  // unrounded log-odds effect
  AnswerStats stats;  // of the rows the rule holds on
  std::string note;
};

struct TradeoffRow {
  double bar = 0;
  BarCounts train;
  BarCounts holdout;
};

struct CalibrationReport {
  bool signal = false;
  std::string verdict;  // the finding in plain words
  std::optional<std::string> key_question;
  double key_question_gain = 0;
  std::optional<std::string> second_question;
  double second_question_gain = 0;
  size_t train_rows = 0, holdout_rows = 0, skipped_open_rows = 0;
  int train_groups = 0, holdout_groups = 0;
  bool grouped = false;
  double base_rate = 0;              // training split
  AucResult auc_points;              // holdout, integer points table (the policy's scores)
  AucResult auc_model;               // holdout, unrounded model
  double precision = 0, recall = 0;  // holdout, at the bar
  double bar = 0;
  BarTarget target;
  bool target_met = true;
  double questions_calibrated = 0;  // mean questions the form asks (holdout sample)
  double questions_full_form = 0;
  size_t question_sample = 0;
  double points_per_doubling = 10;  // points that double the odds
  std::vector<FactStats> facts;
  std::vector<RuleStats> rules;
  std::vector<TradeoffRow> tradeoff;
  std::vector<std::pair<double, double>> roc_points, roc_model;  // holdout ROC curves
  std::vector<double> holdout_scores;                            // the policy's points per holdout lead
  std::vector<uint8_t> holdout_converted;
  std::string policy_name;
  int64_t policy_revision = 0;
};

}  // namespace leadgate::calibrate

#endif  // LEADGATE_SERVER_CALIBRATE_CALIBRATION_REPORT_H_
