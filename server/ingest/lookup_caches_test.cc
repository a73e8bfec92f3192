// Tests of BoundedCache (LRU order, bound) and the identity and bot-verdict
// caches over a counting Identifier and the real bot patterns.
#include "ingest/lookup_caches.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace leadgate::collector {
namespace {

TEST(BoundedCacheTest, KeepsTheMostRecentlyUsedWithinCapacity) {
  BoundedCache<int> cache(2);
  cache.Put("a", 1);
  cache.Put("b", 2);
  EXPECT_EQ(cache.Get("a"), 1);  // "a" is now the most recent
  cache.Put("c", 3);             // drops "b"
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_FALSE(cache.Get("b"));
  EXPECT_EQ(cache.Get("a"), 1);
  EXPECT_EQ(cache.Get("c"), 3);
  cache.Put("a", 10);  // replaces in place
  EXPECT_EQ(cache.Get("a"), 10);
  EXPECT_EQ(cache.size(), 2u);
}

TEST(BoundedCacheTest, StaysBoundedUnderConcurrentUse) {
  BoundedCache<int> cache(64);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&cache, t] {
      for (int i = 0; i < 5000; ++i) {
        const std::string key = std::to_string((i * 7 + t) % 300);
        if (auto value = cache.Get(key)) {
          EXPECT_EQ(*value, std::stoi(key));
        } else {
          cache.Put(key, std::stoi(key));
        }
      }
    });
  for (auto& thread : threads) thread.join();
  EXPECT_LE(cache.size(), 64u);
}

class CountingIdentifier : public identify::Identifier {
 public:
  identify::Identity Identify(std::string_view ip) const override {
    ++lookups;
    identify::Identity identity;
    if (ip == "bad") {
      identity.network_type = "unknown";
      identity.lookup_error = "bad address";
      return identity;
    }
    identity.found = true;
    identity.network_type = "business";
    identity.company_id = "id-" + std::string(ip);
    return identity;
  }
  mutable std::atomic<int> lookups{0};
};

TEST(IdentityCacheTest, LooksUpEachAddressOnceButNotErrors) {
  CountingIdentifier identifier;
  IdentityCache cache(&identifier, 2);
  EXPECT_EQ(cache.Identify("1.2.3.4")->company_id, "id-1.2.3.4");
  EXPECT_EQ(cache.Identify("1.2.3.4")->company_id, "id-1.2.3.4");
  EXPECT_EQ(identifier.lookups, 1);
  EXPECT_EQ(cache.Identify("bad")->lookup_error, "bad address");
  EXPECT_EQ(cache.Identify("bad")->lookup_error, "bad address");
  EXPECT_EQ(identifier.lookups, 3);  // errors are looked up (and counted) every time
  cache.Identify("5.6.7.8");
  cache.Identify("9.9.9.9");  // evicts 1.2.3.4
  cache.Identify("1.2.3.4");
  EXPECT_EQ(identifier.lookups, 6);
}

TEST(BotVerdictCacheTest, SameVerdictsAsThePatterns) {
  BotVerdictCache cache(8);
  const std::string browser = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 Chrome/120.0";
  const std::string crawler = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
  for (int i = 0; i < 2; ++i) {
    EXPECT_FALSE(cache.IsBot(browser));
    EXPECT_TRUE(cache.IsBot(crawler));
    EXPECT_FALSE(cache.IsBot("curl/8.0"));  // HTTP libraries are not bots
  }
  const std::string long_bot = std::string(2000, 'x') + " HeadlessChrome";
  EXPECT_TRUE(cache.IsBot(long_bot));  // beyond the cached length: checked directly
}

}  // namespace
}  // namespace leadgate::collector
