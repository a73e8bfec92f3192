// Standard Webhooks signatures (https://www.standardwebhooks.com/): the
// signing key from a secret, and the `webhook-signature` header value
// "v1," + base64(HMAC-SHA256(key, id + "." + timestamp + "." + body)),
// computed with libsodium. Pure functions; thread-safe.
#ifndef LEADGATE_SERVER_HANDOFF_WEBHOOK_SIGNATURE_H_
#define LEADGATE_SERVER_HANDOFF_WEBHOOK_SIGNATURE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "leadgate/status.h"

namespace leadgate::collector {

// The key bytes: the base64 decoding of what follows "whsec_", or the
// secret's own bytes without that prefix. Fails on bad base64 after
// "whsec_" or an empty key.
Result<std::string> WebhookSigningKey(std::string_view secret);

// The header value for one attempt ("v1,<base64>").
std::string WebhookSignature(std::string_view key, std::string_view id, int64_t timestamp_seconds,
                             std::string_view body);

// Standard base64 (with padding) of bytes.
std::string Base64(std::string_view bytes);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_HANDOFF_WEBHOOK_SIGNATURE_H_
