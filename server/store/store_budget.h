// The store's size budget (--store-budget-mb): what the store takes
// (Store::SizeBytes) against what the operator allows it. Measured when
// asked (/healthz, /metrics, each retention pass) and once for every
// step of estimated bytes appended since the last measure, so a flood is
// noticed within a step. Thread-safe.
#ifndef LEADGATE_SERVER_STORE_STORE_BUDGET_H_
#define LEADGATE_SERVER_STORE_STORE_BUDGET_H_

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>

#include "base/metrics.h"
#include "store/store.h"

namespace leadgate::collector {

// From this share of the budget /healthz warns.
inline constexpr double kStoreBudgetWarnShare = 0.8;

class StoreBudget {
 public:
  // `budget_bytes` <= 0: no budget (measured, never over).
  StoreBudget(Store* store, int64_t budget_bytes);

  // Measures the store now; the bytes it takes, or the error (the last
  // measure then stays).
  Result<int64_t> Measure();
  // Notes about `bytes` appended; measures once a step has been.
  void Appended(int64_t bytes);

  int64_t budget_bytes() const { return budget_bytes_; }
  int64_t used_bytes() const { return used_bytes_.load(); }
  // The last measure reached the budget.
  bool over() const { return budget_bytes_ > 0 && used_bytes() >= budget_bytes_; }
  // From kStoreBudgetWarnShare of the budget, what /healthz says; else "".
  std::string Warning() const;

 private:
  Store* const store_;
  const int64_t budget_bytes_;
  const int64_t step_bytes_;  // a 32nd of the budget, at least 64 KB
  std::atomic<int64_t> used_bytes_{0};
  std::atomic<int64_t> appended_since_measure_{0};
  std::mutex measure_mutex_;  // one measure at a time
};

// The store's size and budget on /metrics; `budget` must outlive
// `metrics`' renders.
void AddStoreGauges(Metrics& metrics, StoreBudget* budget);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_STORE_STORE_BUDGET_H_
