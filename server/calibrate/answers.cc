// Bins and features per fact type. Numbers without buckets get cumulative
// thresholds ("x >= c") as features rather than bin indicators: the penalty
// then shrinks differences between neighbouring bins, and each rule reads
// as one comparison.
#include "calibrate/answers.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace leadgate::calibrate {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr int kQuantileBins = 5;

// Rounds a cut point to two significant digits, but never coarser than two
// significant digits of the values' range (years stay years: 1994, not 2000).
double RoundCut(double value, double range) {
  if (value == 0 || !std::isfinite(value)) return value;
  double step = std::pow(10.0, std::floor(std::log10(std::fabs(value))) - 1);
  if (range > 0) step = std::min(step, std::pow(10.0, std::floor(std::log10(range)) - 1));
  return std::round(value / step) * step;
}

Indicator Make(Indicator::Form form, int column, double low, double high, std::string label, std::string rule_id) {
  Indicator indicator;
  indicator.form = form;
  indicator.column = column;
  indicator.low = low;
  indicator.high = high;
  indicator.label = std::move(label);
  indicator.rule_id = std::move(rule_id);
  return indicator;
}

void NumberAnswers(const FactColumn& fact, const std::vector<size_t>& rows, FactAnswers* answers) {
  const int column = answers->column;
  const std::string prefix = Slug(fact.fact_id);
  if (fact.spec && !fact.spec->buckets.empty()) {
    for (const Bucket& bucket : fact.spec->buckets) {
      answers->bins.push_back(Make(Indicator::Form::kRange, column, bucket.low.value_or(-kInfinity),
                                   bucket.high.value_or(kInfinity), bucket.label, prefix + "-" + Slug(bucket.label)));
    }
    return;
  }
  std::vector<double> values;
  for (size_t row : rows)
    if (fact.known(row)) values.push_back(fact.values[row]);
  if (values.empty()) return;
  std::sort(values.begin(), values.end());
  std::vector<double> cuts;
  for (int k = 1; k < kQuantileBins; ++k) {
    const double cut = RoundCut(values[values.size() * k / kQuantileBins], values.back() - values.front());
    if (cut > values.front() && cut <= values.back() && (cuts.empty() || cut > cuts.back())) cuts.push_back(cut);
  }
  double low = -kInfinity;
  for (size_t k = 0; k <= cuts.size(); ++k) {
    const double high = k < cuts.size() ? cuts[k] : kInfinity;
    std::string label = k == 0             ? "under " + FormatNumber(high)
                        : k == cuts.size() ? FormatNumber(low) + " or more"
                                           : FormatNumber(low) + " to under " + FormatNumber(high);
    answers->bins.push_back(Make(Indicator::Form::kRange, column, low, high, label, ""));
    low = high;
  }
  for (double cut : cuts) {
    answers->features.push_back(Make(Indicator::Form::kRange, column, cut, kInfinity, FormatNumber(cut) + " or more",
                                     prefix + "-gte-" + Slug(FormatNumber(cut))));
  }
}

// Features of a fact whose bins partition its answers: every answer that
// training rows give, but the most common one (the reference).
void AddPartitionFeatures(const OutcomeData& data, const std::vector<size_t>& rows, FactAnswers* answers) {
  std::vector<size_t> counts(answers->bins.size());
  for (size_t row : rows) {
    for (size_t b = 0; b < answers->bins.size(); ++b)
      if (answers->bins[b].HoldsOn(data, row)) ++counts[b];
  }
  const size_t reference = std::max_element(counts.begin(), counts.end()) - counts.begin();
  for (size_t b = 0; b < answers->bins.size(); ++b)
    if (b != reference && counts[b] > 0) answers->features.push_back(answers->bins[b]);
}

}  // namespace

std::string Slug(const std::string& text) {
  std::string out;
  bool dash = false;
  for (char c : text) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
    if (keep) {
      if (dash && !out.empty()) out.push_back('-');
      out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
      dash = false;
    } else {
      dash = true;
    }
  }
  return out.empty() ? "x" : out;
}

std::string FormatNumber(double value) {
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[64];
  if (value == std::round(value) && std::fabs(value) < 1e15) {
    std::snprintf(buffer, sizeof buffer, "%.0f", value);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.6g", value);
  }
  return buffer;
}

std::vector<FactAnswers> BuildAnswers(const OutcomeData& data, const std::vector<size_t>& training_rows) {
  std::vector<FactAnswers> all;
  for (size_t c = 0; c < data.columns.size(); ++c) {
    const FactColumn& fact = data.columns[c];
    FactAnswers answers;
    answers.column = static_cast<int>(c);
    for (size_t row : training_rows) answers.has_missing = answers.has_missing || !fact.known(row);
    const std::string prefix = Slug(fact.fact_id);
    switch (fact.type) {
      case FactType::kChoice:
        for (size_t i = 0; i < fact.spec->choices.size(); ++i) {
          const std::string& value = fact.spec->choices[i].value;
          answers.bins.push_back(
              Make(Indicator::Form::kChoice, answers.column, i, i + 1.0, value, prefix + "-" + Slug(value)));
        }
        break;
      case FactType::kBoolean:
        for (int truth : {1, 0}) {
          answers.bins.push_back(Make(Indicator::Form::kBoolean, answers.column, truth, truth + 1.0,
                                      truth ? "yes" : "no", prefix + (truth ? "-yes" : "-no")));
        }
        break;
      case FactType::kNumber:
        NumberAnswers(fact, training_rows, &answers);
        break;
      case FactType::kText:
        break;
    }
    if (answers.features.empty()) AddPartitionFeatures(data, training_rows, &answers);
    if (answers.has_missing) {
      answers.features.push_back(
          Make(Indicator::Form::kNotKnown, answers.column, 0, 0, "not known", prefix + "-not-known"));
    }
    all.push_back(std::move(answers));
  }
  return all;
}

FeatureMatrix IndicatorMatrix(const OutcomeData& data, const std::vector<size_t>& rows,
                              const std::vector<const Indicator*>& features) {
  std::vector<Eigen::Triplet<double>> entries;
  entries.reserve(rows.size() * std::min<size_t>(features.size(), data.columns.size() * 2));
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t f = 0; f < features.size(); ++f)
      if (features[f]->HoldsOn(data, rows[r])) entries.emplace_back(static_cast<int>(r), static_cast<int>(f), 1.0);
  }
  FeatureMatrix matrix(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(features.size()));
  matrix.setFromTriplets(entries.begin(), entries.end());
  return matrix;
}

}  // namespace leadgate::calibrate
