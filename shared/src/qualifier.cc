// The qualifier. Rules are grouped into independent blocks (rules that share
// no varying fact); each block's outcomes are tabulated once per decision for
// every partial assignment of its facts, so that a decision at any point of
// the form is a sum over blocks. The next question comes from an exact
// expected-cost search (memoised, branch and bound) over the relevant facts.
// The method is described in docs/qualifier.md.
#include "leadgate/qualifier.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "fact_domains.h"

namespace leadgate {
namespace {

// Points in fixed point (thousandths) so sums are exact whatever the order.
using Points = int64_t;
constexpr double kScale = 1000;
constexpr Points kNoPoints = std::numeric_limits<Points>::min() / 4;
Points ToFixed(double points) { return std::llround(points * kScale); }
double FromFixed(Points points) { return static_cast<double>(points) / kScale; }

// Exact search is used up to this many relevant unknown facts (the contract's
// bound), and beyond it while the state space stays this small.
constexpr int kExactFacts = 8;
constexpr double kExactStates = 1 << 16;
// Largest block (product of its facts' class counts) tabulated eagerly.
constexpr int64_t kEagerBlockWork = 1 << 22;
constexpr int64_t kMaxBlockAssignments = 1 << 22;
constexpr size_t kMaxSumset = 4096;

struct Summary {
  bool any_ok = false;    // some completion passes every gate of the block
  Points max_ok = 0;      // greatest points among those
  bool any_fail = false;  // some completion fails a gate
  Points min_all = std::numeric_limits<Points>::max();
  Points max_all = std::numeric_limits<Points>::min();

  void Add(bool ok, Points points) {
    if (ok) {
      max_ok = any_ok ? std::max(max_ok, points) : points;
      any_ok = true;
    } else {
      any_fail = true;
    }
    min_all = std::min(min_all, points);
    max_all = std::max(max_all, points);
  }
};

struct Block {
  std::vector<int> facts;  // varying facts, policy order
  std::vector<int> classes;
  std::vector<int64_t> stride;  // in the partial-assignment index (radix classes+1)
  std::vector<int> rules;
  int64_t full_count = 1;         // complete assignments
  std::vector<Summary> table;     // by partial-assignment index (eager)
  std::vector<char> full_ok;      // by complete-assignment index
  std::vector<Points> full_points;
  std::set<Points> ok_points;     // points of passing completions
  std::vector<char> always_holds;  // per rule of the block
};

// Sums of the blocks' summaries in the current state.
struct Totals {
  int blocks_without_ok = 0;
  int blocks_with_fail = 0;
  Points sum_max_ok = 0;
  Points sum_min_all = 0;
  Points sum_max_all = 0;

  void Apply(const Summary& summary, int sign) {
    blocks_without_ok += sign * (summary.any_ok ? 0 : 1);
    blocks_with_fail += sign * (summary.any_fail ? 1 : 0);
    sum_max_ok += sign * (summary.any_ok ? summary.max_ok : 0);
    sum_min_all += sign * summary.min_all;
    sum_max_all += sign * summary.max_all;
  }
};

void CollectFacts(const Condition& condition, std::vector<int>* facts) {
  if (condition.kind == Condition::Kind::kFact) {
    if (std::find(facts->begin(), facts->end(), condition.fact) == facts->end()) facts->push_back(condition.fact);
    return;
  }
  for (const auto& child : condition.children) CollectFacts(child, facts);
}

// Open addressing map from a state key to its expected cost; cleared in O(1)
// by bumping a generation stamp, so one table serves every decision.
class MemoTable {
 public:
  void Clear() {
    if (++generation_ == 0) {
      std::fill(stamps_.begin(), stamps_.end(), 0);
      generation_ = 1;
    }
    size_ = 0;
  }
  const double* Find(uint64_t key) const {
    if (stamps_.empty()) return nullptr;
    for (size_t i = Hash(key) & mask_;; i = (i + 1) & mask_) {
      if (stamps_[i] != generation_) return nullptr;
      if (keys_[i] == key) return &values_[i];
    }
  }
  void Put(uint64_t key, double value) {
    if ((size_ + 1) * 2 > stamps_.size()) Grow();
    size_t i = Hash(key) & mask_;
    while (stamps_[i] == generation_ && keys_[i] != key) i = (i + 1) & mask_;
    if (stamps_[i] != generation_) ++size_;
    stamps_[i] = generation_;
    keys_[i] = key;
    values_[i] = value;
  }

