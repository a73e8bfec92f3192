// The policy's vocabulary: built-in facts, type and operator names, and the
// page-group globs. Shared by the decoder, the qualifier and the collector.
#include <string>
#include <vector>

#include "leadgate/policy.h"

namespace leadgate {

const char* FactTypeName(FactType type) {
  switch (type) {
    case FactType::kNumber:
      return "number";
    case FactType::kChoice:
      return "choice";
    case FactType::kText:
      return "text";
    case FactType::kBoolean:
      return "boolean";
  }
  return "?";
}

const char* OperatorName(Operator op) {
  switch (op) {
    case Operator::kEq:
      return "eq";
    case Operator::kNe:
      return "ne";
    case Operator::kIn:
      return "in";
    case Operator::kNotIn:
      return "not_in";
    case Operator::kGt:
      return "gt";
    case Operator::kGte:
      return "gte";
    case Operator::kLt:
      return "lt";
    case Operator::kLte:
      return "lte";
    case Operator::kKnown:
      return "known";
  }
  return "?";
}

const std::vector<std::string>& NetworkTypes() {
  static const std::vector<std::string> kTypes = {"business", "residential", "cellular",
                                                  "hosting",  "anonymizer",  "unknown"};
  return kTypes;
}

std::optional<FactType> BuiltinFactType(std::string_view id, const std::vector<PageGroup>& pages) {
  if (id == "company.name" || id == "company.domain" || id == "company.industry" || id == "company.country")
    return FactType::kText;
  if (id == "company.employees" || id == "company.revenue") return FactType::kNumber;
  if (id == "network.type") return FactType::kChoice;
  if (id == "behavior.visits" || id == "behavior.visit_days" || id == "behavior.pageviews" ||
      id == "behavior.days_since_last_visit")
    return FactType::kNumber;
  constexpr std::string_view kPages = "behavior.pages.";
  if (id.substr(0, kPages.size()) == kPages) {
    std::string_view rest = id.substr(kPages.size());
    for (const auto& group : pages) {
      if (rest == group.name + ".views" || rest == group.name + ".seconds") return FactType::kNumber;
    }
  }
  return std::nullopt;
}

int Policy::FindFact(std::string_view id) const {
  for (size_t i = 0; i < facts.size(); ++i) {
    if (facts[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

bool GlobMatch(std::string_view pattern, std::string_view path) {
  // Iterative wildcard match with backtracking to the last star: linear in
  // practice, never exponential.
  size_t p = 0, s = 0, star = std::string_view::npos, mark = 0;
  while (s < path.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = s;
    } else if (p < pattern.size() && pattern[p] == path[s]) {
      ++p;
      ++s;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      s = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::vector<std::string> PageGroupsOf(const Policy& policy, std::string_view path) {
  std::vector<std::string> groups;
  for (const auto& group : policy.pages) {
    for (const auto& pattern : group.patterns) {
      if (GlobMatch(pattern, path)) {
        groups.push_back(group.name);
        break;
      }
    }
  }
  return groups;
}

}  // namespace leadgate
