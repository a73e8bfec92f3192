// The account policy (policy-v1 "Accounts"): the lead policy without the
// rules that read facts about a person, against the account bar. Companies
// are decided by it, so a company can qualify without anyone's answers.
#include <algorithm>

#include "leadgate/policy.h"

namespace leadgate {

bool NamesPersonFact(const Policy& policy, const Condition& condition) {
  if (condition.kind == Condition::Kind::kFact) return condition.fact >= 0 && policy.facts[condition.fact].about_person;
  return std::any_of(condition.children.begin(), condition.children.end(),
                     [&](const Condition& child) { return NamesPersonFact(policy, child); });
}

Policy AccountPolicy(const Policy& policy) {
  Policy account = policy;
  account.rules.clear();
  for (const Rule& rule : policy.rules)
    if (!NamesPersonFact(policy, rule.condition)) account.rules.push_back(rule);
  account.mql_points = policy.mql_account_points.value_or(policy.mql_points);
  return account;
}

}  // namespace leadgate
