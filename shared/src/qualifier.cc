// The qualifier. Rules are grouped into independent blocks (rules that share
// no varying fact); each block's outcomes are tabulated once per decision for
// every partial assignment of its facts, so that a decision at any point of
// the form is a sum over blocks. The next question comes from an exact
// expected-cost search (memoised, branch and bound) over the relevant facts.
// The method is described in docs/qualifier.md.
#include "leadgate/qualifier.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <set>
#include <unordered_map>

#include "fact_domains.h"
#include "point_sums.h"

namespace leadgate {
namespace {

// Points in fixed point (thousandths) so sums are exact whatever the order.
using Points = int64_t;
constexpr double kScale = 1000;
Points ToFixed(double points) { return std::llround(points * kScale); }
double FromFixed(Points points) { return static_cast<double>(points) / kScale; }

// Exact search is used up to this many relevant unknown facts (the contract's
// bound), and beyond it while the state space stays this small.
constexpr int kExactFacts = 8;
constexpr double kExactStates = 1 << 16;
// The exact search keys a state by one bit per candidate (StateKey::answered,
// whose two top bits are flags) and by the answers in mixed radix (classes+1
// per candidate) in a uint64_t: at most this many candidates, and fewer than
// kMaxKeyStates combined states (2^64 is about 1.845e19; the margin covers
// the rounding of the product, computed in double).
constexpr size_t kMaxSearchCandidates = 60;
static_assert(kMaxSearchCandidates <= 62, "bits 62 and 63 of StateKey::answered are flags");
constexpr double kMaxKeyStates = 1.8e19;
// Largest block (product of its facts' class counts) tabulated eagerly.
constexpr int64_t kEagerPartials = 1 << 15;
// Largest block at all (complete assignments); a larger one is refused.
constexpr int64_t kMaxBlockAssignments = 1 << 22;
// Every fact of a block has two classes or more, so a block has at most
// log2(kMaxBlockAssignments) facts: the size of ForEachConsistent's arrays.
constexpr int kMaxBlockFacts = 22;
static_assert(int64_t{1} << kMaxBlockFacts == kMaxBlockAssignments, "kMaxBlockFacts = log2(kMaxBlockAssignments)");

struct Summary {
  bool any_ok = false;    // some completion passes every gate of the block
  Points max_ok = 0;      // greatest points among those
  bool any_fail = false;  // some completion fails a gate
  Points min_all = std::numeric_limits<Points>::max();
  Points max_all = std::numeric_limits<Points>::min();

  void Merge(const Summary& other) {
    if (other.any_ok) {
      max_ok = any_ok ? std::max(max_ok, other.max_ok) : other.max_ok;
      any_ok = true;
    }
    any_fail = any_fail || other.any_fail;
    min_all = std::min(min_all, other.min_all);
    max_all = std::max(max_all, other.max_all);
  }

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
  int64_t full_count = 1;     // complete assignments
  int64_t partial_count = 1;  // partial assignments
  bool eager = true;
  std::vector<Summary> table;                 // by partial-assignment index (eager)
  std::unordered_map<int64_t, Summary> lazy;  // the same, filled on demand
  std::vector<char> full_ok;                  // by complete-assignment index
  std::vector<Points> full_points;
  std::vector<Points> ok_points;                                  // distinct points of passing completions, sorted
  std::vector<char> always_holds;                                 // per rule of the block, over every completion
  std::vector<std::vector<char>> rule_truth;                      // per rule: over its own facts
  std::vector<std::vector<std::pair<int, int64_t>>> rule_digits;  // per rule: (position, stride)
};

// Sums of the blocks' summaries in the current state.
struct Totals {
  int blocks_without_ok = 0;
  int blocks_with_fail = 0;
  Points sum_max_ok = 0;
  Points sum_min_all = 0;
  Points sum_max_all = 0;

  // Adds (sign +1) or removes (-1) another set of totals.
  void Add(const Totals& other, int sign) {
    blocks_without_ok += sign * other.blocks_without_ok;
    blocks_with_fail += sign * other.blocks_with_fail;
    sum_max_ok += sign * other.sum_max_ok;
    sum_min_all += sign * other.sum_min_all;
    sum_max_all += sign * other.sum_max_all;
  }

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

// What the rest of the search depends on: which candidates are answered,
// the answers in blocks that still have open candidates, and the sums of the
// blocks that are complete (their individual answers no longer matter).
struct StateKey {
  uint64_t answered = 0;  // bit i: candidate i answered; bits 62, 63: flags
  uint64_t partial = 0;   // answers inside incomplete blocks (mixed radix)
  int64_t max_ok = 0;     // complete blocks: sum of greatest passing points
  int64_t min_all = 0;    // complete blocks: sum of least points
  bool operator==(const StateKey& o) const {
    return answered == o.answered && partial == o.partial && max_ok == o.max_ok && min_all == o.min_all;
  }
};

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
  const double* Find(const StateKey& key) const {
    if (stamps_.empty()) return nullptr;
    for (size_t i = Hash(key) & mask_;; i = (i + 1) & mask_) {
      if (stamps_[i] != generation_) return nullptr;
      if (keys_[i] == key) return &values_[i];
    }
  }
  void Put(const StateKey& key, double value) {
    if ((size_ + 1) * 2 > stamps_.size()) Grow();
    size_t i = Hash(key) & mask_;
    while (stamps_[i] == generation_ && !(keys_[i] == key)) i = (i + 1) & mask_;
    if (stamps_[i] != generation_) ++size_;
    stamps_[i] = generation_;
    keys_[i] = key;
    values_[i] = value;
  }

