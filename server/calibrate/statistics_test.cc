// Unit tests of the statistics: known values, and the grouped variants
// reducing to the plain ones when every row is its own group.
#include "calibrate/statistics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

namespace leadgate::calibrate {
namespace {

TEST(StatisticsTest, WilsonIntervalKnownValues) {
  // 8 of 10: the textbook Wilson interval is 0.4902 .. 0.9433.
  Interval interval = WilsonInterval(8, 10);
  EXPECT_NEAR(interval.low, 0.4902, 1e-4);
  EXPECT_NEAR(interval.high, 0.9433, 1e-4);
  interval = WilsonInterval(0, 20);
  EXPECT_EQ(interval.low, 0);
  EXPECT_NEAR(interval.high, 0.1611, 1e-4);
}

TEST(StatisticsTest, TailProbabilities) {
  EXPECT_NEAR(NormalUpperTail(1.959963984540054), 0.025, 1e-9);
  EXPECT_NEAR(ChiSquareUpperTail(3.841458820694124, 1), 0.05, 1e-9);
  EXPECT_NEAR(ChiSquareUpperTail(18.307038053275146, 10), 0.05, 1e-9);
  EXPECT_NEAR(ChiSquareUpperTail(1.0, 4), 0.9097959895689501, 1e-9);
  EXPECT_EQ(ChiSquareUpperTail(0, 3), 1);
}

TEST(StatisticsTest, HolmAdjustment) {
  const std::vector<double> adjusted = HolmAdjust({0.01, 0.04, 0.03, 0.005});
  EXPECT_NEAR(adjusted[3], 0.02, 1e-12);  // 4 x 0.005
  EXPECT_NEAR(adjusted[0], 0.03, 1e-12);  // 3 x 0.01
  EXPECT_NEAR(adjusted[2], 0.06, 1e-12);  // 2 x 0.03
  EXPECT_NEAR(adjusted[1], 0.06, 1e-12);  // 1 x 0.04, raised to keep the order
}

struct Rows {
  std::vector<uint8_t> outcome;
  std::vector<int> group;
  int groups = 0;
  Sample sample() const { return {&outcome, &group, groups}; }
};

Rows Ungrouped(const std::vector<uint8_t>& outcome) {
  Rows rows{outcome, std::vector<int>(outcome.size()), static_cast<int>(outcome.size())};
  std::iota(rows.group.begin(), rows.group.end(), 0);
  return rows;
}

TEST(StatisticsTest, ProportionComparisonUngroupedIsTheTwoSampleTest) {
  // 30 of 50 inside against 20 of 100 outside.
  std::vector<uint8_t> outcome, members;
  for (int i = 0; i < 50; ++i) outcome.push_back(i < 30), members.push_back(1);
  for (int i = 0; i < 100; ++i) outcome.push_back(i < 20), members.push_back(0);
  Rows rows = Ungrouped(outcome);
  ProportionComparison result = CompareProportion(rows.sample(), members);
  EXPECT_EQ(result.rows, 50);
  EXPECT_NEAR(result.rate, 0.6, 1e-12);
  EXPECT_NEAR(result.rest_rate, 0.2, 1e-12);
  EXPECT_EQ(result.effective_rows, 50);
  const double se = std::sqrt((0.6 * 0.4 / 50 + 0.2 * 0.8 / 100) * 150 / 149);
  EXPECT_NEAR(result.z, 0.4 / se, 1e-9);
  EXPECT_TRUE(result.tested);
  EXPECT_LT(result.p_value, 1e-5);
}

TEST(StatisticsTest, GroupsCountNotRows) {
  // Ten accounts, each all-won or all-lost, with many deals: the answer
  // covers three accounts that won. Rows alone would be overwhelming;
  // counted by accounts it is too little to test.
  Rows rows;
  std::vector<uint8_t> members;
  for (int g = 0; g < 10; ++g) {
    for (int deal = 0; deal < 100; ++deal) {
      rows.outcome.push_back(g < 5);
      rows.group.push_back(g);
      members.push_back(g < 3);
    }
  }
  rows.groups = 10;
  ProportionComparison grouped = CompareProportion(rows.sample(), members);
  EXPECT_FALSE(grouped.tested);
  EXPECT_EQ(grouped.p_value, 1);
  EXPECT_LE(grouped.effective_rows, 3);
  Rows ungrouped = Ungrouped(rows.outcome);
  EXPECT_LT(CompareProportion(ungrouped.sample(), members).p_value, 1e-10);
}

TEST(StatisticsTest, ClusteredAucInflatesTheErrorOfBusyAccounts) {
  // Scores perfectly separate, but all rows of an account share score and
  // outcome: 4 accounts cannot prove much, 400 independent rows can.
  Rows rows;
  std::vector<size_t> all;
  std::vector<double> scores;
  for (int g = 0; g < 4; ++g) {
    for (int deal = 0; deal < 100; ++deal) {
      rows.outcome.push_back(g % 2);
      rows.group.push_back(g);
      all.push_back(all.size());
      scores.push_back(g % 2 + 0.1 * g);
    }
  }
  rows.groups = 4;
  AucResult grouped = RocAuc(rows.sample(), all, scores);
  EXPECT_EQ(grouped.auc, 1);
  Rows ungrouped = Ungrouped(rows.outcome);
  AucResult plain = RocAuc(ungrouped.sample(), all, scores);
  EXPECT_EQ(plain.auc, 1);
  // Perfect separation has no within-group spread: both errors are 0 here;
  // shift one account's scores to make them informative.
  for (int deal = 0; deal < 100; ++deal) scores[deal] = 1.05 + 0.001 * deal;  // account 0 (lost) high
  grouped = RocAuc(rows.sample(), all, scores);
  plain = RocAuc(ungrouped.sample(), all, scores);
  EXPECT_NEAR(grouped.auc, plain.auc, 1e-12);
  EXPECT_GT(grouped.standard_error, 2 * plain.standard_error);
}

TEST(StatisticsTest, AucTiesCountHalf) {
  std::vector<uint8_t> outcome = {1, 0, 1, 0};
  Rows rows = Ungrouped(outcome);
  std::vector<size_t> all = {0, 1, 2, 3};
  EXPECT_NEAR(RocAuc(rows.sample(), all, {1, 1, 1, 1}).auc, 0.5, 1e-12);
  EXPECT_NEAR(RocAuc(rows.sample(), all, {2, 1, 1, 0}).auc, 0.875, 1e-12);
  const auto curve = RocCurve(outcome, all, {2, 1, 1, 0});
  EXPECT_EQ(curve.front(), std::make_pair(0.0, 0.0));
  EXPECT_EQ(curve.back(), std::make_pair(1.0, 1.0));
}

TEST(StatisticsTest, BinaryEntropy) {
  EXPECT_NEAR(BinaryEntropy(50, 100), 1, 1e-12);
  EXPECT_EQ(BinaryEntropy(0, 100), 0);
  EXPECT_NEAR(BinaryEntropy(1, 4), 0.8112781244591328, 1e-12);
}

}  // namespace
}  // namespace leadgate::calibrate
