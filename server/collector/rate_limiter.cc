// Token buckets keyed by client address.
#include "collector/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace leadgate::collector {

RateLimiter::RateLimiter(double rate_per_second, double burst) : rate_(rate_per_second), burst_(std::max(1.0, burst)) {}

bool RateLimiter::Allow(const std::string& address, int* retry_after_seconds) {
  if (rate_ <= 0) return true;
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard<std::mutex> lock(mutex_);
  if (buckets_.size() >= kMaxBuckets) {
    // Drop buckets that have refilled completely: forgetting them changes nothing.
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      const double idle = std::chrono::duration<double>(now - it->second.updated).count();
      it = it->second.tokens + idle * rate_ >= burst_ ? buckets_.erase(it) : std::next(it);
    }
    if (buckets_.size() >= kMaxBuckets) buckets_.clear();
  }
  auto [it, inserted] = buckets_.try_emplace(address, Bucket{burst_, now});
  Bucket& bucket = it->second;
  if (!inserted) {
    const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
    bucket.tokens = std::min(burst_, bucket.tokens + elapsed * rate_);
    bucket.updated = now;
  }
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return true;
  }
  *retry_after_seconds = static_cast<int>(std::min(3600.0, std::ceil((1 - bucket.tokens) / rate_)));
  if (*retry_after_seconds < 1) *retry_after_seconds = 1;
  return false;
}

}  // namespace leadgate::collector
