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

HttpAnswer Ingestor::Handle(Endpoint endpoint, const ClientRequest& request) {
  Metrics& metrics = *services_.metrics;
  auto client = ResolveClientAddress(request.peer, request.forwarded_for, trusted_proxies_);
  if (!client.ok()) return Refuse(client.status(), "bad_address");
  const std::string client_text = client->ToString();

  int retry_after = 0;
  if (!services_.rate_limiter->Allow(client_text, &retry_after))
    return RefuseRateLimited("too many requests from this address", retry_after);

  // A key in the header is checked before the body is parsed.
  KeyKind key_kind = KeyKind::kUnknown;
  const bool header_key = !request.authorization.empty();
  if (header_key) {
    auto user = BasicAuthUser(request.authorization);
    if (!user)
      return Refuse(
          Status::Unauthenticated("Authorization must be Basic with the write key as user name", "Authorization"));
    key_kind = keys_.Find(*user);
    if (key_kind == KeyKind::kUnknown) return Refuse(Status::Unauthenticated("unknown write key", "Authorization"));
  }

  Result<IngestRequest> decoded_body = DecodeIngest(endpoint, request.body);
  if (!decoded_body.ok()) return Refuse(decoded_body.status());
  IngestRequest& decoded = *decoded_body;

  if (!header_key) {
    if (decoded.write_key.empty())
      return Refuse(Status::Unauthenticated("no write key (send it as Basic auth user or writeKey)", "writeKey"));
    key_kind = keys_.Find(decoded.write_key);
    if (key_kind == KeyKind::kUnknown) return Refuse(Status::Unauthenticated("unknown write key", "writeKey"));
  }
  const bool secret = key_kind == KeyKind::kSecret;

  std::vector<StoredEvent> events;
  events.reserve(decoded.events.size());
  std::map<std::string, CompanyInfo> companies;
  std::map<std::string, std::shared_ptr<const identify::Identity>> identities;  // by address text
  uint64_t bots = 0, lookup_errors = 0;
  for (IngestEvent& event : decoded.events) {
    std::string address;
    if (secret && !event.context_ip.empty()) {
      auto parsed = ParseIpAddress(event.context_ip);
      if (!parsed)
        return Refuse(
            Status::InvalidArgument("context.ip is not an IP address", JoinPath(event.json_path, "context.ip")),
            "bad_address");
      address = parsed->ToString();
    }
    const std::string& event_address = address.empty() ? client_text : address;
    // A browser's own user agent: the header for public keys; for server-side
    // sources only what they forward in context.userAgent.
    const std::string_view user_agent = !event.user_agent.empty() ? std::string_view(event.user_agent)
                                        : secret                  ? std::string_view()
                                                                  : request.user_agent;
    if (!user_agent.empty() && bot_verdicts_.IsBot(user_agent)) {
      ++bots;
      continue;
    }
    auto found = identities.find(event_address);
    if (found == identities.end()) {
      found = identities.emplace(event_address, identities_.Identify(event_address)).first;
      if (!found->second->lookup_error.empty()) ++lookup_errors;
    }
    const identify::Identity& identity = *found->second;

    StoredEvent stored;
    stored.received_ms = request.now_ms;
    // A secret-key source's timestamp is believed, except in the future
    // (a wrong clock would make a visit look fresh for days): then now.
    stored.time_ms = secret && event.timestamp_ms ? std::min(*event.timestamp_ms, request.now_ms) : request.now_ms;
    stored.type = std::move(event.type);
    stored.name = std::move(event.name);
    stored.path = std::move(event.path);
    stored.seconds = event.engaged_seconds;
    stored.visitor = services_.hasher->Hash(event.visitor, request.now_ms);
    stored.network_type = identity.network_type.empty() ? "unknown" : identity.network_type;
    stored.message_id = std::move(event.message_id);
    if (stored.type == "page") stored.touch = ReadTouch(TouchSourceOf(event));
    if (identity.is_business()) {
      stored.company_id = identity.company_id;
      if (companies.find(identity.company_id) == companies.end())
        companies.emplace(identity.company_id, CompanyInfoFromIdentity(identity));
    } else if (identity.network_type == "business") {
      stored.network_type = "unknown";  // an organisation without a usable id
    }
    events.push_back(std::move(stored));
  }

  std::vector<CompanyInfo> company_list;
  std::vector<std::string> company_ids;
  for (auto& [id, info] : companies) {
    company_ids.push_back(id);
    company_list.push_back(std::move(info));
  }
  const uint64_t over_budget = DropOverBudget(services_.budget, &events);
  if (over_budget) metrics.Add("leadgate_events_over_budget_total", "", "", over_budget);
  if (over_budget && events.empty())
    return Refuse(Status::StorageFull(
        "the store is over its budget (--store-budget-mb): events from unidentified networks are not stored"));
  if (!events.empty()) {
    Status stored = services_.store->AppendEvents(events, company_list);
    if (!stored.ok()) return Refuse(stored);
    if (services_.budget) {
      int64_t bytes = 0;
      for (const StoredEvent& event : events) bytes += StoredBytes(event);
      services_.budget->Appended(bytes);
    }
  }

  std::map<std::string, uint64_t> by_type, by_network;  // of the events stored
  for (const StoredEvent& event : events) {
    ++by_type[event.type];
    ++by_network[event.network_type];
  }
  if (bots) metrics.Add("leadgate_bot_events_total", "", "", bots);
  if (lookup_errors) metrics.Add("leadgate_lookup_errors_total", "", "", lookup_errors);
  for (const auto& [type, count] : by_type) metrics.Add("leadgate_events_accepted_total", "type", type, count);
  for (const auto& [network, count] : by_network) {
    metrics.Add("leadgate_events_by_network_total", "network_type", network, count);
    if (network != "business") metrics.Add("leadgate_non_business_events_total", "network_type", network, count);
  }
  services_.scorer->MarkDirty(company_ids);

  HttpAnswer answer;
  answer.body = kSuccess;
  return answer;
}

}  // namespace leadgate::collector
