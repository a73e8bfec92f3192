// Incremental engagement: fold, rebuild with progress, facts from totals.
#include "scoring/engagement_aggregates.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "leadgate/engagement.h"

namespace leadgate::collector {
namespace {

int64_t SteadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

EngagementAggregates::EngagementAggregates(const Policy& policy, Store* store)
    : policy_(policy), fingerprint_(EngagementFingerprint(policy)), store_(store) {}

Status EngagementAggregates::UsePolicy(const Policy& policy) {
  const std::string fingerprint = EngagementFingerprint(policy);
  const bool rebuild = fingerprint != fingerprint_;
  policy_ = policy;
  fingerprint_ = fingerprint;
  return rebuild ? Prepare() : Status::Ok();
}

Status EngagementAggregates::Prepare() {
  auto reset = store_->ResetEngagement(fingerprint_);
  if (!reset.ok()) return reset.status();
  auto fold = store_->FoldEngagement(policy_, 0, /*wait=*/false);  // reads the counts only
  if (!fold.ok()) return fold.status();
  Follow(fold.value());
  {
    std::lock_guard<std::mutex> lock(made_for_mutex_);
    made_for_ = fingerprint_;
  }
  if (reset.value() && rebuild_left_ > 0)
    std::fprintf(stderr, "leadgate: engagement: rebuilding the running totals from %lld stored events (%s)\n",
                 static_cast<long long>(rebuild_left_.load()),
                 "the policy's pages or half-life changed, or first start");
  return Status::Ok();
}

void EngagementAggregates::Follow(const Store::EngagementFold& fold) {
  events_behind_ = fold.remaining;
  busy_ = fold.busy;
  const int64_t now = SteadyMs();
  if (fold.rebuild_left > 0 && rebuild_target_ == 0) {
    rebuild_target_ = fold.rebuild_left;
    rebuild_started_ms_ = now;
  }
  rebuild_left_ = fold.rebuild_left;
  if (rebuild_target_ == 0) return;
  if (fold.rebuild_left == 0) {
    std::fprintf(stderr, "leadgate: engagement: rebuilt the running totals in %.1f s\n",
                 static_cast<double>(now - rebuild_started_ms_) / 1000);
    rebuild_target_ = 0;
  } else if (now - last_report_ms_ >= 5000) {
    std::fprintf(stderr, "leadgate: engagement: rebuilding: %lld of %lld events left (%.0f%% done)\n",
                 static_cast<long long>(rebuild_left_.load()), static_cast<long long>(rebuild_target_.load()),
                 100 * rebuild_progress());
    last_report_ms_ = now;
  }
}

Result<std::vector<std::string>> EngagementAggregates::CatchUp(size_t max_events, bool wait) {
  auto fold = store_->FoldEngagement(policy_, max_events, wait);
  if (!fold.ok()) return fold.status();
  Follow(fold.value());
  folded_ = true;
  return std::move(fold->companies);
}

Status EngagementAggregates::Rebuild(const std::string& company_id) {
  return store_->RebuildEngagementOf(policy_, company_id);
}

Result<Engagement> EngagementAggregates::Behavior(const std::string& company_id, int64_t now_ms) {
  // Events still queued are folded soon, and the fold marks the company to
  // be scored again; only a rebuild leaves the totals far behind.
  if (rebuild_left_ != 0) return CompanyEngagement(policy_, *store_, company_id, nullptr, now_ms);
  auto stored = store_->EngagementOf(company_id);
  if (!stored.ok()) return stored.status();
  return CompanyEngagement(policy_, *store_, company_id, &stored.value(), now_ms);
}

bool EngagementAggregates::MadeFor(const Policy& policy) const {
  if (rebuild_left_ != 0) return false;
  const std::string fingerprint = EngagementFingerprint(policy);
  std::lock_guard<std::mutex> lock(made_for_mutex_);
  return made_for_ == fingerprint;
}

Result<Engagement> CompanyEngagement(const Policy& policy, Store& store, const std::string& company_id,
                                     const std::optional<EngagementTotals>* totals, int64_t now_ms) {
  if (totals) {
    static const EngagementTotals kNothingFolded;
    const EngagementTotals& folded = totals->has_value() ? **totals : kNothingFolded;
    return Engagement{BehaviorFromTotals(policy, folded, now_ms), CountsFromTotals(policy, folded, now_ms), true};
  }
  auto events = store.CompanyPageEvents(company_id);
  if (!events.ok()) return events.status();
  return Engagement{ComputeBehavior(policy, events.value(), now_ms), ComputeCounts(policy, events.value(), now_ms),
                    false};
}

double EngagementAggregates::rebuild_progress() const {
  const int64_t target = rebuild_target_, left = rebuild_left_;
  if (target <= 0 || left <= 0) return 1.0;
  return 1.0 - static_cast<double>(std::min(left, target)) / static_cast<double>(target);
}

}  // namespace leadgate::collector
