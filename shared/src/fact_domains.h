// Internal: the answer classes of each fact. Values a policy's comparisons
// cannot tell apart form one class (contract: "Facts" / "share"), so the
// qualifier reasons over a few classes per fact instead of raw values.
#ifndef LEADGATE_SRC_FACT_DOMAINS_H_
#define LEADGATE_SRC_FACT_DOMAINS_H_

#include <string>
#include <vector>

#include "leadgate/facts.h"
#include "leadgate/policy.h"
#include "leadgate/status.h"

namespace leadgate::detail {

// One representative value of a class (every value of the class makes every
// comparison of the policy come out the same).
struct ClassValue {
  bool missing = false;  // a non-askable fact with no value
  double number = 0;
  std::string text;
  bool boolean = false;
};

struct FactDomain {
  std::vector<ClassValue> classes;  // one class: the fact is settled
  std::vector<double> weights;      // normalised; the chance of each class
  bool askable = false;             // the form may still ask it
  bool varying() const { return classes.size() > 1; }
};

bool EvalComparison(const FactSpec& spec, const Comparison& comparison, const ClassValue& value);
bool EvalFactComparisons(const FactSpec& spec, const std::vector<Comparison>& comparisons, const ClassValue& value);

// Evaluates a condition with `value_of(fact_index)` giving each fact's value.
template <typename ValueOf>
bool EvalCondition(const Policy& policy, const Condition& condition, const ValueOf& value_of) {
  switch (condition.kind) {
    case Condition::Kind::kFact:
      return EvalFactComparisons(policy.facts[condition.fact], condition.comparisons, value_of(condition.fact));
    case Condition::Kind::kAll:
      for (const auto& child : condition.children)
        if (!EvalCondition(policy, child, value_of)) return false;
      return true;
    case Condition::Kind::kAny:
      for (const auto& child : condition.children)
        if (EvalCondition(policy, child, value_of)) return true;
      return false;
    case Condition::Kind::kNot:
      return !EvalCondition(policy, condition.children[0], value_of);
  }
  return false;
}

// Precomputes each fact's comparisons and its unknown domain; then builds
// the domain of every fact for a given set of facts.
class DomainBuilder {
 public:
  explicit DomainBuilder(const Policy& policy);
  // Domains of every policy fact (Policy::facts order) for these facts.
  // With `unanswered_as_missing`, askable facts not given are missing.
  Status Build(const Facts& facts, std::vector<FactDomain>* domains, bool unanswered_as_missing = false) const;
  // The class of `domain` (a domain of fact `index`) that `value` falls in,
  // or -1 when the value is invalid or spans several classes.
  int ClassOf(int index, const FactDomain& domain, const FactValue& value) const;
  // The domain of fact `index` when nothing is known about it.
  const FactDomain& UnknownDomain(int index) const { return unknown_[index]; }

 private:
  FactDomain Group(int index, const std::vector<ClassValue>& candidates, const std::vector<double>& weights,
                   bool weights_per_class) const;
  std::vector<ClassValue> NumberCandidates(int index, double low, double high) const;
  FactDomain RangeDomain(int index, std::optional<double> low, std::optional<double> high) const;

  const Policy& policy_;
  std::vector<std::vector<Comparison>> comparisons_;  // per fact, every comparison on it
  std::vector<FactDomain> unknown_;
};

}  // namespace leadgate::detail

#endif  // LEADGATE_SRC_FACT_DOMAINS_H_
