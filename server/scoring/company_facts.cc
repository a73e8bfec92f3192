// Company facts and their JSON.
#include "scoring/company_facts.h"

#include "base/json_number.h"

namespace leadgate::collector {

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
    if (value.kind == FactValue::Kind::kNumber) value.number = RoundedForJson(value.number);
  }
  return facts;
}

nlohmann::json FactsToJson(const Facts& facts) {
  nlohmann::json object = nlohmann::json::object();
  for (const auto& [id, value] : facts) {
    switch (value.kind) {
      case FactValue::Kind::kNumber:
        object[id] = JsonNumber(value.number);
        break;
      case FactValue::Kind::kText:
        object[id] = value.text;
        break;
      case FactValue::Kind::kBool:
        object[id] = value.boolean;
        break;
      case FactValue::Kind::kRange:
        object[id] = {{"range", {JsonNumber(value.low), JsonNumber(value.high)}}};
        break;
    }
  }
  return object;
}

}  // namespace leadgate::collector
