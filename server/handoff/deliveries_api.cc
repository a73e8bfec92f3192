// JSON in and out for the delivery log and the SLA.
#include "handoff/deliveries_api.h"

#include <nlohmann/json.hpp>

#include "base/decimal_id.h"
#include "base/iso_time.h"
#include "http/json_answer.h"
#include "http/json_body.h"

namespace leadgate::collector {
namespace {

using nlohmann::json;

constexpr int kDefaultDeliveries = 100;
constexpr int kMaxDeliveries = 1000;

// `subject`: what an unknown id names ("id", "url").
HttpAnswer FromStatus(const Status& status, const std::string& subject = "") {
  if (status.code() == Status::Code::kNotFound) return Refuse(Status::NotFound(status.message(), subject));
  return Refuse(status, "store");
}

json DeliveryJson(const Delivery& delivery, bool with_receiver) {
  json attempts = json::array();
  for (const DeliveryAttempt& attempt : delivery.attempts) {
    json one = {{"at", FormatIsoTime(attempt.at_ms)}, {"status", attempt.status}};
    if (with_receiver && !attempt.error.empty()) one["error"] = attempt.error;
    attempts.push_back(std::move(one));
  }
  json body = json::parse(delivery.body, nullptr, false);
  return {{"id", delivery.webhook_id},
          {"number", delivery.id},
          {"kind", delivery.kind},
          {"url", with_receiver ? json(delivery.url) : json()},
          {"subject", delivery.subject},
          {"subject_name", delivery.subject_name},
          {"state", delivery.state},
          {"created_at", FormatIsoTime(delivery.created_ms)},
          {"next_attempt_at", delivery.state == "pending" ? json(FormatIsoTime(delivery.next_attempt_ms)) : json()},
          {"attempts", attempts},
          {"last_response", with_receiver ? json(delivery.last_response) : json()}};
}

}  // namespace

HttpAnswer DeliveriesApi::ListDeliveries(const std::string& limit_text, const std::string& state, bool with_receivers) {
  if (!state.empty() && state != "pending" && state != "delivered" && state != "failed")
    return Refuse(Status::InvalidArgument("state must be pending, delivered or failed", "state"), "bad_query");
  int limit = kDefaultDeliveries;
  if (!limit_text.empty()) {
    auto parsed = ParseDecimalId(limit_text);
    if (!parsed || *parsed < 1 || *parsed > kMaxDeliveries)
      return Refuse(
          Status::InvalidArgument("limit must be an integer from 1 to " + std::to_string(kMaxDeliveries), "limit"),
          "bad_query");
    limit = static_cast<int>(*parsed);
  }
  auto deliveries = outbox_.List(limit, state);
  if (!deliveries.ok()) return FromStatus(deliveries.status());
  json list = json::array();
  for (const Delivery& delivery : deliveries.value()) list.push_back(DeliveryJson(delivery, with_receivers));
  return JsonAnswer({{"deliveries", list}});
}

HttpAnswer DeliveriesApi::SendTest(const std::string& body_text) {
  std::string url;
  if (!body_text.empty()) {
    const auto body = JsonObjectBody(body_text);
    if (!body.ok()) return Refuse(body.status());
    if (Status read = OptionalText(*body, "url", 2048, &url); !read.ok()) return Refuse(read);
  }
  auto sent = handoff_->SendTest(*store_, url, clock_());
  if (!sent.ok()) return FromStatus(sent.status(), "url");
  return JsonAnswer({{"queued", true}, {"ids", sent.value()}}, 202);
}

HttpAnswer DeliveriesApi::Retry(const std::string& id) {
  auto number = ParseDecimalId(id);
  if (!number) return Refuse(Status::NotFound("no such delivery", "id"));
  auto delivery = outbox_.Get(*number);
  if (!delivery.ok()) return FromStatus(delivery.status(), "id");
  if (handoff_ && !handoff_->Receives(delivery->url))
    return Refuse(
        Status::Conflict("its receiver " + delivery->url + " was removed; add the webhook again to send to it", "id"),
        "webhook");
  Status retried = outbox_.Retry(*number, clock_());
  if (!retried.ok()) return FromStatus(retried, "id");
  if (handoff_) handoff_->WakeWorkers();
  return JsonAnswer({{"queued", true}});
}

HttpAnswer DeliveriesApi::SlaReport() {
  if (!sla_) return JsonAnswer({{"sla_hours", nullptr}});
  auto escalated = sla_->EscalateDue();
  if (!escalated.ok()) return FromStatus(escalated.status());
  auto figures = sla_->Figures();
  if (!figures.ok()) return FromStatus(figures.status());
  return JsonAnswer(SlaToJson(figures.value()));
}

}  // namespace leadgate::collector
