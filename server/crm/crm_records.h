// What leadgate keeps of a CRM in its store: the CRM's ids of the accounts
// and people it handed off (so that a retry or a later hand-off updates
// the same records), the last lead status it saw of each person, the
// cursors of its reads, and the outcomes of closed deals (which
// `leadgate calibrate --store` learns from). SQL only. Thread-safe.
#ifndef LEADGATE_SERVER_CRM_CRM_RECORDS_H_
#define LEADGATE_SERVER_CRM_CRM_RECORDS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "crm/crm.h"
#include "leadgate/status.h"
#include "store/store.h"

namespace leadgate::collector {

// A person's record as leadgate knows it.
struct CrmPersonRecord {
  std::string email;
  std::string subject;      // the subject it was last handed off with
  std::string lead_status;  // the last lead status seen; "" none yet
};

// A closed deal of a company.
struct DealOutcome {
  std::string company_id;  // leadgate's
  std::string deal_id;     // the CRM's
  std::string outcome;     // won, lost
  int64_t closed_ms = 0;
};

class CrmRecords {
 public:
  CrmRecords(Store* store, std::string crm) : store_(store), crm_(std::move(crm)) {}

  // The ids kept for the account `company_id` ("" none) and `emails`.
  Result<CrmIds> Known(const std::string& company_id, const std::vector<std::string>& emails);
  // Keeps `ids`: the account's for `company_id`, each person's with
  // `subject` (a lead's subject is not replaced by its account's).
  Status Keep(const CrmIds& ids, const std::string& company_id, const std::string& subject, int64_t now_ms);

  // The person with the CRM's id `crm_id`; nullopt when leadgate never
  // handed it off.
  Result<std::optional<CrmPersonRecord>> PersonByCrmId(const std::string& crm_id);
  Status SetLeadStatus(const std::string& crm_id, const std::string& lead_status, int64_t now_ms);
  // leadgate's companies kept for the CRM's account ids.
  Result<std::vector<std::string>> CompaniesOf(const std::vector<std::string>& account_ids);

  // A read's cursor (the last modified time read); nullopt before the first.
  Result<std::optional<int64_t>> Cursor(const std::string& name);
  Status SetCursor(const std::string& name, int64_t cursor_ms);

  // Replaces the outcomes of deal `deal_id` with `outcome` for each of
  // `company_ids` (an open deal: none).
  Status SetDealOutcome(const std::string& deal_id, const std::vector<std::string>& company_ids,
                        const std::string& outcome, int64_t closed_ms);

 private:
  Store* store_;
  const std::string crm_;
};

// Each company's latest closed deal, of every CRM, by company id.
Result<std::map<std::string, DealOutcome>> LatestDealOutcomes(Store& store);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_CRM_CRM_RECORDS_H_
