// Counting per answer over the training rows; information gain from the
// counts of outcome by answer category (not known is a category of its own).
#include "calibrate/answer_table.h"

#include <cmath>
#include <unordered_map>
#include <unordered_set>

namespace leadgate::calibrate {
namespace {

constexpr double kFamilyAlpha = 0.05;

// Category of a row for one fact: its bin, then "known but in no bin"
// (a number outside the buckets), then "not known".
int Category(const FactAnswers& answers, const OutcomeData& data, size_t row) {
  const FactColumn& column = data.columns[answers.column];
  if (!column.known(row)) return static_cast<int>(answers.bins.size()) + 1;
  for (size_t b = 0; b < answers.bins.size(); ++b)
    if (answers.bins[b].Holds(column.values[row])) return static_cast<int>(b);
  return static_cast<int>(answers.bins.size());
}

// Conditional entropy (bits) of the outcome given category keys.
double ConditionalEntropy(const std::vector<long>& keys, const std::vector<uint8_t>& outcome) {
  std::unordered_map<long, std::pair<double, double>> counts;  // key -> (rows, converted)
  for (size_t i = 0; i < keys.size(); ++i) {
    auto& count = counts[keys[i]];
    count.first += 1;
    count.second += outcome[i];
  }
  double entropy = 0;
  for (const auto& [key, count] : counts)
    entropy += count.first / keys.size() * BinaryEntropy(count.second, count.first);
  return entropy;
}

std::vector<long> Categories(const FactAnswers& answers, const OutcomeData& data, const Subset& subset) {
  std::vector<long> keys(subset.rows.size());
  for (size_t i = 0; i < subset.rows.size(); ++i) keys[i] = Category(answers, data, subset.rows[i]);
  return keys;
}

size_t Distinct(const std::vector<long>& keys) { return std::unordered_set<long>(keys.begin(), keys.end()).size(); }

}  // namespace

Subset::Subset(const OutcomeData& data, std::vector<size_t> subset_rows) : rows(std::move(subset_rows)) {
  group_count = data.group_count;
  outcome.reserve(rows.size());
  group.reserve(rows.size());
  std::unordered_set<int> groups;
  double converted = 0;
  for (size_t row : rows) {
    outcome.push_back(data.converted[row]);
    group.push_back(data.group[row]);
    groups.insert(data.group[row]);
    converted += data.converted[row];
  }
  distinct_groups = static_cast<int>(groups.size());
  base_rate = rows.empty() ? 0 : converted / rows.size();
}

AnswerStats MeasureRows(const Subset& subset, const std::vector<uint8_t>& holds) {
  const ProportionComparison comparison = CompareProportion(subset.sample(), holds);
  AnswerStats stats;
  stats.rows = comparison.rows;
  stats.converted = comparison.converted;
  stats.rate = comparison.rate;
  stats.interval = comparison.interval;
  stats.p_value = comparison.p_value;
  stats.tested = comparison.tested;
  if (subset.base_rate > 0) {
    stats.lift = comparison.rate / subset.base_rate;
    stats.lift_interval = {comparison.interval.low / subset.base_rate, comparison.interval.high / subset.base_rate};
  }
  return stats;
}

std::vector<FactStats> MeasureAnswers(const OutcomeData& data, const std::vector<FactAnswers>& answers,
                                      const Subset& train, const Subset& holdout) {
  std::vector<FactStats> facts;
  std::vector<AnswerStats*> tested;
  facts.reserve(answers.size());
  for (const FactAnswers& fact : answers) {
    const FactColumn& column = data.columns[fact.column];
    FactStats stats;
    stats.fact_id = column.fact_id;
    stats.askable = column.spec && column.spec->askable();
    const std::vector<long> train_keys = Categories(fact, data, train);
    const std::vector<long> holdout_keys = Categories(fact, data, holdout);
    stats.information_gain = BinaryEntropy(train.base_rate * train.rows.size(), train.rows.size()) -
                             ConditionalEntropy(train_keys, train.outcome);
    const long not_known = static_cast<long>(fact.bins.size()) + 1;
    for (long category = 0; category <= not_known; ++category) {
      if (category == not_known - 1) continue;  // known but outside every bucket: not an answer
      if (category == not_known && !fact.has_missing) continue;
      std::vector<uint8_t> holds(train_keys.size());
      for (size_t i = 0; i < train_keys.size(); ++i) holds[i] = train_keys[i] == category;
      AnswerStats answer = MeasureRows(train, holds);
      answer.not_known = category == not_known;
      answer.answer = answer.not_known ? "not known" : fact.bins[category].label;
      double holdout_converted = 0;
      for (size_t i = 0; i < holdout_keys.size(); ++i) {
        if (holdout_keys[i] != category) continue;
        answer.holdout_rows += 1;
        holdout_converted += holdout.outcome[i];
      }
      answer.holdout_rate = answer.holdout_rows > 0 ? holdout_converted / answer.holdout_rows : 0;
      stats.answers.push_back(std::move(answer));
    }
    facts.push_back(std::move(stats));
  }
  for (FactStats& fact : facts)
    for (AnswerStats& answer : fact.answers)
      if (answer.tested) tested.push_back(&answer);
  std::vector<double> p_values;
  for (const AnswerStats* answer : tested) p_values.push_back(answer->p_value);
  const std::vector<double> adjusted = HolmAdjust(p_values);
  for (size_t i = 0; i < tested.size(); ++i) {
    tested[i]->p_adjusted = adjusted[i];
    tested[i]->significant = adjusted[i] < kFamilyAlpha;
  }
  return facts;
}

KeyQuestions FindKeyQuestions(const OutcomeData& data, const std::vector<FactAnswers>& answers,
                              const std::vector<FactStats>& stats, const Subset& train) {
  KeyQuestions key;
  auto has_signal = [&](size_t f) {
    for (const AnswerStats& answer : stats[f].answers)
      if (answer.significant) return true;
    return false;
  };
  for (size_t f = 0; f < answers.size(); ++f) {
    if (!stats[f].askable || !has_signal(f)) continue;
    if (!key.first || stats[f].information_gain > key.first_gain) {
      key.first = static_cast<int>(f);
      key.first_gain = stats[f].information_gain;
    }
  }
  if (!key.first) return key;
  const std::vector<long> first = Categories(answers[*key.first], data, train);
  const double entropy_given_first = ConditionalEntropy(first, train.outcome);
  const double units = data.grouped ? train.distinct_groups : static_cast<double>(train.rows.size());
  int candidates = 0;
  for (size_t f = 0; f < answers.size(); ++f) candidates += stats[f].askable && static_cast<int>(f) != *key.first;
  for (size_t f = 0; f < answers.size(); ++f) {
    if (!stats[f].askable || static_cast<int>(f) == *key.first) continue;
    const std::vector<long> second = Categories(answers[f], data, train);
    std::vector<long> joint(first.size());
    const long width = static_cast<long>(answers[f].bins.size()) + 2;
    for (size_t i = 0; i < first.size(); ++i) joint[i] = first[i] * width + second[i];
    const double gain = entropy_given_first - ConditionalEntropy(joint, train.outcome);
    // G = 2 N ln2 * gain (bits) is chi-square under "adds nothing".
    const double degrees = static_cast<double>(Distinct(first)) * std::max<double>(1, Distinct(second) - 1.0);
    const double p_value = ChiSquareUpperTail(2 * units * std::log(2.0) * gain, degrees);
    if (p_value * candidates >= kFamilyAlpha) continue;
    if (!key.second || gain > key.second_gain) {
      key.second = static_cast<int>(f);
      key.second_gain = gain;
    }
  }
  return key;
}

}  // namespace leadgate::calibrate
