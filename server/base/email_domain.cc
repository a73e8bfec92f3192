// The domain of a lead's answered email.
#include "base/email_domain.h"

#include <nlohmann/json.hpp>

namespace leadgate::collector {

std::string EmailDomain(const std::string& answers_json) {
  const nlohmann::json answers = nlohmann::json::parse(answers_json, nullptr, false);
  if (!answers.is_object() || !answers.contains("email") || !answers["email"].is_string()) return "";
  const std::string email = answers["email"];
  const size_t at = email.rfind('@');
  if (at == std::string::npos || at + 1 >= email.size()) return "";
  std::string domain = email.substr(at + 1);
  for (char& c : domain)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  if (domain.rfind("www.", 0) == 0) domain = domain.substr(4);
  return domain;
}

}  // namespace leadgate::collector
