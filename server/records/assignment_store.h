// Ownership and exclusions in the store. A company or a lead is owned by
// the rep it was assigned to by hand, else (a company, or a lead's
// company) by the first assignment rule matching its country and industry
// (an empty rule field matches anything). Excluded domains (existing
// customers, competitors, partners, each labelled) are kept out of the
// companies list and the inbox and listed apart. Thread-safe.
#ifndef LEADGATE_SERVER_RECORDS_ASSIGNMENT_STORE_H_
#define LEADGATE_SERVER_RECORDS_ASSIGNMENT_STORE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "leadgate/status.h"
#include "store/store.h"

namespace leadgate::collector {

// The owner of leads row `l` as an SQL expression (NULL: nobody): by
// hand, else its company's (company_owners; the view company_owner_of is
// where a company's owner is decided).
extern const char kLeadOwnerSql[];

// Which companies (and their leads) of excluded domains a list shows.
enum class ExcludedCompanies { kHidden, kOnly, kIncluded };

struct AssignmentRule {
  std::string country;   // "" matches any
  std::string industry;  // "" matches any
  std::string owner;
};

struct Exclusion {
  std::string domain;
  std::string label;  // customer, competitor, partner
  std::string note;
  std::string by;
  int64_t at_ms = 0;
};

class AssignmentStore {
 public:
  explicit AssignmentStore(Store* store) : store_(store) {}

  // Assigns `subject` ("company:ID" or "lead:ID") to `owner`; an empty
  // owner removes the hand assignment (rules apply again). Every
  // assignment is also kept in assignment_log (the subject's timeline).
  Status Assign(const std::string& subject, const std::string& owner, const std::string& by, int64_t at_ms);
  // Owners of these subjects (by hand, else by rule); subjects owned by
  // nobody are left out.
  Result<std::map<std::string, std::string>> Owners(const std::vector<std::string>& subjects);

  Result<std::vector<AssignmentRule>> Rules();
  // Replaces every rule (in order: the first match wins).
  Status SetRules(const std::vector<AssignmentRule>& rules);

  Result<std::vector<Exclusion>> Exclusions();
  Status Exclude(const Exclusion& exclusion);
  // False when the domain was not excluded.
  Result<bool> Include(const std::string& domain);
  // The exclusion of each of these domains that has one.
  Result<std::map<std::string, Exclusion>> ExclusionsOf(const std::vector<std::string>& domains);

 private:
  Store* store_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_RECORDS_ASSIGNMENT_STORE_H_
