// PEM certificates into OpenSSL stores for the webhook client.
#include "handoff/webhook_tls.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include <fstream>
#include <sstream>

namespace leadgate::collector {
namespace {

// Adds every certificate of `pem` to `store` (when not null); returns how many.
int AddCertificates(const std::string& pem, X509_STORE* store) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  if (!bio) return 0;
  int added = 0;
  while (X509* certificate = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) {
    if (!store || X509_STORE_add_cert(store, certificate) == 1) ++added;
    X509_free(certificate);
  }
  BIO_free(bio);
  // The read that ends the loop leaves "no start line" queued; a later TLS
  // call on this thread would take it for its own error.
  ERR_clear_error();
  return added;
}

}  // namespace

Result<std::string> ReadWebhookCa(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return Status::InvalidArgument("cannot read " + path, "--webhook-ca");
  std::ostringstream text;
  text << file.rdbuf();
  if (AddCertificates(text.str(), nullptr) == 0)
    return Status::InvalidArgument(path + " holds no PEM certificate", "--webhook-ca");
  return text.str();
}

X509_STORE* NewCaStore(const std::string& pem) {
  X509_STORE* store = X509_STORE_new();
  if (store && AddCertificates(pem, store) > 0) return store;
  X509_STORE_free(store);
  return nullptr;
}

}  // namespace leadgate::collector
