// BoundedCache: a thread-safe least-recently-used map with a fixed number of
// entries, for lookups whose answer never changes while the process runs
// (an address's identity with the databases opened at start, a user
// agent's bot verdict). Memory stays bounded whatever visitors send.
#ifndef LEADGATE_SERVER_BASE_BOUNDED_CACHE_H_
#define LEADGATE_SERVER_BASE_BOUNDED_CACHE_H_

#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace leadgate::collector {

template <typename Value>
class BoundedCache {
 public:
  explicit BoundedCache(size_t capacity) : capacity_(capacity < 1 ? 1 : capacity) {}
  BoundedCache(const BoundedCache&) = delete;
  BoundedCache& operator=(const BoundedCache&) = delete;

  // The cached value of `key` (now the most recently used), or nullopt.
  std::optional<Value> Get(std::string_view key) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = index_.find(key);
    if (found == index_.end()) return std::nullopt;
    entries_.splice(entries_.begin(), entries_, found->second);
    return found->second->second;
  }

  // Stores `value` for `key`, dropping the least recently used entry when full.
  void Put(std::string_view key, Value value) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = index_.find(key);
    if (found != index_.end()) {
      found->second->second = std::move(value);
      entries_.splice(entries_.begin(), entries_, found->second);
      return;
    }
    entries_.emplace_front(std::string(key), std::move(value));
    index_.emplace(std::string_view(entries_.front().first), entries_.begin());
    if (entries_.size() > capacity_) {
      index_.erase(std::string_view(entries_.back().first));
      entries_.pop_back();
    }
  }

  size_t size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return entries_.size();
  }
  size_t capacity() const { return capacity_; }

 private:
  using Entries = std::list<std::pair<std::string, Value>>;
  const size_t capacity_;
  mutable std::mutex mutex_;
  Entries entries_;  // most recently used first; keys owned here
  std::unordered_map<std::string_view, typename Entries::iterator> index_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_BASE_BOUNDED_CACHE_H_
