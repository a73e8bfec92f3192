// Ownership and exclusions over HTTP: who owns a company or a lead (by
// hand, else by the first assignment rule on country and industry), the
// rules, and the excluded domains (customers, competitors, partners) with
// the companies they keep out of the list and the inbox. Everyone signed
// in reads and may assign a subject to themself; admins change the rest.
// Thread-safe.
#ifndef LEADGATE_SERVER_API_OWNERSHIP_API_H_
#define LEADGATE_SERVER_API_OWNERSHIP_API_H_

#include <map>
#include <optional>
#include <string>

#include "http/http_error.h"
#include "people/access.h"
#include "people/people_store.h"
#include "records/assignment_store.h"

namespace leadgate::collector {

class OwnershipApi {
 public:
  OwnershipApi(AssignmentStore* assignments, PeopleStore* people) : assignments_(assignments), people_(people) {}

  // GET /api/owners?subject=S (repeatable) -> {"owners": {S: NAME|null}}.
  HttpAnswer Owners(const std::multimap<std::string, std::string>& params);
  // POST /api/assignments {"subject", "owner"} (owner "" or null: back to
  // the rules). Admins (and the API token) assign to anyone; anyone else
  // only to themself (403), and only what nobody else owns (409).
  HttpAnswer Assign(const std::string& body, const Caller& caller, int64_t now_ms);
  // GET /api/assignment-rules -> {"rules": [{"country", "industry", "owner"}]}.
  HttpAnswer Rules();
  // POST /api/assignment-rules {"rules": [...]}: replaces them all.
  HttpAnswer SetRules(const std::string& body);
  // GET /api/exclusions -> {"exclusions": [{"domain", "label", "note", "by", "at"}]}.
  HttpAnswer Exclusions();
  // POST /api/exclusions {"domain", "label", "note"} -> 201.
  HttpAnswer Exclude(const std::string& body, const Caller& caller, int64_t now_ms);
  // POST /api/exclusions/remove {"domain"} -> 200, or 404 when not excluded.
  HttpAnswer Include(const std::string& body);

 private:
  // Ok, or why `caller` may not make this claim (PermissionDenied, Conflict;
  // see Assign).
  Status CheckClaim(const std::string& subject, const std::string& owner, const Caller& caller);
  // Whether `name` is a person who can sign in; error on store failure.
  Result<bool> IsUser(const std::string& name);

  AssignmentStore* assignments_;
  PeopleStore* people_;
};

// A domain as exclusions keep it: lower case, without "www." and a
// trailing dot; "" when it is not a plausible domain.
std::string NormalizeDomain(const std::string& text);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_API_OWNERSHIP_API_H_
