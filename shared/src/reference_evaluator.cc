// Brute-force reference, from the contract alone; see reference_evaluator.h.
// Each fact gets the concrete values it can take (for numbers, every
// threshold of the policy's comparisons on it and the numbers just below and
// above, within its buckets or given range), kept once per distinct outcome
// of those comparisons; every combination of them is a completion.
#include "reference_evaluator.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace leadgate::reference {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr int64_t kMaxCompletions = int64_t{1} << 24;

// One concrete value of a fact.
struct Value {
  bool present = true;  // false: missing (not askable and not given)
  double number = 0;
  std::string text;  // text and choice facts
  bool boolean = false;
};

// ---- The contract's conditions, evaluated on concrete values.

bool LiteralEquals(FactType type, const Literal& literal, const Value& value) {
  switch (type) {
    case FactType::kNumber:
      return literal.kind == Literal::Kind::kNumber && literal.number == value.number;
    case FactType::kBoolean:
      return literal.kind == Literal::Kind::kBool && literal.boolean == value.boolean;
    case FactType::kChoice:
    case FactType::kText:
      return literal.kind == Literal::Kind::kString && literal.text == value.text;
  }
  return false;
}

// A missing fact fails every operator but `known` (ne and not_in too).
bool ComparisonHolds(FactType type, const Comparison& comparison, const Value& value) {
  if (comparison.op == Operator::kKnown) return comparison.known == value.present;
  if (!value.present || comparison.values.empty()) return false;
  const Literal& first = comparison.values[0];
  auto listed = [&] {
    return std::any_of(comparison.values.begin(), comparison.values.end(),
                       [&](const Literal& literal) { return LiteralEquals(type, literal, value); });
  };
  switch (comparison.op) {
    case Operator::kEq:
      return LiteralEquals(type, first, value);
    case Operator::kNe:
      return !LiteralEquals(type, first, value);
    case Operator::kIn:
      return listed();
    case Operator::kNotIn:
      return !listed();
    case Operator::kGt:
      return value.number > first.number;
    case Operator::kGte:
      return value.number >= first.number;
    case Operator::kLt:
      return value.number < first.number;
    case Operator::kLte:
      return value.number <= first.number;
    case Operator::kKnown:
      break;
  }
  return false;
}

// `values[f]` is fact f's value in the completion.
bool ConditionHolds(const Policy& policy, const Condition& condition, const std::vector<const Value*>& values) {
  switch (condition.kind) {
    case Condition::Kind::kFact:
      return std::all_of(condition.comparisons.begin(), condition.comparisons.end(), [&](const Comparison& c) {
        return ComparisonHolds(policy.facts[condition.fact].type, c, *values[condition.fact]);
      });
    case Condition::Kind::kAll:
      return std::all_of(condition.children.begin(), condition.children.end(),
                         [&](const Condition& child) { return ConditionHolds(policy, child, values); });
    case Condition::Kind::kAny:
      return std::any_of(condition.children.begin(), condition.children.end(),
                         [&](const Condition& child) { return ConditionHolds(policy, child, values); });
    case Condition::Kind::kNot:
      return !ConditionHolds(policy, condition.children[0], values);
  }
  return false;
}

// A lead's outcome: qualified when no disqualify rule holds, every require
// rule holds and the holding rules' points reach mql.points.
struct Outcome {
  bool qualified = false;
  double points = 0;
};

Outcome Evaluate(const Policy& policy, const std::vector<const Value*>& values, std::vector<char>* holds) {
  bool gates_pass = true;
  Outcome outcome;
  for (size_t r = 0; r < policy.rules.size(); ++r) {
    const Rule& rule = policy.rules[r];
    const bool rule_holds = ConditionHolds(policy, rule.condition, values);
    if (holds) (*holds)[r] = rule_holds;
    if (rule.effect == Effect::kPoints && rule_holds) outcome.points += rule.points;
    if (rule.effect == Effect::kDisqualify && rule_holds) gates_pass = false;
    if (rule.effect == Effect::kRequire && !rule_holds) gates_pass = false;
  }
  outcome.qualified = gates_pass && outcome.points >= policy.mql_points - 1e-9;
  return outcome;
}

// ---- The values each fact can take.

