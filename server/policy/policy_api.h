// The HTTP side of policy revisions and the hand-off, as the collector
// contract words it: GET /api/policy, GET/POST /api/policy/revisions,
// GET .../N, .../N/impact, POST .../N/signoff, .../N/activate (409 with the
// missing roles), GET /api/deliveries, POST /api/deliveries/test and
// /api/deliveries/ID/retry. Callers check authorisation first; `by` is the
// person (or "api-token") acting. Thread-safe.
#ifndef LEADGATE_SERVER_POLICY_POLICY_API_H_
#define LEADGATE_SERVER_POLICY_POLICY_API_H_

#include <string>

#include "handoff/handoff.h"
#include "handoff/outbox.h"
#include "handoff/sla.h"
#include "http/http_error.h"
#include "people/people_store.h"
#include "policy/policy_revisions.h"

namespace leadgate::collector {

class PolicyApi {
 public:
  // All must outlive the API.
  // `sla` may be null (no --sla-hours).
  PolicyApi(PolicyRevisions* revisions, Store* store, PeopleStore* people, Handoff* handoff,
            std::function<int64_t()> clock, Sla* sla)
      : revisions_(revisions),
        store_(store),
        people_(people),
        outbox_(store),
        handoff_(handoff),
        clock_(std::move(clock)),
        sla_(sla) {}

  HttpAnswer ActivePolicy();
  HttpAnswer ListRevisions();
  HttpAnswer GetRevision(const std::string& number);
  HttpAnswer CreateRevision(const std::string& body, const std::string& by);
  HttpAnswer Impact(const std::string& number);
  // POST /api/policy/impact {"policy": POLICY}: IMPACT of activating it
  // now, nothing stored; 422 with its problems.
  HttpAnswer PreviewImpact(const std::string& body);
  // `role`: the signing person's role.
  HttpAnswer Signoff(const std::string& number, const std::string& by, const std::string& role);
  // With the API token: for the existing user named in {"by": NAME}.
  HttpAnswer SignoffFor(const std::string& number, const std::string& body);
  HttpAnswer Activate(const std::string& number, const std::string& by);

  // `with_receivers`: each receiver's URL, its last answer and attempt
  // errors (admins); without, they are null and left out.
  HttpAnswer ListDeliveries(const std::string& limit, const std::string& state, bool with_receivers);
  HttpAnswer SendTest(const std::string& body);
  HttpAnswer Retry(const std::string& id);
  // GET /api/sla: the SLA figures, escalations brought up to date first.
  HttpAnswer SlaReport();

 private:
  PolicyRevisions* revisions_;
  Store* store_;
  PeopleStore* people_;
  Outbox outbox_;
  Handoff* handoff_;
  std::function<int64_t()> clock_;
  Sla* sla_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_POLICY_POLICY_API_H_
