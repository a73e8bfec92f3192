// Incremental engagement: fold, rebuild with progress, facts from totals.
#include "collector/engagement_aggregates.h"

#include <chrono>
#include <cstdio>

#include "leadgate/engagement.h"

namespace leadgate::collector {
namespace {

int64_t SteadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

constexpr char kFingerprintKey[] = "engagement_fingerprint";

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
  const std::string& fingerprint = fingerprint_;
  auto stored = store_->GetMeta(kFingerprintKey);
  if (!stored.ok()) return stored.status();
  auto fold = store_->FoldEngagement(policy_, 0);  // reads the watermark only
  if (!fold.ok()) return fold.status();
  folded_to_ = fold->folded_to;
  last_event_id_ = fold->last_event_id;
  if (stored.value() && *stored.value() == fingerprint) return Status::Ok();
  Status reset = store_->ResetEngagement(fingerprint);
  if (!reset.ok()) return reset;
  folded_to_ = 0;
  rebuild_target_ = last_event_id_.load();
  rebuild_started_ms_ = SteadyMs();
  if (rebuild_target_ > 0)
    std::fprintf(stderr, "leadgate: engagement: rebuilding the running totals from %lld stored events (%s)\n",
                 static_cast<long long>(rebuild_target_.load()),
                 stored.value() ? "the policy's pages or half-life changed" : "first start with running totals");
  return Status::Ok();
}

Result<std::vector<std::string>> EngagementAggregates::CatchUp(size_t max_events) {
  auto fold = store_->FoldEngagement(policy_, max_events);
  if (!fold.ok()) return fold.status();
  folded_to_ = fold->folded_to;
  last_event_id_ = fold->last_event_id;
  if (rebuild_target_ > 0) {
    const int64_t now = SteadyMs();
    if (folded_to_ >= rebuild_target_) {
      std::fprintf(stderr, "leadgate: engagement: rebuilt the running totals in %.1f s\n",
                   static_cast<double>(now - rebuild_started_ms_) / 1000);
      rebuild_target_ = 0;
    } else if (now - last_report_ms_ >= 5000) {
      std::fprintf(stderr, "leadgate: engagement: rebuilding: %lld of %lld events (%.0f%%)\n",
                   static_cast<long long>(folded_to_.load()), static_cast<long long>(rebuild_target_.load()),
                   100 * rebuild_progress());
      last_report_ms_ = now;
    }
  }
  return std::move(fold->companies);
}

Status EngagementAggregates::Rebuild(const std::string& company_id) {
  return store_->RebuildEngagementOf(policy_, company_id);
}

Result<EngagementAggregates::Engagement> EngagementAggregates::Behavior(const std::string& company_id, int64_t now_ms) {
  if (caught_up()) {
    auto stored = store_->EngagementOf(company_id);
    if (!stored.ok()) return stored.status();
    const EngagementTotals totals = stored.value().value_or(EngagementTotals{});
    auto facts = BehaviorFromTotals(policy_, totals, now_ms);
    if (facts) return Engagement{std::move(*facts), CountsFromTotals(policy_, totals, now_ms)};
  }
  auto events = store_->CompanyPageEvents(company_id);
  if (!events.ok()) return events.status();
  return Engagement{ComputeBehavior(policy_, events.value(), now_ms), ComputeCounts(policy_, events.value(), now_ms)};
}

double EngagementAggregates::rebuild_progress() const {
  const int64_t target = rebuild_target_;
  if (target <= 0) return 1.0;
  return static_cast<double>(folded_to_) / static_cast<double>(target);
}

}  // namespace leadgate::collector
