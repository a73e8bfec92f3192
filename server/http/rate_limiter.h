// Request rate limits: a token bucket for each key (a client address, or a
// name and an address), refilled at `rate` per second up to `burst`.
// Memory is bounded: when the table is full, buckets that have refilled go
// first, then the fullest half; the emptiest (the keys being throttled) are
// kept, so a flood of made-up keys cannot make it forget them. Thread-safe.
#ifndef LEADGATE_SERVER_HTTP_RATE_LIMITER_H_
#define LEADGATE_SERVER_HTTP_RATE_LIMITER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

namespace leadgate::collector {

class RateLimiter {
 public:
  // rate <= 0 disables the limit. `clock_ms`: milliseconds on any steady
  // scale (null: the monotonic clock); `max_keys`: buckets kept at most.
  RateLimiter(double rate_per_second, double burst, std::function<int64_t()> clock_ms = nullptr,
              size_t max_keys = 100000);

  // True when the request may pass, and spends a token; otherwise sets
  // *retry_after_seconds and spends nothing.
  bool Allow(const std::string& key, int* retry_after_seconds);
  // Whether Allow would pass, spending nothing.
  bool Check(const std::string& key, int* retry_after_seconds);

 private:
  struct Bucket {
    double tokens;
    int64_t updated_ms;
  };
  bool Admit(const std::string& key, bool spend, int* retry_after_seconds);
  double TokensNow(const Bucket& bucket, int64_t now_ms) const;
  void MakeRoom(int64_t now_ms);

  const double rate_;
  const double burst_;
  const std::function<int64_t()> clock_ms_;
  const size_t max_keys_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_HTTP_RATE_LIMITER_H_