// Every comparison the policy makes on each fact.
void CollectComparisons(const Condition& condition, std::vector<std::vector<const Comparison*>>* out) {
  if (condition.kind == Condition::Kind::kFact) {
    for (const Comparison& comparison : condition.comparisons) (*out)[condition.fact].push_back(&comparison);
    return;
  }
  for (const Condition& child : condition.children) CollectComparisons(child, out);
}

// Numbers in [low, high) on both sides of every threshold and on it, plus
// the ends: whatever the comparisons, each way they can come out has one.
std::vector<double> NumbersStraddling(const std::vector<const Comparison*>& comparisons, double low, double high) {
  std::vector<double> numbers = {0, low, std::nextafter(high, -kInfinity)};
  for (const Comparison* comparison : comparisons) {
    if (comparison->op == Operator::kKnown || comparison->values.empty()) continue;
    const double threshold = comparison->values[0].number;
    numbers.insert(numbers.end(),
                   {std::nextafter(threshold, -kInfinity), threshold, std::nextafter(threshold, kInfinity)});
  }
  std::vector<double> inside;
  for (double number : numbers)
    if (std::isfinite(number) && number >= low && number < high) inside.push_back(number);
  std::sort(inside.begin(), inside.end());
  inside.erase(std::unique(inside.begin(), inside.end()), inside.end());
  return inside;
}

// The values of one fact, and when it can be asked, its possible answers:
// each a set of values with a probability.
struct Domain {
  std::vector<Value> values;  // no two alike under the policy's comparisons
  bool askable = false;
  std::vector<std::vector<int>> answers;
  std::vector<double> weights;

  // Index of `value`, added unless one that every comparison treats alike is there.
  int Add(FactType type, const std::vector<const Comparison*>& comparisons, Value value) {
    for (size_t i = 0; i < values.size(); ++i) {
      const bool alike = std::all_of(comparisons.begin(), comparisons.end(), [&](const Comparison* comparison) {
        return ComparisonHolds(type, *comparison, values[i]) == ComparisonHolds(type, *comparison, value);
      });
      if (alike) return static_cast<int>(i);
    }
    values.push_back(std::move(value));
    return static_cast<int>(values.size()) - 1;
  }
  // An answer allowing `members`, with weight `weight` (normalised later).
  void AddAnswer(std::vector<int> members, double weight) {
    std::sort(members.begin(), members.end());
    members.erase(std::unique(members.begin(), members.end()), members.end());
    answers.push_back(std::move(members));
    weights.push_back(weight);
  }
  // Every value its own answer, all equally likely.
  void EachValueAnAnswer() {
    for (size_t i = 0; i < values.size(); ++i) AddAnswer({static_cast<int>(i)}, 1);
  }
};

Value NumberValue(double number) {
  Value value;
  value.number = number;
  return value;
}

Value TextValue(std::string text) {
  Value value;
  value.text = std::move(text);
  return value;
}

// A given value of the right type (a listed choice, a finite number, a
// range with low below high).
Status CheckGiven(const FactSpec& spec, const FactValue& given) {
  const std::string& id = spec.id;
  switch (spec.type) {
    case FactType::kNumber:
      if (given.kind == FactValue::Kind::kNumber && std::isfinite(given.number)) return Status::Ok();
      if (given.kind == FactValue::Kind::kRange && !(given.low && given.high && *given.low >= *given.high))
        return Status::Ok();
      return Status::InvalidArgument("not a number or range", id);
    case FactType::kBoolean:
      return given.kind == FactValue::Kind::kBool ? Status::Ok() : Status::InvalidArgument("not a boolean", id);
    case FactType::kText:
      return given.kind == FactValue::Kind::kText ? Status::Ok() : Status::InvalidArgument("not text", id);
    case FactType::kChoice:
      for (const Choice& choice : spec.choices)
        if (given.kind == FactValue::Kind::kText && given.text == choice.value) return Status::Ok();
      return Status::InvalidArgument("not a listed choice", id);
  }
  return Status::Ok();
}

