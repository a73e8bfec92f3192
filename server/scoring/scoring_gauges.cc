// The scorer's and the engagement totals' gauges.
#include "scoring/scoring_gauges.h"

namespace leadgate::collector {

void AddScoringGauges(Metrics& metrics, Scorer* scorer) {
  metrics.AddGauge("leadgate_scoring_backlog_companies",
                   "Companies whose events are stored but whose score is not yet saved.",
                   [scorer] { return static_cast<double>(scorer->backlog().companies); });
  metrics.AddGauge("leadgate_scoring_behind_seconds", "For how long scores have been behind the stored events.",
                   [scorer] { return scorer->backlog().behind_ms / 1000.0; });
  EngagementAggregates* engagement = &scorer->engagement();
  metrics.AddGauge("leadgate_engagement_events_behind", "Stored events not yet in the running engagement totals.",
                   [engagement] { return static_cast<double>(engagement->events_behind()); });
  metrics.AddGauge("leadgate_engagement_caught_up",
                   "1 once a fold of the running totals has run and left no stored event waiting.",
                   [engagement] { return engagement->caught_up() ? 1.0 : 0.0; });
  metrics.AddGauge("leadgate_engagement_rebuild_progress",
                   "Share of the stored events folded into the running totals during a rebuild (1: none running).",
                   [engagement] { return engagement->rebuild_progress(); });
}

}  // namespace leadgate::collector
