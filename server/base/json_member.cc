// Members of untrusted JSON, and lower-case text.
#include "base/json_member.h"

#include <algorithm>
#include <cctype>

namespace leadgate::collector {

nlohmann::json Member(const nlohmann::json& object, const char* key) {
  return object.is_object() && object.contains(key) ? object[key] : nlohmann::json();
}

std::string StringMember(const nlohmann::json& object, const char* key) {
  const nlohmann::json member = Member(object, key);
  return member.is_string() ? member.get<std::string>() : "";
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

}  // namespace leadgate::collector
