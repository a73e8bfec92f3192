// Closed-form statistics; the clustered variances follow the usual
// cluster-robust (sandwich) form, in which groups are the independent units.
#include "calibrate/statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace leadgate::calibrate {
namespace {

// Regularised lower incomplete gamma P(a, x) by its series (x < a + 1).
double GammaSeries(double a, double x) {
  double term = 1.0 / a, sum = term;
  for (int n = 1; n < 1000; ++n) {
    term *= x / (a + n);
    sum += term;
    if (std::fabs(term) < std::fabs(sum) * 1e-15) break;
  }
  return sum * std::exp(-x + a * std::log(x) - std::lgamma(a));
}

// Regularised upper incomplete gamma Q(a, x) by its continued fraction
// (x >= a + 1), evaluated with the modified Lentz method.
double GammaContinuedFraction(double a, double x) {
  const double tiny = 1e-300;
  double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
  for (int i = 1; i < 1000; ++i) {
    const double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (std::fabs(d) < tiny) d = tiny;
    c = b + an / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1) < 1e-15) break;
  }
  return std::exp(-x + a * std::log(x) - std::lgamma(a)) * h;
}

}  // namespace

double NormalUpperTail(double z) { return 0.5 * std::erfc(z / std::sqrt(2.0)); }

double ChiSquareUpperTail(double x, double degrees) {
  if (x <= 0) return 1;
  const double a = degrees / 2, half_x = x / 2;
  if (half_x < a + 1) return std::clamp(1 - GammaSeries(a, half_x), 0.0, 1.0);
  return std::clamp(GammaContinuedFraction(a, half_x), 0.0, 1.0);
}

std::vector<double> HolmAdjust(const std::vector<double>& p_values) {
  const size_t n = p_values.size();
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return p_values[a] < p_values[b]; });
  std::vector<double> adjusted(n);
  double running = 0;
  for (size_t rank = 0; rank < n; ++rank) {
    running = std::max(running, std::min(1.0, static_cast<double>(n - rank) * p_values[order[rank]]));
    adjusted[order[rank]] = running;
  }
  return adjusted;
}

ProportionComparison CompareProportion(const Sample& sample, const std::vector<uint8_t>& members) {
  const std::vector<uint8_t>& outcome = *sample.outcome;
  const std::vector<int>& group = *sample.group;
  // Per group: rows and conversions inside and outside the answer.
  std::vector<double> in_rows(sample.group_count), in_yes(sample.group_count), out_rows(sample.group_count),
      out_yes(sample.group_count);
  double n_in = 0, y_in = 0, n_out = 0, y_out = 0;
  for (size_t row = 0; row < outcome.size(); ++row) {
    const int g = group[row];
    if (members[row]) {
      in_rows[g] += 1, in_yes[g] += outcome[row], n_in += 1, y_in += outcome[row];
    } else {
      out_rows[g] += 1, out_yes[g] += outcome[row], n_out += 1, y_out += outcome[row];
    }
  }
  ProportionComparison result;
  result.rows = n_in;
  result.converted = y_in;
  result.rate = n_in > 0 ? y_in / n_in : 0;
  result.rest_rate = n_out > 0 ? y_out / n_out : 0;
  int groups = 0, groups_in = 0, groups_out = 0;
  double var_in = 0, var_diff = 0;
  for (int g = 0; g < sample.group_count; ++g) {
    if (in_rows[g] + out_rows[g] == 0) continue;
    ++groups;
    groups_in += in_rows[g] > 0;
    groups_out += out_rows[g] > 0;
    const double e_in = n_in > 0 ? (in_yes[g] - result.rate * in_rows[g]) / n_in : 0;
    const double e_out = n_out > 0 ? (out_yes[g] - result.rest_rate * out_rows[g]) / n_out : 0;
    var_in += e_in * e_in;
    var_diff += (e_in - e_out) * (e_in - e_out);
  }
  const double small_sample = groups > 1 ? groups / (groups - 1.0) : 0;
  var_in *= small_sample;
  var_diff *= small_sample;
  const bool grouped = sample.group_count < static_cast<int>(outcome.size());
  // Effective rows: what an independent sample with the same variance would
  // hold; never more than the rows, and without variance to go by (a pure
  // answer), the number of groups it spans.
  const double binomial = result.rate * (1 - result.rate);
  result.effective_rows = n_in;
  if (grouped) {
    result.effective_rows =
        var_in > 0 && binomial > 0 ? std::min(n_in, binomial / var_in) : std::min(n_in, 1.0 * groups_in);
  }
  result.interval = WilsonInterval(result.rate * result.effective_rows, result.effective_rows);
  // Too few rows or groups on either side for a normal approximation: no test.
  const int min_groups = grouped ? 5 : 10;
  if (n_in < 10 || n_out < 10 || groups_in < min_groups || groups_out < min_groups) return result;
  result.tested = true;
  const double difference = result.rate - result.rest_rate;
  if (var_diff <= 0) {
    result.z = difference == 0 ? 0 : std::copysign(std::numeric_limits<double>::infinity(), difference);
  } else {
    result.z = difference / std::sqrt(var_diff);
  }
  result.p_value = std::min(1.0, 2 * NormalUpperTail(std::fabs(result.z)));
  return result;
}

