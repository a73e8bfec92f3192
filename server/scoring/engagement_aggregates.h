// Incremental engagement for the scorer: keeps the store's running totals
// caught up with the stored events (a bounded fold per call), rebuilds them
// once, in the background, when the policy's pages or half-life differ from
// what they were built for (progress in the log and /metrics), and gives a
// company's behavior.* facts from its totals, so that scoring a company
// costs the same whatever its history (also when its latest event is dated
// after `now`: engagement.h). During a rebuild (started by any collector)
// the facts are computed from the company's events instead. Used by the
// scorer's thread;
// progress(), events_behind() and MadeFor() from any thread.
#ifndef LEADGATE_SERVER_SCORING_ENGAGEMENT_AGGREGATES_H_
#define LEADGATE_SERVER_SCORING_ENGAGEMENT_AGGREGATES_H_

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "leadgate/facts.h"
#include "leadgate/policy.h"
#include "leadgate/status.h"
#include "store/store.h"

namespace leadgate::collector {

// A company's behavior.* facts at `now_ms`: weighted, and undecayed (shown
// as its activity).
struct Engagement {
  Facts behavior;
  Facts counts;
  bool from_totals = false;  // read from running totals, not from every event
};

// The one way a company's engagement is read: from `totals` when given (a
// null optional: nothing folded in for it yet), else from all its stored
// events. `totals` must have been made for `policy`
// (EngagementAggregates::MadeFor).
Result<Engagement> CompanyEngagement(const Policy& policy, Store& store, const std::string& company_id,
                                     const std::optional<EngagementTotals>* totals, int64_t now_ms);

class EngagementAggregates {
 public:
  // Keeps a copy of `policy`; `store` must outlive this.
  EngagementAggregates(const Policy& policy, Store* store);

  // Follows a newly activated policy revision: when its pages or half-life
  // differ, the totals are rebuilt (as by Prepare).
  Status UsePolicy(const Policy& policy);

  // Starts a rebuild when the totals were made for other pages or half-life
  // (or never). Call once before serving.
  Status Prepare();
  // Folds up to `max_events` newly stored events; returns the companies
  // whose totals changed. Without `wait`, folds nothing while another
  // collector is folding (busy() then).
  Result<std::vector<std::string>> CatchUp(size_t max_events, bool wait = false);
  // Folds a company's remaining events again (after retention deleted some).
  Status Rebuild(const std::string& company_id);
  // behavior.* facts of a company at `now_ms`, weighted and undecayed.
  Result<Engagement> Behavior(const std::string& company_id, int64_t now_ms);

  // Whether the stored totals are complete (no rebuild running) and made for
  // `policy`'s pages and half-life, so that it may be decided from them.
  bool MadeFor(const Policy& policy) const;

  // A fold (CatchUp) has run and no stored event waited after it (as of
  // the last fold). False before the first CatchUp, even on an empty store:
  // Prepare only counts the queue, and events may be stored after it.
  bool caught_up() const { return folded_ && events_behind_ == 0; }
  // Another collector was folding at the last attempt.
  bool busy() const { return busy_; }
  // Stored events not yet in the totals.
  int64_t events_behind() const { return events_behind_; }
  // 0..1 during a rebuild (by any collector); 1 otherwise.
  double rebuild_progress() const;

 private:
  // Takes in what a fold found: what waits, and a rebuild's progress.
  void Follow(const Store::EngagementFold& fold);

  Policy policy_;
  std::string fingerprint_;
  Store* store_;
  std::atomic<int64_t> events_behind_{0};
  std::atomic<bool> folded_{false};  // a CatchUp has run
  std::atomic<bool> busy_{false};
  std::atomic<int64_t> rebuild_left_{0};    // > 0: events of a rebuild still to fold
  std::atomic<int64_t> rebuild_target_{0};  // the rebuild's events when first seen
  int64_t rebuild_started_ms_ = 0;
  int64_t last_report_ms_ = 0;
  mutable std::mutex made_for_mutex_;
  std::string made_for_;  // the fingerprint the stored totals follow (set by Prepare)
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_SCORING_ENGAGEMENT_AGGREGATES_H_
