// Argon2id hashing and verification through libsodium.
#include "people/password_hash.h"

#include <sodium.h>

#include <condition_variable>
#include <mutex>

#include "base/secrets.h"

namespace leadgate::collector {
namespace {

constexpr int kConcurrentChecks = 2;

bool SodiumReady() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

// Bounds the memory of concurrent hash computations.
class CheckSlots {
 public:
  void Acquire() {
    std::unique_lock<std::mutex> lock(mutex_);
    free_.wait(lock, [this] { return in_use_ < kConcurrentChecks; });
    ++in_use_;
  }
  void Release() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      --in_use_;
    }
    free_.notify_one();
  }

 private:
  std::mutex mutex_;
  std::condition_variable free_;
  int in_use_ = 0;
};

CheckSlots& Slots() {
  static CheckSlots slots;
  return slots;
}

struct SlotLease {
  SlotLease() { Slots().Acquire(); }
  ~SlotLease() { Slots().Release(); }
};

std::string ComputeHash(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return "";
  return out;
}

// A hash of a random password, checked against when there is no real hash.
const std::string& DecoyHash() {
  static const std::string decoy = [] {
    auto random = RandomBytes(24);
    SlotLease lease;
    return ComputeHash(random.ok() ? Hex(random.value()) : "leadgate-decoy-password");
  }();
  return decoy;
}

}  // namespace

void PrepareDecoyHash() {
  if (SodiumReady()) DecoyHash();
}

Result<std::string> HashPassword(std::string_view password) {
  if (password.size() < kMinPasswordLength)
    return Status::InvalidArgument("the password must have at least " + std::to_string(kMinPasswordLength) +
                                   " characters");
  if (password.size() > kMaxPasswordLength)
    return Status::InvalidArgument("the password must have at most " + std::to_string(kMaxPasswordLength) +
                                   " characters");
  if (!SodiumReady()) return Status::Internal("libsodium could not be initialised");
  SlotLease lease;
  std::string hash = ComputeHash(password);
  if (hash.empty()) return Status::Internal("password hashing failed (out of memory)");
  return hash;
}

bool VerifyPassword(std::string_view password, const std::string& hash) {
  if (!SodiumReady()) return false;
  const bool usable = !hash.empty() && hash.size() < crypto_pwhash_STRBYTES && password.size() <= kMaxPasswordLength;
  const std::string& checked = usable ? hash : DecoyHash();
  SlotLease lease;
  const bool match = crypto_pwhash_str_verify(checked.c_str(), password.data(), password.size()) == 0;
  return usable && match;
}

std::string TokenDigest(std::string_view text) {
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash(digest, sizeof(digest), reinterpret_cast<const unsigned char*>(text.data()), text.size(), nullptr,
                     0);
  return Hex(std::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

}  // namespace leadgate::collector
