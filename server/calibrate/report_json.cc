// report.json with nlohmann; figures rounded to 4 decimals for reading.
#include <cmath>
#include <nlohmann/json.hpp>

#include "calibrate/report_writers.h"

namespace leadgate::calibrate {
namespace {

using Json = nlohmann::ordered_json;

Json Round(double value) {
  if (!std::isfinite(value)) return nullptr;
  const double rounded = std::round(value * 1e4) / 1e4;
  if (rounded == std::round(rounded) && std::fabs(rounded) < 1e15) return static_cast<int64_t>(rounded);
  return rounded;
}

Json Pair(const Interval& interval) { return Json::array({Round(interval.low), Round(interval.high)}); }

Json Answer(const AnswerStats& answer) {
  Json json = {{"answer", answer.answer},
               {"rows", Round(answer.rows)},
               {"converted", Round(answer.converted)},
               {"rate", Round(answer.rate)},
               {"interval", Pair(answer.interval)},
               {"lift", Round(answer.lift)},
               {"lift_interval", Pair(answer.lift_interval)},
               {"tested", answer.tested},
               {"p_value", Round(answer.p_value)},
               {"p_adjusted", Round(answer.p_adjusted)},
               {"significant", answer.significant},
               {"holdout", {{"rows", Round(answer.holdout_rows)}, {"rate", Round(answer.holdout_rate)}}}};
  if (answer.not_known) json["not_known"] = true;
  return json;
}

Json Counts(const BarCounts& counts) {
  return {{"mqls", Round(counts.mqls)},
          {"converted_share", Round(counts.converted_share())},
          {"missed_share", Round(counts.missed_share())}};
}

Json OptionalString(const std::optional<std::string>& value) { return value ? Json(*value) : Json(nullptr); }

}  // namespace

std::string ReportToJson(const CalibrationReport& report) {
  Json json;
  json["signal"] = report.signal;
  json["verdict"] = report.verdict;
  json["key_question"] = OptionalString(report.key_question);
  json["key_question_gain_bits"] = Round(report.key_question_gain);
  json["second_question"] = OptionalString(report.second_question);
  json["second_question_gain_bits"] = Round(report.second_question_gain);
  json["rows"] = {{"train", report.train_rows}, {"holdout", report.holdout_rows}};
  if (report.grouped) json["groups"] = {{"train", report.train_groups}, {"holdout", report.holdout_groups}};
  if (report.skipped_open_rows) json["skipped_open_rows"] = report.skipped_open_rows;
  json["base_rate"] = Round(report.base_rate);
  json["holdout"] = {{"auc", Round(report.auc_points.auc)},      {"auc_p_value", Round(report.auc_points.p_value)},
                     {"auc_model", Round(report.auc_model.auc)}, {"auc_model_p_value", Round(report.auc_model.p_value)},
                     {"precision", Round(report.precision)},     {"recall", Round(report.recall)}};
  json["bar"] = Round(report.bar);
  json["target"] = {{"spec", report.target.spec}, {"met", report.target_met}};
  json["questions_asked"] = {{"calibrated", Round(report.questions_calibrated)},
                             {"full_form", Round(report.questions_full_form)},
                             {"leads_walked", report.question_sample}};
  json["points_per_doubling_odds"] = Round(report.points_per_doubling);
  Json rules = Json::array();
  for (const RuleStats& rule : report.rules) {
    rules.push_back({{"id", rule.id},
                     {"fact", rule.fact_id},
                     {"answer", rule.answer},
                     {"points", rule.points},
                     {"log_odds", Round(rule.weight)},
                     {"rows", Round(rule.stats.rows)},
                     {"rate", Round(rule.stats.rate)},
                     {"lift", Round(rule.stats.lift)},
                     {"lift_interval", Pair(rule.stats.lift_interval)},
                     {"note", rule.note}});
  }
  json["rules"] = std::move(rules);
  Json facts = Json::array();
  for (const FactStats& fact : report.facts) {
    Json answers = Json::array();
    for (const AnswerStats& answer : fact.answers) answers.push_back(Answer(answer));
    facts.push_back({{"fact", fact.fact_id},
                     {"askable", fact.askable},
                     {"information_gain_bits", Round(fact.information_gain)},
                     {"answers", std::move(answers)}});
  }
  json["facts"] = std::move(facts);
  Json tradeoff = Json::array();
  for (const TradeoffRow& row : report.tradeoff)
    tradeoff.push_back({{"bar", Round(row.bar)}, {"train", Counts(row.train)}, {"holdout", Counts(row.holdout)}});
  json["tradeoff"] = std::move(tradeoff);
  return json.dump(2) + "\n";
}

}  // namespace leadgate::calibrate
