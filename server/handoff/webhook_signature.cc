// HMAC-SHA256 and base64 from libsodium.
#include "handoff/webhook_signature.h"

#include <sodium.h>

#include <vector>

namespace leadgate::collector {
namespace {

constexpr std::string_view kSecretPrefix = "whsec_";

bool SodiumReady() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

}  // namespace

std::string Base64(std::string_view bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

Result<std::string> WebhookSigningKey(std::string_view secret) {
  if (!SodiumReady()) return Status::Internal("libsodium did not initialise");
  if (secret.substr(0, kSecretPrefix.size()) != kSecretPrefix) {
    if (secret.empty()) return Status::InvalidArgument("the webhook secret is empty", "--webhook-secret");
    return std::string(secret);
  }
  const std::string_view encoded = secret.substr(kSecretPrefix.size());
  std::vector<unsigned char> key(encoded.size());
  size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(key.data(), key.size(), encoded.data(), encoded.size(), nullptr, &length, &end,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != encoded.data() + encoded.size() || length == 0)
    return Status::InvalidArgument("what follows whsec_ must be standard base64", "--webhook-secret");
  return std::string(reinterpret_cast<const char*>(key.data()), length);
}

std::string WebhookSignature(std::string_view key, std::string_view id, int64_t timestamp_seconds,
                             std::string_view body) {
  SodiumReady();
  const std::string timestamp = std::to_string(timestamp_seconds);
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  auto update = [&](std::string_view part) {
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(part.data()), part.size());
  };
  update(id);
  update(".");
  update(timestamp);
  update(".");
  update(body);
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&state, mac);
  return "v1," + Base64(std::string_view(reinterpret_cast<const char*>(mac), sizeof(mac)));
}

}  // namespace leadgate::collector
