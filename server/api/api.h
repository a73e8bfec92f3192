// The read API: GET /api/companies (JSON or CSV; the contract's decision,
// min_points, since, limit; and industry, country, days, visited, q,
// owner, mine, excluded, sort, offset; best first by default; with the
// `total` of matches, counted up to 1,000 (`total_exact` false past it))
// and GET /api/companies/ID with recent visits and the account's people.
// Each COMPANY also has `activity` (raw, undecayed counts for people to
// read), `feedback` (the latest verdict on it, or null), `owner` (the rep
// it is assigned to, or null) and `excluded` ({label, note} or null).
// Routes check who calls (access.h). Scores are flushed first so a reader
// sees everything already acknowledged. Thread-safe.
#ifndef LEADGATE_SERVER_API_API_H_
#define LEADGATE_SERVER_API_API_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "http/http_error.h"
#include "records/assignment_store.h"
#include "records/company_list_store.h"
#include "records/feedback_store.h"
#include "records/lead_store.h"
#include "scoring/scorer.h"
#include "store/store.h"

namespace leadgate::collector {

using QueryParams = std::multimap<std::string, std::string>;

class Api {
 public:
  // Callers are authorised by routes (AccessControl) before they get here.
  Api(Store* store, Scorer* scorer, FeedbackStore* feedback, AssignmentStore* assignments)
      : store_(store), scorer_(scorer), feedback_(feedback), assignments_(assignments), list_(store), leads_(store) {}

  // `caller_name`: whose companies `mine=1` means ("" for the API token).
  HttpAnswer ListCompanies(const QueryParams& params, const std::string& caller_name, int64_t now_ms);
  HttpAnswer GetCompany(const std::string& id);
  // The values the list's filters can take: {"countries", "industries", "page_groups"}.
  HttpAnswer FilterChoices();

 private:
  // COMPANY objects of `records` with their feedback, owner and exclusion.
  Result<nlohmann::json> CompaniesJson(const std::vector<CompanyRecord>& records);
  // The account's people: its leads, newest first, as {id, received_at,
  // decision, contact}.
  Result<nlohmann::json> AccountPeople(const std::string& id);

  Store* store_;
  Scorer* scorer_;
  FeedbackStore* feedback_;
  AssignmentStore* assignments_;
  CompanyListStore list_;
  LeadStore leads_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_API_API_H_
