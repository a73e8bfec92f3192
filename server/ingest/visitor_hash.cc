// SipHash-2-4 (libsodium's crypto_shorthash, kept by people who maintain
// crypto code) and the daily key file ("DAY HEXKEY").
#include "ingest/visitor_hash.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <optional>

#include "base/secrets.h"

namespace leadgate::collector {
namespace {

constexpr int64_t kDayMs = 86400000;

// A day's key: 16 bytes written as 32 hex digits; nullopt for other text.
std::optional<std::string> DayKey(std::string_view hex) {
  if (hex.size() != 32) return std::nullopt;
  return FromHex(hex);
}

}  // namespace

uint64_t SipHash24(std::string_view key, std::string_view data) {
  static const bool initialized = sodium_init() >= 0;
  (void)initialized;
  unsigned char k[crypto_shorthash_KEYBYTES] = {};
  std::memcpy(k, key.data(), std::min<size_t>(sizeof k, key.size()));
  unsigned char out[crypto_shorthash_BYTES];
  crypto_shorthash(out, reinterpret_cast<const unsigned char*>(data.data()), data.size(), k);
  uint64_t value = 0;
  for (int i = crypto_shorthash_BYTES - 1; i >= 0; --i) value = (value << 8) | out[i];  // little-endian
  return value;
}

Result<std::unique_ptr<VisitorHasher>> VisitorHasher::Open(const std::string& data_dir) {
  std::unique_ptr<VisitorHasher> hasher(new VisitorHasher(data_dir + "/visitor-key"));
  std::ifstream in(hasher->file_);
  int64_t day = -1;
  std::string hex;
  if (in >> day >> hex) {
    if (auto key = DayKey(hex)) {
      hasher->day_ = day;
      hasher->key_ = std::move(*key);
    }
  }
  return hasher;
}

std::unique_ptr<VisitorHasher> VisitorHasher::Shared(KeyOfDay key_of_day) {
  std::unique_ptr<VisitorHasher> hasher(new VisitorHasher(""));
  hasher->key_of_day_ = std::move(key_of_day);
  return hasher;
}

Status VisitorHasher::RotateLocked(int64_t day) {
  if (key_of_day_) {
    auto hex = key_of_day_(day);
    if (!hex.ok()) return hex.status();
    auto key = DayKey(hex.value());
    if (!key) return Status::Corruption("the store's visitor key is not 32 hex digits");
    key_ = std::move(*key);
    day_ = day;
    return Status::Ok();
  }
  auto bytes = RandomBytes(16);
  if (!bytes.ok()) return bytes.status();
  Status written = WritePrivateFile(file_, std::to_string(day) + " " + Hex(bytes.value()) + "\n");
  if (!written.ok()) return written;
  key_ = bytes.value();
  day_ = day;
  return Status::Ok();
}

std::string VisitorHasher::Hash(std::string_view visitor_id, int64_t now_ms) {
  const int64_t day = now_ms / kDayMs;
  std::lock_guard<std::mutex> lock(mutex_);
  if (day != day_) {
    // If the key file cannot be written the fresh key still lives in memory
    // (RotateLocked failed before replacing key_): keep hashing with a new
    // in-memory key so old and new days stay unlinkable.
    if (!RotateLocked(day).ok()) {
      auto bytes = RandomBytes(16);
      key_ = bytes.ok() ? bytes.value() : std::string(16, '\0');
      // A shared key is asked for again (the store may be back), so that
      // collectors agree again.
      if (!key_of_day_) day_ = day;
    }
  }
  char text[17];
  std::snprintf(text, sizeof(text), "%016llx", static_cast<unsigned long long>(SipHash24(key_, visitor_id)));
  return text;
}

}  // namespace leadgate::collector
