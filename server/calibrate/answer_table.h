// The per-answer table and the key questions, on the training split:
// conversion by answer with intervals, lift and Holm-adjusted tests (groups
// counted, not rows), and the most decisive askable question and the best
// second one by information gain. Pure; thread-compatible.
#ifndef LEADGATE_SERVER_CALIBRATE_ANSWER_TABLE_H_
#define LEADGATE_SERVER_CALIBRATE_ANSWER_TABLE_H_

#include <optional>
#include <string>
#include <vector>

#include "calibrate/answers.h"
#include "calibrate/calibration_report.h"
#include "calibrate/outcome_data.h"
#include "calibrate/statistics.h"

namespace leadgate::calibrate {

// The outcomes and groups of a subset of rows, as a Sample over that subset.
struct Subset {
  std::vector<size_t> rows;
  std::vector<uint8_t> outcome;
  std::vector<int> group;
  int group_count = 0;  // of the whole data (indices are global)
  int distinct_groups = 0;
  double base_rate = 0;
  Subset(const OutcomeData& data, std::vector<size_t> subset_rows);
  Sample sample() const { return {&outcome, &group, group_count}; }
};

// The stats of the subset rows where `holds` is 1 (a mask over the subset).
AnswerStats MeasureRows(const Subset& subset, const std::vector<uint8_t>& holds);

// Every fact's answers (and "not known" where a training row lacks it),
// tested and Holm-adjusted together at family-wise 5%.
std::vector<FactStats> MeasureAnswers(const OutcomeData& data, const std::vector<FactAnswers>& answers,
                                      const Subset& train, const Subset& holdout);

struct KeyQuestions {
  std::optional<int> first;  // index into answers / data.columns
  double first_gain = 0;
  std::optional<int> second;
  double second_gain = 0;  // conditional on the first
};

// The askable fact with the highest information gain among those with a
// significant answer; the second by gain given the first, when a G-test
// (on groups when grouped, Bonferroni over the candidates) says it adds.
KeyQuestions FindKeyQuestions(const OutcomeData& data, const std::vector<FactAnswers>& answers,
                              const std::vector<FactStats>& stats, const Subset& train);

}  // namespace leadgate::calibrate

#endif  // LEADGATE_SERVER_CALIBRATE_ANSWER_TABLE_H_
