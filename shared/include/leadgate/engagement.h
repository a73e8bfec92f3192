// Engagement: a company's page events -> the behavior.* facts of the policy
// (visits, visit days, page views, per page group views and visible seconds,
// days since the last visit), with the policy's decay. Two ways, equal by
// test: ComputeBehavior from all events at once, and running totals that
// take one event at a time in any order (AddEvent) and give the facts at
// any later time in O(1) (BehaviorFromTotals). Pure: time comes in as an
// argument, stored state is passed in and out. Thread-compatible.
#ifndef LEADGATE_ENGAGEMENT_H_
#define LEADGATE_ENGAGEMENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "leadgate/facts.h"
#include "leadgate/policy.h"

namespace leadgate {

struct PageEvent {
  enum class Kind { kPageView, kEngaged } kind = Kind::kPageView;
  std::string visitor_id;  // anonymous id (a session belongs to one visitor)
  int64_t time_ms = 0;     // UTC milliseconds since the epoch
  std::string path;        // URL path
  double seconds = 0;      // kEngaged: visible seconds added to `path`
};

// A visit (session) ends after 30 minutes without an event from its
// visitor: the one place this rule is written.
inline constexpr int64_t kSessionGapMs = 30LL * 60 * 1000;
// Whether an event at `later_ms` continues the visit of one at `earlier_ms`.
inline bool SameVisit(int64_t earlier_ms, int64_t later_ms) { return later_ms - earlier_ms < kSessionGapMs; }
// Days since the epoch of a UTC time (rounding toward minus infinity).
int64_t UtcDay(int64_t time_ms);

// Computes behavior.* facts from all of one company's events (any order).
// Facts are read at `now_ms`, or at the latest event when that is later (an
// event dated ahead of the reader's clock: another collector's clock ahead,
// or this one's set back): it then counts fully and earlier ones decay from
// it. Running totals read the same (BehaviorFromTotals), so such an event
// never sends a company back to a recomputation from its whole history.
Facts ComputeBehavior(const Policy& policy, const std::vector<PageEvent>& events, int64_t now_ms);
// The same facts undecayed (the policy's decay off), for people to read
// beside the weighted ones: "3 visits on 2 days, 4 min 12 s on pricing".
Facts ComputeCounts(const Policy& policy, const std::vector<PageEvent>& events, int64_t now_ms);

// One visitor's visit: its first and last event times.
struct Visit {
  int64_t start_ms = 0;
  int64_t end_ms = 0;
};

// A company's running engagement. Decayed sums are kept as their value at
// `reference_ms` (the latest event time added): the value at any later t
// is that times 0.5^((t - reference) / half-life), exactly, so neither
// adding an event nor reading the facts depends on the history's length.
struct EngagementTotals {
  bool any = false;
  int64_t reference_ms = 0;
  int64_t last_ms = 0;
  int64_t visit_days = 0;
  double visits = 0;
  double pageviews = 0;
  std::vector<double> group_views;    // in policy.pages order
  std::vector<double> group_seconds;  // in policy.pages order
  // The same sums undecayed (ComputeCounts).
  double raw_visits = 0;
  double raw_pageviews = 0;
  std::vector<double> raw_group_views;
  std::vector<double> raw_group_seconds;
};

// Adds one stored event to `totals`. `touching`: the visitor's stored
// visits the event falls in or comes within kSessionGapMs of (Touches());
// they are replaced by the returned visit. `new_day`: no earlier event of
// the company on the event's UTC day.
Visit AddEvent(const Policy& policy, const PageEvent& event, const std::vector<Visit>& touching, bool new_day,
               EngagementTotals* totals);
// Whether a stored visit must be merged with an event at `time_ms`.
inline bool Touches(const Visit& visit, int64_t time_ms) {
  return SameVisit(visit.end_ms, time_ms) && SameVisit(time_ms, visit.start_ms);
}

// behavior.* facts at `now_ms` (or at the latest event when later, as
// ComputeBehavior reads them).
Facts BehaviorFromTotals(const Policy& policy, const EngagementTotals& totals, int64_t now_ms);
// The undecayed facts (as ComputeCounts gives) at `now_ms`.
Facts CountsFromTotals(const Policy& policy, const EngagementTotals& totals, int64_t now_ms);

// What running totals depend on in a policy (page groups, half-life): when
// it changes, totals must be rebuilt from the events.
std::string EngagementFingerprint(const Policy& policy);

}  // namespace leadgate

#endif  // LEADGATE_ENGAGEMENT_H_