 private:
  static size_t Hash(const StateKey& state) {
    uint64_t key = state.answered * 0x9e3779b97f4a7c15ULL ^ state.partial;
    key = (key ^ static_cast<uint64_t>(state.max_ok)) * 0xff51afd7ed558ccdULL;
    key ^= static_cast<uint64_t>(state.min_all) + (key >> 29);
    key ^= key >> 33;
    key *= 0xc4ceb9fe1a85ec53ULL;
    key ^= key >> 33;
    return static_cast<size_t>(key);
  }
  void Grow() {
    std::vector<StateKey> keys = std::move(keys_);
    std::vector<double> values = std::move(values_);
    std::vector<uint32_t> stamps = std::move(stamps_);
    size_t capacity = std::max<size_t>(1024, stamps.size() * 2);
    keys_.assign(capacity, StateKey());
    values_.assign(capacity, 0);
    stamps_.assign(capacity, 0);
    mask_ = capacity - 1;
    uint32_t old_generation = generation_;
    generation_ = 1;
    size_ = 0;
    for (size_t i = 0; i < stamps.size(); ++i)
      if (stamps[i] == old_generation) Put(keys[i], values[i]);
  }
  std::vector<StateKey> keys_;
  std::vector<double> values_;
  std::vector<uint32_t> stamps_;
  size_t mask_ = 0;
  size_t size_ = 0;
  uint32_t generation_ = 1;
};

// Fills every partial assignment's summary from the complete ones: a zeta
// transform, one fact at a time (an open digit merges its answered ones).
void TabulatePartials(Block& block) {
  block.table.assign(block.partial_count, Summary());
  const size_t m = block.facts.size();
  std::vector<int> digit(m, 0);
  for (int64_t full = 0; full < block.full_count; ++full) {
    int64_t index = 0;
    for (size_t i = 0; i < m; ++i) index += (digit[i] + 1) * block.stride[i];
    block.table[index].Add(block.full_ok[full], block.full_points[full]);
    for (size_t i = 0; i < m && ++digit[i] == block.classes[i]; ++i) digit[i] = 0;
  }
  for (size_t i = 0; i < m; ++i) {
    const int64_t stride = block.stride[i];
    const int64_t radix = block.classes[i] + 1;
    for (int64_t index = 0; index < block.partial_count; ++index) {
      if ((index / stride) % radix != 0) continue;
      for (int c = 1; c < radix; ++c) block.table[index].Merge(block.table[index + c * stride]);
    }
  }
}

// Calls visit(full) for every complete assignment of the block consistent
// with a partial one (digit 0 open, c+1 class c).
template <typename Visit>
void ForEachConsistent(const Block& block, int64_t partial, const Visit& visit) {
  const size_t m = block.facts.size();
  assert(m <= static_cast<size_t>(kMaxBlockFacts));
  int open[kMaxBlockFacts];
  int64_t open_stride[kMaxBlockFacts];
  size_t open_count = 0;
  int64_t base = 0, full_stride = 1;
  for (size_t i = 0; i < m; ++i) {
    const int fixed = static_cast<int>((partial / block.stride[i]) % (block.classes[i] + 1));
    if (fixed == 0) {
      open[open_count] = block.classes[i];
      open_stride[open_count++] = full_stride;
    } else {
      base += (fixed - 1) * full_stride;
    }
    full_stride *= block.classes[i];
  }
  int digit[kMaxBlockFacts] = {0};
  for (;;) {
    int64_t full = base;
    for (size_t j = 0; j < open_count; ++j) full += digit[j] * open_stride[j];
    visit(full);
    size_t j = 0;
    for (; j < open_count && ++digit[j] == open[j]; ++j) digit[j] = 0;
    if (j == open_count) break;
  }
}

// The summary of a partial assignment of a block (digit 0 open, c+1 class c).
const Summary& SummaryAt(Block& block, int64_t partial) {
  if (block.eager) return block.table[partial];
  auto it = block.lazy.find(partial);
  if (it != block.lazy.end()) return it->second;
  Summary summary;
  ForEachConsistent(block, partial, [&](int64_t full) { summary.Add(block.full_ok[full], block.full_points[full]); });
  return block.lazy.emplace(partial, summary).first->second;
}

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
  std::vector<int> open_candidates;                                // per block: candidates not yet answered
  Totals complete;                                                 // sums over blocks with no open candidate
  std::vector<std::vector<std::pair<int, double>>> answer_groups;  // per candidate: (class, weight)
  // Candidates alone in their block: answering one adds a fixed change to
  // the totals (delta) and completes its block (after).
  uint64_t alone_mask = 0;
  std::vector<std::vector<Totals>> group_delta, group_after;
  MemoTable memo;
  detail::OtherBlockSums other_sums;
  bool exact = true;

