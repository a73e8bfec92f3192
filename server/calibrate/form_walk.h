// Questions a form asks: walks leads through the policy's form with the
// core's next-question picker, answering from the data, and counts the
// questions until the decision is reached. Thread-compatible.
#ifndef LEADGATE_SERVER_CALIBRATE_FORM_WALK_H_
#define LEADGATE_SERVER_CALIBRATE_FORM_WALK_H_

#include <cstddef>
#include <vector>

#include "calibrate/outcome_data.h"
#include "leadgate/policy.h"
#include "leadgate/status.h"

namespace leadgate::calibrate {

struct FormWalk {
  double mean_questions = 0;  // with the picker (required questions included)
  double full_form = 0;       // every askable question of the policy
  size_t leads = 0;           // leads walked
};

// Walks up to `max_leads` of `rows` (evenly spaced). Facts the policy does
// not ask (enrichment, behaviour) are known from the start. When the data
// lack the answer to the asked question, the lead leaves it blank: the
// question counts and the walk ends.
Result<FormWalk> WalkForms(const Policy& policy, const OutcomeData& data, const std::vector<size_t>& rows,
                           size_t max_leads);

}  // namespace leadgate::calibrate

#endif  // LEADGATE_SERVER_CALIBRATE_FORM_WALK_H_
