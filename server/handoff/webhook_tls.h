// Certificate authorities the webhook client trusts beside the system's
// (--webhook-ca FILE: a private CA or a receiver's self-signed
// certificate, PEM). The file is read and checked once on start; each
// client gets its own OpenSSL store from the PEM text (cpp-httplib adds the
// system's CAs to it, and verifies the receiver's certificate and host
// name). Thread-safe.
#ifndef LEADGATE_SERVER_HANDOFF_WEBHOOK_TLS_H_
#define LEADGATE_SERVER_HANDOFF_WEBHOOK_TLS_H_

#include <openssl/x509.h>

#include <string>

#include "leadgate/status.h"

namespace leadgate::collector {

// The PEM text of `path`; InvalidArgument (path "--webhook-ca") when it
// cannot be read or holds no certificate.
Result<std::string> ReadWebhookCa(const std::string& path);

// A new store with the certificates of `pem` (owned by the caller, or by
// the client it is given to); nullptr when `pem` holds none.
X509_STORE* NewCaStore(const std::string& pem);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_HANDOFF_WEBHOOK_TLS_H_
