// Outcome data: the rows of a CRM export (or of leadgate's own store) as
// columns of fact values plus the sales outcome, the group (account) and the
// date of each row. Built from CSV text through a calibration map, with
// errors naming the file's line and column. Thread-compatible.
#ifndef LEADGATE_SERVER_CALIBRATE_OUTCOME_DATA_H_
#define LEADGATE_SERVER_CALIBRATE_OUTCOME_DATA_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "calibrate/calibration_map.h"
#include "leadgate/facts.h"
#include "leadgate/policy.h"
#include "leadgate/status.h"

namespace leadgate::calibrate {

// One fact's values for every row. NaN = not known. A choice is stored as
// the index of its choice in the FactSpec, a boolean as 0/1.
struct FactColumn {
  std::string fact_id;
  FactType type = FactType::kNumber;
  const FactSpec* spec = nullptr;  // the policy's declaration; null for built-ins
  std::vector<double> values;
  bool known(size_t row) const { return values[row] == values[row]; }
};

struct OutcomeData {
  std::vector<FactColumn> columns;
  std::vector<uint8_t> converted;  // 1 = positive outcome
  std::vector<int> group;          // group index per row (a row of its own without a group)
  int group_count = 0;
  bool grouped = false;          // whether groups came from the data
  std::vector<double> day;       // days since 1970-01-01, NaN when unknown
  std::vector<size_t> line;      // the file's line of each row (or the store's row id)
  size_t skipped_open_rows = 0;  // rows whose label is neither positive nor negative

  size_t rows() const { return converted.size(); }
  // The row's known facts as the core takes them.
  Facts RowFacts(size_t row) const;
};

struct LoadOptions {
  // Called now and then: bytes read of total.
  std::function<void(size_t bytes_read, size_t total_bytes)> progress;
};

// Reads CSV text (header on line 1) through the map. Errors name line and
// column, up to 20 of them, one a line.
Result<OutcomeData> LoadCsvOutcomes(std::string_view csv, const CalibrationMap& map, const Policy& policy,
                                    const LoadOptions& options = {});

// A lead whose facts are already decoded (leadgate's own store), with its
// sales verdict.
struct LabeledLead {
  Facts facts;
  bool converted = false;
  std::string group;                                      // account key; empty: a group of its own
  double day = std::numeric_limits<double>::quiet_NaN();  // days since 1970-01-01, NaN when unknown
  size_t id = 0;                                          // named in errors (a store row id)
};

// One column per choice, number or boolean fact of the policy (declared or
// built in and used by its rules). A number given as a bucket range counts
// as its lower end (its upper end when open below).
Result<OutcomeData> OutcomesFromLeads(const Policy& policy, const std::vector<LabeledLead>& leads);

// Assigns a group index to every row from its group key; an empty key is a
// group of its own. Used by every source of outcome data.
void AssignGroups(const std::vector<std::string>& keys, OutcomeData* data);

}  // namespace leadgate::calibrate

#endif  // LEADGATE_SERVER_CALIBRATE_OUTCOME_DATA_H_
