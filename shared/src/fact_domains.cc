// Answer classes per fact: candidates (choices, buckets, the intervals between
// thresholds, the strings compared against) grouped by the truth of every
// comparison on the fact. See fact_domains.h.
#include "fact_domains.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace leadgate::detail {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

bool LiteralEquals(const FactSpec& spec, const Literal& literal, const ClassValue& value) {
  if (spec.type == FactType::kBoolean) return literal.kind == Literal::Kind::kBool && literal.boolean == value.boolean;
  return literal.kind == Literal::Kind::kString && literal.text == value.text;
}

void CollectComparisons(const Condition& condition, std::vector<std::vector<Comparison>>* out) {
  if (condition.kind == Condition::Kind::kFact) {
    if (condition.fact >= 0) {
      for (const auto& comparison : condition.comparisons) (*out)[condition.fact].push_back(comparison);
    }
    return;
  }
  for (const auto& child : condition.children) CollectComparisons(child, out);
}

// A value strictly inside (low, high), either end possibly infinite.
double Inside(double low, double high) {
  if (std::isinf(low) && std::isinf(high)) return 0;
  if (std::isinf(low)) return high - 1;
  if (std::isinf(high)) return low + 1;
  return low + (high - low) / 2;
}

}  // namespace

bool EvalComparison(const FactSpec& spec, const Comparison& comparison, const ClassValue& value) {
  if (comparison.op == Operator::kKnown) return comparison.known != value.missing;
  if (value.missing) return false;
  switch (comparison.op) {
    case Operator::kEq:
      return LiteralEquals(spec, comparison.values[0], value);
    case Operator::kNe:
      return !LiteralEquals(spec, comparison.values[0], value);
    case Operator::kIn:
    case Operator::kNotIn: {
      bool found = std::any_of(comparison.values.begin(), comparison.values.end(),
                               [&](const Literal& literal) { return LiteralEquals(spec, literal, value); });
      return comparison.op == Operator::kIn ? found : !found;
    }
    case Operator::kGt:
      return value.number > comparison.values[0].number;
    case Operator::kGte:
      return value.number >= comparison.values[0].number;
    case Operator::kLt:
      return value.number < comparison.values[0].number;
    case Operator::kLte:
      return value.number <= comparison.values[0].number;
    case Operator::kKnown:
      break;
  }
  return false;
}

bool EvalFactComparisons(const FactSpec& spec, const std::vector<Comparison>& comparisons, const ClassValue& value) {
  for (const auto& comparison : comparisons)
    if (!EvalComparison(spec, comparison, value)) return false;
  return true;
}

DomainBuilder::DomainBuilder(const Policy& policy) : policy_(policy), comparisons_(policy.facts.size()) {
  for (const auto& rule : policy.rules) CollectComparisons(rule.condition, &comparisons_);
  unknown_.resize(policy.facts.size());
  for (size_t i = 0; i < policy.facts.size(); ++i) {
    const FactSpec& spec = policy.facts[i];
    int index = static_cast<int>(i);
    if (!spec.askable()) {
      ClassValue missing;
      missing.missing = true;
      unknown_[i].classes = {missing};
      unknown_[i].weights = {1};
      continue;
    }
    std::vector<ClassValue> candidates;
    std::vector<double> weights;
    bool per_class = false;
    switch (spec.type) {
      case FactType::kChoice: {
        bool all_shares = std::all_of(spec.choices.begin(), spec.choices.end(),
                                      [](const Choice& choice) { return choice.share.has_value(); });
        for (const auto& choice : spec.choices) {
          ClassValue value;
          value.text = choice.value;
          candidates.push_back(value);
          weights.push_back(all_shares ? *choice.share : 1.0);
        }
        break;
      }
      case FactType::kNumber:
        if (!spec.buckets.empty()) {
          bool all_shares = std::all_of(spec.buckets.begin(), spec.buckets.end(),
                                        [](const Bucket& bucket) { return bucket.share.has_value(); });
          for (const auto& bucket : spec.buckets) {
            ClassValue value;
            value.number = bucket.low ? *bucket.low : Inside(-kInf, bucket.high.value_or(kInf));
            candidates.push_back(value);
            weights.push_back(all_shares ? *bucket.share : 1.0);
          }
        } else {
          candidates = NumberCandidates(index, -kInf, kInf);
          per_class = true;
        }
        break;
      case FactType::kBoolean: {
        ClassValue yes, no;
        yes.boolean = true;
        candidates = {yes, no};
        per_class = true;
        break;
      }
      case FactType::kText: {
        std::vector<std::string> texts;
        for (const auto& comparison : comparisons_[i])
          for (const auto& literal : comparison.values)
            if (literal.kind == Literal::Kind::kString &&
                std::find(texts.begin(), texts.end(), literal.text) == texts.end())
              texts.push_back(literal.text);
        // A string none of the comparisons names: any such string is alike.
        std::string other = "\x01other";
        while (std::find(texts.begin(), texts.end(), other) != texts.end()) other += "\x01";
        texts.push_back(other);
        for (auto& text : texts) {
          ClassValue value;
          value.text = text;
          candidates.push_back(value);
        }
        per_class = true;
        break;
      }
    }
    if (weights.empty()) weights.assign(candidates.size(), 1.0);
    unknown_[i] = Group(index, candidates, weights, per_class);
    unknown_[i].askable = unknown_[i].varying();
  }
}

