// Form submissions: POST /v1/forms/{policy}/submit, decoded by the core and
// decided on the server (never the browser) with what the collector knows:
// the address's company facts and the behavior of the visitor's own events.
// Stored before answered; own rate limits and a honeypot field. Thread-safe.
#ifndef LEADGATE_SERVER_FORMS_FORMS_H_
#define LEADGATE_SERVER_FORMS_FORMS_H_

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "http/http_error.h"
#include "http/net_address.h"
#include "ingest/ingest.h"
#include "leadgate/policy.h"
#include "leadgate/qualifier.h"
#include "scoring/active_policy.h"

namespace leadgate::collector {

inline constexpr size_t kMaxFormBytes = 32 * 1024;

// A field the form widget adds, hidden from people (off screen, out of the
// tab order, no autofill): a submission with it filled is a bot's, answered
// like any other and stored nowhere.
inline constexpr char kHoneypotField[] = "leadgate_website";

// Submissions of one email to one form within this long make one lead
// (its latest answers), not one lead and one hand-off each.
inline constexpr int64_t kMergeWindowMs = 10 * 60 * 1000;

// Forms' own limits, far below events' (a person sends a form once): per
// client address and per form, each a burst and then one every so many
// seconds. `--rate-limit 0` lifts them with the events' (enabled false).
struct FormLimits {
  bool enabled = true;
  double burst_per_address = 5;
  double seconds_per_address = 60;
  double burst_per_form = 60;
  double seconds_per_form = 1;
  std::function<int64_t()> clock_ms;  // null: the monotonic clock
};

// The checks every /v1/forms/{policy}/... request passes first (submit,
// prefill and the form's policy): `policy_name` is the active policy's (else
// NotFound) and the client's address resolves through the trusted proxies
// (else InvalidArgument). The client's address, whose rate the caller checks
// next (IngestServices' rate limiter, refused with RefuseRateLimited).
Result<std::string> AdmitFormRequest(const std::string& policy_name, const Policy& policy, const ClientRequest& request,
                                     const std::vector<Cidr>& trusted_proxies);

// The answer to AdmitFormRequest's refusal (a bad address counted as such).
HttpAnswer RefuseAdmission(const Status& status);

class FormHandler {
 public:
  // `policy` and the services must outlive the handler. Each submission is
  // decided with the revision active when it arrives.
  FormHandler(const ActivePolicy* policy, std::vector<Cidr> trusted_proxies, IngestServices services,
              const FormLimits& limits = {});

  // Body: {"answers": {FACT: VALUE, ...}, "anonymousId": "..."} or the bare
  // answers object. Answers the core's decision JSON; a plain form post
  // (urlencoded) gets a page, also when refused.
  HttpAnswer Submit(const std::string& policy_name, const ClientRequest& request);

 private:
  // Submit's work; refusals as JSON.
  HttpAnswer Handle(const std::string& policy_name, const ClientRequest& request);
  // Ok, or the form limits' RateLimited naming the limit, with the seconds
  // until a retry may pass in *retry_after_seconds.
  Status CheckFormRate(const std::string& policy_name, const std::string& client, int* retry_after_seconds);
  // Stores `lead`, or merges it into the lead of the same email stored
  // within kMergeWindowMs; the lead's id.
  Result<int64_t> SaveOrMerge(const Lead& lead, const std::string& email);
  // Decides with the active revision's qualifier (made once a revision).
  Result<Decision> Decide(const std::shared_ptr<const PolicySnapshot>& active, const Facts& facts);
  // SaveOrMerge of `lead` with its visitor's latest touch.
  Result<int64_t> SaveWithTouch(Lead* lead);

  const ActivePolicy* policy_;
  const std::vector<Cidr> trusted_proxies_;
  const IngestServices services_;
  RateLimiter per_address_;
  RateLimiter per_form_;
  // Leads by policy and email, for merging a repeated submission within
  // kMergeWindowMs into the lead it repeats (its latest answers).
  struct RecentLead {
    int64_t id = 0;
    int64_t received_ms = 0;
  };
  std::mutex recent_mutex_;  // held while such a lead is saved, so that two at once are one
  std::unordered_map<std::string, RecentLead> recent_;
  std::mutex qualifier_mutex_;
  // Guarded by qualifier_mutex_: the revision decided with and its qualifier.
  std::shared_ptr<const PolicySnapshot> decided_with_;
  std::unique_ptr<Qualifier> qualifier_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_FORMS_FORMS_H_
