// The durable webhook outbox: every delivery (a signed hand-off, a Slack
// message, an escalation, a test, a mail) is a row written in the same transaction
// as what caused it, with every attempt and the receiver's last answer.
// Workers take due rows per receiver URL; a restart loses nothing. SQL only:
// sending and retry timing live in delivery_workers.h. Thread-safe.
#ifndef LEADGATE_SERVER_HANDOFF_OUTBOX_H_
#define LEADGATE_SERVER_HANDOFF_OUTBOX_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "leadgate/status.h"
#include "store/store.h"

namespace leadgate::collector {

struct DeliveryAttempt {
  int64_t at_ms = 0;
  int status = 0;     // the receiver's HTTP status; 0 when it gave none
  std::string error;  // why there was no answer (timeout, refused, TLS)
};

struct Delivery {
  int64_t id = 0;
  std::string webhook_id;  // "msg_…": the payload's id and the webhook-id header
  std::string kind;        // webhook, slack, escalation, test, mail
  std::string url;
  std::string subject;  // "company:ID", "lead:ID", "test"
  // The subject's name now (a company's name, a lead's company), "" when
  // unknown; read by List only, for the delivery log.
  std::string subject_name;
  std::string body;
  int64_t created_ms = 0;
  std::string state;  // pending, delivered, failed
  int64_t next_attempt_ms = 0;
  std::string last_response;  // body of the last answer, truncated
  std::vector<DeliveryAttempt> attempts;
};

// A fresh delivery id, "msg_" and 32 hex digits from the kernel's random.
std::string NewWebhookId();

class Outbox {
 public:
  explicit Outbox(Store* store) : store_(store) {}

  // Inside a write job (the transaction that caused it): a pending
  // delivery due at `now_ms`.
  static Status Enqueue(Db& db, const Delivery& delivery, int64_t now_ms);
  // In its own transaction.
  Status Enqueue(const Delivery& delivery, int64_t now_ms);

  // Pending deliveries to `url` due at `now_ms`, oldest due first.
  Result<std::vector<Delivery>> Due(const std::string& url, int64_t now_ms, int limit);
  // How many deliveries to `url` are pending (for /metrics).
  Result<int64_t> CountPending(const std::string& url);
  // The earliest next attempt of a pending delivery to `url`.
  Result<std::optional<int64_t>> NextDue(const std::string& url);
  // Stores one attempt and the delivery's new state.
  Status RecordAttempt(const Delivery& delivery, const DeliveryAttempt& attempt, const std::string& state,
                       int64_t next_attempt_ms, const std::string& last_response);
  // Newest first, with their attempts and subjects' names; `state` (pending,
  // delivered or failed) keeps only those, "" every state.
  Result<std::vector<Delivery>> List(int limit, const std::string& state = "");
  // Inside a write job: every pending delivery to `url` fails with `reason`
  // as its last answer (its receiver was removed); returns how many.
  static Result<int64_t> DropPending(Db& db, const std::string& url, const std::string& reason);
  // NotFound for an unknown id.
  Result<Delivery> Get(int64_t id);
  // A manual retry: pending and due now. NotFound for an unknown id.
  Status Retry(int64_t id, int64_t now_ms);
  // On start: pending deliveries are tried at once.
  Status DueNow(int64_t now_ms);

 private:
  Store* store_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_HANDOFF_OUTBOX_H_
