// Answers and features of the calibration: every mapped fact's answers cut
// into bins (choices, the policy's buckets, else quantile bins of numbers)
// for the per-answer table, and the indicator features the points table is
// fitted on, each one a rule the policy format can state. Thread-compatible.
#ifndef LEADGATE_SERVER_CALIBRATE_ANSWERS_H_
#define LEADGATE_SERVER_CALIBRATE_ANSWERS_H_

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "calibrate/logistic_regression.h"
#include "calibrate/outcome_data.h"

namespace leadgate::calibrate {

// "The fact is known and low <= value < high". A choice is [i, i+1) of its
// index, a boolean [1, 2) for true and [0, 1) for false. kNotKnown holds
// where the fact is not known instead.
struct Indicator {
  enum class Form { kChoice, kBoolean, kRange, kNotKnown } form = Form::kRange;
  int column = -1;  // index into OutcomeData::columns
  double low = -std::numeric_limits<double>::infinity();
  double high = std::numeric_limits<double>::infinity();
  std::string label;    // how a person reads it: "professional", "5 or more", "10-49"
  std::string rule_id;  // the policy rule id it would become: "occupation-professional"
  bool Holds(double value) const {
    return form == Form::kNotKnown ? value != value : value >= low && value < high;  // NaN: not known
  }
  bool HoldsOn(const OutcomeData& data, size_t row) const { return Holds(data.columns[column].values[row]); }
};

struct FactAnswers {
  int column = -1;
  std::vector<Indicator> bins;  // a partition of the known values
  // What the model is fitted on, each against a reference: the most common
  // answer (choices, booleans, buckets) or the lowest bin (thresholds "x >=
  // cut" of a number without buckets), so that a feature's weight is its
  // difference from the reference; plus "not known" where training rows
  // lack the fact.
  std::vector<Indicator> features;
  bool has_missing = false;  // some training row does not know the fact
};

// Cuts every fact of `data` into bins and features, looking only at the
// training rows (quantile cut points are rounded to two significant digits
// so that rules read well).
std::vector<FactAnswers> BuildAnswers(const OutcomeData& data, const std::vector<size_t>& training_rows);

// The 0/1 matrix of `features` (columns) over `rows`.
FeatureMatrix IndicatorMatrix(const OutcomeData& data, const std::vector<size_t>& rows,
                              const std::vector<const Indicator*>& features);

// A rule-id-safe form of a label: lower case letters and digits, runs of
// anything else as one '-'.
std::string Slug(const std::string& text);

// A number as a person writes it: integral values without a fraction.
std::string FormatNumber(double value);

}  // namespace leadgate::calibrate

#endif  // LEADGATE_SERVER_CALIBRATE_ANSWERS_H_
