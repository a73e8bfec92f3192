// Prefill: GET /v1/forms/{policy}/prefill. What the collector knows for the
// calling visitor's address (the company.* facts and the questions they
// answer through `from`), so a form need not ask it. Public like the event
// routes: write key (Basic auth user or ?writeKey=), rate limited per
// address. Thread-safe.
#ifndef LEADGATE_SERVER_FORMS_PREFILL_H_
#define LEADGATE_SERVER_FORMS_PREFILL_H_

#include <string>
#include <vector>

#include "http/http_error.h"
#include "http/net_address.h"
#include "ingest/ingest.h"
#include "leadgate/facts.h"
#include "leadgate/policy.h"
#include "scoring/active_policy.h"

namespace leadgate::collector {

// The prefill facts of an identified company: its company.* facts and the
// askable facts they answer through `from`. Pure.
Facts PrefillFacts(const Policy& policy, const CompanyInfo& company);

class PrefillHandler {
 public:
  // `policy`, `keys` and the services must outlive the handler. Each call
  // answers with the revision active when it arrives.
  PrefillHandler(const ActivePolicy* policy, const KeyRing& keys, std::vector<Cidr> trusted_proxies,
                 IngestServices services)
      : policy_(policy), keys_(keys), trusted_proxies_(std::move(trusted_proxies)), services_(services) {}

  // `write_key` is the ?writeKey= query value ("" when absent); the
  // Authorization header (Basic) is in `request`. Answers {"facts": {...}}.
  HttpAnswer Prefill(const std::string& policy_name, const std::string& write_key, const ClientRequest& request) const;

 private:
  const ActivePolicy* policy_;
  const KeyRing& keys_;
  const std::vector<Cidr> trusted_proxies_;
  const IngestServices services_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_FORMS_PREFILL_H_