// An askable fact not given: any choice, any bucket, any number, any string,
// true or false. Choices and buckets are the answers (weighted by share when
// every one has a share); otherwise the values comparisons tell apart are,
// equally likely.
Domain UnknownDomain(const FactSpec& spec, const std::vector<const Comparison*>& comparisons) {
  Domain domain;
  switch (spec.type) {
    case FactType::kChoice: {
      const bool shares = std::all_of(spec.choices.begin(), spec.choices.end(),
                                      [](const Choice& choice) { return choice.share.has_value(); });
      for (const Choice& choice : spec.choices)
        domain.AddAnswer({domain.Add(spec.type, comparisons, TextValue(choice.value))}, shares ? *choice.share : 1);
      break;
    }
    case FactType::kNumber:
      if (!spec.buckets.empty()) {
        const bool shares = std::all_of(spec.buckets.begin(), spec.buckets.end(),
                                        [](const Bucket& bucket) { return bucket.share.has_value(); });
        for (const Bucket& bucket : spec.buckets) {
          std::vector<int> members;
          for (double number :
               NumbersStraddling(comparisons, bucket.low.value_or(-kInfinity), bucket.high.value_or(kInfinity)))
            members.push_back(domain.Add(spec.type, comparisons, NumberValue(number)));
          domain.AddAnswer(members, shares ? *bucket.share : 1);
        }
      } else {
        for (double number : NumbersStraddling(comparisons, -kInfinity, kInfinity))
          domain.Add(spec.type, comparisons, NumberValue(number));
        domain.EachValueAnAnswer();
      }
      break;
    case FactType::kBoolean:
      for (bool boolean : {true, false}) {
        Value value;
        value.boolean = boolean;
        domain.Add(spec.type, comparisons, value);
      }
      domain.EachValueAnAnswer();
      break;
    case FactType::kText: {
      std::string other = "?";  // a string no comparison names
      for (const Comparison* comparison : comparisons) {
        for (const Literal& literal : comparison->values) {
          if (literal.kind != Literal::Kind::kString) continue;
          domain.Add(spec.type, comparisons, TextValue(literal.text));
          if (literal.text.size() >= other.size()) other = literal.text + "?";
        }
      }
      domain.Add(spec.type, comparisons, TextValue(other));
      domain.EachValueAnAnswer();
      break;
    }
  }
  return domain;
}

// The domain of fact `f` given the lead's facts: a given value; a given
// range (any number in it, still askable while comparisons tell numbers in
// it apart); unknown; or missing.
Result<Domain> BuildDomain(const Policy& policy, int f, const Facts& facts,
                           const std::vector<const Comparison*>& comparisons) {
  const FactSpec& spec = policy.facts[f];
  auto given = facts.find(spec.id);
  Domain domain;
  if (given == facts.end()) {
    if (spec.askable()) {
      domain = UnknownDomain(spec, comparisons);
    } else {
      Value missing;
      missing.present = false;
      domain.values = {missing};
    }
  } else {
    if (Status status = CheckGiven(spec, given->second); !status.ok()) return status;
    const FactValue& value = given->second;
    if (value.kind == FactValue::Kind::kRange) {
      for (double number :
           NumbersStraddling(comparisons, value.low.value_or(-kInfinity), value.high.value_or(kInfinity)))
        domain.Add(spec.type, comparisons, NumberValue(number));
      domain.EachValueAnAnswer();
    } else {
      Value known;
      known.number = value.number;
      known.text = value.text;
      known.boolean = value.boolean;
      domain.values = {known};
    }
  }
  domain.askable = spec.askable() && domain.values.size() > 1;
  if (!domain.askable) {
    domain.answers.clear();
    domain.weights.clear();
  }
  double total = 0;
  for (double weight : domain.weights) total += weight;
  for (double& weight : domain.weights) weight = total > 0 ? weight / total : 1.0 / domain.weights.size();
  return domain;
}

// ---- Every completion, and the search over questions.

class BruteForce {
 public:
  BruteForce(const Policy& policy, std::vector<Domain> domains) : policy_(policy), domains_(std::move(domains)) {
    for (size_t f = 0; f < domains_.size(); ++f)
      if (domains_[f].values.size() > 1) varying_.push_back(static_cast<int>(f));
  }

