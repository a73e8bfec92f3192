// The calibration pipeline. Decisions that are the statistician's, in one
// place: features enter the model only for facts with an answer that passes
// the Holm-adjusted test; the signal must then be confirmed on the holdout
// (the model ranks held-out leads better than chance, p < 0.01, groups
// counted); a feature stays only when the fit tells it from its reference
// at 5%; 10 points double the odds.
#include "calibrate/calibrator.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <random>
#include <set>

#include "calibrate/answer_table.h"
#include "calibrate/answers.h"
#include "calibrate/form_walk.h"
#include "calibrate/logistic_regression.h"
#include "calibrate/policy_revision.h"
#include "leadgate/qualifier.h"

namespace leadgate::calibrate {
namespace {

constexpr double kPointsPerDoubling = 10;
constexpr double kHoldoutAlpha = 0.01;
constexpr double kKeepZ = 1.959963984540054;

void Shuffle(std::vector<size_t>* items, std::mt19937_64* rng) {
  for (size_t i = items->size(); i > 1; --i) std::swap((*items)[i - 1], (*items)[(*rng)() % i]);
}

std::string Percent(double share) { return FormatNumber(std::round(share * 100)) + "%"; }

std::string Fixed(double value, int digits) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, value);
  return buffer;
}

std::string RuleNote(const AnswerStats& stats, double base_rate) {
  return "lift " + Fixed(stats.lift, 2) + " (95% CI " + Fixed(stats.lift_interval.low, 2) + "-" +
         Fixed(stats.lift_interval.high, 2) + "): " + Percent(stats.rate) + " of " + FormatNumber(stats.rows) +
         " training leads converted, against " + Percent(base_rate) + " of all (leadgate calibrate)";
}

// The core's score and gates for every row, on the given policy.
Result<std::vector<ScoredLead>> ScoreLeads(const Policy& policy, const OutcomeData& data) {
  size_t require_rules = 0;
  for (const Rule& rule : policy.rules) require_rules += rule.effect == Effect::kRequire;
  Qualifier qualifier(policy);
  DecideOptions options;
  options.unanswered_as_missing = true;
  std::vector<ScoredLead> leads(data.rows());
  for (size_t row = 0; row < data.rows(); ++row) {
    Result<Decision> decision = qualifier.Decide(data.RowFacts(row), options);
    if (!decision.ok())
      return Status::InvalidArgument("line " + std::to_string(data.line[row]) + ": " + decision.status().ToString());
    ScoredLead& lead = leads[row];
    lead.converted = data.converted[row];
    size_t requires_held = 0;
    for (const Reason& reason : decision->reasons) {
      if (reason.effect == Effect::kPoints) lead.score += reason.points;
      if (reason.effect == Effect::kDisqualify) lead.gates_pass = false;
      requires_held += reason.effect == Effect::kRequire;
    }
    if (requires_held < require_rules) lead.gates_pass = false;
  }
  return leads;
}

std::vector<ScoredLead> Pick(const std::vector<ScoredLead>& leads, const std::vector<size_t>& rows) {
  std::vector<ScoredLead> out;
  out.reserve(rows.size());
  for (size_t row : rows) out.push_back(leads[row]);
  return out;
}

// Shares of each choice or bucket among the rows that know the fact.
std::map<std::string, std::vector<double>> MeasureShares(const OutcomeData& data) {
  std::map<std::string, std::vector<double>> shares;
  for (const FactColumn& column : data.columns) {
    if (!column.spec) continue;
    const size_t answers = column.type == FactType::kChoice ? column.spec->choices.size() : column.spec->buckets.size();
    if (answers == 0) continue;
    std::vector<double> counts(answers);
    double known = 0;
    for (double value : column.values) {
      if (value != value) continue;
      known += 1;
      if (column.type == FactType::kChoice) {
        counts[static_cast<size_t>(value)] += 1;
        continue;
      }
      for (size_t b = 0; b < answers; ++b) {
        const Bucket& bucket = column.spec->buckets[b];
        if ((!bucket.low || value >= *bucket.low) && (!bucket.high || value < *bucket.high)) counts[b] += 1;
      }
    }
    if (known == 0) continue;
    for (double& count : counts) count /= known;
    shares[column.fact_id] = counts;
  }
  return shares;
}

double MonthsSpanned(const OutcomeData& data) {
  double first = INFINITY, last = -INFINITY;
  for (double day : data.day) {
    if (day != day) continue;
    first = std::min(first, day), last = std::max(last, day);
  }
  return first <= last ? (last - first + 1) / 30.4375 : 0;
}

