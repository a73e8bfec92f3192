// The calibration map (MAP.json, docs/calibration.md): how the columns of a
// CRM export become a policy's facts and a sales outcome. Decoded once at
// the edge into typed structs, checked against the policy, with errors that
// name the JSON path. Plain values; thread-compatible.
#ifndef LEADGATE_SERVER_CALIBRATE_CALIBRATION_MAP_H_
#define LEADGATE_SERVER_CALIBRATE_CALIBRATION_MAP_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leadgate/policy.h"
#include "leadgate/status.h"

namespace leadgate::calibrate {

struct FactMapping {
  std::string fact_id;
  int fact = -1;  // index into Policy::facts
  FactType type = FactType::kNumber;
  std::string column;
  bool case_insensitive = false;
  // Raw value (lower-cased when case-insensitive) -> choice value, or
  // "true"/"false" for a boolean fact.
  std::map<std::string, std::string> values;
  std::optional<std::string> other;  // catch-all choice for unlisted values
  std::vector<std::string> missing;  // raw values meaning "not known" (case-folded likewise)
};

struct CalibrationMap {
  std::string label_column;
  std::vector<std::string> positive;  // label values of converted rows
  // When set, only rows with one of these labels are negatives; rows with
  // any other label (deals still open) are left out. Else every row that is
  // not positive is negative.
  std::vector<std::string> negative;
  std::vector<FactMapping> facts;
  std::optional<std::string> group_column;  // rows of one account together
  std::optional<std::string> date_column;   // YYYY-MM-DD…, for capacity per month
};

// Decodes MAP.json against the policy whose facts it fills. Every fact must
// be declared in the policy or built in; text facts cannot be calibrated.
Result<CalibrationMap> DecodeCalibrationMap(std::string_view json_text, const Policy& policy);

// Lower-cases ASCII letters (raw values compared without case).
std::string FoldCase(std::string_view text);

}  // namespace leadgate::calibrate

#endif  // LEADGATE_SERVER_CALIBRATE_CALIBRATION_MAP_H_
