// The bar (mql.points) and its trade-off: for every possible bar, how many
// leads pass, what share of them convert and what share of conversions is
// missed; and the bar a --target picks (acceptance=0.6, capacity=200/month,
// cost=1:20). Pure; thread-safe.
#ifndef LEADGATE_SERVER_CALIBRATE_BAR_TARGET_H_
#define LEADGATE_SERVER_CALIBRATE_BAR_TARGET_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "leadgate/status.h"

namespace leadgate::calibrate {

struct BarTarget {
  enum class Kind { kAcceptance, kCapacity, kCost } kind = Kind::kAcceptance;
  double acceptance = 0.6;  // least share of MQLs that convert
  double capacity = 0;      // MQLs per month (per_month) or in the whole data
  bool per_month = false;
  double call_cost = 1;   // cost of a sales call on an MQL
  double miss_cost = 20;  // cost of a conversion that was not an MQL
  std::string spec = "acceptance=0.6";
};

// Parses "acceptance=0.6", "capacity=200/month", "capacity=500", "cost=1:20".
Result<BarTarget> ParseBarTarget(std::string_view spec);

// Leads scored by the points table: score, whether the policy's gates
// (disqualify / require rules) let them through, and the outcome.
struct ScoredLead {
  double score = 0;
  bool gates_pass = true;
  bool converted = false;
};

struct BarCounts {
  double mqls = 0;         // leads at or above the bar (and through the gates)
  double converted = 0;    // of those, converted
  double conversions = 0;  // all converted leads
  double converted_share() const { return mqls > 0 ? converted / mqls : 0; }
  double missed_share() const { return conversions > 0 ? 1 - converted / conversions : 0; }
};

// The counts at every bar from `bars` (ascending).
std::vector<BarCounts> CountAtBars(const std::vector<ScoredLead>& leads, const std::vector<double>& bars);

// Every bar that makes a difference on these leads: each distinct score,
// and one above the highest (no MQL at all). Ascending.
std::vector<double> CandidateBars(const std::vector<ScoredLead>& leads);

struct BarChoice {
  double bar = 0;
  bool target_met = true;  // false when no bar reaches the target (the closest one is taken)
};

// Picks the bar for `target` on `leads` (the training split). `months` is
// the time the data span (for capacity per month); `total_rows` the rows of
// the whole data set (for a capacity without a period).
BarChoice ChooseBar(const BarTarget& target, const std::vector<ScoredLead>& leads, double months, double total_rows);

}  // namespace leadgate::calibrate

#endif  // LEADGATE_SERVER_CALIBRATE_BAR_TARGET_H_