  // Evaluates every completion; false when there are too many.
  bool Enumerate() {
    int64_t count = 1;
    stride_.clear();
    for (int f : varying_) {
      stride_.push_back(count);
      count *= static_cast<int64_t>(domains_[f].values.size());
      if (count > kMaxCompletions) return false;
    }
    outcomes_.resize(count);
    holds_always_.assign(policy_.rules.size(), 1);
    std::vector<const Value*> values(domains_.size());
    for (size_t f = 0; f < domains_.size(); ++f) values[f] = &domains_[f].values[0];
    std::vector<char> holds(policy_.rules.size());
    for (int64_t index = 0; index < count; ++index) {
      for (size_t i = 0; i < varying_.size(); ++i) values[varying_[i]] = &domains_[varying_[i]].values[Digit(index, i)];
      outcomes_[index] = Evaluate(policy_, values, &holds);
      for (size_t r = 0; r < holds.size(); ++r) holds_always_[r] = holds_always_[r] && holds[r];
    }
    return true;
  }

  // The value index of varying fact i in completion `index`.
  int Digit(int64_t index, size_t i) const {
    return static_cast<int>(index / stride_[i] % static_cast<int64_t>(domains_[varying_[i]].values.size()));
  }

  // Whether every completion allowed by `answers` (per varying fact: an
  // answer index, or -1) has the same outcome.
  bool Decided(const std::vector<int>& answers) const {
    int seen = -1;
    for (int64_t index = 0; index < static_cast<int64_t>(outcomes_.size()); ++index) {
      bool allowed = true;
      for (size_t i = 0; i < varying_.size() && allowed; ++i) {
        if (answers[i] < 0) continue;
        const std::vector<int>& members = domains_[varying_[i]].answers[answers[i]];
        allowed = std::binary_search(members.begin(), members.end(), Digit(index, i));
      }
      if (!allowed) continue;
      const int qualified = outcomes_[index].qualified ? 1 : 0;
      if (seen >= 0 && seen != qualified) return false;
      seen = qualified;
    }
    return true;
  }

  // Whether changing varying fact i alone can change some completion's outcome.
  bool Relevant(size_t i) const {
    const int64_t size = static_cast<int64_t>(domains_[varying_[i]].values.size());
    for (int64_t index = 0; index < static_cast<int64_t>(outcomes_.size()); ++index) {
      const int64_t base = index - Digit(index, i) * stride_[i];
      for (int64_t other = 0; other < size; ++other)
        if (outcomes_[base + other * stride_[i]].qualified != outcomes_[index].qualified) return true;
    }
    return false;
  }

  // The least expected cost of questions until decided, from `answers`;
  // `pick` (at the root) gets the fact to ask, ties to the earlier fact.
  double Cost(std::vector<int>& answers, int* pick) {
    if (Decided(answers)) return 0;
    uint64_t key = 0;
    for (size_t i = 0; i < varying_.size(); ++i)
      key = key * (domains_[varying_[i]].answers.size() + 1) + static_cast<uint64_t>(answers[i] + 1);
    if (!pick) {
      auto it = memo_.find(key);
      if (it != memo_.end()) return it->second;
    }
    double best = kInfinity;
    int best_fact = -1;
    for (size_t i = 0; i < varying_.size(); ++i) {
      const Domain& domain = domains_[varying_[i]];
      if (answers[i] >= 0 || !domain.askable) continue;
      double expected = policy_.facts[varying_[i]].cost;
      for (size_t a = 0; a < domain.answers.size(); ++a) {
        if (domain.weights[a] == 0) continue;
        answers[i] = static_cast<int>(a);
        expected += domain.weights[a] * Cost(answers, nullptr);
        answers[i] = -1;
      }
      if (best_fact < 0 || expected < best - 1e-9 * std::max(1.0, best)) {
        best = expected;
        best_fact = varying_[i];
      }
    }
    if (best_fact < 0) best = 0;
    memo_[key] = best;
    if (pick) *pick = best_fact;
    return best;
  }

  const std::vector<int>& varying() const { return varying_; }
  const std::vector<Domain>& domains() const { return domains_; }
  const std::vector<Outcome>& outcomes() const { return outcomes_; }
  const std::vector<char>& holds_always() const { return holds_always_; }

