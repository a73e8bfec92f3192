// The prefill route: key, address, rate limit, identification, then the
// company facts and `from` answers as the core encodes facts.
#include "forms/prefill.h"

#include "forms/forms.h"
#include "http/http_auth.h"
#include "leadgate/codec.h"
#include "scoring/company_facts.h"

namespace leadgate::collector {
Facts PrefillFacts(const Policy& policy, const CompanyInfo& company) {
  Facts facts = CompanyFacts(company);
  facts.erase("network.type");  // not a company fact, and never a question
  facts.merge(AnswersFrom(policy, facts));
  return facts;
}

HttpAnswer PrefillHandler::Prefill(const std::string& policy_name, const std::string& write_key,
                                   const ClientRequest& request) const {
  // The key first, as for events: a header key wins over the query's.
  if (!request.authorization.empty()) {
    auto user = BasicAuthUser(request.authorization);
    if (!user)
      return Refuse(401, "Authorization must be Basic with the write key as user name", "Authorization", "auth");
    if (keys_.Find(*user) == KeyKind::kUnknown) return Refuse(401, "unknown write key", "Authorization", "auth");
  } else if (write_key.empty()) {
    return Refuse(401, "no write key (send it as Basic auth user or ?writeKey=)", "writeKey", "auth");
  } else if (keys_.Find(write_key) == KeyKind::kUnknown) {
    return Refuse(401, "unknown write key", "writeKey", "auth");
  }
  const std::shared_ptr<const PolicySnapshot> active = policy_->Get();
  const Policy& policy = active->policy;
  std::string client;
  if (auto refusal = AdmitFormRequest(policy_name, policy, request, trusted_proxies_, *services_.rate_limiter, &client))
    return std::move(*refusal);
  const identify::Identity identity = services_.identifier->Identify(client);
  Facts facts;
  if (identity.is_business()) facts = PrefillFacts(policy, CompanyInfoFromIdentity(identity));
  services_.metrics->Add("leadgate_prefills_total", "known", facts.empty() ? "no" : "yes");
  HttpAnswer answer;
  answer.body = "{\"facts\":" + leadgate::FactsToJson(facts) + "}";
  return answer;
}

}  // namespace leadgate::collector
