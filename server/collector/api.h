// The read API: GET /api/companies (JSON or CSV; decision, min_points,
// since, limit; best first) and GET /api/companies/ID with recent visits.
// Each COMPANY also has `activity` (raw, undecayed counts for people to
// read) and `feedback` (the latest verdict on it, or null).
// Routes check who calls (access.h). Scores are flushed first so a reader
// sees everything already acknowledged. Thread-safe.
#ifndef LEADGATE_SERVER_COLLECTOR_API_H_
#define LEADGATE_SERVER_COLLECTOR_API_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "collector/feedback_store.h"
#include "collector/http_error.h"
#include "collector/scorer.h"
#include "collector/store.h"

namespace leadgate::collector {

using QueryParams = std::multimap<std::string, std::string>;

class Api {
 public:
  // Callers are authorised by routes (AccessControl) before they get here.
  Api(Store* store, Scorer* scorer, FeedbackStore* feedback) : store_(store), scorer_(scorer), feedback_(feedback) {}

  HttpAnswer ListCompanies(const QueryParams& params);
  HttpAnswer GetCompany(const std::string& id);

 private:
  Store* store_;
  Scorer* scorer_;
  FeedbackStore* feedback_;
};

// The contract's COMPANY object of a stored company, with its latest
// feedback (null when none is given).
nlohmann::json CompanyJson(const CompanyRecord& record, const FeedbackRecord* feedback = nullptr);

// One CSV field, quoted when needed; a leading = + - @ is defused so that
// spreadsheet programs do not run it as a formula.
std::string CsvField(std::string_view text);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_COLLECTOR_API_H_