  // The prepared facts and the current state, so that the next decision on
  // the same facts plus answers to candidate questions (a form's next answer)
  // moves the state instead of starting over, reusing every table and
  // memoised cost.
  bool prepared = false;
  Facts base_facts;             // the facts the tables were prepared for
  bool base_missing = false;    // ... and DecideOptions::unanswered_as_missing
  uint64_t state_key = 0;       // mixed radix over the candidates
  uint64_t state_answered = 0;  // bit i: candidate i answered
};

}  // namespace

const char* DecisionName(Verdict decision) {
  switch (decision) {
    case Verdict::kQualified:
      return "qualified";
    case Verdict::kNotQualified:
      return "not_qualified";
    case Verdict::kUndecided:
      return "undecided";
  }
  return "?";
}

std::optional<Verdict> ParseDecisionName(std::string_view name) {
  for (Verdict verdict : {Verdict::kQualified, Verdict::kNotQualified, Verdict::kUndecided})
    if (name == DecisionName(verdict)) return verdict;
  return std::nullopt;
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
  bool qualified_possible =
      !constant_fail && totals.blocks_without_ok == 0 && constant_points + totals.sum_max_ok >= threshold;
  bool not_qualified_possible =
      constant_fail || totals.blocks_with_fail > 0 || constant_points + totals.sum_min_all < threshold;
  if (qualified_possible && not_qualified_possible) return false;
  if (qualified) *qualified = qualified_possible;
  return true;
}

// Relative tolerance for comparing expected costs: ties go to the fact that
// comes first in the policy, whatever the order of floating-point sums.

// Moves fact `f` of the workspace to class `c` (or back when undo), keeping
// the block indices and totals current.
void Assign(Workspace& s, int f, int c, bool undo) {
  const int b = s.block_of_fact[f];
  Block& block = s.blocks[b];
  if (undo && s.open_candidates[b]++ == 0) s.complete.Apply(SummaryAt(block, s.block_index[b]), -1);
  s.totals.Apply(SummaryAt(block, s.block_index[b]), -1);
  s.block_index[b] += (undo ? -1 : 1) * (c + 1) * block.stride[s.position_in_block[f]];
  const Summary& now = SummaryAt(block, s.block_index[b]);
  s.totals.Apply(now, +1);
  if (!undo && --s.open_candidates[b] == 0) s.complete.Apply(now, +1);
}

// Answers candidate i with its answer group g (sign +1), or takes it back (-1).
void Answer(Workspace& s, int i, size_t g, int sign) {
  if (s.alone_mask >> i & 1) {
    s.totals.Add(s.group_delta[i][g], sign);
    s.complete.Add(s.group_after[i][g], sign);
    return;
  }
  Assign(s, s.candidates[i], s.answer_groups[i][g].first, sign < 0);
}

StateKey KeyOf(const Workspace& s, uint64_t assignment, uint64_t answered) {
  StateKey key;
  key.answered = answered;
  if (s.complete.blocks_with_fail > 0) key.answered |= uint64_t{1} << 63;
  if (s.complete.blocks_without_ok > 0) key.answered |= uint64_t{1} << 62;
  key.max_ok = s.complete.sum_max_ok;
  key.min_all = s.complete.sum_min_all;
  const uint64_t partial = answered & ~s.alone_mask;
  for (size_t i = 0; partial && i < s.candidates.size(); ++i) {
    if (!(partial & (uint64_t{1} << i)) || s.open_candidates[s.block_of_fact[s.candidates[i]]] == 0) continue;
    const uint64_t radix = s.domains[s.candidates[i]].classes.size() + 1;
    key.partial += ((assignment / s.key_stride[i]) % radix) * s.key_stride[i];
  }
  return key;
}

bool DecidedNow(const Workspace& s) {
  return Decided(s.totals, s.constant_points, s.constant_fail, s.threshold, nullptr);
}

// Whether a candidate whose expected cost is at least `bound` can still
// beat the best so far: strictly cheaper, or as cheap and earlier in the
// policy (ties go to the fact that comes first).
bool CanBeat(double bound, int index, double best, int best_index) {
  if (best_index < 0) return true;
  const double tolerance = 1e-9 * std::max(1.0, best);
  if (bound < best - tolerance) return true;
  return bound <= best + tolerance && index < best_index;
}

