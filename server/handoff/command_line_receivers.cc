// The start's receivers, checked.
#include "handoff/command_line_receivers.h"

#include "handoff/webhook_destination.h"
#include "handoff/webhook_registry.h"
#include "handoff/webhook_signature.h"

namespace leadgate::collector {

Result<std::vector<Receiver>> CommandLineReceivers(const ReceiverFlags& flags) {
  std::vector<Receiver> receivers;
  if ((!flags.webhooks.empty() || !flags.escalation_webhook.empty()) && flags.webhook_secret.empty())
    return Status::InvalidArgument("--webhook and --escalation-webhook need --webhook-secret", "--webhook-secret");
  std::string key;
  if (!flags.webhook_secret.empty()) {
    auto parsed = WebhookSigningKey(flags.webhook_secret);
    if (!parsed.ok()) return parsed.status();
    key = parsed.value();
  }
  auto add = [&](const std::string& url, const char* kind, const std::string& signing_key) -> Status {
    Status valid = CheckWebhookUrl(url);  // the same rules as the app's Webhooks page
    if (valid.ok()) valid = CheckWebhookDestination(url, flags.allow_private_webhooks);
    if (!valid.ok()) {
      // Named by the option that gave it: --webhook, --slack-webhook, --escalation-webhook.
      const std::string flag = std::string(kind) == "webhook" ? "--webhook" : "--" + std::string(kind) + "-webhook";
      return Status::InvalidArgument(valid.message() + ", got \"" + url + "\"", flag);
    }
    receivers.push_back(Receiver{url, kind, signing_key, nullptr});
    return Status::Ok();
  };
  for (const std::string& url : flags.webhooks) {
    Status status = add(url, "webhook", key);
    if (!status.ok()) return status;
  }
  Status status = flags.slack_webhook.empty() ? Status::Ok() : add(flags.slack_webhook, "slack", "");
  if (status.ok() && !flags.escalation_webhook.empty()) status = add(flags.escalation_webhook, "escalation", key);
  if (!status.ok()) return status;
  return receivers;
}

}  // namespace leadgate::collector