 private:
  const Policy& policy_;
  std::vector<Domain> domains_;
  std::vector<int> varying_;  // facts with more than one value
  std::vector<int64_t> stride_;
  std::vector<Outcome> outcomes_;  // by completion index (mixed radix over varying_)
  std::vector<char> holds_always_;
  std::map<uint64_t, double> memo_;
};

}  // namespace

Result<Decision> Decide(const Policy& policy, const Facts& given, bool pick_question) {
  // `from` answers: the core's AnswersFrom (the generated policies of the
  // property test use no `from`, so the oracle stays independent there).
  Facts facts = AnswersFrom(policy, given);
  facts.insert(given.begin(), given.end());
  std::vector<std::vector<const Comparison*>> comparisons(policy.facts.size());
  for (const Rule& rule : policy.rules) CollectComparisons(rule.condition, &comparisons);
  std::vector<Domain> domains;
  for (size_t f = 0; f < policy.facts.size(); ++f) {
    Result<Domain> domain = BuildDomain(policy, static_cast<int>(f), facts, comparisons[f]);
    if (!domain.ok()) return domain.status();
    domains.push_back(std::move(domain).value());
  }
  BruteForce brute(policy, std::move(domains));
  if (!brute.Enumerate()) return Status::ResourceExhausted("too many completions for the reference");

  Decision decision;
  bool any_qualified = false, any_not = false;
  decision.points_min = kInfinity;
  decision.points_max = -kInfinity;
  for (const Outcome& outcome : brute.outcomes()) {
    (outcome.qualified ? any_qualified : any_not) = true;
    decision.points_min = std::min(decision.points_min, outcome.points);
    decision.points_max = std::max(decision.points_max, outcome.points);
  }
  decision.decision = any_qualified && any_not ? Verdict::kUndecided
                      : any_qualified          ? Verdict::kQualified
                                               : Verdict::kNotQualified;
  for (size_t r = 0; r < policy.rules.size(); ++r) {
    if (!brute.holds_always()[r]) continue;
    const Rule& rule = policy.rules[r];
    decision.reasons.push_back(Reason{rule.id, rule.effect, rule.effect == Effect::kPoints ? rule.points : 0});
  }
  if (decision.decision != Verdict::kUndecided) return decision;
  for (size_t i = 0; i < brute.varying().size(); ++i) {
    const int f = brute.varying()[i];
    if (brute.domains()[f].askable && brute.Relevant(i)) decision.open_facts.push_back(policy.facts[f].id);
  }
  if (pick_question && !decision.open_facts.empty()) {
    std::vector<int> answers(brute.varying().size(), -1);
    int pick = -1;
    decision.expected_cost = brute.Cost(answers, &pick);
    if (pick >= 0) decision.ask = policy.facts[pick].id;
  }
  return decision;
}

namespace {

bool ReadsPersonFact(const Policy& policy, const Condition& condition) {
  if (condition.kind == Condition::Kind::kFact) return policy.facts[condition.fact].about_person;
  for (const Condition& child : condition.children)
    if (ReadsPersonFact(policy, child)) return true;
  return false;
}

}  // namespace

Result<Decision> DecideAccount(const Policy& policy, const Facts& facts, bool pick_question) {
  Policy account = policy;
  account.rules.clear();
  for (const Rule& rule : policy.rules)
    if (!ReadsPersonFact(policy, rule.condition)) account.rules.push_back(rule);
  if (policy.mql_account_points) account.mql_points = *policy.mql_account_points;
  return Decide(account, facts, pick_question);
}

bool QualifiedConcretely(const Policy& policy, const Facts& facts, double* points) {
  std::vector<Value> storage(policy.facts.size());
  std::vector<const Value*> values(policy.facts.size());
  for (size_t f = 0; f < policy.facts.size(); ++f) {
    auto given = facts.find(policy.facts[f].id);
    if (given == facts.end()) {
      storage[f].present = false;
    } else {
      storage[f].number = given->second.number;
      storage[f].text = given->second.text;
      storage[f].boolean = given->second.boolean;
    }
    values[f] = &storage[f];
  }
  const Outcome outcome = Evaluate(policy, values, nullptr);
  *points = outcome.points;
  return outcome.qualified;
}

}  // namespace leadgate::reference
