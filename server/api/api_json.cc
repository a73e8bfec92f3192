// Shared JSON pieces of the read API.
#include "api/api_json.h"

#include <cmath>

#include "base/decimal_id.h"
#include "base/iso_time.h"

namespace leadgate::collector {

HttpAnswer BadQuery(const std::string& message, const std::string& param) {
  return Refuse(Status::InvalidArgument(message, param), "bad_query");
}

HttpAnswer RefuseQuery(const Status& status) { return Refuse(status, "bad_query"); }

Result<int64_t> ParseLimit(const std::string& value, int64_t max) {
  const std::optional<int64_t> limit = ParseWholeNumber(value, 1, max);
  if (!limit) return Status::InvalidArgument("limit must be an integer from 1 to " + std::to_string(max), "limit");
  return *limit;
}

Result<int64_t> ParseSince(const std::string& value) {
  auto since = ParseIsoTime(value);
  if (!since) return Status::InvalidArgument("since must be an ISO 8601 time", "since");
  return *since;
}

Result<Verdict> ParseDecisionFilter(const std::string& value) {
  const std::optional<Verdict> decision = ParseDecisionName(value);
  if (!decision) return Status::InvalidArgument("decision must be qualified, undecided or not_qualified", "decision");
  return *decision;
}

Result<bool> ParseFormat(const std::string& value) {
  if (value != "csv" && value != "json") return Status::InvalidArgument("format must be json or csv", "format");
  return value == "csv";
}

Result<bool> ReadOwnershipParam(const std::string& key, const std::string& value, const std::string& caller_name,
                                OwnershipFilter* filter) {
  constexpr size_t kMaxName = 200;
  if (key == "owner") {
    if (value.size() > kMaxName) return Status::InvalidArgument("owner is longer than 200 bytes", key);
    if (!value.empty()) filter->owner = value;
  } else if (key == "mine") {
    if (value != "1" && value != "true") return Status::InvalidArgument("mine must be 1", key);
    if (caller_name.empty())
      return Status::InvalidArgument("mine needs a signed-in person (use owner=NAME with the API token)", key);
    filter->owner = caller_name;
  } else if (key == "excluded") {
    if (value == "hide")
      filter->excluded = ExcludedCompanies::kHidden;
    else if (value == "only")
      filter->excluded = ExcludedCompanies::kOnly;
    else if (value == "include")
      filter->excluded = ExcludedCompanies::kIncluded;
    else
      return Status::InvalidArgument("excluded must be hide, only or include", key);
  } else {
    return false;
  }
  return true;
}

std::vector<std::string> RuleNames(const nlohmann::json& reasons) {
  std::vector<std::string> rules;
  if (!reasons.is_array()) return rules;
  for (const auto& reason : reasons)
    if (reason.is_object() && reason.contains("rule") && reason["rule"].is_string())
      rules.push_back(reason["rule"].get<std::string>());
  return rules;
}

std::string ReasonsText(const nlohmann::json& reasons) {
  std::string text;
  if (!reasons.is_array()) return text;
  for (const auto& reason : reasons) {
    if (!reason.is_object()) continue;
    if (!text.empty()) text += "; ";
    text += reason.value("rule", "");
    if (reason.contains("points")) text += " (" + reason["points"].dump() + ")";
    if (reason.contains("then") && reason["then"].is_string()) text += " (" + reason["then"].get<std::string>() + ")";
  }
  return text;
}

}  // namespace leadgate::collector
