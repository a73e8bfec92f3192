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
      return Refuse(
          Status::Unauthenticated("Authorization must be Basic with the write key as user name", "Authorization"));
    if (keys_.Find(*user) == KeyKind::kUnknown)
      return Refuse(Status::Unauthenticated("unknown write key", "Authorization"));
  } else if (write_key.empty()) {
    return Refuse(Status::Unauthenticated("no write key (send it as Basic auth user or ?writeKey=)", "writeKey"));
  } else if (keys_.Find(write_key) == KeyKind::kUnknown) {
    return Refuse(Status::Unauthenticated("unknown write key", "writeKey"));
  }
  const std::shared_ptr<const PolicySnapshot> active = policy_->Get();
  const Policy& policy = active->policy;
  Result<std::string> admitted = AdmitFormRequest(policy_name, policy, request, trusted_proxies_);
  if (!admitted.ok()) return RefuseAdmission(admitted.status());
  int retry_after = 0;
  if (!services_.rate_limiter->Allow(*admitted, &retry_after))
    return RefuseRateLimited("too many requests from this address", retry_after);
  const identify::Identity identity = services_.identifier->Identify(*admitted);
  Facts facts;
  if (identity.is_business()) facts = PrefillFacts(policy, CompanyInfoFromIdentity(identity));
  services_.metrics->Add("leadgate_prefills_total", "known", facts.empty() ? "no" : "yes");
  HttpAnswer answer;
  answer.body = "{\"facts\":" + leadgate::FactsToJson(facts) + "}";
  return answer;
}

}  // namespace leadgate::collector