struct FittedTable {
  std::vector<RuleStats> rules;
  std::vector<ProposedRule> proposed;
  std::vector<double> model_holdout;  // unrounded log-odds per holdout row
};

// Fits the model on the features of the facts with a significant answer,
// keeps the features whose difference from their reference the fit can
// tell from zero (|weight| >= 1.96 standard errors), refits on those, and
// turns the weights into integer points.
Result<FittedTable> FitPointsTable(const OutcomeData& data, const std::vector<FactAnswers>& answers,
                                   const std::vector<FactStats>& stats, const Subset& train, const Subset& holdout,
                                   const Policy& policy, double l2) {
  std::vector<const Indicator*> features;
  for (size_t f = 0; f < answers.size(); ++f) {
    const bool significant = std::any_of(stats[f].answers.begin(), stats[f].answers.end(),
                                         [](const AnswerStats& answer) { return answer.significant; });
    if (!significant) continue;
    for (const Indicator& feature : answers[f].features) features.push_back(&feature);
  }
  LogisticOptions options;
  options.l2 = l2;
  Result<LogisticModel> full = FitLogistic(IndicatorMatrix(data, train.rows, features), train.outcome, options);
  if (!full.ok()) return full.status();
  std::vector<const Indicator*> kept;
  for (size_t k = 0; k < features.size(); ++k) {
    const double se = full->standard_errors[k];
    if (se > 0 && std::fabs(full->weights[k]) >= kKeepZ * se) kept.push_back(features[k]);
  }
  Result<LogisticModel> model = FitLogistic(IndicatorMatrix(data, train.rows, kept), train.outcome, options);
  if (!model.ok()) return model.status();
  FittedTable table;
  const Eigen::VectorXd holdout_odds = model->LogOdds(IndicatorMatrix(data, holdout.rows, kept));
  table.model_holdout.assign(holdout_odds.data(), holdout_odds.data() + holdout_odds.size());
  std::set<std::string> ids;
  for (const Rule& rule : policy.rules)
    if (rule.effect != Effect::kPoints) ids.insert(rule.id);
  const double scale = kPointsPerDoubling / std::log(2.0);
  for (size_t k = 0; k < kept.size(); ++k) {
    const int points = static_cast<int>(std::lround(model->weights[k] * scale));
    if (points == 0) continue;
    RuleStats rule;
    rule.id = kept[k]->rule_id;
    while (ids.count(rule.id)) rule.id += "-calibrated";
    ids.insert(rule.id);
    rule.fact_id = data.columns[kept[k]->column].fact_id;
    rule.answer = kept[k]->label;
    rule.points = points;
    rule.weight = model->weights[k];
    std::vector<uint8_t> holds(train.rows.size());
    for (size_t i = 0; i < train.rows.size(); ++i) holds[i] = kept[k]->HoldsOn(data, train.rows[i]);
    rule.stats = MeasureRows(train, holds);
    rule.note = RuleNote(rule.stats, train.base_rate);
    table.proposed.push_back({rule.id, *kept[k], points, rule.note});
    table.rules.push_back(std::move(rule));
  }
  return table;
}

std::string Verdict(const CalibrationReport& report, size_t tested, bool any_significant) {
  if (report.signal) {
    std::string text = "The outcomes carry a real signal. The fitted points table ranks held-out leads with AUC " +
                       Fixed(report.auc_points.auc, 3) + " (0.5 is chance, 1 is perfect).";
    if (report.key_question) text += " The most decisive question is \"" + *report.key_question + "\"";
    if (report.key_question && report.second_question) text += ", then \"" + *report.second_question + "\"";
    if (report.key_question) text += ".";
    return text;
  }
  const std::string units = report.grouped ? " (counting accounts, not rows)" : "";
  if (!any_significant)
    return "No signal: none of the " + std::to_string(tested) +
           " answers tested converts differently from the rest beyond what chance explains" + units +
           ". No rules are proposed; the policy's rules are left as they were.";
  return "No signal: some answers looked different on the training split, but a model built on them ranks held-out "
         "leads no better than chance (AUC " +
         Fixed(report.auc_model.auc, 3) + units + "). No rules are proposed; the policy's rules are left as they were.";
}

// The report's header: the policy revised, the target, the split and the
// training base rate.
CalibrationReport NewReport(const Policy& policy, const OutcomeData& data, const CalibrateOptions& options,
                            const Subset& train, const Subset& holdout) {
  CalibrationReport report;
  report.policy_name = policy.name;
  report.policy_revision = policy.revision + 1;
  report.target = options.target;
  report.grouped = data.grouped;
  report.train_rows = train.rows.size();
  report.holdout_rows = holdout.rows.size();
  report.train_groups = train.distinct_groups;
  report.holdout_groups = holdout.distinct_groups;
  report.skipped_open_rows = data.skipped_open_rows;
  report.base_rate = train.base_rate;
  report.points_per_doubling = kPointsPerDoubling;
  return report;
}

