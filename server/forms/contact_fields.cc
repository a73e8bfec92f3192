// Reading a contact: the first value of each known field, trimmed, counted
// in characters (UTF-8 code points), the name from the first field that has one.
#include "forms/contact_fields.h"

#include <nlohmann/json.hpp>

namespace leadgate::collector {
namespace {

constexpr const char* kContactFields[] = {"name",  "full_name", "first_name", "last_name",
                                          "phone", "title",     "job_title"};

std::string Trim(const std::string& text) {
  const size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1);
}

size_t Characters(const std::string& text) {
  size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80;
  return count;
}

// The first value given for `name`, trimmed ("" when none).
std::string FirstValue(const FormFields& fields, const std::string& name) {
  for (const auto& [field, value] : fields)
    if (field == name) return Trim(value);
  return "";
}

std::string NameOf(const FormFields& fields) {
  for (const char* field : {"name", "full_name"}) {
    std::string name = FirstValue(fields, field);
    if (!name.empty()) return name;
  }
  const std::string first = FirstValue(fields, "first_name");
  const std::string last = FirstValue(fields, "last_name");
  return first.empty() || last.empty() ? first + last : first + " " + last;
}

}  // namespace

Result<Contact> ContactFromFields(const FormFields& fields, const std::string& prefix) {
  for (const char* field : kContactFields) {
    if (Characters(FirstValue(fields, field)) > kMaxContactCharacters)
      return Status::InvalidArgument("longer than " + std::to_string(kMaxContactCharacters) + " characters",
                                     prefix.empty() ? field : prefix + "." + field);
  }
  Contact contact;
  contact.name = NameOf(fields);
  if (Characters(contact.name) > kMaxContactCharacters)
    return Status::InvalidArgument(
        "first and last name longer than " + std::to_string(kMaxContactCharacters) + " characters",
        prefix.empty() ? "last_name" : prefix + ".last_name");
  contact.phone = FirstValue(fields, "phone");
  contact.title = FirstValue(fields, "title");
  if (contact.title.empty()) contact.title = FirstValue(fields, "job_title");
  return contact;
}

FormFields JsonSubmissionFields(std::string_view body) {
  FormFields fields;
  const nlohmann::json parsed = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
  if (!parsed.is_object() || !parsed.contains("fields") || !parsed["fields"].is_object()) return fields;
  for (const auto& [name, value] : parsed["fields"].items())
    if (value.is_string()) fields.emplace_back(name, value.get<std::string>());
  return fields;
}

}  // namespace leadgate::collector
