// Calibration of a policy from sales outcomes: splits the rows (stratified,
// seeded, groups kept whole), measures every answer, finds the key questions,
// fits the points table, picks the bar, evaluates on the holdout and writes
// the policy's next revision. Scores come from the core's Qualifier on the
// revised policy, so the report's scores are the policy's. Thread-compatible.
#ifndef LEADGATE_SERVER_CALIBRATE_CALIBRATOR_H_
#define LEADGATE_SERVER_CALIBRATE_CALIBRATOR_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "calibrate/bar_target.h"
#include "calibrate/calibration_report.h"
#include "calibrate/outcome_data.h"
#include "leadgate/policy.h"
#include "leadgate/status.h"

namespace leadgate::calibrate {

struct CalibrateOptions {
  double holdout = 0.3;  // share of rows (of groups, when grouped) held out
  uint64_t seed = 1;
  BarTarget target;
  double l2 = 1.0;              // see LogisticOptions
  size_t question_rows = 2000;  // holdout leads walked through the form
};

struct Calibration {
  CalibrationReport report;
  std::string policy_json;  // the revised policy file
};

// `policy_text` is the input policy file, `policy` its decoded form.
Result<Calibration> Calibrate(std::string_view policy_text, const Policy& policy, const OutcomeData& data,
                              const CalibrateOptions& options);

// The split: training and holdout row indices (ascending), stratified by
// outcome (by a group's majority outcome when grouped), groups kept whole.
void SplitRows(const OutcomeData& data, double holdout, uint64_t seed, std::vector<size_t>* train,
               std::vector<size_t>* holdout_rows);

}  // namespace leadgate::calibrate

#endif  // LEADGATE_SERVER_CALIBRATE_CALIBRATOR_H_