 private:
  static size_t Hash(uint64_t key) {
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdULL;
    key ^= key >> 33;
    return static_cast<size_t>(key);
  }
  void Grow() {
    std::vector<uint64_t> keys = std::move(keys_);
    std::vector<double> values = std::move(values_);
    std::vector<uint32_t> stamps = std::move(stamps_);
    size_t capacity = std::max<size_t>(1024, stamps.size() * 2);
    keys_.assign(capacity, 0);
    values_.assign(capacity, 0);
    stamps_.assign(capacity, 0);
    mask_ = capacity - 1;
    uint32_t old_generation = generation_;
    generation_ = 1;
    size_ = 0;
    for (size_t i = 0; i < stamps.size(); ++i)
      if (stamps[i] == old_generation) Put(keys[i], values[i]);
  }
  std::vector<uint64_t> keys_;
  std::vector<double> values_;
  std::vector<uint32_t> stamps_;
  size_t mask_ = 0;
  size_t size_ = 0;
  uint32_t generation_ = 1;
};

// Everything one decision works on; kept between decisions to reuse memory.
struct Workspace {
  explicit Workspace(const Policy& policy) : policy(policy), domain_builder(policy) {}

  const Policy& policy;
  detail::DomainBuilder domain_builder;
  std::vector<std::vector<int>> rule_facts;  // facts each rule reads
  std::vector<Points> rule_points;
  Points threshold = 0;

  // Per decision.
  std::vector<detail::FactDomain> domains;
  std::vector<Block> blocks;
  std::vector<int> block_of_fact;      // -1: in no block
  std::vector<int> position_in_block;  // index within its block's facts
  Points constant_points = 0;
  bool constant_fail = false;
  std::vector<char> constant_holds;  // per rule, for rules with no varying fact
  std::vector<int64_t> block_index;  // current partial index per block
  Totals totals;

