// The hand-off: when a company or a lead becomes qualified, inside the same
// transaction, an MQL record (for the SLA) and one outbox delivery per
// receiver: the contract's signed `mql.qualified` payload for webhooks (the
// same payload for a CRM, crm/; a company's with its people), a Block Kit
// message for Slack; none for a
// subject whose latest verdict is a rejection. Also the payloads of test
// deliveries.
// Thread-safe (runs on the store's writer thread).
#ifndef LEADGATE_SERVER_HANDOFF_HANDOFF_H_
#define LEADGATE_SERVER_HANDOFF_HANDOFF_H_

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "handoff/delivery_workers.h"
#include "store/store.h"

namespace leadgate::collector {

// {"type": "mql.qualified", "id", "at", "subject", "data"}.
std::string QualifiedPayload(const std::string& webhook_id, int64_t at_ms, const std::string& subject,
                             const nlohmann::json& data);

// A Slack incoming-webhook message: the subject's name, decision and
// points, the reasons, and a link to it in the app.
std::string SlackMessage(const std::string& subject, const nlohmann::json& data, const std::string& link);

// Where the app shows a subject ("company:ID" -> APP/app/companies/ID).
std::string SubjectLink(const std::string& app_url, const std::string& subject);

// The subject as it is now (COMPANY with its people, or LEAD); null when unknown.
Result<nlohmann::json> SubjectNow(Db& db, const std::string& subject);

class Handoff : public QualifiedObserver {
 public:
  // `receivers`: the current webhooks and Slack (escalations are sent by
  // the SLA), asked for every hand-off. `app_url`: the app's address as
  // people reach it, for links.
  Handoff(std::function<std::vector<Receiver>()> receivers, std::function<std::string()> app_url,
          std::function<void()> wake)
      : receivers_(std::move(receivers)), app_url_(std::move(app_url)), wake_(std::move(wake)) {}

  Status CompaniesQualified(Db& db, const std::vector<std::string>& ids, int64_t at_ms) override;
  Status LeadQualified(Db& db, int64_t lead_id, const Lead& lead) override;

  // Inside the SLA's transaction: the signed `mql.overdue` payload of one
  // MQL to the escalation webhook (none configured: nothing).
  Status Escalate(Db& db, const std::string& subject, int64_t qualified_ms, int64_t deadline_ms, double sla_hours);

  // A test delivery to each webhook (or only to `url` when not empty): the
  // ids ("msg_…") of the deliveries queued; NotFound when no receiver matches.
  Result<std::vector<std::string>> SendTest(Store& store, const std::string& url, int64_t now_ms);
  // Whether `url` is among the receivers now (a removed webhook's is not).
  bool Receives(const std::string& url) const;
  void WakeWorkers() const {
    if (wake_) wake_();
  }

 private:
  // `make_data` (the subject as JSON) is called only when a receiver takes it.
  Status Enqueue(Db& db, const std::string& subject, const std::function<Result<nlohmann::json>()>& make_data,
                 int64_t at_ms, int64_t revision);

  const std::function<std::vector<Receiver>()> receivers_;
  const std::function<std::string()> app_url_;
  const std::function<void()> wake_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_HANDOFF_HANDOFF_H_
