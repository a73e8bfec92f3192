// Brute-force reference evaluator; see reference_evaluator.h.
#include "reference_evaluator.h"

#include <cmath>
#include <limits>
#include <map>

#include "fact_domains.h"

namespace leadgate::reference {
namespace {

struct Completion {
  bool qualified = false;
  double points = 0;
};

class BruteForce {
 public:
  BruteForce(const Policy& policy, std::vector<detail::FactDomain> domains)
      : policy_(policy), domains_(std::move(domains)) {
    for (size_t f = 0; f < domains_.size(); ++f)
      if (domains_[f].varying()) varying_.push_back(static_cast<int>(f));
  }

  // Evaluates every completion; returns false when there are too many.
  bool Enumerate() {
    int64_t count = 1;
    for (int f : varying_) {
      count *= static_cast<int64_t>(domains_[f].classes.size());
      if (count > (int64_t{1} << 24)) return false;
    }
    completions_.resize(count);
    holds_always_.assign(policy_.rules.size(), true);
    std::vector<int> digit(varying_.size(), 0);
    std::vector<const detail::ClassValue*> value(domains_.size());
    for (size_t f = 0; f < domains_.size(); ++f) value[f] = &domains_[f].classes[0];
    for (int64_t index = 0; index < count; ++index) {
      for (size_t i = 0; i < varying_.size(); ++i) value[varying_[i]] = &domains_[varying_[i]].classes[digit[i]];
      auto value_of = [&](int f) -> const detail::ClassValue& { return *value[f]; };
      bool gates_ok = true;
      double points = 0;
      for (size_t r = 0; r < policy_.rules.size(); ++r) {
        const Rule& rule = policy_.rules[r];
        bool holds = detail::EvalCondition(policy_, rule.condition, value_of);
        if (!holds) holds_always_[r] = false;
        if (rule.effect == Effect::kPoints && holds) points += rule.points;
        if (rule.effect == Effect::kDisqualify && holds) gates_ok = false;
        if (rule.effect == Effect::kRequire && !holds) gates_ok = false;
      }
      completions_[index] = Completion{gates_ok && points >= policy_.mql_points - 1e-9, points};
      for (size_t i = 0; i < varying_.size() && ++digit[i] == static_cast<int>(domains_[varying_[i]].classes.size());
           ++i)
        digit[i] = 0;
    }
    return true;
  }

  // The class of varying fact i in completion `index`.
  int ClassOf(int64_t index, size_t i) const {
    for (size_t j = 0; j < i; ++j) index /= static_cast<int64_t>(domains_[varying_[j]].classes.size());
    return static_cast<int>(index % static_cast<int64_t>(domains_[varying_[i]].classes.size()));
  }

  // Whether every completion consistent with `answers` (-1 = open) agrees.
  bool Decided(const std::vector<int>& answers) const {
    int seen = -1;
    for (int64_t index = 0; index < static_cast<int64_t>(completions_.size()); ++index) {
      bool consistent = true;
      for (size_t i = 0; i < varying_.size() && consistent; ++i)
        if (answers[i] >= 0 && ClassOf(index, i) != answers[i]) consistent = false;
      if (!consistent) continue;
      int q = completions_[index].qualified ? 1 : 0;
      if (seen >= 0 && seen != q) return false;
      seen = q;
    }
    return true;
  }

  bool Relevant(size_t i) const {
    int64_t stride = 1;
    for (size_t j = 0; j < i; ++j) stride *= static_cast<int64_t>(domains_[varying_[j]].classes.size());
    for (int64_t index = 0; index < static_cast<int64_t>(completions_.size()); ++index) {
      int own = ClassOf(index, i);
      int64_t base = index - own * stride;
      for (int c = 0; c < static_cast<int>(domains_[varying_[i]].classes.size()); ++c)
        if (completions_[base + c * stride].qualified != completions_[index].qualified) return true;
    }
    return false;
  }

  double Cost(std::vector<int>& answers, int* pick) {
    if (Decided(answers)) return 0;
    uint64_t key = 0;
    for (size_t i = 0; i < varying_.size(); ++i)
      key = key * (domains_[varying_[i]].classes.size() + 1) + static_cast<uint64_t>(answers[i] + 1);
    if (!pick) {
      auto it = memo_.find(key);
      if (it != memo_.end()) return it->second;
    }
    double best = std::numeric_limits<double>::infinity();
    int best_fact = -1;
    for (size_t i = 0; i < varying_.size(); ++i) {
      if (answers[i] >= 0 || !domains_[varying_[i]].askable) continue;
      double expected = policy_.facts[varying_[i]].cost;
      for (int c = 0; c < static_cast<int>(domains_[varying_[i]].classes.size()); ++c) {
        if (domains_[varying_[i]].weights[c] == 0) continue;
        answers[i] = c;
        expected += domains_[varying_[i]].weights[c] * Cost(answers, nullptr);
        answers[i] = -1;
      }
      if (!std::isfinite(best) || expected < best - 1e-9 * std::max(1.0, best)) {
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
  const std::vector<Completion>& completions() const { return completions_; }
  const std::vector<bool>& holds_always() const { return holds_always_; }

 private:
  const Policy& policy_;
  std::vector<detail::FactDomain> domains_;
  std::vector<int> varying_;
  std::vector<Completion> completions_;
  std::vector<bool> holds_always_;
  std::map<uint64_t, double> memo_;
};

}  // namespace

Result<Decision> Decide(const Policy& policy, const Facts& facts, bool pick_question) {
  detail::DomainBuilder builder(policy);
  std::vector<detail::FactDomain> domains;
  if (Status status = builder.Build(facts, &domains); !status.ok()) return status;
  std::vector<bool> askable(domains.size());
  for (size_t f = 0; f < domains.size(); ++f) askable[f] = domains[f].askable;
  BruteForce brute(policy, std::move(domains));
  if (!brute.Enumerate()) return Status::ResourceExhausted("too many completions for the reference");
  Decision decision;
  bool any_qualified = false, any_not = false;
  decision.points_min = std::numeric_limits<double>::infinity();
  decision.points_max = -std::numeric_limits<double>::infinity();
  for (const auto& completion : brute.completions()) {
    (completion.qualified ? any_qualified : any_not) = true;
    decision.points_min = std::min(decision.points_min, completion.points);
    decision.points_max = std::max(decision.points_max, completion.points);
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
  for (size_t i = 0; i < brute.varying().size(); ++i)
    if (askable[brute.varying()[i]] && brute.Relevant(i))
      decision.open_facts.push_back(policy.facts[brute.varying()[i]].id);
  if (pick_question && !decision.open_facts.empty()) {
    std::vector<int> answers(brute.varying().size(), -1);
    int pick = -1;
    decision.expected_cost = brute.Cost(answers, &pick);
    if (pick >= 0) decision.ask = policy.facts[pick].id;
  }
  return decision;
}

}  // namespace leadgate::reference
