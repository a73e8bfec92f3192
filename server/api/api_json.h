// JSON and query helpers shared by the read API modules (companies, leads,
// feedback): safe dumps, the FEEDBACK object, and the common query
// parameters with errors naming the parameter. Numbers: json_number.h.
#ifndef LEADGATE_SERVER_API_API_JSON_H_
#define LEADGATE_SERVER_API_API_JSON_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/json_number.h"
#include "http/http_error.h"
#include "http/json_answer.h"
#include "leadgate/qualifier.h"
#include "records/assignment_store.h"
#include "records/feedback_store.h"
#include "records/subject_json.h"

namespace leadgate::collector {

// The longest reason and note a verdict on a subject may carry (feedback and
// the qualification call alike).
inline constexpr size_t kMaxFeedbackReason = 200;
inline constexpr size_t kMaxFeedbackNote = 2000;

// 400 naming the query parameter (counted as bad_query).
HttpAnswer BadQuery(const std::string& message, const std::string& param);
// Refuse(status, "bad_query"): a query parameter's InvalidArgument.
HttpAnswer RefuseQuery(const Status& status);
// Parses limit (1..max), since (ISO 8601, into ms), format (json|csv:
// true for csv) and decision (qualified|undecided|not_qualified);
// InvalidArgument naming the parameter when the value is bad.
Result<int64_t> ParseLimit(const std::string& value, int64_t max);
Result<int64_t> ParseSince(const std::string& value);
Result<bool> ParseFormat(const std::string& value);
Result<Verdict> ParseDecisionFilter(const std::string& value);

// The ownership filters of the companies and leads lists: owner=NAME,
// mine=1 (the signed-in person; `caller_name` is "" for the API token)
// and excluded=hide|only|include (hide by default).
struct OwnershipFilter {
  std::optional<std::string> owner;
  ExcludedCompanies excluded = ExcludedCompanies::kHidden;
};
// False when `key` is none of those; else true with *filter set, or
// InvalidArgument when the value is bad.
Result<bool> ReadOwnershipParam(const std::string& key, const std::string& value, const std::string& caller_name,
                                OwnershipFilter* filter);

// The rule names of a decision's "reasons" array.
std::vector<std::string> RuleNames(const nlohmann::json& reasons);

// "pricing (20); came-back (15)": reasons for a CSV cell.
std::string ReasonsText(const nlohmann::json& reasons);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_API_API_JSON_H_
