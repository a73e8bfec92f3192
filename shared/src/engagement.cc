// Engagement: turns one company's page events into the policy's behavior.*
// facts (sessions, visit days, page views, per page group views and visible
// seconds), weighting each contribution by the policy's decay. Pure.
#include "leadgate/engagement.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <tuple>

namespace leadgate {
namespace {

constexpr int64_t kSessionGapMs = 30LL * 60 * 1000;
constexpr int64_t kDayMs = 24LL * 60 * 60 * 1000;

// Days since the epoch of a UTC time, rounding toward minus infinity.
int64_t UtcDay(int64_t time_ms) { return time_ms >= 0 ? time_ms / kDayMs : -((-time_ms + kDayMs - 1) / kDayMs); }

// 0.5^(age_days / half_life); 1 without decay. Future events count fully.
double DecayWeight(const Policy& policy, int64_t time_ms, int64_t now_ms) {
  if (!policy.decay_half_life_days || *policy.decay_half_life_days <= 0) return 1.0;
  double age_days = static_cast<double>(std::max<int64_t>(0, now_ms - time_ms)) / kDayMs;
  return std::pow(0.5, age_days / *policy.decay_half_life_days);
}

std::string ViewsFact(const std::string& group) { return "behavior.pages." + group + ".views"; }
std::string SecondsFact(const std::string& group) { return "behavior.pages." + group + ".seconds"; }

}  // namespace

Facts ComputeBehavior(const Policy& policy, const std::vector<PageEvent>& events, int64_t now_ms) {
  std::vector<const PageEvent*> ordered;
  ordered.reserve(events.size());
  for (const PageEvent& event : events) ordered.push_back(&event);
  std::sort(ordered.begin(), ordered.end(), [](const PageEvent* a, const PageEvent* b) {
    // A total order, so that sums do not depend on the input order.
    return std::tie(a->visitor_id, a->time_ms, a->kind, a->path, a->seconds) <
           std::tie(b->visitor_id, b->time_ms, b->kind, b->path, b->seconds);
  });

  double visits = 0;
  double pageviews = 0;
  std::set<int64_t> days;
  std::map<std::string, double> group_views;
  std::map<std::string, double> group_seconds;
  for (const PageGroup& group : policy.pages) {
    group_views[group.name] = 0;
    group_seconds[group.name] = 0;
  }
  int64_t last_time_ms = 0;
  bool any = false;

  const PageEvent* previous = nullptr;
  for (const PageEvent* event : ordered) {
    const bool new_session = previous == nullptr || previous->visitor_id != event->visitor_id ||
                             event->time_ms - previous->time_ms >= kSessionGapMs;
    const double weight = DecayWeight(policy, event->time_ms, now_ms);
    if (new_session) visits += weight;
    days.insert(UtcDay(event->time_ms));
    if (!any || event->time_ms > last_time_ms) last_time_ms = event->time_ms;
    any = true;
    if (event->kind == PageEvent::Kind::kPageView) {
      pageviews += weight;
      for (const std::string& group : PageGroupsOf(policy, event->path)) group_views[group] += weight;
    } else if (std::isfinite(event->seconds) && event->seconds > 0) {
      for (const std::string& group : PageGroupsOf(policy, event->path))
        group_seconds[group] += event->seconds * weight;
    }
    previous = event;
  }

  Facts facts;
  facts["behavior.visits"] = FactValue::Number(visits);
  facts["behavior.visit_days"] = FactValue::Number(static_cast<double>(days.size()));
  facts["behavior.pageviews"] = FactValue::Number(pageviews);
  if (any) {
    const int64_t since_ms = std::max<int64_t>(0, now_ms - last_time_ms);
    facts["behavior.days_since_last_visit"] = FactValue::Number(static_cast<double>(since_ms / kDayMs));
  }
  for (const auto& [group, views] : group_views) facts[ViewsFact(group)] = FactValue::Number(views);
  for (const auto& [group, seconds] : group_seconds) facts[SecondsFact(group)] = FactValue::Number(seconds);
  return facts;
}

}  // namespace leadgate
