// The facts an MQL subject is decided on, written once for everyone who
// decides one again: a company's (its behavior.* facts, its company facts
// and the questions they answer through `from`) and a form lead's (its
// stored answers still valid under a policy, its company's facts and its
// visitor's behavior). Used by the scorer, forms, the impact of a revision,
// the qualification call and `leadgate calibrate --store`.
#ifndef LEADGATE_SERVER_SCORING_SUBJECT_FACTS_H_
#define LEADGATE_SERVER_SCORING_SUBJECT_FACTS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "leadgate/facts.h"
#include "leadgate/policy.h"
#include "leadgate/status.h"
#include "store/store.h"

namespace leadgate::collector {

// A company's facts from its `behavior` facts, as the API lists them.
Facts CompanySubjectFacts(const Policy& policy, Facts behavior, const CompanyInfo& company);

// A company's facts as they were at `at_ms`: behavior from its events up to then.
Result<Facts> CompanySubjectFactsAt(const Policy& policy, Store& store, const CompanyInfo& company, int64_t at_ms);

// The stored answers that are still valid under `policy`, one by one: a
// fact the policy does not declare, or a choice it no longer lists, is left
// unknown.
Facts AnswersUnder(const Policy& policy, const std::string& answers_json);

// A form lead's behavior.* facts at `at_ms` (collector-v1 v1.1 "Form
// leads"): those of its visitor's own page events, computed as a company's
// are and listed alike; none without a visitor. Visitor hashes are keyed by
// the day, so these are the events of the day it submitted.
Result<Facts> LeadBehaviorFacts(const Policy& policy, Store& store, const std::string& visitor, int64_t at_ms);

// A lead's facts as its form decides them: its answers, and what the server
// knows wins: its company's facts and its `behavior` (LeadBehaviorFacts).
// (An askable fact answered in the form wins over `from`: the qualifier's.)
Facts LeadSubjectFacts(const Policy& policy, const std::string& answers_json,
                       const std::optional<CompanyRecord>& company, Facts behavior);

// A stored lead's facts as its form decided them, for deciding it again:
// LeadSubjectFacts with its visitor's LeadBehaviorFacts when it was
// received. `company`: the company its address identified, if any.
Result<Facts> StoredLeadFacts(const Policy& policy, Store& store, const Lead& lead,
                              const std::optional<CompanyRecord>& company);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_SCORING_SUBJECT_FACTS_H_
