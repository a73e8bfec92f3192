// Subjects as lines of a mail.
#include "mail/mail_items.h"

#include <nlohmann/json.hpp>

#include "base/json_member.h"
#include "base/subject_ref.h"
#include "handoff/handoff.h"

namespace leadgate::collector {
namespace {

using nlohmann::json;

std::string NameOf(const std::string& subject, const json& data) {
  if (const auto ref = SubjectRef::Parse(subject); ref && ref->is_company()) {
    const std::string name = StringMember(data, "name");
    return name.empty() ? StringMember(data, "domain") : name;
  }
  std::string person = StringMember(data.value("contact", json()), "name");
  if (person.empty()) person = StringMember(data.value("answers", json()), "email");
  const std::string company = StringMember(data.value("company", json()), "name");
  if (person.empty()) return company.empty() ? "a form lead" : "a form lead at " + company;
  return company.empty() ? person : person + " at " + company;
}

std::string Points(const json& points) {
  if (!points.is_object() || !points.value("min", json()).is_number()) return "";
  const std::string low = points["min"].dump(), high = points.value("max", points["min"]).dump();
  return low == high ? low + " points" : low + "-" + high + " points";
}

std::string DetailOf(const json& data) {
  std::string detail = StringMember(data, "decision");
  for (char& c : detail)
    if (c == '_') c = ' ';
  const std::string points = Points(data.value("points", json()));
  if (!points.empty()) detail += (detail.empty() ? "" : ", ") + points;
  std::string reasons;
  for (const json& reason : data.value("reasons", json::array())) {
    const std::string rule = StringMember(reason, "rule");
    if (!rule.empty()) reasons += (reasons.empty() ? "" : ", ") + rule;
  }
  if (!reasons.empty()) detail += ": " + reasons;
  return detail;
}

}  // namespace

Result<MailItem> SubjectItem(Db& db, const std::string& subject, const std::string& app_url) {
  auto data = SubjectNow(db, subject);
  if (!data.ok()) return data.status();
  MailItem item;
  item.url = SubjectLink(app_url, subject);
  if (data.value().is_null()) {
    item.text = "a subject no longer kept";
    return item;
  }
  item.text = NameOf(subject, data.value());
  item.detail = DetailOf(data.value());
  return item;
}

bool Concerns(const std::optional<std::string>& owner, const std::string& person) { return !owner || *owner == person; }

std::optional<std::string> OwnerOf(const std::map<std::string, std::string>& owners, const std::string& subject) {
  const auto found = owners.find(subject);
  if (found == owners.end()) return std::nullopt;
  return found->second;
}

}  // namespace leadgate::collector
