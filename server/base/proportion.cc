// The Wilson score interval (Wilson 1927), as in Agresti and Coull (1998).
#include "base/proportion.h"

#include <algorithm>
#include <cmath>

namespace leadgate {
namespace {

constexpr double kZ95 = 1.959963984540054;

}  // namespace

Interval WilsonInterval(double successes, double trials) {
  if (trials <= 0) return {0, 1};
  const double p = successes / trials, z2 = kZ95 * kZ95;
  const double center = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const double half = kZ95 * std::sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / (1 + z2 / trials);
  return {std::max(0.0, center - half), std::min(1.0, center + half)};
}

}  // namespace leadgate
