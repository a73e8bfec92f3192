// Undecayed engagement counts through the core.
#include "scoring/activity.h"

#include "base/json_number.h"

namespace leadgate::collector {

nlohmann::json ActivityJson(const Policy& policy, const Facts& counts) {
  auto number = [&](const std::string& id) {
    auto it = counts.find(id);
    return it == counts.end() || it->second.kind != FactValue::Kind::kNumber ? nlohmann::json(0)
                                                                             : JsonNumber(it->second.number);
  };
  nlohmann::json pages = nlohmann::json::object();
  for (const PageGroup& group : policy.pages)
    pages[group.name] = {{"views", number("behavior.pages." + group.name + ".views")},
                         {"seconds", number("behavior.pages." + group.name + ".seconds")}};
  return {{"visits", number("behavior.visits")},
          {"visit_days", number("behavior.visit_days")},
          {"pageviews", number("behavior.pageviews")},
          {"pages", pages}};
}

std::string ViewedPageGroups(const Policy& policy, const Facts& counts) {
  std::string groups;
  for (const PageGroup& group : policy.pages) {
    auto it = counts.find("behavior.pages." + group.name + ".views");
    if (it != counts.end() && it->second.kind == FactValue::Kind::kNumber && it->second.number > 0)
      groups += (groups.empty() ? "|" : "") + group.name + "|";
  }
  return groups;
}

}  // namespace leadgate::collector