// The candidates of a number between `low` (inclusive) and `high`
// (exclusive): each threshold, and a point inside each gap between them.
std::vector<ClassValue> DomainBuilder::NumberCandidates(int index, double low, double high) const {
  std::vector<double> thresholds;
  for (const auto& comparison : comparisons_[index])
    if (comparison.op != Operator::kKnown && !comparison.values.empty())
      thresholds.push_back(comparison.values[0].number);
  std::sort(thresholds.begin(), thresholds.end());
  thresholds.erase(std::unique(thresholds.begin(), thresholds.end()), thresholds.end());
  std::vector<ClassValue> candidates;
  auto add = [&](double number) {
    ClassValue value;
    value.number = number;
    candidates.push_back(value);
  };
  double previous = -kInf;
  for (size_t i = 0; i <= thresholds.size(); ++i) {
    double next = i < thresholds.size() ? thresholds[i] : kInf;
    // The open gap (previous, next), cut to [low, high).
    double gap_low = std::max(previous, low), gap_high = std::min(next, high);
    if (gap_low < gap_high) {
      if (gap_low == low && low > previous) {
        add(low);
      } else {
        add(Inside(gap_low, gap_high));
      }
    }
    if (i < thresholds.size() && next >= low && next < high) add(next);
    previous = next;
  }
  return candidates;
}

FactDomain DomainBuilder::Group(int index, const std::vector<ClassValue>& candidates,
                                const std::vector<double>& weights, bool weights_per_class) const {
  const FactSpec& spec = policy_.facts[index];
  const auto& comparisons = comparisons_[index];
  FactDomain domain;
  std::map<std::vector<bool>, size_t> class_of_signature;
  for (size_t c = 0; c < candidates.size(); ++c) {
    std::vector<bool> signature;
    signature.reserve(comparisons.size());
    for (const auto& comparison : comparisons) signature.push_back(EvalComparison(spec, comparison, candidates[c]));
    auto [it, inserted] = class_of_signature.emplace(signature, domain.classes.size());
    if (inserted) {
      domain.classes.push_back(candidates[c]);
      domain.weights.push_back(0);
    }
    domain.weights[it->second] += weights_per_class ? 1.0 : weights[c];
  }
  if (weights_per_class) std::fill(domain.weights.begin(), domain.weights.end(), 1.0);
  double total = 0;
  for (double w : domain.weights) total += w;
  for (double& w : domain.weights) w = total > 0 ? w / total : 1.0 / domain.weights.size();
  return domain;
}

FactDomain DomainBuilder::RangeDomain(int index, std::optional<double> low, std::optional<double> high) const {
  auto candidates = NumberCandidates(index, low.value_or(-kInf), high.value_or(kInf));
  FactDomain domain = Group(index, candidates, std::vector<double>(candidates.size(), 1.0), true);
  domain.askable = policy_.facts[index].askable() && domain.varying();
  return domain;
}

int DomainBuilder::ClassOf(int index, const FactDomain& domain, const FactValue& value) const {
  const FactSpec& spec = policy_.facts[index];
  if (!CheckFactValue(spec, value, spec.id).ok()) return -1;
  ClassValue given;
  if (value.kind == FactValue::Kind::kRange) {
    FactDomain range = RangeDomain(index, value.low, value.high);
    if (range.classes.size() != 1) return -1;
    given = range.classes[0];
  } else {
    given.number = value.number;
    given.text = value.text;
    given.boolean = value.boolean;
  }
  for (size_t c = 0; c < domain.classes.size(); ++c) {
    bool same = true;
    for (const auto& comparison : comparisons_[index]) {
      if (EvalComparison(spec, comparison, given) != EvalComparison(spec, comparison, domain.classes[c])) {
        same = false;
        break;
      }
    }
    if (same) return static_cast<int>(c);
  }
  return -1;
}

Status DomainBuilder::Build(const Facts& facts, std::vector<FactDomain>* domains, bool unanswered_as_missing) const {
  domains->assign(unknown_.begin(), unknown_.end());
  if (unanswered_as_missing) {
    ClassValue missing;
    missing.missing = true;
    for (FactDomain& domain : *domains) {
      domain.classes = {missing};
      domain.weights = {1};
      domain.askable = false;
    }
  }
  for (const auto& [id, value] : facts) {
    int index = policy_.FindFact(id);
    if (index < 0) continue;  // a fact the policy does not use
    const FactSpec& spec = policy_.facts[index];
    if (Status status = CheckFactValue(spec, value, id); !status.ok()) return status;
    FactDomain& domain = (*domains)[index];
    if (value.kind == FactValue::Kind::kRange) {
      domain = RangeDomain(index, value.low, value.high);
      continue;
    }
    ClassValue known;
    known.number = value.number;
    known.text = value.text;
    known.boolean = value.boolean;
    domain.classes = {known};
    domain.weights = {1};
    domain.askable = false;
  }
  return Status::Ok();
}

}  // namespace leadgate::detail
