// The calibrated policy: a new revision of the input policy file with the
// fitted points rules (each with a note on its lift), the chosen bar and
// answer shares measured from the data. Edits the input's JSON so that
// everything not calibrated (questions, labels, pages, outcomes, gates) is
// kept as written. Pure: text in, text out.
#ifndef LEADGATE_SERVER_CALIBRATE_POLICY_REVISION_H_
#define LEADGATE_SERVER_CALIBRATE_POLICY_REVISION_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calibrate/answers.h"
#include "calibrate/outcome_data.h"
#include "leadgate/status.h"

namespace leadgate::calibrate {

struct ProposedRule {
  std::string id;
  Indicator indicator;  // what the rule tests
  int points = 0;
  std::string note;
};

struct PolicyRevision {
  // With rules: every points rule of the input is replaced by these (gates
  // stay). Without (no signal), the input's rules stay as they are.
  std::optional<std::vector<ProposedRule>> rules;
  std::optional<double> bar;  // mql.points
  // Fact id -> share of each choice (or bucket), in declaration order.
  std::map<std::string, std::vector<double>> shares;
};

// The revised policy file (pretty-printed JSON), revision + 1.
Result<std::string> RevisePolicy(std::string_view policy_text, const OutcomeData& data, const PolicyRevision& revision);

}  // namespace leadgate::calibrate

#endif  // LEADGATE_SERVER_CALIBRATE_POLICY_REVISION_H_
