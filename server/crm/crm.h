// What leadgate exchanges with a CRM, in plain structs, and the shape of a
// connector: one class per CRM (hubspot.h; Salesforce or Pipedrive would
// be one more file implementing CrmConnector) that writes a hand-off and
// reads what sales changed. The store, the outbox and the verdicts stay on
// leadgate's side (crm_sync.h, crm_poller.h). A connector is used by one
// thread at a time.
#ifndef LEADGATE_SERVER_CRM_CRM_H_
#define LEADGATE_SERVER_CRM_CRM_H_

#include <httplib.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace leadgate::collector {

// An account: one company record in the CRM per domain.
struct CrmAccount {
  std::string leadgate_id;  // the company's id in leadgate
  std::string name;
  std::string domain;  // lower case, no leading www.
  std::string country;
};

// A person: one contact record in the CRM per email address.
struct CrmPerson {
  std::string email;  // lower case
  std::string first_name;
  std::string last_name;
  std::string phone;
  std::string title;
};

// One hand-off as a CRM receives it. Empty strings are never written (a
// CRM's value is never overwritten with an empty one).
struct CrmHandoff {
  std::string subject;                // "company:ID" or "lead:ID"
  std::optional<CrmAccount> account;  // none: the person alone
  std::vector<CrmPerson> people;
  std::string note;      // plain text: the decision, the reasons in words, the link
  std::string owner_id;  // the CRM's owner of the records; "" none
  int64_t at_ms = 0;     // when the subject qualified
};

// The CRM's ids of the records of one hand-off: those leadgate kept from
// earlier hand-offs going in, those the CRM gave coming out.
struct CrmIds {
  std::string account_id;                         // "" unknown
  std::map<std::string, std::string> person_ids;  // by email
};

// How one attempt went, as the outbox records it.
struct CrmAttempt {
  int status = 0;      // the failing (or last) HTTP status; 0 when there was no answer
  std::string error;   // why there was no answer
  std::string answer;  // the failing answer's body (truncated), or a summary
  // The CRM said when to come back (HubSpot's 429).
  std::optional<int64_t> retry_after_ms;
  bool ok() const { return status >= 200 && status < 300; }
};

// A person whose lead status may have changed.
struct PersonChange {
  std::string crm_id;
  std::string email;
  std::string lead_status;  // the CRM's value, e.g. HubSpot's hs_lead_status; "" none
  int64_t modified_ms = 0;
};

// A deal and the accounts it belongs to.
struct DealChange {
  std::string crm_id;
  std::string name;
  std::vector<std::string> account_ids;  // the CRM's company ids
  std::string outcome;                   // won, lost, or "" while open
  int64_t closed_ms = 0;
  int64_t modified_ms = 0;
};

// Records changed at or after a time, oldest change first.
template <typename Change>
struct CrmChanges {
  std::vector<Change> changes;
  CrmAttempt attempt;  // !ok(): the read stopped there (changes holds what came before)
};

// Told the HTTP client of a request before it is sent and nullptr after,
// so that a shutdown can cut it short (delivery_workers.h).
using InFlight = std::function<void(httplib::Client*)>;

class CrmConnector {
 public:
  virtual ~CrmConnector() = default;
  // "hubspot": the delivery kind, metric and cursor names.
  virtual std::string name() const = 0;
  // The CRM's address (the delivery log's receiver).
  virtual std::string url() const = 0;
  // Writes the account, the people, their association and the note;
  // `ids` holds the ids leadgate knows and gains those the CRM gives
  // (also when a later step fails, so that a retry does not search again).
  virtual CrmAttempt Push(const CrmHandoff& handoff, CrmIds* ids, const InFlight& in_flight) = 0;
  // People and deals modified at or after `since_ms`, oldest first.
  virtual CrmChanges<PersonChange> PeopleChanged(int64_t since_ms) = 0;
  virtual CrmChanges<DealChange> DealsChanged(int64_t since_ms) = 0;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_CRM_CRM_H_
