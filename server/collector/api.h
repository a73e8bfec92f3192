// The read API: GET /api/companies (JSON or CSV; decision, min_points,
// since, limit; best first) and GET /api/companies/ID with recent visits.
// Every call needs the Bearer token. Scores are flushed first so a reader
// sees everything already acknowledged. Thread-safe.
#ifndef LEADGATE_SERVER_COLLECTOR_API_H_
#define LEADGATE_SERVER_COLLECTOR_API_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "collector/http_error.h"
#include "collector/scorer.h"
#include "collector/store.h"

namespace leadgate::collector {

using QueryParams = std::multimap<std::string, std::string>;

class Api {
 public:
  Api(Store* store, Scorer* scorer, std::string token) : store_(store), scorer_(scorer), token_(std::move(token)) {}

  // 401 unless `authorization` is "Bearer TOKEN".
  bool Authorized(std::string_view authorization) const;

  HttpAnswer ListCompanies(const QueryParams& params);
  HttpAnswer GetCompany(const std::string& id);

 private:
  Store* store_;
  Scorer* scorer_;
  const std::string token_;
};

// The contract's COMPANY object of a stored company.
nlohmann::json CompanyJson(const CompanyRecord& record);

// 401 answer with WWW-Authenticate semantics left to routes.
HttpAnswer UnauthorizedAnswer();

// One CSV field, quoted when needed; a leading = + - @ is defused so that
// spreadsheet programs do not run it as a formula.
std::string CsvField(std::string_view text);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_COLLECTOR_API_H_