// Least expected cost of the questions still to ask from the state `key`
// (mixed radix over the candidates: 0 unanswered, c+1 answered class c).
// Branch and bound: every candidate first gets a lower bound (its cost, plus
// the cheapest further question for each answer that leaves it undecided);
// candidates are tried from the lowest bound, and abandoned once the bound,
// tightened answer by answer, cannot beat the best.
double Search(Workspace& s, uint64_t key, uint64_t answered, int* root_pick) {
  if (DecidedNow(s)) return 0;
  const StateKey state = KeyOf(s, key, answered);
  if (!root_pick)
    if (const double* known = s.memo.Find(state)) return *known;
  struct Option {
    int index;
    double bound;
    uint64_t settles;  // bit g: answer group g decides at once
  };
  assert(s.candidates.size() <= kMaxSearchCandidates);
  Option options[kMaxSearchCandidates];
  int count = 0;
  // The two cheapest open questions: after asking one, the other is the
  // cheapest that can follow.
  double cheapest = std::numeric_limits<double>::infinity(), second = cheapest;
  for (size_t i = 0; i < s.candidates.size(); ++i) {
    if (answered & (uint64_t{1} << i)) continue;
    const double cost = s.policy.facts[s.candidates[i]].cost;
    if (cost < cheapest) {
      second = cheapest;
      cheapest = cost;
    } else if (cost < second) {
      second = cost;
    }
    options[count++] = Option{static_cast<int>(i), 0, 0};
  }
  for (int o = 0; o < count; ++o) {
    const int i = options[o].index;
    const int f = s.candidates[i];
    const double cost = s.policy.facts[f].cost;
    const double further = count > 1 ? (cost == cheapest ? second : cheapest) : 0;
    double bound = cost;
    const auto& groups = s.answer_groups[i];
    for (size_t g = 0; g < groups.size(); ++g) {
      Answer(s, i, g, +1);
      const bool settled = DecidedNow(s);
      Answer(s, i, g, -1);
      if (settled && g < 64) options[o].settles |= uint64_t{1} << g;
      if (!settled) bound += groups[g].second * further;
    }
    options[o].bound = bound;
  }
  std::sort(options, options + count, [](const Option& a, const Option& b) {
    return a.bound != b.bound ? a.bound < b.bound : a.index < b.index;
  });
  double best = std::numeric_limits<double>::infinity();
  int pick = -1;
  for (int o = 0; o < count; ++o) {
    const int i = options[o].index;
    double bound = options[o].bound;
    if (!CanBeat(bound, i, best, pick)) continue;
    const int f = s.candidates[i];
    const double cost = s.policy.facts[f].cost;
    const double further = count > 1 ? (cost == cheapest ? second : cheapest) : 0;
    const auto& groups = s.answer_groups[i];
    bool abandoned = false;
    for (size_t g = 0; g < groups.size(); ++g) {
      if (g < 64 && (options[o].settles >> g & 1)) continue;
      const int c = groups[g].first;
      Answer(s, i, g, +1);
      const double child = Search(s, key + (c + 1) * s.key_stride[i], answered | (uint64_t{1} << i), nullptr);
      Answer(s, i, g, -1);
      bound += groups[g].second * (child - further);
      if (!CanBeat(bound, i, best, pick)) {
        abandoned = true;
        break;
      }
    }
    if (!abandoned) {
      best = bound;
      pick = i;
    }
  }
  if (pick < 0) best = 0;  // every candidate answered: nothing more to ask
  s.memo.Put(state, best);
  if (root_pick) *root_pick = pick;
  return best;
}

// Answers that leave the search in the same state are explored once: for a
// question alone among the open questions of its block, classes whose block
// summary is the same are merged (weights added).
void GroupAnswers(Workspace& s) {
  s.answer_groups.assign(s.candidates.size(), {});
  for (size_t i = 0; i < s.candidates.size(); ++i) {
    const int f = s.candidates[i];
    const int b = s.block_of_fact[f];
    const detail::FactDomain& domain = s.domains[f];
    auto& groups = s.answer_groups[i];
    for (int c = 0; c < static_cast<int>(domain.classes.size()); ++c) {
      if (domain.weights[c] == 0) continue;
      bool merged = false;
      if (s.open_candidates[b] == 1) {
        Block& block = s.blocks[b];
        const int64_t stride = block.stride[s.position_in_block[f]];
        const Summary mine = SummaryAt(block, s.block_index[b] + (c + 1) * stride);
        for (auto& group : groups) {
          const Summary& other = SummaryAt(block, s.block_index[b] + (group.first + 1) * stride);
          if (mine.any_ok == other.any_ok && mine.any_fail == other.any_fail && mine.min_all == other.min_all &&
              (!mine.any_ok || mine.max_ok == other.max_ok)) {
            group.second += domain.weights[c];
            merged = true;
            break;
          }
        }
      }
      if (!merged) groups.push_back({c, domain.weights[c]});
    }
  }
  s.alone_mask = 0;
  s.group_delta.assign(s.candidates.size(), {});
  s.group_after.assign(s.candidates.size(), {});
  for (size_t i = 0; i < s.candidates.size() && i < 64; ++i) {
    const int f = s.candidates[i];
    const int b = s.block_of_fact[f];
    if (s.open_candidates[b] != 1) continue;
    s.alone_mask |= uint64_t{1} << i;
    Block& block = s.blocks[b];
    Totals before;
    before.Apply(SummaryAt(block, s.block_index[b]), +1);
    for (const auto& group : s.answer_groups[i]) {
      Totals after;
      after.Apply(SummaryAt(block, s.block_index[b] + (group.first + 1) * block.stride[s.position_in_block[f]]), +1);
      Totals delta = after;
      delta.Add(before, -1);
      s.group_delta[i].push_back(delta);
      s.group_after[i].push_back(after);
    }
  }
}

