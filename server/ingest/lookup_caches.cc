// Cache-then-lookup for identities and bot verdicts.
#include "ingest/lookup_caches.h"

namespace leadgate::collector {

IdentityCache::IdentityCache(const identify::Identifier* identifier, size_t capacity)
    : identifier_(identifier), cache_(capacity) {}

std::shared_ptr<const identify::Identity> IdentityCache::Identify(const std::string& address) {
  if (auto cached = cache_.Get(address)) return *cached;
  auto identity = std::make_shared<const identify::Identity>(identifier_->Identify(address));
  if (identity->lookup_error.empty()) cache_.Put(address, identity);
  return identity;
}

bool BotVerdictCache::IsBot(std::string_view user_agent) {
  if (user_agent.size() > kMaxCachedLength) return identify::IsBotUserAgent(user_agent);
  if (auto cached = cache_.Get(user_agent)) return *cached;
  const bool bot = identify::IsBotUserAgent(user_agent);
  cache_.Put(user_agent, bot);
  return bot;
}

}  // namespace leadgate::collector
