// Engagement: turns one company's page events into the policy's behavior.*
// facts (sessions, visit days, page views, per page group views and visible
// seconds), weighting each contribution by the policy's decay; from all
// events at once or as running totals one event at a time. Pure.
#include "leadgate/engagement.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <tuple>

namespace leadgate {
namespace {

constexpr int64_t kDayMs = 24LL * 60 * 60 * 1000;

std::string ViewsFact(const std::string& group) { return "behavior.pages." + group + ".views"; }
std::string SecondsFact(const std::string& group) { return "behavior.pages." + group + ".seconds"; }

// 0.5^(elapsed / half-life) for elapsed >= 0; 1 without decay.
double DecayOver(const Policy& policy, int64_t elapsed_ms) {
  if (!policy.decay_half_life_days || *policy.decay_half_life_days <= 0) return 1.0;
  return std::pow(0.5, static_cast<double>(elapsed_ms) / kDayMs / *policy.decay_half_life_days);
}

// The facts both computations give, from their sums (groups in policy order).
Facts BehaviorFacts(const Policy& policy, double visits, int64_t visit_days, double pageviews,
                    const std::vector<double>& group_views, const std::vector<double>& group_seconds, bool any,
                    int64_t last_ms, int64_t now_ms) {
  Facts facts;
  facts["behavior.visits"] = FactValue::Number(visits);
  facts["behavior.visit_days"] = FactValue::Number(static_cast<double>(visit_days));
  facts["behavior.pageviews"] = FactValue::Number(pageviews);
  if (any) {
    const int64_t since_ms = std::max<int64_t>(0, now_ms - last_ms);
    facts["behavior.days_since_last_visit"] = FactValue::Number(static_cast<double>(since_ms / kDayMs));
  }
  for (size_t i = 0; i < policy.pages.size(); ++i) {
    facts[ViewsFact(policy.pages[i].name)] = FactValue::Number(group_views[i]);
    facts[SecondsFact(policy.pages[i].name)] = FactValue::Number(group_seconds[i]);
  }
  return facts;
}

// Adds `weight` at `time_ms` (not after the reference) to one decayed sum.
// Adds `weight` to a decayed sum (as of the totals' reference time) and
// to its undecayed twin.
void AddDecayed(const Policy& policy, const EngagementTotals& totals, int64_t time_ms, double weight, double* sum,
                double* raw) {
  *sum += weight * DecayOver(policy, totals.reference_ms - time_ms);
  *raw += weight;
}

Policy WithoutDecay(const Policy& policy) {
  Policy counting;  // only what the engagement reads: the page groups, no decay
  counting.pages = policy.pages;
  return counting;
}

// Indexes of the policy's page groups that `path` belongs to.
std::vector<size_t> GroupIndexes(const Policy& policy, const std::string& path) {
  const std::vector<std::string> names = PageGroupsOf(policy, path);
  std::vector<size_t> indexes;
  for (size_t i = 0; i < policy.pages.size(); ++i)
    if (std::find(names.begin(), names.end(), policy.pages[i].name) != names.end()) indexes.push_back(i);
  return indexes;
}

}  // namespace

int64_t UtcDay(int64_t time_ms) { return time_ms >= 0 ? time_ms / kDayMs : -((-time_ms + kDayMs - 1) / kDayMs); }

Facts ComputeBehavior(const Policy& policy, const std::vector<PageEvent>& events, int64_t now_ms) {
  std::vector<const PageEvent*> ordered;
  ordered.reserve(events.size());
  for (const PageEvent& event : events) ordered.push_back(&event);
  std::sort(ordered.begin(), ordered.end(), [](const PageEvent* a, const PageEvent* b) {
    // A total order, so that sums do not depend on the input order.
    return std::tie(a->visitor_id, a->time_ms, a->kind, a->path, a->seconds) <
           std::tie(b->visitor_id, b->time_ms, b->kind, b->path, b->seconds);
  });

  // Read at the latest event when it lies after now (engagement.h).
  int64_t at_ms = now_ms;
  for (const PageEvent* event : ordered) at_ms = std::max(at_ms, event->time_ms);

  double visits = 0;
  double pageviews = 0;
  std::set<int64_t> days;
  std::vector<double> group_views(policy.pages.size(), 0), group_seconds(policy.pages.size(), 0);
  int64_t last_time_ms = 0;
  bool any = false;

  const PageEvent* previous = nullptr;
  for (const PageEvent* event : ordered) {
    const bool new_session = previous == nullptr || previous->visitor_id != event->visitor_id ||
                             !SameVisit(previous->time_ms, event->time_ms);
    const double weight = DecayOver(policy, at_ms - event->time_ms);
    if (new_session) visits += weight;
    days.insert(UtcDay(event->time_ms));
    if (!any || event->time_ms > last_time_ms) last_time_ms = event->time_ms;
    any = true;
    if (event->kind == PageEvent::Kind::kPageView) {
      pageviews += weight;
      for (size_t group : GroupIndexes(policy, event->path)) group_views[group] += weight;
    } else if (std::isfinite(event->seconds) && event->seconds > 0) {
      for (size_t group : GroupIndexes(policy, event->path)) group_seconds[group] += event->seconds * weight;
    }
    previous = event;
  }
  return BehaviorFacts(policy, visits, static_cast<int64_t>(days.size()), pageviews, group_views, group_seconds, any,
                       last_time_ms, at_ms);
}

Facts ComputeCounts(const Policy& policy, const std::vector<PageEvent>& events, int64_t now_ms) {
  return ComputeBehavior(WithoutDecay(policy), events, now_ms);
}

Visit AddEvent(const Policy& policy, const PageEvent& event, const std::vector<Visit>& touching, bool new_day,
               EngagementTotals* totals) {
  const size_t groups = policy.pages.size();
  totals->group_views.resize(groups, 0);
  totals->group_seconds.resize(groups, 0);
  totals->raw_group_views.resize(groups, 0);
  totals->raw_group_seconds.resize(groups, 0);
  if (!totals->any) {
    totals->any = true;
    totals->reference_ms = totals->last_ms = event.time_ms;
  }
  if (event.time_ms > totals->reference_ms) {
    // Move every sum to the new reference time.
    const double factor = DecayOver(policy, event.time_ms - totals->reference_ms);
    totals->visits *= factor;
    totals->pageviews *= factor;
    for (size_t i = 0; i < groups; ++i) {
      totals->group_views[i] *= factor;
      totals->group_seconds[i] *= factor;
    }
    totals->reference_ms = event.time_ms;
  }
  totals->last_ms = std::max(totals->last_ms, event.time_ms);
  if (new_day) ++totals->visit_days;

  // The merged visit starts at the earliest of the event and the visits it
  // joins; a visit counts (decayed) at its start.
  Visit merged{event.time_ms, event.time_ms};
  for (const Visit& visit : touching) {
    AddDecayed(policy, *totals, visit.start_ms, -1, &totals->visits, &totals->raw_visits);
    merged.start_ms = std::min(merged.start_ms, visit.start_ms);
    merged.end_ms = std::max(merged.end_ms, visit.end_ms);
  }
  AddDecayed(policy, *totals, merged.start_ms, 1, &totals->visits, &totals->raw_visits);

  if (event.kind == PageEvent::Kind::kPageView) {
    AddDecayed(policy, *totals, event.time_ms, 1, &totals->pageviews, &totals->raw_pageviews);
    for (size_t group : GroupIndexes(policy, event.path))
      AddDecayed(policy, *totals, event.time_ms, 1, &totals->group_views[group], &totals->raw_group_views[group]);
  } else if (std::isfinite(event.seconds) && event.seconds > 0) {
    for (size_t group : GroupIndexes(policy, event.path))
      AddDecayed(policy, *totals, event.time_ms, event.seconds, &totals->group_seconds[group],
                 &totals->raw_group_seconds[group]);
  }
  return merged;
}

Facts BehaviorFromTotals(const Policy& policy, const EngagementTotals& totals, int64_t now_ms) {
  // The reference is the latest event: read there when it lies after now.
  const int64_t at_ms = totals.any ? std::max(now_ms, totals.reference_ms) : now_ms;
  const double factor = totals.any ? DecayOver(policy, at_ms - totals.reference_ms) : 1.0;
  std::vector<double> views(policy.pages.size(), 0), seconds(policy.pages.size(), 0);
  for (size_t i = 0; i < policy.pages.size() && i < totals.group_views.size(); ++i) {
    views[i] = totals.group_views[i] * factor;
    seconds[i] = totals.group_seconds[i] * factor;
  }
  // Adding and removing a visit's weight may leave a rounding residue below zero.
  return BehaviorFacts(policy, std::max(0.0, totals.visits * factor), totals.visit_days, totals.pageviews * factor,
                       views, seconds, totals.any, totals.last_ms, at_ms);
}

Facts CountsFromTotals(const Policy& policy, const EngagementTotals& totals, int64_t now_ms) {
  std::vector<double> views(policy.pages.size(), 0), seconds(policy.pages.size(), 0);
  for (size_t i = 0; i < policy.pages.size() && i < totals.raw_group_views.size(); ++i) {
    views[i] = totals.raw_group_views[i];
    seconds[i] = totals.raw_group_seconds[i];
  }
  return BehaviorFacts(WithoutDecay(policy), std::max(0.0, totals.raw_visits), totals.visit_days, totals.raw_pageviews,
                       views, seconds, totals.any, totals.last_ms, now_ms);
}

std::string EngagementFingerprint(const Policy& policy) {
  std::string fingerprint = "totals=2;half_life=";  // 2: with undecayed sums
  if (policy.decay_half_life_days) fingerprint += std::to_string(*policy.decay_half_life_days);
  for (const PageGroup& group : policy.pages) {
    fingerprint += ";" + group.name + "=";
    for (const std::string& pattern : group.patterns) fingerprint += pattern + ",";
  }
  return fingerprint;
}

}  // namespace leadgate
