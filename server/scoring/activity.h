// A company's raw engagement for people to read beside the decay-weighted
// behavior.* facts ("3 visits on 2 days, 4 min 12 s on pricing"), from the
// core's undecayed facts (ComputeCounts / CountsFromTotals), so the counting
// rules are the core's. Pure.
#ifndef LEADGATE_SERVER_SCORING_ACTIVITY_H_
#define LEADGATE_SERVER_SCORING_ACTIVITY_H_

#include <nlohmann/json.hpp>

#include "leadgate/facts.h"
#include "leadgate/policy.h"

namespace leadgate::collector {

// {"visits": 3, "visit_days": 2, "pageviews": 7,
//  "pages": {"pricing": {"views": 2, "seconds": 252}}}
nlohmann::json ActivityJson(const Policy& policy, const Facts& counts);

// The page groups viewed at least once, as the companies list filters on
// them: "|pricing|docs|" ("" when none).
std::string ViewedPageGroups(const Policy& policy, const Facts& counts);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_SCORING_ACTIVITY_H_
