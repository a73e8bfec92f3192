// Internal: for each block of rules, the point sums the other blocks can
// reach with passing completions. The qualifier asks whether some such sum
// lies in a range (is a fact's answer able to tip the total over the bar?).
// Sums are kept as bitsets over multiples of the points' greatest common
// divisor, so even 20 blocks cost a few thousand word operations.
#ifndef LEADGATE_SRC_POINT_SUMS_H_
#define LEADGATE_SRC_POINT_SUMS_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace leadgate::detail {

class OtherBlockSums {
 public:
  // ok_points[b]: the distinct points of block b's passing completions
  // (empty when none passes); `constant` is added to every sum.
  void Build(const std::vector<std::vector<int64_t>>& ok_points, int64_t constant);
  // Whether the blocks other than b can all pass at once.
  bool Reachable(size_t b) const { return !sums_[b].empty(); }
  // The greatest sum of the blocks other than b (Reachable(b) must hold).
  int64_t Max(size_t b) const { return max_[b]; }
  // Whether some sum of the blocks other than b lies in [low, high).
  bool AnyIn(size_t b, int64_t low, int64_t high) const;
  // False when a sum set was too large and kept as its span instead.
  bool exact() const { return exact_; }

 private:
  int64_t unit_ = 1;
  std::vector<int64_t> base_;                // per block: value of bit 0
  std::vector<std::vector<uint64_t>> sums_;  // per block: bit i = base + i*unit reachable
  std::vector<int64_t> max_;
  bool exact_ = true;
};

}  // namespace leadgate::detail

#endif  // LEADGATE_SRC_POINT_SUMS_H_
