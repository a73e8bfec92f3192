// Visitor pseudonyms: a keyed hash (SipHash-2-4) of the client's visitor id
// under a key that is replaced every UTC day and kept only in the data
// directory (or, for collectors sharing a PostgreSQL store, in the store,
// so that they all hash alike), so stored events cannot be linked to a
// person or across days. Thread-safe.
#ifndef LEADGATE_SERVER_INGEST_VISITOR_HASH_H_
#define LEADGATE_SERVER_INGEST_VISITOR_HASH_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "leadgate/status.h"

namespace leadgate::collector {

// SipHash-2-4 of `data` under a 16-byte key (libsodium's crypto_shorthash),
// as the little-endian number of its 8 bytes.
uint64_t SipHash24(std::string_view key, std::string_view data);

class VisitorHasher {
 public:
  // Loads DATA_DIR/visitor-key (creating it).
  static Result<std::unique_ptr<VisitorHasher>> Open(const std::string& data_dir);
  // Takes each day's key (32 hex digits) from `key_of_day` (the store's).
  using KeyOfDay = std::function<Result<std::string>(int64_t day)>;
  static std::unique_ptr<VisitorHasher> Shared(KeyOfDay key_of_day);

  // 16 hex digits for `visitor_id` under the key of the UTC day of `now_ms`;
  // rotates (and forgets) the key when the day has changed.
  std::string Hash(std::string_view visitor_id, int64_t now_ms);

 private:
  explicit VisitorHasher(std::string file) : file_(std::move(file)) {}
  Status RotateLocked(int64_t day);

  std::mutex mutex_;
  std::string file_;
  KeyOfDay key_of_day_;  // set: the key comes from there, not file_
  int64_t day_ = -1;
  std::string key_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_INGEST_VISITOR_HASH_H_
