// The store's size budget.
#include "store/store_budget.h"

#include <algorithm>
#include <cstdio>

namespace leadgate::collector {
namespace {

std::string Megabytes(int64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / (1024 * 1024));
  return text;
}

}  // namespace

StoreBudget::StoreBudget(Store* store, int64_t budget_bytes)
    : store_(store),
      budget_bytes_(std::max<int64_t>(budget_bytes, 0)),
      step_bytes_(std::max<int64_t>(budget_bytes_ / 32, 64 * 1024)) {}

Result<int64_t> StoreBudget::Measure() {
  std::lock_guard<std::mutex> lock(measure_mutex_);
  appended_since_measure_ = 0;
  auto size = store_->SizeBytes();
  if (size.ok()) used_bytes_ = size.value();
  return size;
}

void StoreBudget::Appended(int64_t bytes) {
  if (appended_since_measure_.fetch_add(bytes) + bytes >= step_bytes_) Measure();
}

std::string StoreBudget::Warning() const {
  if (budget_bytes_ <= 0 || used_bytes() < kStoreBudgetWarnShare * budget_bytes_) return "";
  std::string warning = "the store takes " + Megabytes(used_bytes()) + " of its " + Megabytes(budget_bytes_) +
                        " budget (--store-budget-mb)";
  if (over()) warning += ": events from unidentified networks are not stored";
  return warning;
}

void AddStoreGauges(Metrics& metrics, StoreBudget* budget) {
  metrics.AddGauge("leadgate_store_bytes", "Bytes the store takes (measured when read).", [budget] {
    auto measured = budget->Measure();
    return static_cast<double>(measured.ok() ? measured.value() : budget->used_bytes());
  });
  metrics.AddGauge("leadgate_store_budget_bytes", "The store's budget (--store-budget-mb; 0: none).",
                   [budget] { return static_cast<double>(budget->budget_bytes()); });
}

}  // namespace leadgate::collector
