// HubSpot's CRM v3 objects, search and associations v4 endpoints.
#include "crm/hubspot.h"

#include <algorithm>
#include <cctype>

#include "base/decimal_id.h"
#include "base/html_text.h"
#include "base/iso_time.h"
#include "base/json_member.h"

namespace leadgate::collector {
namespace {

using nlohmann::json;

constexpr size_t kKeptAnswerBytes = 2048;
constexpr int kSearchPage = 200;      // HubSpot's largest search page
constexpr int kSearchWindow = 10000;  // results one search reaches at most
constexpr size_t kUpsertBatch = 100;  // inputs of one batch upsert at most
constexpr size_t kAssociationBatch = 1000;
constexpr int kNoteToCompany = 190;  // HUBSPOT_DEFINED association types
constexpr int kNoteToContact = 202;
constexpr int64_t kDefaultWaitMs = 10000;
constexpr int64_t kMaxWaitNumber = 999999999999;  // a wait header's 12 digits at most

const char* const kCompanyProperties[] = {"name", "domain", "country", "hubspot_owner_id"};

// HubSpot's ids are decimal; anything else never goes into a path.
bool IsHubSpotId(const std::string& id) {
  return !id.empty() && id.size() <= 20 &&
         std::all_of(id.begin(), id.end(), [](unsigned char c) { return std::isdigit(c); });
}

std::string Truncated(const std::string& text) { return text.substr(0, kKeptAnswerBytes); }

// A failed step: HubSpot's answer ({status, message, correlationId,
// category}) as the delivery log keeps it.
CrmAttempt Failed(const std::string& step, const JsonAnswer& answer) {
  CrmAttempt attempt;
  attempt.status = answer.status;
  attempt.error = answer.status == 0 ? step + ": " + answer.error : "";
  attempt.answer = Truncated(step + ": " + (answer.body.empty() ? answer.error : answer.body));
  if (answer.status == 429) attempt.retry_after_ms = HubSpotRetryAfterMs(answer.headers);
  return attempt;
}

CrmAttempt Done(int status, const std::string& summary) {
  CrmAttempt attempt;
  attempt.status = status;
  attempt.answer = Truncated(summary);
  return attempt;
}

// An array member of an answer (HubSpot's or a stand-in's: anything may
// come), empty when absent or not an array.
json Items(const json& object, const char* key) {
  json items = Member(object, key);
  return items.is_array() ? items : json::array();
}

std::string StringProperty(const json& object, const std::string& name) {
  if (!object.is_object() || !object.contains("properties")) return "";
  const json& properties = object["properties"];
  if (!properties.is_object() || !properties.contains(name) || !properties[name].is_string()) return "";
  return properties[name].get<std::string>();
}

std::string IdOf(const json& object) {
  if (!object.is_object() || !object.contains("id")) return "";
  const json& id = object["id"];
  if (id.is_string()) return id.get<std::string>();
  if (id.is_number_integer()) return std::to_string(id.get<int64_t>());
  return "";
}

int64_t TimeOf(const json& object, const std::string& field) {
  if (!object.is_object() || !object.contains(field) || !object[field].is_string()) return 0;
  return ParseIsoTime(object[field].get<std::string>()).value_or(0);
}

// The properties leadgate writes: only those with a value.
json Properties(std::initializer_list<std::pair<const char*, const std::string*>> values) {
  json properties = json::object();
  for (const auto& [name, value] : values)
    if (!value->empty()) properties[name] = *value;
  return properties;
}

}  // namespace

int64_t HubSpotRetryAfterMs(const httplib::Headers& headers) {
  auto number = [&](const char* name) -> std::optional<int64_t> {
    const auto found = headers.find(name);
    if (found == headers.end()) return std::nullopt;
    return ParseWholeNumber(found->second, 0, kMaxWaitNumber);
  };
  if (auto seconds = number("Retry-After")) return *seconds * 1000;
  if (auto window = number("X-HubSpot-RateLimit-Interval-Milliseconds")) return *window;
  return kDefaultWaitMs;
}

std::string HubSpotNoteHtml(const std::string& text) {
  std::string html;
  size_t start = 0;
  for (size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
    html += EscapeHtml(std::string_view(text).substr(start, end - start)) + "<br>";
  return html + EscapeHtml(std::string_view(text).substr(start));
}

json HubSpotOldest(const json& search_answer) {
  json oldest;
  std::string oldest_id;
  for (const json& result : Items(search_answer, "results")) {
    const std::string id = IdOf(result);
    if (!IsHubSpotId(id)) continue;
    // Ids grow with time: the shorter, else the smaller, is older.
    if (oldest_id.empty() || id.size() < oldest_id.size() || (id.size() == oldest_id.size() && id < oldest_id)) {
      oldest_id = id;
      oldest = result;
    }
  }
  return oldest;
}

std::map<std::string, std::string> HubSpotContactIds(const json& upsert_answer) {
  std::map<std::string, std::string> ids;
  for (const json& result : Items(upsert_answer, "results")) {
    const std::string email = Lower(StringProperty(result, "email"));
    const std::string id = IdOf(result);
    if (!email.empty() && IsHubSpotId(id)) ids[email] = id;
  }
  return ids;
}

std::string HubSpotNextAfter(const json& search_answer) {
  const json after = Member(Member(Member(search_answer, "paging"), "next"), "after");
  return after.is_string() ? after.get<std::string>() : "";
}

std::vector<PersonChange> HubSpotPeople(const std::vector<json>& results) {
  std::vector<PersonChange> people;
  for (const json& result : results) {
    PersonChange change;
    change.crm_id = IdOf(result);
    change.email = Lower(StringProperty(result, "email"));
    change.lead_status = StringProperty(result, "hs_lead_status");
    change.modified_ms = TimeOf(result, "updatedAt");
    if (IsHubSpotId(change.crm_id)) people.push_back(std::move(change));
  }
  return people;
}

std::vector<DealChange> HubSpotDeals(const std::vector<json>& results) {
  std::vector<DealChange> deals;
  for (const json& result : results) {
    DealChange deal;
    deal.crm_id = IdOf(result);
    if (!IsHubSpotId(deal.crm_id)) continue;
    deal.name = StringProperty(result, "dealname");
    const std::string stage = StringProperty(result, "dealstage");
    const bool won = StringProperty(result, "hs_is_closed_won") == "true" || stage == "closedwon";
    const bool lost = !won && (StringProperty(result, "hs_is_closed") == "true" || stage == "closedlost");
    deal.outcome = won ? "won" : lost ? "lost" : "";
    deal.modified_ms = TimeOf(result, "updatedAt");
    deal.closed_ms = ParseIsoTime(StringProperty(result, "closedate")).value_or(deal.modified_ms);
    deals.push_back(std::move(deal));
  }
  return deals;
}

void AddHubSpotDealCompanies(const json& read_answer, std::vector<DealChange>* deals) {
  for (const json& result : Items(read_answer, "results")) {
    const std::string deal_id = IdOf(Member(result, "from"));
    for (DealChange& deal : *deals) {
      if (deal.crm_id != deal_id || deal.outcome.empty()) continue;
      for (const json& to : Items(result, "to")) {
        const json company = Member(to, "toObjectId");
        const std::string id = company.is_number_integer() ? std::to_string(company.get<int64_t>())
                               : company.is_string()       ? company.get<std::string>()
                                                           : "";
        if (IsHubSpotId(id)) deal.account_ids.push_back(id);
      }
    }
  }
}

CrmAttempt HubSpotConnector::PushAccount(const CrmAccount& account, const std::string& owner_id, std::string* id,
                                         const InFlight& in_flight) {
  std::string fields;
  for (const char* name : kCompanyProperties) fields += (fields.empty() ? "" : ",") + std::string(name);
  json current;  // the company's properties in HubSpot, once found
  if (!IsHubSpotId(*id)) id->clear();
  if (!id->empty()) {
    const JsonAnswer read =
        http_.Call("GET", "/crm/v3/objects/companies/" + *id + "?properties=" + fields, nullptr, in_flight);
    if (read.status == 404) {
      id->clear();  // merged or deleted in HubSpot: found again by domain
    } else if (!read.ok()) {
      return Failed("reading company " + *id, read);
    } else {
      current = read.json;
    }
  }
  std::string how = "updated";
  if (id->empty()) {
    // Both spellings a rep may have typed; the oldest record wins.
    json groups = json::array();
    for (const std::string& domain : {account.domain, "www." + account.domain})
      groups.push_back(
          {{"filters", json::array({{{"propertyName", "domain"}, {"operator", "EQ"}, {"value", domain}}})}});
    const json search = {
        {"filterGroups", groups},
        {"properties", json(std::vector<std::string>(std::begin(kCompanyProperties), std::end(kCompanyProperties)))},
        {"sorts", json::array({{{"propertyName", "hs_object_id"}, {"direction", "ASCENDING"}}})},
        {"limit", 10}};
    const JsonAnswer found = http_.Call("POST", "/crm/v3/objects/companies/search", &search, in_flight);
    if (!found.ok()) return Failed("searching companies by domain", found);
    current = HubSpotOldest(found.json);
    *id = IdOf(current);
  }
  if (id->empty()) {
    json properties = Properties({{"name", &account.name},
                                  {"domain", &account.domain},
                                  {"country", &account.country},
                                  {"hubspot_owner_id", &owner_id}});
    const json create = {{"properties", properties}};
    const JsonAnswer created = http_.Call("POST", "/crm/v3/objects/companies", &create, in_flight);
    if (!created.ok()) return Failed("creating company", created);
    *id = IdOf(created.json);
    if (!IsHubSpotId(*id)) return Failed("creating company (no id in the answer)", created);
    return Done(created.status, "company " + *id + " created");
  }
  // A rep's values stay: leadgate fills only what HubSpot lacks, and sets
  // the owner its table maps.
  json changes = json::object();
  const std::pair<const char*, const std::string*> fills[] = {
      {"name", &account.name}, {"domain", &account.domain}, {"country", &account.country}};
  for (const auto& [name, value] : fills)
    if (!value->empty() && StringProperty(current, name).empty()) changes[name] = *value;
  if (!owner_id.empty() && StringProperty(current, "hubspot_owner_id") != owner_id)
    changes["hubspot_owner_id"] = owner_id;
  if (changes.empty()) return Done(200, "company " + *id + " unchanged");
  const json patch = {{"properties", changes}};
  const JsonAnswer updated = http_.Call("PATCH", "/crm/v3/objects/companies/" + *id, &patch, in_flight);
  if (!updated.ok()) return Failed("updating company " + *id, updated);
  return Done(updated.status, "company " + *id + " " + how);
}

CrmAttempt HubSpotConnector::PushPeople(const std::vector<CrmPerson>& people, const std::string& owner_id,
                                        std::map<std::string, std::string>* ids, const InFlight& in_flight) {
  std::string summary;
  for (size_t start = 0; start < people.size(); start += kUpsertBatch) {
    json inputs = json::array();
    for (size_t i = start; i < std::min(people.size(), start + kUpsertBatch); ++i) {
      const CrmPerson& person = people[i];
      inputs.push_back({{"idProperty", "email"},
                        {"id", person.email},
                        {"properties", Properties({{"email", &person.email},
                                                   {"firstname", &person.first_name},
                                                   {"lastname", &person.last_name},
                                                   {"phone", &person.phone},
                                                   {"jobtitle", &person.title},
                                                   {"hubspot_owner_id", &owner_id}})}});
    }
    const json upsert = {{"inputs", inputs}};
    const JsonAnswer answer = http_.Call("POST", "/crm/v3/objects/contacts/batch/upsert", &upsert, in_flight);
    if (!answer.ok()) return Failed("upserting contacts", answer);
    for (auto& [email, id] : HubSpotContactIds(answer.json)) (*ids)[email] = id;
    // A 207 names the inputs HubSpot refused (an invalid address, say):
    // retrying would not change its mind; the others went in.
    for (const json& error : Items(answer.json, "errors"))
      summary +=
          "; refused: " + (Member(error, "message").is_string() ? Member(error, "message").get<std::string>() : "?");
  }
  return Done(200, "contacts " + std::to_string(ids->size()) + summary);
}

CrmAttempt HubSpotConnector::Associate(const std::string& company_id, const std::vector<std::string>& contact_ids,
                                       const InFlight& in_flight) {
  for (size_t start = 0; start < contact_ids.size(); start += kAssociationBatch) {
    json inputs = json::array();
    for (size_t i = start; i < std::min(contact_ids.size(), start + kAssociationBatch); ++i)
      inputs.push_back({{"from", {{"id", contact_ids[i]}}}, {"to", {{"id", company_id}}}});
    const json body = {{"inputs", inputs}};
    const JsonAnswer answer =
        http_.Call("POST", "/crm/v4/associations/contacts/companies/batch/associate/default", &body, in_flight);
    if (!answer.ok()) return Failed("associating contacts with company " + company_id, answer);
  }
  return Done(200, "associated");
}

CrmAttempt HubSpotConnector::AddNote(const CrmHandoff& handoff, const CrmIds& ids, const InFlight& in_flight) {
  json associations = json::array();
  auto associate = [&](const std::string& id, int type) {
    associations.push_back(
        {{"to", {{"id", id}}},
         {"types", json::array({{{"associationCategory", "HUBSPOT_DEFINED"}, {"associationTypeId", type}}})}});
  };
  if (!ids.account_id.empty()) associate(ids.account_id, kNoteToCompany);
  for (const CrmPerson& person : handoff.people) {
    const auto found = ids.person_ids.find(person.email);
    if (found != ids.person_ids.end()) associate(found->second, kNoteToContact);
  }
  if (associations.empty()) return Done(200, "no record to note on");
  const std::string timestamp = FormatIsoTime(handoff.at_ms);
  const std::string body_html = HubSpotNoteHtml(handoff.note);
  json properties =
      Properties({{"hs_timestamp", &timestamp}, {"hs_note_body", &body_html}, {"hubspot_owner_id", &handoff.owner_id}});
  const json note = {{"properties", properties}, {"associations", associations}};
  const JsonAnswer created = http_.Call("POST", "/crm/v3/objects/notes", &note, in_flight);
  if (!created.ok()) return Failed("adding note", created);
  return Done(created.status, "note " + IdOf(created.json));
}

CrmAttempt HubSpotConnector::Push(const CrmHandoff& handoff, CrmIds* ids, const InFlight& in_flight) {
  std::string summary;
  if (handoff.account && !handoff.account->domain.empty()) {
    CrmAttempt account = PushAccount(*handoff.account, handoff.owner_id, &ids->account_id, in_flight);
    if (!account.ok()) return account;
    summary = account.answer;
  }
  if (!handoff.people.empty()) {
    CrmAttempt people = PushPeople(handoff.people, handoff.owner_id, &ids->person_ids, in_flight);
    if (!people.ok()) return people;
    summary += (summary.empty() ? "" : ", ") + people.answer;
  }
  std::vector<std::string> contact_ids;
  for (const CrmPerson& person : handoff.people) {
    const auto found = ids->person_ids.find(person.email);
    if (found != ids->person_ids.end()) contact_ids.push_back(found->second);
  }
  if (!ids->account_id.empty() && !contact_ids.empty()) {
    CrmAttempt associated = Associate(ids->account_id, contact_ids, in_flight);
    if (!associated.ok()) return associated;
  }
  CrmAttempt note = AddNote(handoff, *ids, in_flight);
  if (!note.ok()) return note;
  return Done(note.status, summary + (summary.empty() ? "" : ", ") + note.answer);
}

CrmAttempt HubSpotConnector::Search(const std::string& object_type, const std::string& modified_property,
                                    int64_t since_ms, const std::vector<std::string>& properties,
                                    std::vector<json>* results) {
  std::string after;
  for (int seen = 0; seen + kSearchPage <= kSearchWindow; seen += kSearchPage) {
    json search = {{"filterGroups", json::array({{{"filters", json::array({{{"propertyName", modified_property},
                                                                            {"operator", "GTE"},
                                                                            {"value", std::to_string(since_ms)}}})}}})},
                   {"sorts", json::array({{{"propertyName", modified_property}, {"direction", "ASCENDING"}}})},
                   {"properties", properties},
                   {"limit", kSearchPage}};
    if (!after.empty()) search["after"] = after;
    const JsonAnswer page = http_.Call("POST", "/crm/v3/objects/" + object_type + "/search", &search, nullptr);
    if (!page.ok()) return Failed("searching " + object_type, page);
    for (const json& result : Items(page.json, "results")) results->push_back(result);
    after = HubSpotNextAfter(page.json);
    if (after.empty()) break;
  }
  // Past HubSpot's 10,000 results the next read starts from the last one.
  return Done(200, "searched");
}

CrmChanges<PersonChange> HubSpotConnector::PeopleChanged(int64_t since_ms) {
  CrmChanges<PersonChange> out;
  std::vector<json> results;
  out.attempt =
      Search("contacts", "lastmodifieddate", since_ms, {"email", "hs_lead_status", "lastmodifieddate"}, &results);
  out.changes = HubSpotPeople(results);
  return out;
}

CrmChanges<DealChange> HubSpotConnector::DealsChanged(int64_t since_ms) {
  CrmChanges<DealChange> out;
  std::vector<json> results;
  out.attempt = Search("deals", "hs_lastmodifieddate", since_ms,
                       {"dealname", "dealstage", "closedate", "hs_is_closed", "hs_is_closed_won"}, &results);
  out.changes = HubSpotDeals(results);
  // Which companies the closed deals belong to (associations v4).
  std::vector<std::string> deal_ids;
  for (const DealChange& deal : out.changes)
    if (!deal.outcome.empty()) deal_ids.push_back(deal.crm_id);
  for (size_t start = 0; start < deal_ids.size() && out.attempt.ok(); start += kAssociationBatch) {
    json inputs = json::array();
    for (size_t i = start; i < std::min(deal_ids.size(), start + kAssociationBatch); ++i)
      inputs.push_back({{"id", deal_ids[i]}});
    const json body = {{"inputs", inputs}};
    const JsonAnswer answer = http_.Call("POST", "/crm/v4/associations/deals/companies/batch/read", &body, nullptr);
    if (!answer.ok()) {
      out.attempt = Failed("reading the deals' companies", answer);
      break;
    }
    AddHubSpotDealCompanies(answer.json, &out.changes);
  }
  return out;
}

}  // namespace leadgate::collector
