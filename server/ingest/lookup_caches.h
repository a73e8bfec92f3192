// Memoised identification for ingest: the identity of a visitor address and
// the bot verdict of a user agent, each in a BoundedCache. Both answers are
// fixed while the process runs (the databases are opened once at start), so
// entries never go stale. Identities with a lookup error are not kept, so
// every such request is still looked up and counted. Addresses live only in
// memory, never at rest. Thread-safe.
#ifndef LEADGATE_SERVER_INGEST_LOOKUP_CACHES_H_
#define LEADGATE_SERVER_INGEST_LOOKUP_CACHES_H_

#include <memory>
#include <string>
#include <string_view>

#include "base/bounded_cache.h"
#include "identify/identify.h"

namespace leadgate::collector {

class IdentityCache {
 public:
  // `identifier` must outlive the cache.
  IdentityCache(const identify::Identifier* identifier, size_t capacity);
  // The identity of `address` (canonical IP text), as Identifier::Identify.
  std::shared_ptr<const identify::Identity> Identify(const std::string& address);

 private:
  const identify::Identifier* identifier_;
  BoundedCache<std::shared_ptr<const identify::Identity>> cache_;
};

class BotVerdictCache {
 public:
  explicit BotVerdictCache(size_t capacity) : cache_(capacity) {}
  // identify::IsBotUserAgent(user_agent), remembered for agents up to 1 KB.
  bool IsBot(std::string_view user_agent);

 private:
  static constexpr size_t kMaxCachedLength = 1024;
  BoundedCache<bool> cache_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_INGEST_LOOKUP_CACHES_H_
