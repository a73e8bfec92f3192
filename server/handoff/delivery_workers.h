// Delivery of the outbox: one worker thread per receiver URL, so that a
// slow or stuck receiver delays only its own queue, never the others and
// never ingest (which only writes outbox rows). Each attempt is a POST with
// cpp-httplib's client (TLS with certificate and host name verification,
// against the system's CAs and those of --webhook-ca; bounded connect, read
// and write timeouts; never to an internal address unless allowed, see
// webhook_destination.h; 2 KB of the answer read at most), signed the
// Standard Webhooks way when
// the receiver has a key. A failed delivery is retried, the first time
// within 30 seconds and then with growing, jittered delays, until it is
// answered 2xx or a day has passed; a receiver that says when to come back
// (a CRM's 429) is tried again then. Thread-safe.
#ifndef LEADGATE_SERVER_HANDOFF_DELIVERY_WORKERS_H_
#define LEADGATE_SERVER_HANDOFF_DELIVERY_WORKERS_H_

#include <httplib.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "handoff/outbox.h"
#include "store/store.h"

namespace leadgate::collector {

struct SendOutcome {
  int status = 0;     // HTTP status; 0 when there was no answer
  std::string error;  // why not, when status is 0
  std::string body;   // the answer's body, truncated
  // The receiver said when to come back (a 429): the next attempt is then,
  // not by the backoff.
  std::optional<int64_t> retry_after_ms;
};

// How a receiver's attempt is made when it is not a POST of the body (a
// CRM's several calls, crm/crm_sync.h): one attempt now; `in_flight` as for
// SendDelivery.
using Sender = std::function<SendOutcome(const Delivery& delivery, int64_t now_ms,
                                         const std::function<void(httplib::Client*)>& in_flight)>;

struct Receiver {
  std::string url;
  std::string kind;         // webhook, slack, escalation, or a CRM's name (hubspot)
  std::string signing_key;  // empty: sent unsigned (Slack)
  Sender send;              // empty: SendDelivery
};

struct RetryPolicy {
  int64_t first_retry_ms = 10000;  // then x growth each time, +-jitter
  double growth = 4;
  double jitter = 0.25;
  int64_t max_delay_ms = 6LL * 3600 * 1000;
  int64_t give_up_after_ms = 24LL * 3600 * 1000;
};

struct SendSettings {
  int connect_seconds = 5;
  int read_seconds = 10;
  int write_seconds = 10;
  // CA certificates (PEM) trusted for https:// receivers beside the
  // system's (--webhook-ca); empty: the system's only.
  std::string extra_ca_pem;
  // The answer's first 2 KB are read for at most this long.
  int answer_seconds = 10;
  // Loopback and private destinations too (--allow-private-webhooks).
  bool allow_internal = false;
};

// When to try again after `failures` failed attempts of a delivery created
// at `created_ms`; nullopt once a day has passed (then it has failed).
// `random01` in [0, 1) picks the jitter.
std::optional<int64_t> NextAttemptMs(const RetryPolicy& retry, int64_t created_ms, int failures, int64_t now_ms,
                                     double random01);

// When to try again when the receiver asked to wait `wait_ms`; nullopt
// once a day has passed.
std::optional<int64_t> NextAttemptAfterMs(const RetryPolicy& retry, int64_t created_ms, int64_t now_ms,
                                          int64_t wait_ms);

// One attempt now. `in_flight`, when set, is told the client before the
// request and nullptr after it, so that a shutdown can cut it short.
SendOutcome SendDelivery(const Receiver& receiver, const Delivery& delivery, int64_t now_ms,
                         const SendSettings& settings,
                         const std::function<void(httplib::Client*)>& in_flight = nullptr);

class DeliveryWorkers {
 public:
  using Clock = std::function<int64_t()>;  // UTC ms

  DeliveryWorkers(Store* store, Clock clock, RetryPolicy retry = {}, SendSettings settings = {});
  ~DeliveryWorkers();  // Stop()

  // One worker per distinct URL. Pending deliveries are due at once.
  void Start(const std::vector<Receiver>& receivers);
  // A receiver added while running (a webhook added in the app): its
  // worker starts; an existing worker for the URL takes its new key.
  void Add(const Receiver& receiver);
  // A receiver removed while running: its worker stops (an attempt under
  // way is cut short and not recorded) before this returns.
  void Remove(const std::string& url);
  // Look for new deliveries now (after enqueueing).
  void Wake();
  void Stop();

 private:
  struct Worker;
  void Loop(Worker& worker);
  void Attempt(Worker& worker, const Delivery& delivery);
  void StartWorker(const Receiver& receiver);  // with workers_mutex_ held
  static void StopWorker(Worker& worker);      // asks it to stop; join it after

  Outbox outbox_;
  Clock clock_;
  const RetryPolicy retry_;
  const SendSettings settings_;
  std::mutex workers_mutex_;
  std::vector<std::unique_ptr<Worker>> workers_;  // guarded by workers_mutex_
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_HANDOFF_DELIVERY_WORKERS_H_
