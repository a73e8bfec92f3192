// libFuzzer target: arbitrary bytes as a calibration CSV export, read
// through a map that uses every conversion (choices with values, case and a
// catch-all, numbers, booleans, groups, dates). Must give data or a clean
// error, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "calibrate/calibration_map.h"
#include "calibrate/outcome_data.h"
#include "leadgate/policy.h"

namespace {

const char kPolicy[] = R"({"policy": "fuzz", "facts": {
  "role": {"type": "choice", "question": "Role?", "choices": [{"value": "lead"}, {"value": "other"}]},
  "size": {"type": "number", "question": "Size?", "choices": [{"label": "s", "range": [0, 50]},
                                                                {"label": "l", "range": [50, null]}]},
  "opt_in": {"type": "boolean", "question": "Opt in?"}},
  "rules": [], "mql": {"points": 1}})";

const char kMap[] = R"({"label": {"column": "Outcome", "positive": ["Won", "1"], "negative": ["Lost", "0"]},
  "group": "Account", "date": "Date",
  "facts": {
    "role": {"column": "Role", "values": {"Manager": "lead"}, "other": "other", "case": "insensitive",
             "missing": ["", "Select"]},
    "size": {"column": "Size", "missing": [""]},
    "opt_in": {"column": "Opt", "values": {"Subscribed": true}},
    "behavior.visits": {"column": "Visits", "missing": ["", "n/a"]}}})";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const leadgate::Policy policy = *leadgate::DecodePolicy(kPolicy);
  static const leadgate::calibrate::CalibrationMap map =
      leadgate::calibrate::DecodeCalibrationMap(kMap, policy).value();
  const std::string_view csv(reinterpret_cast<const char*>(data), size);
  auto outcomes = leadgate::calibrate::LoadCsvOutcomes(csv, map, policy);
  if (outcomes.ok()) {
    for (size_t row = 0; row < outcomes->rows(); ++row) (void)outcomes->RowFacts(row);
  }
  return 0;
}