struct Tested {
  size_t answers = 0;
  bool any_significant = false;  // an answer converts differently beyond chance
};

Tested CountTested(const std::vector<FactStats>& facts) {
  Tested tested;
  for (const FactStats& fact : facts)
    for (const AnswerStats& answer : fact.answers)
      tested.answers += answer.tested, tested.any_significant |= answer.significant;
  return tested;
}

// A holdout Sample is indexed by position within the holdout.
std::vector<size_t> HoldoutPositions(const Subset& holdout) {
  std::vector<size_t> positions(holdout.rows.size());
  std::iota(positions.begin(), positions.end(), 0);
  return positions;
}

// Whether the holdout confirms a signal (the fitted model ranks held-out
// leads better than chance); if so the fitted rules and the most decisive
// questions go into the report.
void JudgeSignal(const OutcomeData& data, const std::vector<FactAnswers>& answers, const Subset& train,
                 const Subset& holdout, const FittedTable& table, bool any_significant, CalibrationReport* report) {
  report->auc_model = RocAuc(holdout.sample(), HoldoutPositions(holdout), table.model_holdout);
  report->signal = any_significant && report->auc_model.p_value < kHoldoutAlpha && !table.rules.empty();
  if (!report->signal) return;
  report->rules = table.rules;
  const KeyQuestions key = FindKeyQuestions(data, answers, report->facts, train);
  if (key.first) report->key_question = data.columns[*key.first].fact_id, report->key_question_gain = key.first_gain;
  if (key.second)
    report->second_question = data.columns[*key.second].fact_id, report->second_question_gain = key.second_gain;
}

// The revised policy as a file (into `text`) and decoded by the core.
Result<Policy> DecodeRevision(std::string_view policy_text, const OutcomeData& data, const PolicyRevision& revision,
                              std::string* text) {
  Result<std::string> revised = RevisePolicy(policy_text, data, revision);
  if (!revised.ok()) return revised.status();
  *text = std::move(revised).value();
  Result<Policy> decoded = DecodePolicy(*text);
  if (!decoded.ok())
    return Status::Internal("the revised policy does not validate: " + decoded.status().problems()[0].ToString());
  return decoded;
}

// Every row scored by a policy, and the rows of each split.
struct ScoredSplit {
  std::vector<ScoredLead> all;
  std::vector<ScoredLead> train;
  std::vector<ScoredLead> holdout;
};

// The rows scored by the revision (written into `policy_json`), so that the
// scores are the core's own.
Result<ScoredSplit> ScoreRevision(std::string_view policy_text, const OutcomeData& data, const PolicyRevision& revision,
                                  const Subset& train, const Subset& holdout, std::string* policy_json) {
  Result<Policy> scoring_policy = DecodeRevision(policy_text, data, revision, policy_json);
  if (!scoring_policy.ok()) return scoring_policy.status();
  Result<std::vector<ScoredLead>> leads = ScoreLeads(scoring_policy.value(), data);
  if (!leads.ok()) return leads.status();
  ScoredSplit scored;
  scored.all = std::move(leads).value();
  scored.train = Pick(scored.all, train.rows);
  scored.holdout = Pick(scored.all, holdout.rows);
  return scored;
}

// With a signal: the bar that meets the target on the training leads.
void ChooseRevisedBar(const BarTarget& target, const std::vector<ScoredLead>& train_leads, double months, size_t rows,
                      CalibrationReport* report, PolicyRevision* revision) {
  const BarChoice choice = ChooseBar(target, train_leads, months, static_cast<double>(rows));
  report->bar = choice.bar;
  report->target_met = choice.target_met;
  revision->bar = choice.bar;
}

// The holdout evaluation of the policy's own scores, and each candidate
// bar's counts on both splits.
void EvaluateScores(const OutcomeData& data, const Subset& holdout, const ScoredSplit& scored,
                    const std::vector<double>& model_holdout, CalibrationReport* report) {
  for (const ScoredLead& lead : scored.holdout) {
    report->holdout_scores.push_back(lead.score);
    report->holdout_converted.push_back(lead.converted);
  }
  report->auc_points = RocAuc(holdout.sample(), HoldoutPositions(holdout), report->holdout_scores);
  report->roc_points = RocCurve(data.converted, holdout.rows, report->holdout_scores);
  report->roc_model = RocCurve(data.converted, holdout.rows, model_holdout);
  const BarCounts at_bar = CountAtBars(scored.holdout, {report->bar})[0];
  report->precision = at_bar.converted_share();
  report->recall = at_bar.conversions > 0 ? at_bar.converted / at_bar.conversions : 0;
  std::vector<double> bars = CandidateBars(scored.all);
  const std::vector<BarCounts> train_counts = CountAtBars(scored.train, bars);
  const std::vector<BarCounts> holdout_counts = CountAtBars(scored.holdout, bars);
  for (size_t i = 0; i < bars.size(); ++i) report->tradeoff.push_back({bars[i], train_counts[i], holdout_counts[i]});
}

