// The companies list in the store: any filter (decision, points, industry,
// country, last seen, page group viewed, any word of the name or domain,
// owner, the first touch's source and campaign, excluded domains), any sort and a page of it, read from the slim
// company_list table (kept by triggers on companies) and the filters'
// tables and indexes (schema versions 6, 9 and 19), then the page's full
// records. The number of matches (capped) comes with the page. Thread-safe.
#ifndef LEADGATE_SERVER_RECORDS_COMPANY_LIST_STORE_H_
#define LEADGATE_SERVER_RECORDS_COMPANY_LIST_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "leadgate/qualifier.h"
#include "leadgate/status.h"
#include "records/assignment_store.h"
#include "store/store.h"

namespace leadgate::collector {

enum class CompanySort { kBest, kPoints, kRecent, kName };

struct CompanyListQuery {
  std::optional<Verdict> decision;
  std::optional<double> min_points;  // points.min >= this
  std::optional<int64_t> since_ms;   // last_seen >= this
  std::optional<std::string> industry;
  std::optional<std::string> country;
  std::optional<std::string> page_group;    // viewed at least once (raw views)
  std::optional<std::string> search;        // words each starting a word of the name or domain (SearchWords)
  std::optional<std::string> owner;         // assigned to (by hand, else by the first matching rule)
  std::optional<std::string> utm_source;    // of the first touch
  std::optional<std::string> utm_campaign;  // of the first touch
  ExcludedCompanies excluded = ExcludedCompanies::kHidden;
  CompanySort sort = CompanySort::kBest;
  int64_t offset = 0;
  int64_t limit = 100;
};

struct CompanyListPage {
  std::vector<CompanyRecord> records;
  // Companies matching the filters, counted up to a cap (1,000): past it,
  // `total` is the cap and `total_exact` false (an exact count would read
  // every match).
  int64_t total = 0;
  bool total_exact = true;
};

class CompanyListStore {
 public:
  explicit CompanyListStore(Store* store) : store_(store) {}

  Result<CompanyListPage> List(const CompanyListQuery& query);
  // The distinct non-empty values of a list column ("country", "industry",
  // "page_groups": each group viewed by some company), for filter choices.
  Result<std::vector<std::string>> Values(const std::string& column);

 private:
  Store* store_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_RECORDS_COMPANY_LIST_STORE_H_
