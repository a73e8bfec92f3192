// SipHash-2-4 and the daily key file ("DAY HEXKEY").
#include "collector/visitor_hash.h"

#include <cstring>
#include <fstream>

#include "collector/secrets.h"

namespace leadgate::collector {
namespace {

constexpr int64_t kDayMs = 86400000;

uint64_t Rotl(uint64_t x, int b) { return (x << b) | (x >> (64 - b)); }

uint64_t Load64(const unsigned char* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

void Round(uint64_t& v0, uint64_t& v1, uint64_t& v2, uint64_t& v3) {
  v0 += v1;
  v1 = Rotl(v1, 13);
  v1 ^= v0;
  v0 = Rotl(v0, 32);
  v2 += v3;
  v3 = Rotl(v3, 16);
  v3 ^= v2;
  v0 += v3;
  v3 = Rotl(v3, 21);
  v3 ^= v0;
  v2 += v1;
  v1 = Rotl(v1, 17);
  v1 ^= v2;
  v2 = Rotl(v2, 32);
}

std::string FromHex(const std::string& hex) {
  std::string bytes;
  for (size_t i = 0; i + 1 < hex.size(); i += 2)
    bytes.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return bytes;
}

}  // namespace

uint64_t SipHash24(std::string_view key, std::string_view data) {
  unsigned char k[16] = {};
  std::memcpy(k, key.data(), std::min<size_t>(16, key.size()));
  const uint64_t k0 = Load64(k), k1 = Load64(k + 8);
  uint64_t v0 = 0x736f6d6570736575ULL ^ k0, v1 = 0x646f72616e646f6dULL ^ k1;
  uint64_t v2 = 0x6c7967656e657261ULL ^ k0, v3 = 0x7465646279746573ULL ^ k1;
  const auto* in = reinterpret_cast<const unsigned char*>(data.data());
  const size_t length = data.size();
  const size_t full = length - length % 8;
  for (size_t i = 0; i < full; i += 8) {
    const uint64_t m = Load64(in + i);
    v3 ^= m;
    Round(v0, v1, v2, v3);
    Round(v0, v1, v2, v3);
    v0 ^= m;
  }
  uint64_t b = static_cast<uint64_t>(length) << 56;
  for (size_t i = 0; i < length % 8; ++i) b |= static_cast<uint64_t>(in[full + i]) << (8 * i);
  v3 ^= b;
  Round(v0, v1, v2, v3);
  Round(v0, v1, v2, v3);
  v0 ^= b;
  v2 ^= 0xff;
  for (int i = 0; i < 4; ++i) Round(v0, v1, v2, v3);
  return v0 ^ v1 ^ v2 ^ v3;
}

Result<std::unique_ptr<VisitorHasher>> VisitorHasher::Open(const std::string& data_dir) {
  std::unique_ptr<VisitorHasher> hasher(new VisitorHasher(data_dir + "/visitor-key"));
  std::ifstream in(hasher->file_);
  int64_t day = -1;
  std::string hex;
  if (in >> day >> hex && hex.size() == 32 && hex.find_first_not_of("0123456789abcdef") == std::string::npos) {
    hasher->day_ = day;
    hasher->key_ = FromHex(hex);
  }
  return hasher;
}

Status VisitorHasher::RotateLocked(int64_t day) {
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
      day_ = day;
    }
  }
  char text[17];
  std::snprintf(text, sizeof(text), "%016llx", static_cast<unsigned long long>(SipHash24(key_, visitor_id)));
  return text;
}

}  // namespace leadgate::collector
