// A CRM as a receiver of the durable outbox: each hand-off's delivery (the
// webhook's payload) is written to the CRM by its connector, with the ids
// leadgate kept for the account and its people, the owner mapped from
// leadgate's (`--hubspot-owner NAME=OWNER_ID`) and the link into /app;
// the ids the CRM gives are kept, also when a later step fails. Retries,
// backoff and a 429's wait are the outbox's (delivery_workers.h).
// Thread-safe.
#ifndef LEADGATE_SERVER_CRM_CRM_SYNC_H_
#define LEADGATE_SERVER_CRM_CRM_SYNC_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/metrics.h"
#include "crm/crm.h"
#include "crm/crm_records.h"
#include "handoff/delivery_workers.h"
#include "store/store.h"

namespace leadgate::collector {

class CrmSync {
 public:
  struct Parts {
    Store* store = nullptr;
    Metrics* metrics = nullptr;
    std::function<std::string()> app_url;  // for links
    // leadgate's owner (a person's name) of a subject; "" nobody.
    std::function<Result<std::string>(const std::string& subject)> owner_of;
    // The people of an account (its leads' contacts), handed off with it.
    std::function<Result<std::vector<CrmPerson>>(const std::string& company_id)> people_of;
    std::map<std::string, std::string> owners;  // leadgate person -> the CRM's owner id
  };
  CrmSync(std::shared_ptr<CrmConnector> connector, Parts parts);

  // The outbox's receiver for this CRM: kind and URL from the connector.
  Receiver receiver();
  // One attempt of one delivery.
  SendOutcome Send(const Delivery& delivery, int64_t now_ms, const InFlight& in_flight);

 private:
  std::shared_ptr<CrmConnector> connector_;
  Parts parts_;
  CrmRecords records_;
};

// The hand-offs waiting to be written to the CRM at `url` on /metrics;
// `store` must outlive `metrics`' renders.
void AddCrmGauges(Metrics& metrics, Store* store, const std::string& url);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_CRM_CRM_SYNC_H_
