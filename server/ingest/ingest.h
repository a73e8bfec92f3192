// Ingest: one Segment Tracking API request -> stored events. Checks the key
// (Basic auth or writeKey), picks the visitor's address (peer, trusted
// proxies, context.ip for secret keys), rate-limits, identifies the network,
// drops bots, hashes the visitor, reads where page views came from (touch.h)
// and stores the whole request in one transaction before answering.
// Independent of the HTTP library. Thread-safe.
#ifndef LEADGATE_SERVER_INGEST_INGEST_H_
#define LEADGATE_SERVER_INGEST_INGEST_H_

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "base/metrics.h"
#include "http/http_error.h"
#include "http/net_address.h"
#include "http/rate_limiter.h"
#include "identify/identify.h"
#include "ingest/ingest_decoder.h"
#include "ingest/lookup_caches.h"
#include "ingest/visitor_hash.h"
#include "scoring/scorer.h"
#include "store/store.h"
#include "store/store_budget.h"

namespace leadgate::collector {

enum class KeyKind { kUnknown, kPublic, kSecret };

struct KeyRing {
  std::unordered_set<std::string> write_keys;   // public, for browsers
  std::unordered_set<std::string> secret_keys;  // server-side sources
  KeyKind Find(const std::string& key) const;
};

// What routes.cc passes in from the HTTP request.
struct ClientRequest {
  std::string_view body;           // inflated
  std::string_view peer;           // socket peer address
  std::string_view forwarded_for;  // X-Forwarded-For, all values joined
  std::string authorization;
  std::string user_agent;
  std::string content_type;  // media type only, lower case ("application/json")
  int64_t now_ms = 0;
};

// The services ingest uses; all must outlive it.
struct IngestServices {
  const identify::Identifier* identifier = nullptr;
  Store* store = nullptr;
  Scorer* scorer = nullptr;
  VisitorHasher* hasher = nullptr;
  Metrics* metrics = nullptr;
  RateLimiter* rate_limiter = nullptr;
  // Over budget, events from unidentified networks are not stored.
  StoreBudget* budget = nullptr;
};

class Ingestor {
 public:
  Ingestor(KeyRing keys, std::vector<Cidr> trusted_proxies, IngestServices services)
      : keys_(std::move(keys)),
        trusted_proxies_(std::move(trusted_proxies)),
        services_(services),
        identities_(services.identifier, kCachedIdentities),
        bot_verdicts_(kCachedUserAgents) {}

  HttpAnswer Handle(Endpoint endpoint, const ClientRequest& request);

 private:
  struct Batch;
  // The kind of the key in an Authorization header, or why it is refused.
  Result<KeyKind> HeaderKey(const std::string& authorization) const;
  // The kind of a body's writeKey, or why it is refused.
  Result<KeyKind> BodyKey(const std::string& write_key) const;
  // The request's events identified into `batch` (bots dropped), or the
  // first bad context.ip.
  Status IdentifyEvents(IngestRequest& decoded, bool secret, const std::string& client_text,
                        const ClientRequest& request, Batch* batch);
  // A secret-key source's context.ip; empty for the client's own address.
  static Result<std::string> EventAddress(const IngestEvent& event, bool secret);
  // An address's identity, looked up once a request.
  const identify::Identity& LookUp(const std::string& address, Batch* batch);
  StoredEvent ToStored(IngestEvent&& event, const identify::Identity& identity, bool secret, int64_t now_ms) const;
  // Stores the batch in one transaction (within the store's budget).
  Status StoreBatch(Batch* batch);
  // The metrics of the events stored and of those dropped.
  void CountStored(const Batch& batch);

  static constexpr size_t kCachedIdentities = 16384;  // about 8 MB at most
  static constexpr size_t kCachedUserAgents = 4096;   // agents up to 1 KB: 4 MB at most

  const KeyRing keys_;
  const std::vector<Cidr> trusted_proxies_;
  const IngestServices services_;
  IdentityCache identities_;
  BotVerdictCache bot_verdicts_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_INGEST_INGEST_H_
