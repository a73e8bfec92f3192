// The hourly upkeep loop of the stored events.
#include "store/event_retention.h"

#include <chrono>
#include <cstdio>

namespace leadgate::collector {
namespace {

constexpr int64_t kDayMs = 86400000;

}  // namespace

void EventRetention::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void EventRetention::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void EventRetention::Loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    RunOnce();
    lock.lock();
    wake_.wait_for(lock, std::chrono::hours(1), [this] { return stopping_; });
  }
}

void EventRetention::RunOnce() {
  const int64_t now_ms = options_.clock();
  // On failure events go to the default partition: kept, deleted row by row.
  const Status months = store_->KeepEventMonths(now_ms);
  if (!months.ok()) std::fprintf(stderr, "leadgate: event months: %s\n", months.ToString().c_str());
  if (options_.retention_days > 0) DeleteExpired(now_ms - options_.retention_days * kDayMs);
  if (options_.unidentified_retention_days > 0) {
    const auto deleted = store_->DeleteUnidentifiedOlderThan(now_ms - options_.unidentified_retention_days * kDayMs);
    if (!deleted.ok()) std::fprintf(stderr, "leadgate: retention: %s\n", deleted.status().ToString().c_str());
  }
  budget_->Measure();
}

void EventRetention::DeleteExpired(int64_t cutoff_ms) {
  const auto affected = store_->CompaniesWithEventsBefore(cutoff_ms);
  const auto deleted = store_->DeleteOlderThan(cutoff_ms);
  if (deleted.ok() && deleted.value() > 0) on_expired_(affected.ok() ? &affected.value() : nullptr);
}

}  // namespace leadgate::collector
