// HubSpot through its CRM v3 objects API (a private app's token): a
// hand-off finds the company by domain (HubSpot's `domain` is not unique,
// so no upsert by it) and updates it, else creates it; upserts the people
// as contacts by email (batch upsert, idProperty=email); associates them
// (associations v4, default type); and logs a note on both. Changes come
// back through CRM search by last modified date, paged with `after`. A 429
// says when to come back. One file per CRM: a Salesforce or Pipedrive
// connector would be another class of this shape. One thread at a time.
#ifndef LEADGATE_SERVER_CRM_HUBSPOT_H_
#define LEADGATE_SERVER_CRM_HUBSPOT_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "crm/crm.h"
#include "crm/json_http.h"

namespace leadgate::collector {

inline constexpr char kHubSpotDefaultUrl[] = "https://api.hubapi.com";

// How long a 429 asks to wait: Retry-After (seconds) when given, else the
// rate limit's window (X-HubSpot-RateLimit-Interval-Milliseconds), else
// ten seconds, HubSpot's documented window.
int64_t HubSpotRetryAfterMs(const httplib::Headers& headers);

// A note's body for HubSpot, which shows it as HTML: `text` escaped, its
// lines as <br>.
std::string HubSpotNoteHtml(const std::string& text);

// HubSpot's answers read, as pure functions (the fuzzer's way in; any JSON
// gives a clean read, ids only when they are HubSpot's decimal ids):
// the oldest result of a search (null when none);
nlohmann::json HubSpotOldest(const nlohmann::json& search_answer);
// a batch upsert's contact ids by (lower case) email;
std::map<std::string, std::string> HubSpotContactIds(const nlohmann::json& upsert_answer);
// a search page's `paging.next.after` ("" on the last page);
std::string HubSpotNextAfter(const nlohmann::json& search_answer);
// search results as people and as deals (won, lost or open);
std::vector<PersonChange> HubSpotPeople(const std::vector<nlohmann::json>& results);
std::vector<DealChange> HubSpotDeals(const std::vector<nlohmann::json>& results);
// a batch read of deals' companies, added to the closed deals among `deals`.
void AddHubSpotDealCompanies(const nlohmann::json& read_answer, std::vector<DealChange>* deals);

class HubSpotConnector : public CrmConnector {
 public:
  explicit HubSpotConnector(JsonHttp http) : http_(std::move(http)) {}

  std::string name() const override { return "hubspot"; }
  std::string url() const override { return http_.base_url(); }
  CrmAttempt Push(const CrmHandoff& handoff, CrmIds* ids, const InFlight& in_flight) override;
  CrmChanges<PersonChange> PeopleChanged(int64_t since_ms) override;
  CrmChanges<DealChange> DealsChanged(int64_t since_ms) override;

 private:
  // The company's id, found or created, filling only what HubSpot lacks.
  CrmAttempt PushAccount(const CrmAccount& account, const std::string& owner_id, std::string* id,
                         const InFlight& in_flight);
  CrmAttempt PushPeople(const std::vector<CrmPerson>& people, const std::string& owner_id,
                        std::map<std::string, std::string>* ids, const InFlight& in_flight);
  CrmAttempt Associate(const std::string& company_id, const std::vector<std::string>& contact_ids,
                       const InFlight& in_flight);
  CrmAttempt AddNote(const CrmHandoff& handoff, const CrmIds& ids, const InFlight& in_flight);
  // Every result of a search from `since_ms` on `modified_property`, in pages.
  CrmAttempt Search(const std::string& object_type, const std::string& modified_property, int64_t since_ms,
                    const std::vector<std::string>& properties, std::vector<nlohmann::json>* results);

  JsonHttp http_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_CRM_HUBSPOT_H_