AucResult RocAuc(const Sample& sample, const std::vector<size_t>& rows, const std::vector<double>& scores) {
  const std::vector<uint8_t>& outcome = *sample.outcome;
  AucResult result;
  std::vector<size_t> order(rows.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] < scores[b]; });
  double positives = 0, negatives = 0;
  for (size_t row : rows) (outcome[row] ? positives : negatives) += 1;
  if (positives == 0 || negatives == 0) return result;
  // Placement values: for a positive, the share of negatives scored below it
  // (ties half); for a negative, the share of positives scored above it.
  std::vector<double> placement(rows.size());
  double negatives_below = 0, positives_below = 0;
  for (size_t begin = 0; begin < order.size();) {
    size_t end = begin;
    double tie_pos = 0, tie_neg = 0;
    while (end < order.size() && scores[order[end]] == scores[order[begin]]) {
      (outcome[rows[order[end]]] ? tie_pos : tie_neg) += 1;
      ++end;
    }
    for (size_t k = begin; k < end; ++k) {
      if (outcome[rows[order[k]]]) {
        placement[order[k]] = (negatives_below + 0.5 * tie_neg) / negatives;
      } else {
        placement[order[k]] = (positives - positives_below - tie_pos + 0.5 * tie_pos) / positives;
      }
    }
    negatives_below += tie_neg;
    positives_below += tie_pos;
    begin = end;
  }
  double sum = 0;
  for (size_t k = 0; k < rows.size(); ++k)
    if (outcome[rows[k]]) sum += placement[k];
  const double auc = sum / positives;
  result.auc = auc;
  // Clustered variance: sums of placements per group.
  std::vector<double> v10(sample.group_count), v01(sample.group_count), m(sample.group_count), n(sample.group_count);
  for (size_t k = 0; k < rows.size(); ++k) {
    const int g = (*sample.group)[rows[k]];
    if (outcome[rows[k]]) {
      v10[g] += placement[k], m[g] += 1;
    } else {
      v01[g] += placement[k], n[g] += 1;
    }
  }
  int clusters = 0;
  double s10 = 0, s01 = 0, s11 = 0;
  for (int g = 0; g < sample.group_count; ++g) {
    if (m[g] + n[g] == 0) continue;
    ++clusters;
    const double a = v10[g] - m[g] * auc, b = v01[g] - n[g] * auc;
    s10 += a * a, s01 += b * b, s11 += a * b;
  }
  if (clusters < 2) {
    result.standard_error = std::numeric_limits<double>::infinity();
    return result;
  }
  const double k = clusters / (clusters - 1.0);
  s10 *= k / positives, s01 *= k / negatives, s11 *= k;
  const double variance = s10 / positives + s01 / negatives + 2 * s11 / (positives * negatives);
  result.standard_error = std::sqrt(std::max(variance, 0.0));
  if (result.standard_error > 0) {
    result.p_value = NormalUpperTail((auc - 0.5) / result.standard_error);
  } else {
    result.p_value = auc > 0.5 ? 0 : 1;
  }
  return result;
}

std::vector<std::pair<double, double>> RocCurve(const std::vector<uint8_t>& outcome, const std::vector<size_t>& rows,
                                                const std::vector<double>& scores) {
  std::vector<size_t> order(rows.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] > scores[b]; });
  double positives = 0, negatives = 0;
  for (size_t row : rows) (outcome[row] ? positives : negatives) += 1;
  std::vector<std::pair<double, double>> curve{{0, 0}};
  double tp = 0, fp = 0;
  for (size_t begin = 0; begin < order.size();) {
    size_t end = begin;
    while (end < order.size() && scores[order[end]] == scores[order[begin]]) {
      (outcome[rows[order[end]]] ? tp : fp) += 1;
      ++end;
    }
    curve.emplace_back(negatives > 0 ? fp / negatives : 0, positives > 0 ? tp / positives : 0);
    begin = end;
  }
  if (curve.back() != std::make_pair(1.0, 1.0)) curve.emplace_back(1, 1);
  return curve;
}

double BinaryEntropy(double positives, double total) {
  if (total <= 0 || positives <= 0 || positives >= total) return 0;
  const double p = positives / total;
  return -p * std::log2(p) - (1 - p) * std::log2(1 - p);
}

}  // namespace leadgate::calibrate
