// The scorer's figures on /metrics: how many companies and for how long
// scores are behind the stored events, and how far the running engagement
// totals are (events behind, caught up, a rebuild's progress).
#ifndef LEADGATE_SERVER_SCORING_SCORING_GAUGES_H_
#define LEADGATE_SERVER_SCORING_SCORING_GAUGES_H_

#include "base/metrics.h"
#include "scoring/scorer.h"

namespace leadgate::collector {

// `scorer` must outlive `metrics`' renders.
void AddScoringGauges(Metrics& metrics, Scorer* scorer);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_SCORING_SCORING_GAUGES_H_
