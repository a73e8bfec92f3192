// Unit tests of the logistic regression: it recovers planted effects, and
// the penalty shrinks them.
#include "calibrate/logistic_regression.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace leadgate::calibrate {
namespace {

TEST(LogisticRegressionTest, RecoversPlantedEffects) {
  std::mt19937_64 rng(7);
  std::bernoulli_distribution coin(0.5);
  std::uniform_real_distribution<double> uniform(0, 1);
  const int rows = 40000;
  std::vector<Eigen::Triplet<double>> entries;
  std::vector<uint8_t> outcome;
  for (int i = 0; i < rows; ++i) {
    const bool a = coin(rng), b = coin(rng);
    if (a) entries.emplace_back(i, 0, 1.0);
    if (b) entries.emplace_back(i, 1, 1.0);
    const double log_odds = -1 + 1.5 * a - 0.7 * b;
    outcome.push_back(uniform(rng) < 1 / (1 + std::exp(-log_odds)));
  }
  FeatureMatrix features(rows, 2);
  features.setFromTriplets(entries.begin(), entries.end());
  LogisticOptions options;
  options.l2 = 1e-6;
  Result<LogisticModel> model = FitLogistic(features, outcome, options);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EXPECT_NEAR(model->intercept, -1, 0.06);
  EXPECT_NEAR(model->weights[0], 1.5, 0.06);
  EXPECT_NEAR(model->weights[1], -0.7, 0.06);
  EXPECT_LT(model->iterations, 15);

  options.l2 = 5000;  // a strong prior pulls every effect towards 0
  Result<LogisticModel> shrunk = FitLogistic(features, outcome, options);
  ASSERT_TRUE(shrunk.ok());
  EXPECT_LT(std::fabs(shrunk->weights[0]), 1.2);
  EXPECT_LT(std::fabs(shrunk->weights[1]), 0.6);
}

TEST(LogisticRegressionTest, NoFeaturesGivesTheBaseRate) {
  FeatureMatrix features(4, 0);
  Result<LogisticModel> model = FitLogistic(features, {1, 0, 0, 0});
  ASSERT_TRUE(model.ok());
  EXPECT_NEAR(model->intercept, std::log(1.0 / 3), 1e-6);
}

TEST(LogisticRegressionTest, RejectsMismatchedOutcomes) {
  FeatureMatrix features(3, 1);
  EXPECT_FALSE(FitLogistic(features, {1, 0}).ok());
}

}  // namespace
}  // namespace leadgate::calibrate
