// Fuzzes the reading of HubSpot's answers (a CRM is outside input): any
// bytes, parsed as JSON or not, read as a search page, a batch upsert's
// answer and a batch read of associations must give a clean read, never a
// crash, and only HubSpot's decimal ids.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "crm/hubspot.h"

namespace {

bool Decimal(const std::string& id) { return !id.empty() && id.find_first_not_of("0123456789") == std::string::npos; }

void Check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using leadgate::collector::DealChange;
  const nlohmann::json answer = nlohmann::json::parse(data, data + size, nullptr, false);
  const nlohmann::json oldest = leadgate::collector::HubSpotOldest(answer);
  Check(oldest.is_null() || oldest.is_object());
  for (const auto& [email, id] : leadgate::collector::HubSpotContactIds(answer)) Check(!email.empty() && Decimal(id));
  leadgate::collector::HubSpotNextAfter(answer);
  std::vector<nlohmann::json> results;
  if (answer.is_object() && answer.contains("results") && answer["results"].is_array())
    results.assign(answer["results"].begin(), answer["results"].end());
  for (const auto& person : leadgate::collector::HubSpotPeople(results)) Check(Decimal(person.crm_id));
  std::vector<DealChange> deals = leadgate::collector::HubSpotDeals(results);
  for (const DealChange& deal : deals)
    Check(Decimal(deal.crm_id) && (deal.outcome.empty() || deal.outcome == "won" || deal.outcome == "lost"));
  leadgate::collector::AddHubSpotDealCompanies(answer, &deals);
  for (const DealChange& deal : deals)
    for (const std::string& id : deal.account_ids) Check(Decimal(id) && !deal.outcome.empty());
  return 0;
}
