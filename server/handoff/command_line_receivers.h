// The receivers of the hand-off given at start (--webhook, --slack-webhook,
// --escalation-webhook with --webhook-secret), checked by the same rules as
// the app's Webhooks page; a refused one is named by the option that gave
// it.
#ifndef LEADGATE_SERVER_HANDOFF_COMMAND_LINE_RECEIVERS_H_
#define LEADGATE_SERVER_HANDOFF_COMMAND_LINE_RECEIVERS_H_

#include <string>
#include <vector>

#include "handoff/delivery_workers.h"
#include "leadgate/status.h"

namespace leadgate::collector {

struct ReceiverFlags {
  std::vector<std::string> webhooks;    // signed mql.qualified payloads
  std::string webhook_secret;           // "whsec_BASE64" or raw bytes; required with webhooks
  std::string slack_webhook;            // a Slack incoming-webhook URL
  std::string escalation_webhook;       // receives overdue MQLs once
  bool allow_private_webhooks = false;  // receivers on loopback and private networks too
};

Result<std::vector<Receiver>> CommandLineReceivers(const ReceiverFlags& flags);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_HANDOFF_COMMAND_LINE_RECEIVERS_H_
