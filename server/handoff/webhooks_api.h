// The HTTP side of the receivers an administrator adds in the app, beside
// --webhook and --slack-webhook (contract collector-v1 "Hand-off"): the
// list (an added webhook's secret by its last characters), an added webhook
// (its signing secret answered the one time it is shown) or Slack channel,
// and a removal (its queued deliveries dropped). Callers check authorisation.
#ifndef LEADGATE_SERVER_HANDOFF_WEBHOOKS_API_H_
#define LEADGATE_SERVER_HANDOFF_WEBHOOKS_API_H_

#include <cstdint>
#include <string>

#include "handoff/webhook_registry.h"
#include "http/http_error.h"

namespace leadgate::collector {

// GET /api/webhooks: every receiver.
HttpAnswer ListWebhooks(const WebhookRegistry& registry);
// POST /api/webhooks {"url", "kind"}: `by` adds a webhook or (kind "slack")
// a Slack channel.
HttpAnswer AddWebhook(WebhookRegistry& registry, const std::string& body, const std::string& by, int64_t now_ms);
// POST /api/webhooks/remove {"url"}: `by` removes an added receiver.
HttpAnswer RemoveWebhook(WebhookRegistry& registry, const std::string& body, const std::string& by);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_HANDOFF_WEBHOOKS_API_H_