// How many questions the revised policy asks held-out leads, against the full form.
Status WalkHoldoutForms(const Policy& policy, const OutcomeData& data, const Subset& holdout, size_t question_rows,
                        CalibrationReport* report) {
  Result<FormWalk> walk = WalkForms(policy, data, holdout.rows, question_rows);
  if (!walk.ok()) return walk.status();
  report->questions_calibrated = walk->mean_questions;
  report->questions_full_form = walk->full_form;
  report->question_sample = walk->leads;
  return Status::Ok();
}

}  // namespace

void SplitRows(const OutcomeData& data, double holdout, uint64_t seed, std::vector<size_t>* train,
               std::vector<size_t>* holdout_rows) {
  std::mt19937_64 rng(seed);
  // Units are groups (a row is its own group without a group column),
  // stratified by their majority outcome.
  std::vector<double> rows(data.group_count), converted(data.group_count);
  for (size_t row = 0; row < data.rows(); ++row) {
    rows[data.group[row]] += 1;
    converted[data.group[row]] += data.converted[row];
  }
  std::vector<uint8_t> held(data.group_count);
  for (int stratum : {0, 1}) {
    std::vector<size_t> units;
    for (int g = 0; g < data.group_count; ++g)
      if (rows[g] > 0 && (converted[g] * 2 >= rows[g]) == (stratum == 1)) units.push_back(g);
    Shuffle(&units, &rng);
    const size_t take = static_cast<size_t>(std::lround(holdout * static_cast<double>(units.size())));
    for (size_t i = 0; i < take; ++i) held[units[i]] = 1;
  }
  train->clear();
  holdout_rows->clear();
  for (size_t row = 0; row < data.rows(); ++row) (held[data.group[row]] ? holdout_rows : train)->push_back(row);
}

Result<Calibration> Calibrate(std::string_view policy_text, const Policy& policy, const OutcomeData& data,
                              const CalibrateOptions& options) {
  const double months = MonthsSpanned(data);
  if (options.target.kind == BarTarget::Kind::kCapacity && options.target.per_month && months <= 0)
    return Status::InvalidArgument("--target " + options.target.spec +
                                   ": capacity per month needs dates (name a date column in the map)");
  std::vector<size_t> train_rows, holdout_rows;
  SplitRows(data, options.holdout, options.seed, &train_rows, &holdout_rows);
  if (train_rows.empty() || holdout_rows.empty())
    return Status::InvalidArgument("too few rows (or groups) to hold some out: " + std::to_string(data.rows()));
  const Subset train(data, train_rows), holdout(data, holdout_rows);

  Calibration calibration;
  CalibrationReport& report = calibration.report;
  report = NewReport(policy, data, options, train, holdout);
  const std::vector<FactAnswers> answers = BuildAnswers(data, train.rows);
  report.facts = MeasureAnswers(data, answers, train, holdout);
  const Tested tested = CountTested(report.facts);
  Result<FittedTable> table = FitPointsTable(data, answers, report.facts, train, holdout, policy, options.l2);
  if (!table.ok()) return table.status();
  JudgeSignal(data, answers, train, holdout, table.value(), tested.any_significant, &report);

  PolicyRevision revision;
  revision.shares = MeasureShares(data);
  if (report.signal) revision.rules = table->proposed, revision.bar = 0;
  Result<ScoredSplit> scored = ScoreRevision(policy_text, data, revision, train, holdout, &calibration.policy_json);
  if (!scored.ok()) return scored.status();
  report.bar = policy.mql_points;
  if (report.signal) ChooseRevisedBar(options.target, scored->train, months, data.rows(), &report, &revision);
  Result<Policy> final_policy = DecodeRevision(policy_text, data, revision, &calibration.policy_json);
  if (!final_policy.ok()) return final_policy.status();

  EvaluateScores(data, holdout, scored.value(), table->model_holdout, &report);
  Status walked = WalkHoldoutForms(final_policy.value(), data, holdout, options.question_rows, &report);
  if (!walked.ok()) return walked;
  report.verdict = Verdict(report, tested.answers, tested.any_significant);
  return calibration;
}

}  // namespace leadgate::calibrate
