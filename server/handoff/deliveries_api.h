// The HTTP side of the hand-off's delivery log and the SLA, as the
// collector contract words it: GET /api/deliveries, POST
// /api/deliveries/test and /api/deliveries/ID/retry, GET /api/sla. Callers
// check authorisation first. Thread-safe.
#ifndef LEADGATE_SERVER_HANDOFF_DELIVERIES_API_H_
#define LEADGATE_SERVER_HANDOFF_DELIVERIES_API_H_

#include <cstdint>
#include <functional>
#include <string>

#include "handoff/handoff.h"
#include "handoff/outbox.h"
#include "handoff/sla.h"
#include "http/http_error.h"
#include "store/store.h"

namespace leadgate::collector {

class DeliveriesApi {
 public:
  // All must outlive the API; `sla` may be null (no --sla-hours).
  DeliveriesApi(Store* store, Handoff* handoff, std::function<int64_t()> clock, Sla* sla)
      : store_(store), outbox_(store), handoff_(handoff), clock_(std::move(clock)), sla_(sla) {}

  // `with_receivers`: each receiver's URL, its last answer and attempt
  // errors (admins); without, they are null and left out.
  HttpAnswer ListDeliveries(const std::string& limit, const std::string& state, bool with_receivers);
  HttpAnswer SendTest(const std::string& body);
  HttpAnswer Retry(const std::string& id);
  // GET /api/sla: the SLA figures, escalations brought up to date first.
  HttpAnswer SlaReport();

 private:
  Store* store_;
  Outbox outbox_;
  Handoff* handoff_;
  std::function<int64_t()> clock_;
  Sla* sla_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_HANDOFF_DELIVERIES_API_H_
