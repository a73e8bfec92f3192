// Reading form leads from the store (they are written by forms.cc through
// Store::SaveLead), newest first, each with the name of the company its
// address identified; filtered by decision, time, owner and whether that
// company's domain is excluded. Thread-safe.
#ifndef LEADGATE_SERVER_RECORDS_LEAD_STORE_H_
#define LEADGATE_SERVER_RECORDS_LEAD_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "leadgate/status.h"
#include "records/assignment_store.h"
#include "store/store.h"

namespace leadgate::collector {

struct LeadRecord {
  int64_t id = 0;
  Lead lead;
  std::string company_name;  // empty when no company was identified
};

// One lead by id inside a transaction of the store (`Db`), as List reads it.
Result<std::optional<LeadRecord>> ReadLead(Db& db, int64_t id);

struct LeadQuery {
  std::optional<std::string> decision;
  std::optional<int64_t> since_ms;   // received_ms >= this
  std::optional<std::string> owner;  // assigned to (by hand, else its company's owner)
  // Text found, ignoring ASCII case, in the company's name or the answers.
  std::optional<std::string> search;
  // Leads whose company's domain is excluded: kept out of the list by default.
  ExcludedCompanies excluded = ExcludedCompanies::kHidden;
  int64_t limit = 100;
};

class LeadStore {
 public:
  explicit LeadStore(Store* store) : store_(store) {}

  Result<std::vector<LeadRecord>> List(const LeadQuery& query);  // newest first
  Result<std::optional<LeadRecord>> Get(int64_t id);

 private:
  Store* store_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_RECORDS_LEAD_STORE_H_
