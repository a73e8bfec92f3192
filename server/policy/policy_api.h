// The HTTP side of policy revisions, as the collector contract words it:
// GET /api/policy, GET/POST /api/policy/revisions, GET .../N, .../N/impact,
// POST .../N/signoff, .../N/activate (409 with the missing roles). Callers
// check authorisation first; `by` is the person (or "api-token") acting.
// Thread-safe.
#ifndef LEADGATE_SERVER_POLICY_POLICY_API_H_
#define LEADGATE_SERVER_POLICY_POLICY_API_H_

#include <string>

#include "http/http_error.h"
#include "people/people_store.h"
#include "policy/policy_revisions.h"

namespace leadgate::collector {

class PolicyApi {
 public:
  // Both must outlive the API.
  PolicyApi(PolicyRevisions* revisions, PeopleStore* people) : revisions_(revisions), people_(people) {}

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

 private:
  PolicyRevisions* revisions_;
  PeopleStore* people_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_POLICY_POLICY_API_H_
