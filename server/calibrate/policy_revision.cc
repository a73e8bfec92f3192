// Edits the policy's JSON with nlohmann's ordered_json (file order kept).
#include "calibrate/policy_revision.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

namespace leadgate::calibrate {
namespace {

using Json = nlohmann::ordered_json;

// Integral numbers without a fraction ("250", not "250.0").
Json NumberJson(double value) {
  if (value == std::round(value) && std::fabs(value) < 1e15) return static_cast<int64_t>(value);
  return value;
}

Json Condition(const Indicator& indicator, const FactColumn& fact) {
  Json condition = {{"fact", fact.fact_id}};
  switch (indicator.form) {
    case Indicator::Form::kChoice:
      condition["in"] = Json::array({fact.spec->choices[static_cast<size_t>(indicator.low)].value});
      break;
    case Indicator::Form::kBoolean:
      condition["eq"] = indicator.low == 1;
      break;
    case Indicator::Form::kRange:
      if (std::isfinite(indicator.low)) condition["gte"] = NumberJson(indicator.low);
      if (std::isfinite(indicator.high)) condition["lt"] = NumberJson(indicator.high);
      break;
    case Indicator::Form::kNotKnown:
      condition["known"] = false;
      break;
  }
  return condition;
}

double RoundShare(double share) { return std::round(share * 1000) / 1000; }

}  // namespace

Result<std::string> RevisePolicy(std::string_view policy_text, const OutcomeData& data,
                                 const PolicyRevision& revision) {
  Json policy = Json::parse(policy_text, nullptr, false);
  if (policy.is_discarded() || !policy.is_object()) return Status::InvalidArgument("the policy is not a JSON object");
  policy["revision"] = policy.contains("revision") && policy["revision"].is_number_integer()
                           ? policy["revision"].get<int64_t>() + 1
                           : int64_t{1};
  for (const auto& [fact_id, shares] : revision.shares) {
    if (!policy["facts"].contains(fact_id)) continue;
    Json& choices = policy["facts"][fact_id]["choices"];
    if (!choices.is_array() || choices.size() != shares.size()) continue;
    for (size_t i = 0; i < shares.size(); ++i) choices[i]["share"] = RoundShare(shares[i]);
  }
  if (revision.rules) {
    Json rules = Json::array();
    std::set<std::string> ids;
    if (policy.contains("rules") && policy["rules"].is_array()) {
      for (const Json& rule : policy["rules"]) {
        if (rule.contains("points")) continue;  // replaced by the fitted points
        rules.push_back(rule);
        if (rule.contains("id") && rule["id"].is_string()) ids.insert(rule["id"].get<std::string>());
      }
    }
    for (const ProposedRule& proposed : *revision.rules) {
      std::string id = proposed.id;
      while (ids.count(id)) id += "-calibrated";
      ids.insert(id);
      Json rule = {{"id", id},
                   {"if", Condition(proposed.indicator, data.columns[proposed.indicator.column])},
                   {"points", proposed.points}};
      if (!proposed.note.empty()) rule["note"] = proposed.note;
      rules.push_back(std::move(rule));
    }
    policy["rules"] = std::move(rules);
  }
  if (revision.bar) policy["mql"]["points"] = NumberJson(*revision.bar);
  return policy.dump(2) + "\n";
}

}  // namespace leadgate::calibrate
