// Impact of activating a revision now: every current company and every lead
// of the last 30 days decided again under it (companies exactly as the
// scorer decides them, on every core, leads from their answers and their
// company's facts) and compared with the decision they have now; the newly
// qualified ones sales has rejected are counted apart (they are not handed
// off).
// Read-only; thread-safe.
#ifndef LEADGATE_SERVER_POLICY_POLICY_IMPACT_H_
#define LEADGATE_SERVER_POLICY_POLICY_IMPACT_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "leadgate/policy.h"
#include "leadgate/qualifier.h"
#include "leadgate/status.h"
#include "scoring/engagement_aggregates.h"
#include "store/store.h"

namespace leadgate::collector {

struct DecisionChange {
  std::string subject;                 // "company:ID" or "lead:ID"
  std::string name;                    // company name; a lead's email or company
  Verdict from = Verdict::kUndecided;  // decision now
  Verdict to = Verdict::kUndecided;    // decision under the revision
  bool rejected_by_sales = false;      // newly qualified, and sales' latest verdict on it is a rejection
};

struct SubjectImpact {
  int64_t newly_qualified = 0;
  int64_t no_longer_qualified = 0;
  int64_t rejected_by_sales = 0;        // of newly_qualified: rejected by sales (not handed off)
  int64_t decided = 0;                  // subjects decided again
  std::vector<DecisionChange> changes;  // every change of decision, qualified first
};

struct PolicyImpact {
  SubjectImpact companies;
  SubjectImpact leads;
  bool loosens() const { return companies.newly_qualified > 0 || leads.newly_qualified > 0; }
};

inline constexpr int64_t kImpactLeadWindowMs = 30LL * 86400000;

// Decides every company and recent lead again under `policy`. Companies
// are decided from their running totals when `engagement` (may be null)
// says they were made for `policy`, else from their events.
Result<PolicyImpact> ComputeImpact(const Policy& policy, Store& store, const EngagementAggregates* engagement,
                                   int64_t now_ms);

// The contract's IMPACT with the changed subjects listed by name
// (at most `max_listed` each) in "changes".
nlohmann::json ImpactToJson(const PolicyImpact& impact, size_t max_listed = 1000);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_POLICY_POLICY_IMPACT_H_