// Beyond the exact bound: the fact most likely to settle the decision at
// once, per unit of cost; ties to the narrower expected point range, then
// to policy order.
int GreedyPick(Workspace& s, const std::vector<int>& open) {
  int pick = -1;
  double best_score = -1, best_span = 0;
  for (size_t i = 0; i < s.candidates.size(); ++i) {
    const int f = s.candidates[i];
    if (std::find(open.begin(), open.end(), f) == open.end()) continue;
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

}  // namespace

namespace {

bool SameValue(const FactValue& a, const FactValue& b) {
  return a.kind == b.kind && a.number == b.number && a.low == b.low && a.high == b.high && a.text == b.text &&
         a.boolean == b.boolean;
}

// The relevant askable facts at the current state: those whose answer can
// change the outcome of some completion. Other blocks contribute any sum
// from their passing completions (consistent with the state).
std::vector<int> Relevance(Workspace& s) {
  std::vector<int> relevant;
  std::vector<std::vector<Points>> ok_points(s.blocks.size());
  for (size_t b = 0; b < s.blocks.size(); ++b) {
    if (s.block_index[b] == 0) {
      ok_points[b] = s.blocks[b].ok_points;
      continue;
    }
    const Block& block = s.blocks[b];
    ForEachConsistent(block, s.block_index[b], [&](int64_t full) {
      if (block.full_ok[full]) ok_points[b].push_back(block.full_points[full]);
    });
    std::sort(ok_points[b].begin(), ok_points[b].end());
    ok_points[b].erase(std::unique(ok_points[b].begin(), ok_points[b].end()), ok_points[b].end());
  }
  s.other_sums.Build(ok_points, s.constant_points);
  for (size_t f = 0; f < s.domains.size(); ++f) {
    if (!s.domains[f].askable || s.block_of_fact[f] < 0) continue;
    const size_t b = static_cast<size_t>(s.block_of_fact[f]);
    const Block& block = s.blocks[b];
    const int position = s.position_in_block[f];
    if ((s.block_index[b] / block.stride[position]) % (block.classes[position] + 1) != 0) continue;  // answered
    if (!s.other_sums.Reachable(b)) continue;
    int64_t full_stride = 1;
    for (int i = 0; i < position; ++i) full_stride *= block.classes[i];
    const int k = block.classes[position];
    bool is_relevant = false;
    ForEachConsistent(block, s.block_index[b], [&](int64_t full) {
      if (is_relevant || (full / full_stride) % k != 0) return;  // each group once, at class 0
      bool any_fail = false, any_ok = false;
      Points low = 0, high = 0;
      for (int c = 0; c < k; ++c) {
        const int64_t index = full + c * full_stride;
        if (!block.full_ok[index]) {
          any_fail = true;
          continue;
        }
        const Points p = block.full_points[index];
        low = any_ok ? std::min(low, p) : p;
        high = any_ok ? std::max(high, p) : p;
        any_ok = true;
      }
      if (!any_ok) return;
      if (any_fail && high + s.other_sums.Max(b) >= s.threshold) is_relevant = true;
      // Some other sum r with threshold - high <= r < threshold - low.
      if (low < high && s.other_sums.AnyIn(b, s.threshold - high, s.threshold - low)) is_relevant = true;
    });
    if (is_relevant) relevant.push_back(static_cast<int>(f));
  }
  return relevant;
}

// Rules that hold in every completion consistent with the state.
std::vector<char> AlwaysHolding(Workspace& s) {
  std::vector<char> always(s.policy.rules.size(), 0);
  for (size_t r = 0; r < s.policy.rules.size(); ++r) always[r] = s.constant_holds[r];
  for (size_t b = 0; b < s.blocks.size(); ++b) {
    const Block& block = s.blocks[b];
    if (s.block_index[b] == 0) {
      for (size_t j = 0; j < block.rules.size(); ++j) always[block.rules[j]] = block.always_holds[j];
      continue;
    }
    std::vector<char> holds(block.rules.size(), 1);
    ForEachConsistent(block, s.block_index[b], [&](int64_t full) {
      for (size_t j = 0; j < block.rules.size(); ++j) {
        if (!holds[j]) continue;
        int64_t index = 0;
        for (const auto& [position, stride] : block.rule_digits[j]) {
          int64_t digit = full;
          for (int i = 0; i < position; ++i) digit /= block.classes[i];
          index += (digit % block.classes[position]) * stride;
        }
        if (!block.rule_truth[j][index]) holds[j] = 0;
      }
    });
    for (size_t j = 0; j < block.rules.size(); ++j) always[block.rules[j]] = holds[j];
  }
  return always;
}

// Puts the search back at the root state of the prepared facts.
void ResetToRoot(Workspace& s) {
  s.block_index.assign(s.blocks.size(), 0);
  s.totals = Totals();
  for (Block& block : s.blocks) s.totals.Apply(SummaryAt(block, 0), +1);
  s.open_candidates.assign(s.blocks.size(), 0);
  for (int f : s.candidates) ++s.open_candidates[s.block_of_fact[f]];
  s.complete = Totals();
  for (size_t b = 0; b < s.blocks.size(); ++b)
    if (s.open_candidates[b] == 0) s.complete.Apply(SummaryAt(s.blocks[b], 0), +1);
  s.state_key = 0;
  s.state_answered = 0;
}

// Reuses the prepared tables when `facts` are the facts they were built for
// plus answers to candidate questions (a form's next answer, a changed
// answer, or another lead with the same known facts): the state moves from
// the root by those answers, and every memoised cost stays valid. False when
// a fresh start is needed (a prepared fact changed, a non-candidate fact was
// given, or an answer spans several classes).
bool Advance(Workspace& s, const Facts& facts, bool unanswered_as_missing) {
  if (!s.prepared || s.base_missing != unanswered_as_missing) return false;
  for (const auto& [id, value] : s.base_facts) {
    auto it = facts.find(id);
    if (it == facts.end() || !SameValue(it->second, value)) return false;
  }
  std::vector<std::pair<int, int>> moves;  // (candidate, class)
  for (const auto& [id, value] : facts) {
    if (s.base_facts.count(id)) continue;
    const int f = s.policy.FindFact(id);
    if (f < 0) continue;  // not used by the policy: the fresh path ignores it too
    auto at = std::find(s.candidates.begin(), s.candidates.end(), f);
    if (at == s.candidates.end()) return false;
    const int c = s.domain_builder.ClassOf(f, s.domains[f], value);
    if (c < 0) return false;
    moves.push_back({static_cast<int>(at - s.candidates.begin()), c});
  }
  ResetToRoot(s);
  for (const auto& [i, c] : moves) {
    Assign(s, s.candidates[i], c, false);
    s.state_key += static_cast<uint64_t>(c + 1) * s.key_stride[i];
    s.state_answered |= uint64_t{1} << i;
  }
  return true;
}

// Each rule's varying facts (those with more than one class), in fact order.
std::vector<std::vector<int>> VaryingFactsOfRules(const Workspace& s) {
  std::vector<std::vector<int>> varying_of_rule(s.policy.rules.size());
  for (size_t rule = 0; rule < s.policy.rules.size(); ++rule)
    for (int fact : s.rule_facts[rule])
      if (s.domains[fact].varying()) varying_of_rule[rule].push_back(fact);
  return varying_of_rule;
}

// The value each fact takes while conditions are evaluated: its first class
// unless a step sets another. Passed to detail::EvalCondition as value_of.
class ClassValues {
 public:
  explicit ClassValues(const std::vector<detail::FactDomain>& domains) : domains_(domains), value_(domains.size()) {
    for (size_t fact = 0; fact < domains.size(); ++fact) Set(static_cast<int>(fact), 0);
  }
  void Set(int fact, int class_index) { value_[fact] = &domains_[fact].classes[class_index]; }
  const detail::ClassValue& operator()(int fact) const { return *value_[fact]; }

 private:
  const std::vector<detail::FactDomain>& domains_;
  std::vector<const detail::ClassValue*> value_;
};

// Step 1. Groups the varying facts into blocks (facts joined by the rules
// that read them together, found by union-find) and gives each block its
// rules. Rules with no varying fact are evaluated once, into the constant
// points, gates and holds.
void BuildBlocks(Workspace& s, const std::vector<std::vector<int>>& varying_of_rule) {
  const Policy& policy = s.policy;
  const size_t fact_count = policy.facts.size();
  std::vector<int> parent(fact_count);
  for (size_t fact = 0; fact < fact_count; ++fact) parent[fact] = static_cast<int>(fact);
  auto root_of = [&](int fact) {
    while (parent[fact] != fact) fact = parent[fact] = parent[parent[fact]];
    return fact;
  };
  for (const std::vector<int>& varying : varying_of_rule)
    for (size_t i = 1; i < varying.size(); ++i) parent[root_of(varying[i])] = root_of(varying[0]);

  s.blocks.clear();
  s.block_of_fact.assign(fact_count, -1);
  s.position_in_block.assign(fact_count, -1);
  s.constant_points = 0;
  s.constant_fail = false;
  s.constant_holds.assign(policy.rules.size(), 0);
  const ClassValues values(s.domains);
  std::vector<int> block_of_root(fact_count, -1);
  for (size_t rule = 0; rule < policy.rules.size(); ++rule) {
    if (varying_of_rule[rule].empty()) {
      const Effect effect = policy.rules[rule].effect;
      const bool holds = detail::EvalCondition(policy, policy.rules[rule].condition, values);
      s.constant_holds[rule] = holds;
      if (effect == Effect::kPoints && holds) s.constant_points += s.rule_points[rule];
      if (effect == Effect::kDisqualify && holds) s.constant_fail = true;
      if (effect == Effect::kRequire && !holds) s.constant_fail = true;
      continue;
    }
    const int root = root_of(varying_of_rule[rule][0]);
    if (block_of_root[root] < 0) {
      block_of_root[root] = static_cast<int>(s.blocks.size());
      s.blocks.emplace_back();
    }
    s.blocks[block_of_root[root]].rules.push_back(static_cast<int>(rule));
  }
  for (size_t fact = 0; fact < fact_count; ++fact) {
    if (!s.domains[fact].varying()) continue;
    const int block_id = block_of_root[root_of(static_cast<int>(fact))];
    if (block_id < 0) continue;
    s.block_of_fact[fact] = block_id;
    s.position_in_block[fact] = static_cast<int>(s.blocks[block_id].facts.size());
    s.blocks[block_id].facts.push_back(static_cast<int>(fact));
  }
}

// Step 2a. The block's class counts, strides and assignment counts;
// ResourceExhausted beyond kMaxBlockAssignments complete assignments.
Status SizeBlock(const Workspace& s, Block& block) {
  const size_t fact_count = block.facts.size();
  block.classes.resize(fact_count);
  block.stride.resize(fact_count);
  block.partial_count = 1;
  block.full_count = 1;
  for (size_t i = 0; i < fact_count; ++i) {
    block.classes[i] = static_cast<int>(s.domains[block.facts[i]].classes.size());
    block.stride[i] = block.partial_count;
    block.partial_count *= block.classes[i] + 1;
    block.full_count *= block.classes[i];
    if (block.full_count > kMaxBlockAssignments)
      return Status::ResourceExhausted("rules that read facts together span more than " +
                                       std::to_string(kMaxBlockAssignments) + " combinations of answers");
  }
  // Every fact of a block varies (two classes or more), so this follows.
  assert(fact_count <= static_cast<size_t>(kMaxBlockFacts));
  return Status::Ok();
}

// Step 2b. The truth table of each rule of the block over its own varying
// facts (mixed radix in varying_of_rule order), and where each of those
// facts sits in the block.
void TabulateRuleTruth(const Workspace& s, const std::vector<std::vector<int>>& varying_of_rule, Block& block) {
  const Policy& policy = s.policy;
  block.rule_truth.assign(block.rules.size(), {});
  block.rule_digits.assign(block.rules.size(), {});
  ClassValues values(s.domains);
  for (size_t j = 0; j < block.rules.size(); ++j) {
    const std::vector<int>& facts = varying_of_rule[block.rules[j]];
    int64_t size = 1;
    for (int fact : facts) {
      block.rule_digits[j].push_back({s.position_in_block[fact], size});
      size *= static_cast<int64_t>(s.domains[fact].classes.size());
    }
    std::vector<char>& truth = block.rule_truth[j];
    truth.resize(size);
    std::vector<int> digit(facts.size(), 0);
    for (int64_t index = 0; index < size; ++index) {
      for (size_t i = 0; i < digit.size(); ++i) values.Set(facts[i], digit[i]);
      truth[index] = detail::EvalCondition(policy, policy.rules[block.rules[j]].condition, values);
      for (size_t i = 0; i < digit.size() && ++digit[i] == static_cast<int>(s.domains[facts[i]].classes.size()); ++i)
        digit[i] = 0;
    }
    for (int fact : facts) values.Set(fact, 0);
  }
}

// Step 2c. Every complete assignment of the block: whether it passes the
// block's gates and its points, the distinct points of passing ones, and
// which rules hold in all. Walks the assignments like an odometer, keeping
// each rule's index into its truth table current as digits turn.
void TabulateCompletions(const Workspace& s, Block& block) {
  const Policy& policy = s.policy;
  const size_t fact_count = block.facts.size();
  block.full_ok.assign(block.full_count, 0);
  block.full_points.assign(block.full_count, 0);
  block.ok_points.clear();
  block.always_holds.assign(block.rules.size(), 1);
  block.lazy.clear();
  std::vector<std::vector<std::pair<size_t, int64_t>>> rules_of_position(fact_count);  // (rule, stride)
  for (size_t j = 0; j < block.rules.size(); ++j)
    for (const auto& [position, stride] : block.rule_digits[j]) rules_of_position[position].push_back({j, stride});
  std::vector<int64_t> rule_index(block.rules.size(), 0);
  std::vector<int> digit(fact_count, 0);
  for (int64_t full = 0; full < block.full_count; ++full) {
    bool ok = true;
    Points points = 0;
    for (size_t j = 0; j < block.rules.size(); ++j) {
      const bool holds = block.rule_truth[j][rule_index[j]];
      const int rule = block.rules[j];
      if (!holds) block.always_holds[j] = 0;
      switch (policy.rules[rule].effect) {
        case Effect::kPoints:
          points += holds ? s.rule_points[rule] : 0;
          break;
        case Effect::kDisqualify:
          ok = ok && !holds;
          break;
        case Effect::kRequire:
          ok = ok && holds;
          break;
      }
    }
    block.full_ok[full] = ok;
    block.full_points[full] = points;
    if (ok) block.ok_points.push_back(points);
    for (size_t i = 0; i < fact_count; ++i) {
      if (++digit[i] < block.classes[i]) {
        for (const auto& [j, stride] : rules_of_position[i]) rule_index[j] += stride;
        break;
      }
      digit[i] = 0;
      for (const auto& [j, stride] : rules_of_position[i]) rule_index[j] -= (block.classes[i] - 1) * stride;
    }
  }
  std::sort(block.ok_points.begin(), block.ok_points.end());
  block.ok_points.erase(std::unique(block.ok_points.begin(), block.ok_points.end()), block.ok_points.end());
}

// Step 2. Tabulates a block: every rule over its own facts, then the
// block's complete assignments; partial assignments are summarised eagerly
// for small blocks and on demand (SummaryAt) for large ones.
Status TabulateBlock(const Workspace& s, const std::vector<std::vector<int>>& varying_of_rule, Block& block) {
  if (Status status = SizeBlock(s, block); !status.ok()) return status;
  TabulateRuleTruth(s, varying_of_rule, block);
  TabulateCompletions(s, block);
  block.eager = block.partial_count <= kEagerPartials;
  if (block.eager) TabulatePartials(block);
  return Status::Ok();
}

// Step 3. The candidates for the next questions: the facts relevant at the
// root (a fact irrelevant now stays irrelevant as answers arrive); their
// strides in the state key, and whether the exact search can run on them.
void ChooseCandidates(Workspace& s) {
  s.totals = Totals();
  s.block_index.assign(s.blocks.size(), 0);
  for (Block& block : s.blocks) s.totals.Apply(SummaryAt(block, 0), +1);
  s.candidates.clear();
  if (!Decided(s.totals, s.constant_points, s.constant_fail, s.threshold, nullptr)) s.candidates = Relevance(s);
  double states = 1;
  s.key_stride.assign(s.candidates.size(), 0);
  uint64_t stride = 1;
  for (size_t i = 0; i < s.candidates.size(); ++i) {
    s.key_stride[i] = stride;
    const int class_count = static_cast<int>(s.domains[s.candidates[i]].classes.size());
    stride *= static_cast<uint64_t>(class_count + 1);
    states *= class_count + 1;
  }
  s.exact = static_cast<int>(s.candidates.size()) <= kExactFacts || states <= kExactStates;
  if (s.candidates.size() > kMaxSearchCandidates || states > kMaxKeyStates) s.exact = false;
}

// Builds the blocks and tables for these facts and the root state.
Status Prepare(Workspace& s, const Facts& facts, bool unanswered_as_missing) {
  s.prepared = false;
  if (Status status = s.domain_builder.Build(facts, &s.domains, unanswered_as_missing); !status.ok()) return status;
  const std::vector<std::vector<int>> varying_of_rule = VaryingFactsOfRules(s);
  BuildBlocks(s, varying_of_rule);
  for (Block& block : s.blocks)
    if (Status status = TabulateBlock(s, varying_of_rule, block); !status.ok()) return status;
  ChooseCandidates(s);
  ResetToRoot(s);
  s.memo.Clear();
  if (s.exact && !s.candidates.empty()) GroupAnswers(s);
  s.prepared = true;
  return Status::Ok();
}

// The decision at the current state.
Decision Evaluate(Workspace& s) {
  const Policy& policy = s.policy;
  Decision decision;
  bool qualified = false;
  const bool decided = Decided(s.totals, s.constant_points, s.constant_fail, s.threshold, &qualified);
  decision.decision = !decided ? Verdict::kUndecided : qualified ? Verdict::kQualified : Verdict::kNotQualified;
  decision.points_min = FromFixed(s.constant_points + s.totals.sum_min_all);
  decision.points_max = FromFixed(s.constant_points + s.totals.sum_max_all);
  std::vector<char> always = AlwaysHolding(s);
  for (size_t r = 0; r < policy.rules.size(); ++r) {
    if (!always[r]) continue;
    const Rule& rule = policy.rules[r];
    decision.reasons.push_back(Reason{rule.id, rule.effect, rule.effect == Effect::kPoints ? rule.points : 0});
  }
  if (decided) return decision;
  const std::vector<int> open = s.state_answered == 0 ? s.candidates : Relevance(s);
  for (int f : open) decision.open_facts.push_back(policy.facts[f].id);
  if (open.empty()) return decision;
  int best = -1;
  if (s.exact) {
    decision.expected_cost = Search(s, s.state_key, s.state_answered, &best);
  } else {
    best = GreedyPick(s, open);
    decision.ask_exact = false;
  }
  if (best >= 0) decision.ask = policy.facts[s.candidates[best]].id;
  return decision;
}

}  // namespace

Result<Decision> Qualifier::Decide(const Facts& given, const DecideOptions& options) {
  // Questions answered through `from` are known like any answer.
  Facts answered = AnswersFrom(policy_, given);
  if (!answered.empty()) answered.insert(given.begin(), given.end());
  const Facts& facts = answered.empty() ? given : answered;
  Scratch& s = *scratch_;
  if (!Advance(s, facts, options.unanswered_as_missing)) {
    if (Status status = Prepare(s, facts, options.unanswered_as_missing); !status.ok()) return status;
    s.base_facts = facts;
    s.base_missing = options.unanswered_as_missing;
  }
  return Evaluate(s);
}

std::vector<std::string> AskList(const Decision& decision) {
  std::vector<std::string> list;
  if (decision.ask) list.push_back(*decision.ask);
  for (const std::string& id : decision.open_facts)
    if (!decision.ask || id != *decision.ask) list.push_back(id);
  return list;
}

}  // namespace leadgate
