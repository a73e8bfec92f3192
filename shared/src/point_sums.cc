// Bitset sumsets of the other blocks' passing points; see point_sums.h.
#include "point_sums.h"

#include <algorithm>
#include <numeric>

namespace leadgate::detail {
namespace {

// Widest bitset kept per block; beyond, the set is kept as its span.
constexpr int64_t kMaxBits = int64_t{1} << 22;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); }
int64_t CeilDiv(int64_t a, int64_t b) { return -FloorDiv(-a, b); }

// bits |= source << shift
void OrShifted(std::vector<uint64_t>& bits, const std::vector<uint64_t>& source, int64_t shift) {
  const size_t words = static_cast<size_t>(shift / 64), offset = static_cast<size_t>(shift % 64);
  for (size_t i = 0; i < source.size(); ++i) {
    if (!source[i]) continue;
    if (i + words < bits.size()) bits[i + words] |= source[i] << offset;
    if (offset && i + words + 1 < bits.size()) bits[i + words + 1] |= source[i] >> (64 - offset);
  }
}

}  // namespace

void OtherBlockSums::Build(const std::vector<std::vector<int64_t>>& ok_points, int64_t constant) {
  const size_t blocks = ok_points.size();
  unit_ = 0;
  for (const auto& points : ok_points)
    for (int64_t p : points) unit_ = std::gcd(unit_, p < 0 ? -p : p);
  if (unit_ == 0) unit_ = 1;
  int64_t span_units = 0, low_total = 0, high_total = 0;
  size_t passless = 0;
  for (const auto& points : ok_points) {
    if (points.empty()) {
      ++passless;
      continue;
    }
    low_total += points.front();
    high_total += points.back();
    span_units += (points.back() - points.front()) / unit_;
  }
  base_.assign(blocks, 0);
  max_.assign(blocks, 0);
  sums_.assign(blocks, {});
  exact_ = span_units < kMaxBits;
  for (size_t b = 0; b < blocks; ++b) {
    // A block with no passing completion leaves no reachable sum for the others.
    if (passless > 1 || (passless == 1 && !ok_points[b].empty())) continue;
    const int64_t own_low = ok_points[b].empty() ? 0 : ok_points[b].front();
    const int64_t own_high = ok_points[b].empty() ? 0 : ok_points[b].back();
    base_[b] = constant + low_total - own_low;
    max_[b] = constant + high_total - own_high;
    const int64_t width = (max_[b] - base_[b]) / unit_ + 1;
    if (!exact_) {
      sums_[b] = {1};  // span only: [base, max] treated as all reachable
      continue;
    }
    std::vector<uint64_t> bits(static_cast<size_t>((width + 63) / 64), 0), next;
    bits[0] = 1;
    for (size_t o = 0; o < blocks; ++o) {
      if (o == b || ok_points[o].empty()) continue;
      next.assign(bits.size(), 0);
      for (int64_t p : ok_points[o]) OrShifted(next, bits, (p - ok_points[o].front()) / unit_);
      bits.swap(next);
    }
    sums_[b] = std::move(bits);
  }
}

bool OtherBlockSums::AnyIn(size_t b, int64_t low, int64_t high) const {
  if (!Reachable(b)) return false;
  low = std::max(low, base_[b]);
  high = std::min(high, max_[b] + 1);
  if (low >= high) return false;
  if (!exact_) return true;
  const int64_t first = CeilDiv(low - base_[b], unit_), last = CeilDiv(high - base_[b], unit_);  // [first, last)
  const auto& bits = sums_[b];
  for (int64_t i = first; i < last; ++i) {
    if ((i & 63) == 0 && i + 64 <= last) {
      if (bits[static_cast<size_t>(i / 64)]) return true;
      i += 63;
      continue;
    }
    if (bits[static_cast<size_t>(i / 64)] >> (i & 63) & 1) return true;
  }
  return false;
}

}  // namespace leadgate::detail
