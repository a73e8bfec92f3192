// Delivery -> CrmHandoff -> connector, ids kept.
#include "crm/crm_sync.h"

#include "base/subject_ref.h"
#include "crm/crm_handoff.h"
#include "handoff/handoff.h"
#include "handoff/outbox.h"

namespace leadgate::collector {

CrmSync::CrmSync(std::shared_ptr<CrmConnector> connector, Parts parts)
    : connector_(std::move(connector)), parts_(std::move(parts)), records_(parts_.store, connector_->name()) {}

Receiver CrmSync::receiver() {
  Receiver receiver;
  receiver.url = connector_->url();
  receiver.kind = connector_->name();
  receiver.send = [this](const Delivery& delivery, int64_t now_ms,
                         const std::function<void(httplib::Client*)>& in_flight) {
    return Send(delivery, now_ms, in_flight);
  };
  return receiver;
}

SendOutcome CrmSync::Send(const Delivery& delivery, int64_t now_ms, const InFlight& in_flight) {
  SendOutcome outcome;
  const nlohmann::json payload = nlohmann::json::parse(delivery.body, nullptr, false);
  const nlohmann::json data = payload.is_object() && payload.contains("data") ? payload["data"] : nlohmann::json();
  auto handoff = CrmHandoffOf(payload, SubjectLink(parts_.app_url(), LinkedSubject(delivery.subject, data)));
  if (!handoff.ok()) {
    outcome.error = handoff.status().message();
    return outcome;
  }
  CrmHandoff& crm = handoff.value();
  const std::string company_id = crm.account ? crm.account->leadgate_id : "";
  if (parts_.people_of && !IsLeadSubject(crm.subject)) {
    auto people = parts_.people_of(company_id);
    if (!people.ok()) return SendOutcome{0, "store: " + people.status().message(), "", std::nullopt};
    for (CrmPerson& person : people.value()) {
      bool known = false;
      for (const CrmPerson& already : crm.people) known = known || already.email == person.email;
      if (!known) crm.people.push_back(std::move(person));
    }
  }
  if (parts_.owner_of) {
    auto owner = parts_.owner_of(crm.subject);
    if (!owner.ok()) return SendOutcome{0, "store: " + owner.status().message(), "", std::nullopt};
    const auto mapped = parts_.owners.find(owner.value());
    if (mapped != parts_.owners.end()) crm.owner_id = mapped->second;
  }
  std::vector<std::string> emails;
  for (const CrmPerson& person : crm.people) emails.push_back(person.email);
  auto ids = records_.Known(company_id, emails);
  if (!ids.ok()) return SendOutcome{0, "store: " + ids.status().message(), "", std::nullopt};
  const CrmAttempt attempt = connector_->Push(crm, &ids.value(), in_flight);
  // What the CRM gave is kept even when a later step failed: the retry
  // updates those records instead of searching (or creating) again.
  Status kept = records_.Keep(ids.value(), company_id, crm.subject, now_ms);
  if (parts_.metrics) {
    const std::string result = attempt.ok() ? "delivered" : attempt.status == 429 ? "rate_limited" : "failed";
    parts_.metrics->Add("leadgate_" + connector_->name() + "_pushes_total", "result", result);
  }
  outcome.status = attempt.status;
  outcome.error = attempt.error;
  outcome.body = attempt.answer;
  outcome.retry_after_ms = attempt.retry_after_ms;
  if (!kept.ok() && attempt.ok()) {
    // Delivered but not remembered: tried again (it updates the same
    // records, found by domain and email).
    outcome.status = 0;
    outcome.error = "store: " + kept.message();
  }
  return outcome;
}

void AddCrmGauges(Metrics& metrics, Store* store, const std::string& url) {
  Outbox outbox(store);
  metrics.AddGauge("leadgate_hubspot_deliveries_pending", "Hand-offs waiting to be written to HubSpot.",
                   [outbox, url]() mutable {
                     auto next = outbox.CountPending(url);
                     return next.ok() ? static_cast<double>(next.value()) : -1.0;
                   });
}

}  // namespace leadgate::collector
