// Engagement: a company's page events -> the behavior.* facts of the policy
// (visits, visit days, page views, per page group views and visible seconds,
// days since the last visit), with the policy's decay. Pure: time comes in
// as an argument. Thread-compatible.
#ifndef LEADGATE_ENGAGEMENT_H_
#define LEADGATE_ENGAGEMENT_H_

#include <cstdint>
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

// Computes behavior.* facts from all of one company's events (any order).
// A session ends after 30 minutes without an event from its visitor.
Facts ComputeBehavior(const Policy& policy, const std::vector<PageEvent>& events, int64_t now_ms);

}  // namespace leadgate

#endif  // LEADGATE_ENGAGEMENT_H_
