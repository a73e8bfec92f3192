// The form's policy: GET /v1/forms/{policy}/policy answers the active
// revision's policy JSON (with its revision), so a form widget pointed at
// the collector asks by the revision the server decides with. Public like
// the submit route (address resolution, rate limit); cached only with
// revalidation (ETag, 304). Thread-safe.
#ifndef LEADGATE_SERVER_FORMS_FORM_POLICY_H_
#define LEADGATE_SERVER_FORMS_FORM_POLICY_H_

#include <string>
#include <vector>

#include "http/http_error.h"
#include "http/net_address.h"
#include "ingest/ingest.h"
#include "scoring/active_policy.h"

namespace leadgate::collector {

// The ETag of a policy's JSON: a quoted hash of the bytes. Pure.
std::string PolicyEtag(const std::string& policy_json);

class FormPolicyHandler {
 public:
  // `policy` and the services must outlive the handler.
  FormPolicyHandler(const ActivePolicy* policy, std::vector<Cidr> trusted_proxies, IngestServices services)
      : policy_(policy), trusted_proxies_(std::move(trusted_proxies)), services_(services) {}

  // `if_none_match` is the request's If-None-Match ("" when absent): when
  // it names the active revision's ETag the answer is 304 without a body.
  HttpAnswer Get(const std::string& policy_name, const std::string& if_none_match, const ClientRequest& request) const;

 private:
  const ActivePolicy* policy_;
  const std::vector<Cidr> trusted_proxies_;
  const IngestServices services_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_FORMS_FORM_POLICY_H_