  // Search.
  std::vector<int> candidates;  // relevant askable facts, policy order
  std::vector<uint64_t> key_stride;
  MemoTable memo;
};

}  // namespace

const char* DecisionName(Verdict decision) {
  switch (decision) {
    case Verdict::kQualified: return "qualified";
    case Verdict::kNotQualified: return "not_qualified";
    case Verdict::kUndecided: return "undecided";
  }
  return "?";
}

struct Qualifier::Scratch : Workspace {
  using Workspace::Workspace;
};

Qualifier::Qualifier(const Policy& policy) : policy_(policy), scratch_(std::make_unique<Scratch>(policy)) {
  Scratch& s = *scratch_;
  for (const auto& rule : policy.rules) {
    std::vector<int> facts;
    CollectFacts(rule.condition, &facts);
    std::sort(facts.begin(), facts.end());
    s.rule_facts.push_back(std::move(facts));
    s.rule_points.push_back(rule.effect == Effect::kPoints ? ToFixed(rule.points) : 0);
  }
  s.threshold = ToFixed(policy.mql_points);
}

Qualifier::~Qualifier() = default;

namespace {

bool Decided(const Totals& totals, Points constant_points, bool constant_fail, Points threshold, bool* qualified) {
  bool qualified_possible = !constant_fail && totals.blocks_without_ok == 0 &&
                            constant_points + totals.sum_max_ok >= threshold;
  bool not_qualified_possible =
      constant_fail || totals.blocks_with_fail > 0 || constant_points + totals.sum_min_all < threshold;
  if (qualified_possible && not_qualified_possible) return false;
  if (qualified) *qualified = qualified_possible;
  return true;
}

// Relative tolerance for comparing expected costs: ties go to the fact that
// comes first in the policy, whatever the order of floating-point sums.
// `expected` cannot beat `best` (equal within rounding counts as not better).
bool NotBetter(double expected, double best) {
  return std::isfinite(best) && expected >= best - 1e-9 * std::max(1.0, best);
}

// Moves fact `f` of the workspace to class `c` (or back when undo), keeping
// the block indices and totals current.
void Assign(Workspace& s, int f, int c, bool undo) {
  const int b = s.block_of_fact[f];
  Block& block = s.blocks[b];
  s.totals.Apply(block.table[s.block_index[b]], -1);
  s.block_index[b] += (undo ? -1 : 1) * (c + 1) * block.stride[s.position_in_block[f]];
  s.totals.Apply(block.table[s.block_index[b]], +1);
}

bool DecidedNow(const Workspace& s) {
  return Decided(s.totals, s.constant_points, s.constant_fail, s.threshold, nullptr);
}

// Least expected cost of the questions still to ask from the state `key`
// (mixed radix over the candidates: 0 unanswered, c+1 answered class c).
double Search(Workspace& s, uint64_t key, int* root_pick) {
  if (DecidedNow(s)) return 0;
  if (!root_pick)
    if (const double* known = s.memo.Find(key)) return *known;
  double best = std::numeric_limits<double>::infinity();
  int pick = -1;
  for (size_t i = 0; i < s.candidates.size(); ++i) {
    const int f = s.candidates[i];
    const detail::FactDomain& domain = s.domains[f];
    const int k = static_cast<int>(domain.classes.size());
    if ((key / s.key_stride[i]) % static_cast<uint64_t>(k + 1) != 0) continue;
    double expected = s.policy.facts[f].cost;
    if (NotBetter(expected, best)) continue;
    for (int c = 0; c < k; ++c) {
      if (domain.weights[c] == 0) continue;
      Assign(s, f, c, false);
      double child = Search(s, key + (c + 1) * s.key_stride[i], nullptr);
      Assign(s, f, c, true);
      expected += domain.weights[c] * child;
      if (NotBetter(expected, best)) break;  // cannot win; ties keep the earlier fact
    }
    if (!NotBetter(expected, best)) {
      best = expected;
      pick = static_cast<int>(i);
    }
  }
  if (pick < 0) best = 0;  // every candidate answered: nothing more to ask
  s.memo.Put(key, best);
  if (root_pick) *root_pick = pick;
  return best;
}

// Beyond the exact bound: the fact most likely to settle the decision at
// once, per unit of cost; ties to the narrower expected point range, then
// to policy order.
int GreedyPick(Workspace& s) {
  int pick = -1;
  double best_score = -1, best_span = 0;
  for (size_t i = 0; i < s.candidates.size(); ++i) {
    const int f = s.candidates[i];
    const detail::FactDomain& domain = s.domains[f];
    double settled = 0, span = 0;
    for (int c = 0; c < static_cast<int>(domain.classes.size()); ++c) {
      Assign(s, f, c, false);
      if (DecidedNow(s)) settled += domain.weights[c];
      span += domain.weights[c] * FromFixed(s.totals.sum_max_all - s.totals.sum_min_all);
      Assign(s, f, c, true);
    }
    double score = settled / s.policy.facts[f].cost;
    if (pick < 0 || score > best_score + 1e-12 || (std::fabs(score - best_score) <= 1e-12 && span < best_span - 1e-9)) {
      pick = static_cast<int>(i);
      best_score = score;
      best_span = span;
    }
  }
  return pick;
}

std::vector<Points> Sumset(const std::vector<Points>& a, const std::set<Points>& b, bool* exact) {
  std::set<Points> out;
  for (Points x : a)
    for (Points y : b) out.insert(x + y);
  if (out.size() > kMaxSumset) {
    // Too many distinct sums: keep the span (relevance then errs towards
    // asking; documented in docs/qualifier.md).
    *exact = false;
    return {*out.begin(), *out.rbegin()};
  }
  return std::vector<Points>(out.begin(), out.end());
}

}  // namespace

Result<Decision> Qualifier::Decide(const Facts& facts) {
  Scratch& s = *scratch_;
  const Policy& policy = policy_;
  if (Status status = s.domain_builder.Build(facts, &s.domains); !status.ok()) return status;
  const auto& domains = s.domains;
  const size_t fact_count = policy.facts.size();

  // 1. Blocks: varying facts joined by the rules that read them together.
  std::vector<int> parent(fact_count);
  for (size_t i = 0; i < fact_count; ++i) parent[i] = static_cast<int>(i);
  auto find = [&](int x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  std::vector<std::vector<int>> varying_of_rule(policy.rules.size());
  for (size_t r = 0; r < policy.rules.size(); ++r) {
    for (int f : s.rule_facts[r])
      if (domains[f].varying()) varying_of_rule[r].push_back(f);
    for (size_t i = 1; i < varying_of_rule[r].size(); ++i)
      parent[find(varying_of_rule[r][i])] = find(varying_of_rule[r][0]);
  }
  s.blocks.clear();
  s.block_of_fact.assign(fact_count, -1);
  s.position_in_block.assign(fact_count, -1);
  s.constant_points = 0;
  s.constant_fail = false;
  s.constant_holds.assign(policy.rules.size(), 0);
  std::vector<int> block_of_root(fact_count, -1);
  std::vector<detail::ClassValue const*> value_of(fact_count);
  for (size_t f = 0; f < fact_count; ++f) value_of[f] = &domains[f].classes[0];
  auto lookup = [&](int f) -> const detail::ClassValue& { return *value_of[f]; };

  for (size_t r = 0; r < policy.rules.size(); ++r) {
    const Rule& rule = policy.rules[r];
    if (varying_of_rule[r].empty()) {
      bool holds = detail::EvalCondition(policy, rule.condition, lookup);
      s.constant_holds[r] = holds;
      if (rule.effect == Effect::kPoints && holds) s.constant_points += s.rule_points[r];
      if (rule.effect == Effect::kDisqualify && holds) s.constant_fail = true;
      if (rule.effect == Effect::kRequire && !holds) s.constant_fail = true;
      continue;
    }
    int root = find(varying_of_rule[r][0]);
    if (block_of_root[root] < 0) {
      block_of_root[root] = static_cast<int>(s.blocks.size());
      s.blocks.emplace_back();
    }
    s.blocks[block_of_root[root]].rules.push_back(static_cast<int>(r));
  }
  for (size_t f = 0; f < fact_count; ++f) {
    if (!domains[f].varying() || block_of_root[find(static_cast<int>(f))] < 0) continue;
    int b = block_of_root[find(static_cast<int>(f))];
    s.block_of_fact[f] = b;
    s.position_in_block[f] = static_cast<int>(s.blocks[b].facts.size());
    s.blocks[b].facts.push_back(static_cast<int>(f));
  }

  // 2. Tabulate each block over its complete and partial assignments.
  for (Block& block : s.blocks) {
    const size_t m = block.facts.size();
    block.classes.resize(m);
    block.stride.resize(m);
    int64_t partial_count = 1;
    block.full_count = 1;
    for (size_t i = 0; i < m; ++i) {
      block.classes[i] = static_cast<int>(domains[block.facts[i]].classes.size());
      block.stride[i] = partial_count;
      partial_count *= block.classes[i] + 1;
      block.full_count *= block.classes[i];
      if (block.full_count > kMaxBlockAssignments)
        return Status::ResourceExhausted("rules that read facts together span more than " +
                                         std::to_string(kMaxBlockAssignments) + " combinations of answers");
    }
    const bool eager = block.full_count * (int64_t{1} << m) <= kEagerBlockWork;
    if (!eager)
      return Status::ResourceExhausted("rules that read " + std::to_string(m) + " facts together are too large to tabulate");
    block.table.assign(partial_count, Summary());
    block.full_ok.assign(block.full_count, 0);
    block.full_points.assign(block.full_count, 0);
    block.ok_points.clear();
    block.always_holds.assign(block.rules.size(), 1);
    std::vector<int> digit(m, 0);
    for (int64_t full = 0; full < block.full_count; ++full) {
      for (size_t i = 0; i < m; ++i) value_of[block.facts[i]] = &domains[block.facts[i]].classes[digit[i]];
      bool ok = true;
      Points points = 0;
      for (size_t j = 0; j < block.rules.size(); ++j) {
        int r = block.rules[j];
        bool holds = detail::EvalCondition(policy, policy.rules[r].condition, lookup);
        if (!holds) block.always_holds[j] = 0;
        switch (policy.rules[r].effect) {
          case Effect::kPoints: points += holds ? s.rule_points[r] : 0; break;
          case Effect::kDisqualify: ok = ok && !holds; break;
          case Effect::kRequire: ok = ok && holds; break;
        }
      }
      block.full_ok[full] = ok;
      block.full_points[full] = points;
      if (ok) block.ok_points.insert(points);
      for (uint32_t mask = 0; mask < (1u << m); ++mask) {
        int64_t index = 0;
        for (size_t i = 0; i < m; ++i)
          if (mask & (1u << i)) index += (digit[i] + 1) * block.stride[i];
        block.table[index].Add(ok, points);
      }
      for (size_t i = 0; i < m && ++digit[i] == block.classes[i]; ++i) digit[i] = 0;
    }
    for (size_t i = 0; i < m; ++i) value_of[block.facts[i]] = &domains[block.facts[i]].classes[0];
  }

  // 3. The decision and point range at the root.
  s.totals = Totals();
  s.block_index.assign(s.blocks.size(), 0);
  for (const Block& block : s.blocks) s.totals.Apply(block.table[0], +1);
  Decision decision;
  bool qualified = false;
  bool decided = Decided(s.totals, s.constant_points, s.constant_fail, s.threshold, &qualified);
  decision.decision = !decided ? Verdict::kUndecided : qualified ? Verdict::kQualified : Verdict::kNotQualified;
  decision.points_min = FromFixed(s.constant_points + s.totals.sum_min_all);
  decision.points_max = FromFixed(s.constant_points + s.totals.sum_max_all);
  std::vector<char> always(policy.rules.size(), 0);
  for (size_t r = 0; r < policy.rules.size(); ++r) always[r] = s.constant_holds[r];
  for (const Block& block : s.blocks)
    for (size_t j = 0; j < block.rules.size(); ++j) always[block.rules[j]] = block.always_holds[j];
  for (size_t r = 0; r < policy.rules.size(); ++r) {
    if (!always[r]) continue;
    const Rule& rule = policy.rules[r];
    decision.reasons.push_back(Reason{rule.id, rule.effect, rule.effect == Effect::kPoints ? rule.points : 0});
  }
  if (decided) return decision;

  // 4. Relevance: can a fact's answer change the outcome of some completion?
  // Other blocks contribute any sum from their passing completions.
  std::vector<std::vector<Points>> others(s.blocks.size());
  for (size_t b = 0; b < s.blocks.size(); ++b) {
    std::vector<Points> sums = {s.constant_points};
    bool exact = true;
    for (size_t o = 0; o < s.blocks.size() && !sums.empty(); ++o)
      if (o != b) sums = Sumset(sums, s.blocks[o].ok_points, &exact);
    others[b] = std::move(sums);
  }
  s.candidates.clear();
  for (size_t f = 0; f < fact_count; ++f) {
    if (!domains[f].askable || s.block_of_fact[f] < 0) continue;
    const Block& block = s.blocks[s.block_of_fact[f]];
    const std::vector<Points>& rest = others[s.block_of_fact[f]];
    if (rest.empty()) continue;
    const int position = s.position_in_block[f];
    int64_t full_stride = 1;
    for (int i = 0; i < position; ++i) full_stride *= block.classes[i];
    const int k = block.classes[position];
    bool relevant = false;
    for (int64_t full = 0; full < block.full_count && !relevant; ++full) {
      if ((full / full_stride) % k != 0) continue;  // visit each group once, at class 0
      bool any_fail = false, any_ok = false;
      Points low = 0, high = 0;
      for (int c = 0; c < k; ++c) {
        int64_t index = full + c * full_stride;
        if (!block.full_ok[index]) {
          any_fail = true;
          continue;
        }
        Points p = block.full_points[index];
        low = any_ok ? std::min(low, p) : p;
        high = any_ok ? std::max(high, p) : p;
        any_ok = true;
      }
      if (!any_ok) continue;
      if (any_fail && high + rest.back() >= s.threshold) relevant = true;
      // Some rest sum r with threshold - high <= r < threshold - low.
      auto it = std::lower_bound(rest.begin(), rest.end(), s.threshold - high);
      if (low < high && it != rest.end() && *it < s.threshold - low) relevant = true;
    }
    if (relevant) {
      s.candidates.push_back(static_cast<int>(f));
      decision.open_facts.push_back(policy.facts[f].id);
    }
  }
  if (s.candidates.empty()) return decision;

  // 5. The next question.
  double states = 1;
  s.key_stride.assign(s.candidates.size(), 0);
  uint64_t stride = 1;
  for (size_t i = 0; i < s.candidates.size(); ++i) {
    s.key_stride[i] = stride;
    int k = static_cast<int>(domains[s.candidates[i]].classes.size());
    stride *= static_cast<uint64_t>(k + 1);
    states *= k + 1;
  }
  bool exact = static_cast<int>(s.candidates.size()) <= kExactFacts || states <= kExactStates;
  if (states > 1.8e19) exact = false;
  int best = -1;
  double best_cost = 0;
  if (exact) {
    s.memo.Clear();
    best_cost = Search(s, 0, &best);
  } else {
    best = GreedyPick(s);
    decision.ask_exact = false;
  }
  decision.expected_cost = best_cost;
  if (best >= 0) decision.ask = policy.facts[s.candidates[best]].id;
  return decision;
}

}  // namespace leadgate
