// Password hashing for people who sign in to the web app: libsodium's
// crypto_pwhash (Argon2id) in its self-describing string form, so the
// parameters can be raised later without breaking stored hashes. The
// expensive verifications run at most a few at a time (each takes tens of
// megabytes). Thread-safe.
#ifndef LEADGATE_SERVER_PEOPLE_PASSWORD_HASH_H_
#define LEADGATE_SERVER_PEOPLE_PASSWORD_HASH_H_

#include <string>
#include <string_view>

#include "leadgate/status.h"

namespace leadgate::collector {

// Passwords shorter than this are refused when set.
inline constexpr size_t kMinPasswordLength = 8;
inline constexpr size_t kMaxPasswordLength = 1024;

// The Argon2id string of `password`; InvalidArgument when it is too short
// or too long, Internal when libsodium fails (out of memory).
Result<std::string> HashPassword(std::string_view password);

// True when `password` matches `hash`. An empty or malformed hash never
// matches but costs the same time as a real check, so that an unknown user
// and a wrong password cannot be told apart by timing.
bool VerifyPassword(std::string_view password, const std::string& hash);

// Computes the decoy hash VerifyPassword checks unknown names against, so
// that even the first unknown name costs no more than a wrong password.
void PrepareDecoyHash();

// crypto_generichash (BLAKE2b-256) of `text` as lowercase hex: how session
// tokens are kept in the store (a leaked store holds no usable token).
std::string TokenDigest(std::string_view text);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_PEOPLE_PASSWORD_HASH_H_
