// Reading form leads from the store (they are written by forms.cc through
// Store::SaveLead), newest first, each with the name of the company its
// address identified and the account it belongs to; filtered by decision,
// time, owner, account and whether that company's domain is excluded.
// Thread-safe.
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

// The account a lead belongs to (collector-v1 v1.2).
struct LeadAccount {
  std::string id;
  std::string name;
  std::string domain;  // empty when not known
};

struct LeadRecord {
  int64_t id = 0;
  Lead lead;
  std::string company_name;  // empty when no company was identified
  std::optional<LeadAccount> account;
  std::string company_domain;  // of the identified company, when it is known
};

// One lead by id inside a transaction of the store (`Db`), as List reads it.
Result<std::optional<LeadRecord>> ReadLead(Db& db, int64_t id);

// Sets record->account: the company its address identified; else the
// listed company whose domain is its email's (ASCII case and a leading
// "www." ignored); else none.
Status ResolveAccount(Db& db, LeadRecord* record);

struct LeadQuery {
  std::optional<std::string> decision;
  std::optional<int64_t> since_ms;   // received_ms >= this
  std::optional<std::string> owner;  // assigned to (by hand, else its company's owner)
  // Text found, ignoring ASCII case, in the company's name, the answers or
  // the contact's name.
  std::optional<std::string> search;
  std::optional<std::string> account;  // the leads of this account (a company id)
  // Leads whose company's domain is excluded: kept out of the list by default.
  ExcludedCompanies excluded = ExcludedCompanies::kHidden;
  int64_t limit = 100;
};

// An account's people (collector-v1 v1.2), as its page, its hand-off and a
// CRM list them: its newest 100 leads, an excluded domain's too.
LeadQuery AccountPeopleQuery(const std::string& company_id);

// The leads of `query` inside a transaction of the store (`Db`), newest first.
Result<std::vector<LeadRecord>> ListLeads(Db& db, const LeadQuery& query);

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
