// The brute-force reference: every completion of the unknown facts, and an
// exhaustive expected-cost search over every askable fact. Exponential and
// deliberately naive: the oracle of the property test and the baseline of the
// benchmark. Not for products.
#ifndef LEADGATE_SRC_REFERENCE_EVALUATOR_H_
#define LEADGATE_SRC_REFERENCE_EVALUATOR_H_

#include "leadgate/facts.h"
#include "leadgate/policy.h"
#include "leadgate/qualifier.h"

namespace leadgate::reference {

// Decision, point range, reasons and relevant facts (open_facts) by
// enumeration; with `pick_question`, also the optimal next question.
Result<Decision> Decide(const Policy& policy, const Facts& facts, bool pick_question = true);

}  // namespace leadgate::reference

#endif  // LEADGATE_SRC_REFERENCE_EVALUATOR_H_
