// Token buckets keyed by client address (or name and address).
#include "http/rate_limiter.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

namespace leadgate::collector {

RateLimiter::RateLimiter(double rate_per_second, double burst, std::function<int64_t()> clock_ms, size_t max_keys)
    : rate_(rate_per_second),
      burst_(std::max(1.0, burst)),
      clock_ms_(clock_ms ? std::move(clock_ms)
                         : [] {
                             return std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::steady_clock::now().time_since_epoch())
                                 .count();
                           }),
      max_keys_(std::max<size_t>(2, max_keys)) {}

bool RateLimiter::Allow(const std::string& key, int* retry_after_seconds) {
  return Admit(key, true, retry_after_seconds);
}

bool RateLimiter::Check(const std::string& key, int* retry_after_seconds) {
  return Admit(key, false, retry_after_seconds);
}

// A clock that steps back (a UTC clock corrected) refills nothing.
double RateLimiter::TokensNow(const Bucket& bucket, int64_t now_ms) const {
  const double elapsed = std::max<int64_t>(0, now_ms - bucket.updated_ms) / 1000.0;
  return std::min(burst_, bucket.tokens + elapsed * rate_);
}

void RateLimiter::MakeRoom(int64_t now_ms) {
  // Buckets that have refilled: forgetting them changes nothing.
  for (auto it = buckets_.begin(); it != buckets_.end();)
    it = TokensNow(it->second, now_ms) >= burst_ ? buckets_.erase(it) : std::next(it);
  if (buckets_.size() < max_keys_) return;
  // Then the fullest half: the keys nearest to a full bucket lose least.
  std::vector<double> tokens;
  tokens.reserve(buckets_.size());
  for (const auto& [key, bucket] : buckets_) tokens.push_back(TokensNow(bucket, now_ms));
  auto middle = tokens.begin() + static_cast<std::ptrdiff_t>(tokens.size() / 2);
  std::nth_element(tokens.begin(), middle, tokens.end());
  const double cut = *middle;
  for (auto it = buckets_.begin(); it != buckets_.end() && buckets_.size() > max_keys_ / 2;)
    it = TokensNow(it->second, now_ms) >= cut ? buckets_.erase(it) : std::next(it);
}

bool RateLimiter::Admit(const std::string& key, bool spend, int* retry_after_seconds) {
  if (rate_ <= 0) return true;
  const int64_t now = clock_ms_();
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = buckets_.find(key);
  const double tokens = found == buckets_.end() ? burst_ : TokensNow(found->second, now);
  if (tokens < 1) {
    *retry_after_seconds = static_cast<int>(std::clamp(std::ceil((1 - tokens) / rate_), 1.0, 3600.0));
    return false;
  }
  if (!spend) return true;
  if (found == buckets_.end()) {
    if (buckets_.size() >= max_keys_) MakeRoom(now);
    found = buckets_.emplace(key, Bucket{}).first;
  }
  found->second = Bucket{tokens - 1, now};
  return true;
}

}  // namespace leadgate::collector
