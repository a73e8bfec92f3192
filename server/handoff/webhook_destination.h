// Where the hand-off may connect: a receiver's host is resolved at every
// attempt and each address it resolves to is checked, and the attempt
// connects to the address checked (no second lookup for a name to change
// its answer in between). Loopback, private, shared (CGNAT), link-local,
// unique-local, multicast and unspecified addresses are internal: refused
// unless the operator allows them (--allow-private-webhooks). Thread-safe.
#ifndef LEADGATE_SERVER_HANDOFF_WEBHOOK_DESTINATION_H_
#define LEADGATE_SERVER_HANDOFF_WEBHOOK_DESTINATION_H_

#include <string>

#include "http/net_address.h"
#include "leadgate/status.h"

namespace leadgate::collector {

// True for an address of the machine or of a private network.
bool IsInternalAddress(const IpAddress& address);

// The address (text) to connect to for `host` ("example.com", "127.1",
// "[::1]"): the first it resolves to. InvalidArgument (path "url") when it
// does not resolve, or when one of its addresses is internal and
// `allow_internal` is false.
Result<std::string> ResolveWebhookHost(const std::string& host, bool allow_internal);

// The host of an http(s) URL ("http://[::1]:8080/x" -> "[::1]").
std::string WebhookHost(const std::string& url);

// For a receiver being added: InvalidArgument (path "url") when the URL's
// host resolves to an internal address and `allow_internal` is false. A
// host that does not resolve yet passes (each attempt checks again).
Status CheckWebhookDestination(const std::string& url, bool allow_internal);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_HANDOFF_WEBHOOK_DESTINATION_H_
