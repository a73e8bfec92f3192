// Company facts and their JSON.
#include "collector/company_facts.h"

#include <cmath>

namespace leadgate::collector {
namespace {

double Rounded(double value) { return std::isfinite(value) ? std::round(value * 1000) / 1000 : value; }

nlohmann::json NumberJson(double value) {
  if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 9007199254740992.0)
    return static_cast<int64_t>(value);
  if (!std::isfinite(value)) return nullptr;
  return Rounded(value);
}

}  // namespace

CompanyInfo CompanyInfoFromIdentity(const identify::Identity& identity) {
  CompanyInfo info;
  info.id = identity.company_id;
  info.name = identity.name;
  info.domain = identity.domain;
  info.industry = identity.industry;
  info.country = identity.country;
  info.employees = identity.employees;
  info.revenue = identity.revenue;
  info.network_type = identity.network_type;
  return info;
}

Facts CompanyFacts(const CompanyInfo& company) {
  Facts facts;
  auto text = [&](const char* id, const std::string& value) {
    if (!value.empty()) facts[id] = FactValue::Text(value);
  };
  text("company.name", company.name);
  text("company.domain", company.domain);
  text("company.industry", company.industry);
  text("company.country", company.country);
  text("network.type", company.network_type);
  if (company.employees) facts["company.employees"] = FactValue::Number(*company.employees);
  if (company.revenue) facts["company.revenue"] = FactValue::Number(*company.revenue);
  return facts;
}

Facts FactsUsedBy(const Policy& policy, const Facts& facts) {
  Facts used;
  for (const auto& [id, value] : facts)
    if (policy.FindFact(id) >= 0) used.emplace(id, value);
  return used;
}

Facts ListedFacts(Facts facts) {
  for (auto& [id, value] : facts) {
    if (value.kind == FactValue::Kind::kNumber) value.number = Rounded(value.number);
  }
  return facts;
}

nlohmann::json FactsToJson(const Facts& facts) {
  nlohmann::json object = nlohmann::json::object();
  for (const auto& [id, value] : facts) {
    switch (value.kind) {
      case FactValue::Kind::kNumber:
        object[id] = NumberJson(value.number);
        break;
      case FactValue::Kind::kText:
        object[id] = value.text;
        break;
      case FactValue::Kind::kBool:
        object[id] = value.boolean;
        break;
      case FactValue::Kind::kRange:
        object[id] = {{"range",
                       {value.low ? NumberJson(*value.low) : nlohmann::json(nullptr),
                        value.high ? NumberJson(*value.high) : nlohmann::json(nullptr)}}};
        break;
    }
  }
  return object;
}

}  // namespace leadgate::collector
