// The facts of companies and leads, for deciding them (again).
#include "scoring/subject_facts.h"

#include <nlohmann/json.hpp>

#include "leadgate/engagement.h"
#include "scoring/company_facts.h"

namespace leadgate::collector {

Facts CompanySubjectFacts(const Policy& policy, Facts behavior, const CompanyInfo& company) {
  Facts facts = std::move(behavior);
  for (auto& [id, value] : CompanyFacts(company)) facts[id] = value;
  facts = ListedFacts(std::move(facts));
  // Questions the company facts answer (`from`) are among its facts.
  facts.merge(AnswersFrom(policy, facts));
  return facts;
}

Result<Facts> CompanySubjectFactsAt(const Policy& policy, Store& store, const CompanyInfo& company, int64_t at_ms) {
  auto events = store.CompanyPageEvents(company.id);
  if (!events.ok()) return events.status();
  std::vector<PageEvent> until;
  for (PageEvent& event : events.value())
    if (event.time_ms <= at_ms) until.push_back(std::move(event));
  return CompanySubjectFacts(policy, ComputeBehavior(policy, until, at_ms), company);
}

Facts AnswersUnder(const Policy& policy, const std::string& answers_json) {
  Facts facts;
  const nlohmann::json answers = nlohmann::json::parse(answers_json, nullptr, false);
  if (!answers.is_object()) return facts;
  for (const auto& [id, value] : answers.items()) {
    if (policy.FindFact(id) < 0) continue;
    auto one = DecodeFacts(policy, nlohmann::json{{id, value}}.dump());
    if (one.ok()) facts.insert(one->begin(), one->end());
  }
  return facts;
}

Result<Facts> LeadBehaviorFacts(const Policy& policy, Store& store, const std::string& visitor, int64_t at_ms) {
  if (visitor.empty()) return Facts();
  auto events = store.VisitorPageEvents(visitor, at_ms);
  if (!events.ok()) return events.status();
  return ListedFacts(ComputeBehavior(policy, events.value(), at_ms));
}

Facts LeadSubjectFacts(const Policy& policy, const std::string& answers_json,
                       const std::optional<CompanyRecord>& company, Facts behavior) {
  Facts facts = AnswersUnder(policy, answers_json);
  if (company)
    for (auto& [id, value] : FactsUsedBy(policy, CompanyFacts(company->info))) facts[id] = value;
  for (auto& [id, value] : behavior) facts[id] = std::move(value);
  return facts;
}

Result<Facts> StoredLeadFacts(const Policy& policy, Store& store, const Lead& lead,
                              const std::optional<CompanyRecord>& company) {
  auto behavior = LeadBehaviorFacts(policy, store, lead.visitor, lead.received_ms);
  if (!behavior.ok()) return behavior.status();
  return LeadSubjectFacts(policy, lead.answers_json, company, std::move(behavior).value());
}

}  // namespace leadgate::collector
