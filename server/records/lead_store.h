// Reading form leads from the store (they are written by forms.cc through
// Store::SaveLead), newest first, each with the name of the company its
// address identified and the account it belongs to; filtered by decision,
// time, owner, account, words (an index of each lead's words) and whether
// that company's domain is excluded; a page at a time, the next after a
// cursor. Thread-safe.
#ifndef LEADGATE_SERVER_RECORDS_LEAD_STORE_H_
#define LEADGATE_SERVER_RECORDS_LEAD_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "leadgate/qualifier.h"
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

// Where a page of leads ends: the next page has the leads received before
// it (newest first). Written "RECEIVED_MS.ID" in the API's `next`.
struct LeadCursor {
  int64_t received_ms = 0;
  int64_t id = 0;
};
std::string FormatLeadCursor(const LeadCursor& cursor);
std::optional<LeadCursor> ParseLeadCursor(const std::string& text);  // nullopt for anything else

struct LeadQuery {
  std::optional<Verdict> decision;
  std::optional<int64_t> since_ms;   // received_ms >= this
  std::optional<std::string> owner;  // assigned to (by hand, else its company's owner)
  // Leads with a word starting with each word of this (ASCII case
  // ignored; records/search_words.h) among the contact's name, the name of
  // the company the lead was identified as and the answers' values.
  std::optional<std::string> search;
  std::optional<std::string> account;  // the leads of this account (a company id)
  // Leads whose company's domain is excluded: kept out of the list by default.
  ExcludedCompanies excluded = ExcludedCompanies::kHidden;
  int64_t limit = 100;
  std::optional<LeadCursor> after;  // the leads after this one (older)
};

struct LeadPage {
  std::vector<LeadRecord> leads;   // newest first
  std::optional<LeadCursor> next;  // where the next page starts; none after the last
};

// An account's people (collector-v1 v1.2), as its page, its hand-off and a
// CRM list them: its newest 100 leads, an excluded domain's too.
LeadQuery AccountPeopleQuery(const std::string& company_id);

// A page of the leads of `query` inside a transaction of the store (`Db`),
// newest first.
Result<LeadPage> ListLeads(Db& db, const LeadQuery& query);

class LeadStore {
 public:
  explicit LeadStore(Store* store) : store_(store) {}

  Result<LeadPage> List(const LeadQuery& query);
  // The ids of `query`'s leads, newest first, up to its limit, without
  // reading the leads (an account's timeline asks for its people's).
  Result<std::vector<int64_t>> Ids(const LeadQuery& query);
  Result<std::optional<LeadRecord>> Get(int64_t id);

 private:
  Store* store_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_RECORDS_LEAD_STORE_H_
