// Per-address request rate limit: a token bucket for each client address
// (refilled at `rate` per second up to `burst`). Memory is bounded: idle
// buckets are dropped when the table grows. Thread-safe.
#ifndef LEADGATE_SERVER_COLLECTOR_RATE_LIMITER_H_
#define LEADGATE_SERVER_COLLECTOR_RATE_LIMITER_H_

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace leadgate::collector {

class RateLimiter {
 public:
  // rate <= 0 disables the limit.
  RateLimiter(double rate_per_second, double burst);

  // True when the request may pass; otherwise sets *retry_after_seconds.
  bool Allow(const std::string& address, int* retry_after_seconds);

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point updated;
  };
  static constexpr size_t kMaxBuckets = 100000;

  const double rate_;
  const double burst_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_COLLECTOR_RATE_LIMITER_H_
