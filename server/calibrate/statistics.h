// Statistics for calibration: proportions with Wilson intervals, tests that
// count groups (accounts) rather than rows, multiple-comparison adjustment,
// ROC AUC with a clustered DeLong variance, and information gain. Pure
// functions over plain vectors; thread-safe.
#ifndef LEADGATE_SERVER_CALIBRATE_STATISTICS_H_
#define LEADGATE_SERVER_CALIBRATE_STATISTICS_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/proportion.h"  // Interval, WilsonInterval

namespace leadgate::calibrate {

// P(Z >= z) for a standard normal Z.
double NormalUpperTail(double z);

// P(X >= x) for X chi-square with `degrees` degrees of freedom.
double ChiSquareUpperTail(double x, double degrees);

// Holm's step-down adjustment of p-values (family-wise error control);
// returns adjusted p-values in the input order.
std::vector<double> HolmAdjust(const std::vector<double>& p_values);

// Rows with an outcome and the group (cluster) each belongs to. Without a
// group column every row is its own group.
struct Sample {
  const std::vector<uint8_t>* outcome = nullptr;  // 1 = converted
  const std::vector<int>* group = nullptr;        // group index per row
  int group_count = 0;
};

// The conversion rate of the rows in `members` (a subset, as a mask) against
// the rest, with cluster-robust variances: groups, not rows, are the units.
struct ProportionComparison {
  double rows = 0;
  double converted = 0;
  double rate = 0;
  double effective_rows = 0;  // rows / design effect: what the interval is based on
  Interval interval;          // 95% Wilson interval on effective rows
  double rest_rate = 0;
  double z = 0;
  double p_value = 1;   // two-sided, rate against the rest
  bool tested = false;  // false when too few rows or groups to test
};
ProportionComparison CompareProportion(const Sample& sample, const std::vector<uint8_t>& members);

// ROC AUC of `scores` for the sample's outcomes (ties count half), with a
// one-sided p-value for AUC > 0.5 from the clustered DeLong variance
// (Obuchowski 1997), so that rows of one group are not counted as
// independent evidence. `rows` selects the rows used; scores[k] is the
// score of rows[k].
struct AucResult {
  double auc = 0.5;
  double standard_error = 0;
  double p_value = 1;
};
AucResult RocAuc(const Sample& sample, const std::vector<size_t>& rows, const std::vector<double>& scores);

// Points of the ROC curve (false positive rate, true positive rate) for
// every threshold, from (0,0) to (1,1); scores[k] belongs to rows[k].
std::vector<std::pair<double, double>> RocCurve(const std::vector<uint8_t>& outcome, const std::vector<size_t>& rows,
                                                const std::vector<double>& scores);

// Entropy in bits of a binary outcome with `positives` of `total`.
double BinaryEntropy(double positives, double total);

}  // namespace leadgate::calibrate

#endif  // LEADGATE_SERVER_CALIBRATE_STATISTICS_H_
