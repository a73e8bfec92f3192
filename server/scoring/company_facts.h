// The facts the collector knows about a company (company.*, network.type)
// from identification, and the JSON form of facts for the API. Pure.
#ifndef LEADGATE_SERVER_SCORING_COMPANY_FACTS_H_
#define LEADGATE_SERVER_SCORING_COMPANY_FACTS_H_

#include <nlohmann/json.hpp>

#include "identify/identify.h"
#include "leadgate/facts.h"
#include "leadgate/policy.h"
#include "store/store.h"

namespace leadgate::collector {

// The company record of an identified business visitor.
CompanyInfo CompanyInfoFromIdentity(const identify::Identity& identity);

// company.name, .domain, .employees, .revenue, .industry, .country and
// network.type, for the values that are known.
Facts CompanyFacts(const CompanyInfo& company);

// Only the facts that `policy` declares or uses (what the qualifier reads).
Facts FactsUsedBy(const Policy& policy, const Facts& facts);

// The facts as the API lists them: numbers rounded to 3 decimals. A company
// is decided on these, so that its listed facts give its listed decision
// (in `leadgate qualify` and the browser too), and a view a second ago
// counts as 1, not 0.99999 after decay.
Facts ListedFacts(Facts facts);

// {"company.name": "...", "behavior.visits": 3, ...}; integral numbers
// without a fraction, others rounded to 3 decimals.
nlohmann::json FactsToJson(const Facts& facts);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_SCORING_COMPANY_FACTS_H_
