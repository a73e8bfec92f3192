// The ingest pipeline of one request: address, rate limit, key, decode,
// identify, bot filter, store, mark companies for re-scoring.
#include "ingest/ingest.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "http/http_auth.h"
#include "ingest/touch.h"
#include "scoring/company_facts.h"

namespace leadgate::collector {
namespace {

const char kSuccess[] = "{\"success\":true}";

std::string JoinPath(const std::string& prefix, const char* key) {
  return prefix.empty() ? std::string(key) : prefix + "." + key;
}

// About what an event takes in the store: its text and a row's overhead.
int64_t StoredBytes(const StoredEvent& event) {
  const Touch& touch = event.touch;
  return 64 + static_cast<int64_t>(event.type.size() + event.name.size() + event.path.size() + event.visitor.size() +
                                   event.company_id.size() + event.network_type.size() + event.message_id.size() +
                                   touch.referrer.size() + touch.utm_source.size() + touch.utm_medium.size() +
                                   touch.utm_campaign.size());
}

// Over the store's budget: takes out the events of unidentified networks
// (no company); returns how many.
uint64_t DropOverBudget(const StoreBudget* budget, std::vector<StoredEvent>* events) {
  if (!budget || !budget->over()) return 0;
  const size_t before = events->size();
  events->erase(
      std::remove_if(events->begin(), events->end(), [](const StoredEvent& event) { return event.company_id.empty(); }),
      events->end());
  return before - events->size();
}

TouchSource TouchSourceOf(const IngestEvent& event) {
  TouchSource source;
  source.page_url = event.page_url;
  source.search = event.search;
  source.referrer = event.referrer;
  source.campaign_source = event.campaign_source;
  source.campaign_medium = event.campaign_medium;
  source.campaign_name = event.campaign_name;
  return source;
}

}  // namespace

KeyKind KeyRing::Find(const std::string& key) const {
  if (key.empty()) return KeyKind::kUnknown;
  if (secret_keys.count(key)) return KeyKind::kSecret;
  if (write_keys.count(key)) return KeyKind::kPublic;
  return KeyKind::kUnknown;
}

// A request's events as they will be stored, the companies they name, and
// what was dropped or not looked up on the way (counted once stored).
struct Ingestor::Batch {
  std::vector<StoredEvent> events;
  std::map<std::string, CompanyInfo> companies;
  std::map<std::string, std::shared_ptr<const identify::Identity>> identities;  // by address text
  uint64_t bots = 0;
  uint64_t lookup_errors = 0;
};

HttpAnswer Ingestor::Handle(Endpoint endpoint, const ClientRequest& request) {
  auto client = ResolveClientAddress(request.peer, request.forwarded_for, trusted_proxies_);
  if (!client.ok()) return Refuse(client.status(), "bad_address");
  const std::string client_text = client->ToString();

  int retry_after = 0;
  if (!services_.rate_limiter->Allow(client_text, &retry_after))
    return RefuseRateLimited("too many requests from this address", retry_after);

  // A key in the header is checked before the body is parsed.
  const bool header_key = !request.authorization.empty();
  Result<KeyKind> key_kind = header_key ? HeaderKey(request.authorization) : KeyKind::kUnknown;
  if (!key_kind.ok()) return Refuse(key_kind.status());
  Result<IngestRequest> decoded = DecodeIngest(endpoint, request.body);
  if (!decoded.ok()) return Refuse(decoded.status());
  if (!header_key) key_kind = BodyKey(decoded->write_key);
  if (!key_kind.ok()) return Refuse(key_kind.status());

  Batch batch;
  Status identified = IdentifyEvents(*decoded, key_kind.value() == KeyKind::kSecret, client_text, request, &batch);
  if (!identified.ok()) return Refuse(identified, "bad_address");
  if (Status stored = StoreBatch(&batch); !stored.ok()) return Refuse(stored);
  CountStored(batch);
  std::vector<std::string> company_ids;
  for (const auto& company : batch.companies) company_ids.push_back(company.first);
  services_.scorer->MarkDirty(company_ids);

  HttpAnswer answer;
  answer.body = kSuccess;
  return answer;
}

Result<KeyKind> Ingestor::HeaderKey(const std::string& authorization) const {
  auto user = BasicAuthUser(authorization);
  if (!user)
    return Status::Unauthenticated("Authorization must be Basic with the write key as user name", "Authorization");
  const KeyKind kind = keys_.Find(*user);
  if (kind == KeyKind::kUnknown) return Status::Unauthenticated("unknown write key", "Authorization");
  return kind;
}

Result<KeyKind> Ingestor::BodyKey(const std::string& write_key) const {
  if (write_key.empty())
    return Status::Unauthenticated("no write key (send it as Basic auth user or writeKey)", "writeKey");
  const KeyKind kind = keys_.Find(write_key);
  if (kind == KeyKind::kUnknown) return Status::Unauthenticated("unknown write key", "writeKey");
  return kind;
}

Status Ingestor::IdentifyEvents(IngestRequest& decoded, bool secret, const std::string& client_text,
                                const ClientRequest& request, Batch* batch) {
  batch->events.reserve(decoded.events.size());
  for (IngestEvent& event : decoded.events) {
    Result<std::string> address = EventAddress(event, secret);
    if (!address.ok()) return address.status();
    // A browser's own user agent: the header for public keys; for server-side
    // sources only what they forward in context.userAgent.
    const std::string_view user_agent = !event.user_agent.empty() ? std::string_view(event.user_agent)
                                        : secret                  ? std::string_view()
                                                                  : request.user_agent;
    if (!user_agent.empty() && bot_verdicts_.IsBot(user_agent)) {
      ++batch->bots;
      continue;
    }
    const identify::Identity& identity = LookUp(address->empty() ? client_text : *address, batch);
    batch->events.push_back(ToStored(std::move(event), identity, secret, request.now_ms));
    if (identity.is_business() && batch->companies.find(identity.company_id) == batch->companies.end())
      batch->companies.emplace(identity.company_id, CompanyInfoFromIdentity(identity));
  }
  return Status::Ok();
}

Result<std::string> Ingestor::EventAddress(const IngestEvent& event, bool secret) {
  if (!secret || event.context_ip.empty()) return std::string();
  auto parsed = ParseIpAddress(event.context_ip);
  if (!parsed)
    return Status::InvalidArgument("context.ip is not an IP address", JoinPath(event.json_path, "context.ip"));
  return parsed->ToString();
}

const identify::Identity& Ingestor::LookUp(const std::string& address, Batch* batch) {
  auto found = batch->identities.find(address);
  if (found == batch->identities.end()) {
    found = batch->identities.emplace(address, identities_.Identify(address)).first;
    if (!found->second->lookup_error.empty()) ++batch->lookup_errors;
  }
  return *found->second;
}

StoredEvent Ingestor::ToStored(IngestEvent&& event, const identify::Identity& identity, bool secret,
                               int64_t now_ms) const {
  StoredEvent stored;
  stored.received_ms = now_ms;
  // A secret-key source's timestamp is believed, except in the future
  // (a wrong clock would make a visit look fresh for days): then now.
  stored.time_ms = secret && event.timestamp_ms ? std::min(*event.timestamp_ms, now_ms) : now_ms;
  stored.type = std::move(event.type);
  stored.name = std::move(event.name);
  stored.path = std::move(event.path);
  stored.seconds = event.engaged_seconds;
  stored.visitor = services_.hasher->Hash(event.visitor, now_ms);
  stored.network_type = identity.network_type.empty() ? "unknown" : identity.network_type;
  stored.message_id = std::move(event.message_id);
  if (stored.type == "page") stored.touch = ReadTouch(TouchSourceOf(event));
  if (identity.is_business()) {
    stored.company_id = identity.company_id;
  } else if (identity.network_type == "business") {
    stored.network_type = "unknown";  // an organisation without a usable id
  }
  return stored;
}

Status Ingestor::StoreBatch(Batch* batch) {
  const uint64_t over_budget = DropOverBudget(services_.budget, &batch->events);
  if (over_budget) services_.metrics->Add("leadgate_events_over_budget_total", "", "", over_budget);
  if (over_budget && batch->events.empty())
    return Status::StorageFull(
        "the store is over its budget (--store-budget-mb): events from unidentified networks are not stored");
  if (batch->events.empty()) return Status::Ok();
  std::vector<CompanyInfo> companies;
  for (auto& company : batch->companies) companies.push_back(std::move(company.second));
  Status stored = services_.store->AppendEvents(batch->events, companies);
  if (!stored.ok()) return stored;
  if (services_.budget) {
    int64_t bytes = 0;
    for (const StoredEvent& event : batch->events) bytes += StoredBytes(event);
    services_.budget->Appended(bytes);
  }
  return Status::Ok();
}

void Ingestor::CountStored(const Batch& batch) {
  Metrics& metrics = *services_.metrics;
  std::map<std::string, uint64_t> by_type, by_network;  // of the events stored
  for (const StoredEvent& event : batch.events) {
    ++by_type[event.type];
    ++by_network[event.network_type];
  }
  if (batch.bots) metrics.Add("leadgate_bot_events_total", "", "", batch.bots);
  if (batch.lookup_errors) metrics.Add("leadgate_lookup_errors_total", "", "", batch.lookup_errors);
  for (const auto& [type, count] : by_type) metrics.Add("leadgate_events_accepted_total", "type", type, count);
  for (const auto& [network, count] : by_network) {
    metrics.Add("leadgate_events_by_network_total", "network_type", network, count);
    if (network != "business") metrics.Add("leadgate_non_business_events_total", "network_type", network, count);
  }
}

}  // namespace leadgate::collector
