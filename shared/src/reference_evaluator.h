// The brute-force reference, written from the policy contract alone
// (shared/contracts/policy-v1.md): every completion of the unknown facts over
// concrete values that straddle every threshold, and an exhaustive
// expected-cost search over every askable fact. It shares nothing with the
// qualifier but the decoded Policy (no answer classes, no condition
// evaluator), so a bug there cannot hide here. Exponential and deliberately
// naive: the oracle of the property test and the baseline of the benchmark.
#ifndef LEADGATE_SRC_REFERENCE_EVALUATOR_H_
#define LEADGATE_SRC_REFERENCE_EVALUATOR_H_

#include "leadgate/facts.h"
#include "leadgate/policy.h"
#include "leadgate/qualifier.h"

namespace leadgate::reference {

// Decision, point range, reasons and relevant facts (open_facts) by
// enumeration; with `pick_question`, also the optimal next question.
Result<Decision> Decide(const Policy& policy, const Facts& facts, bool pick_question = true);

// The account decision (policy-v1 "Accounts"): Decide on a copy of the
// policy without the rules whose condition names a person fact anywhere,
// against mql.account_points when given. The copy is made here, from the
// contract, not by the core's AccountPolicy.
Result<Decision> DecideAccount(const Policy& policy, const Facts& facts, bool pick_question = true);

// Whether a lead whose facts are all concrete (numbers, not ranges) is
// qualified, and its points; facts not given are missing.
bool QualifiedConcretely(const Policy& policy, const Facts& facts, double* points);

}  // namespace leadgate::reference

#endif  // LEADGATE_SRC_REFERENCE_EVALUATOR_H_
