// Payload -> CrmHandoff.
#include "crm/crm_handoff.h"

#include "base/iso_time.h"
#include "base/json_member.h"
#include "base/subject_ref.h"
#include "leadgate/qualifier.h"

namespace leadgate::collector {
namespace {

using nlohmann::json;

std::string Trim(const std::string& text) {
  const size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \t\r\n") + 1 - begin);
}

// "65 points" or "35 to 65 points".
std::string PointsText(const json& points) {
  if (!points.is_object() || !points.contains("min") || !points["min"].is_number()) return "";
  const std::string low = points["min"].dump();
  const std::string high = points.contains("max") && points["max"].is_number() ? points["max"].dump() : low;
  return (low == high ? low : low + " to " + high) + " points";
}

// "enterprise (+40), decision-maker (+25)".
std::string ReasonsText(const json& reasons) {
  std::string text;
  for (const json& reason : reasons.is_array() ? reasons : json::array()) {
    const std::string rule = StringMember(reason, "rule");
    if (rule.empty()) continue;
    std::string points;
    if (reason.contains("points") && reason["points"].is_number()) {
      const double value = reason["points"].get<double>();
      points = " (" + std::string(value >= 0 ? "+" : "") + reason["points"].dump() + ")";
    }
    text += (text.empty() ? "" : ", ") + rule + points;
  }
  return text.empty() ? "no reasons recorded" : text;
}

std::optional<CrmAccount> AccountOf(const std::string& subject, const json& data) {
  CrmAccount account;
  if (const auto ref = SubjectRef::Parse(subject); ref && ref->is_company()) {
    account.leadgate_id = ref->company_id;
    account.name = StringMember(data, "name");
    account.domain = NormalDomain(StringMember(data, "domain"));
    account.country = StringMember(Member(data, "facts"), "company.country");
    return account;
  }
  const json lead_account = Member(data, "account");
  if (!lead_account.is_object()) return std::nullopt;
  account.leadgate_id = StringMember(lead_account, "id");
  account.name = StringMember(lead_account, "name");
  account.domain = NormalDomain(StringMember(lead_account, "domain"));
  if (account.leadgate_id.empty()) return std::nullopt;
  return account;
}

}  // namespace

std::string NormalDomain(const std::string& domain) {
  std::string normal = Lower(Trim(domain));
  if (normal.rfind("www.", 0) == 0) normal = normal.substr(4);
  return normal;
}

std::optional<CrmPerson> PersonOf(const json& contact) {
  CrmPerson person;
  person.email = Lower(Trim(StringMember(contact, "email")));
  if (person.email.find('@') == std::string::npos) return std::nullopt;
  // "Dana Whitfield" -> Dana / Whitfield; one word is a first name.
  const std::string name = Trim(StringMember(contact, "name"));
  const size_t space = name.find(' ');
  person.first_name = Trim(name.substr(0, space));
  person.last_name = space == std::string::npos ? "" : Trim(name.substr(space + 1));
  person.phone = Trim(StringMember(contact, "phone"));
  person.title = Trim(StringMember(contact, "title"));
  return person;
}

std::string LinkedSubject(const std::string& subject, const json& data) {
  if (!IsLeadSubject(subject)) return subject;
  const std::string account = StringMember(Member(data, "account"), "id");
  return account.empty() ? subject : SubjectRef::Company(account).ToString();
}

std::string NoteText(const std::string& subject, const json& data, const std::string& link) {
  const bool lead = IsLeadSubject(subject);
  const std::string decision =
      StringMember(data, "decision").empty() ? DecisionName(Verdict::kQualified) : StringMember(data, "decision");
  std::string who = lead ? StringMember(Member(data, "contact"), "email") : StringMember(data, "name");
  if (who.empty() && lead) who = StringMember(Member(data, "answers"), "email");
  if (lead) who = Lower(Trim(who));  // as the contact's email
  if (who.empty()) who = StringMember(data, "domain");
  std::string text = std::string("leadgate: ") + (lead ? "a form lead" : "an account") + " is " + decision +
                     " (an MQL)" + (who.empty() ? "" : ": " + who) + "\n";
  const std::string points = PointsText(Member(data, "points"));
  if (!points.empty()) text += "Points: " + points + "\n";
  text += "Why: " + ReasonsText(Member(data, "reasons")) + "\n";
  text += "Open in leadgate: " + link;
  return text;
}

Result<CrmHandoff> CrmHandoffOf(const json& payload, const std::string& link) {
  if (!payload.is_object() || StringMember(payload, "type") != "mql.qualified" || !payload.contains("data") ||
      !payload["data"].is_object())
    return Status::InvalidArgument("not an mql.qualified payload");
  CrmHandoff handoff;
  handoff.subject = StringMember(payload, "subject");
  if (!SubjectRef::Parse(handoff.subject))
    return Status::InvalidArgument("unknown subject \"" + handoff.subject + "\"", "subject");
  handoff.at_ms = ParseIsoTime(StringMember(payload, "at")).value_or(0);
  const json& data = payload["data"];
  handoff.account = AccountOf(handoff.subject, data);
  auto add = [&](const json& contact) {
    auto person = PersonOf(contact);
    if (!person) return;
    for (const CrmPerson& known : handoff.people)
      if (known.email == person->email) return;
    handoff.people.push_back(std::move(*person));
  };
  if (IsLeadSubject(handoff.subject)) {
    json contact = Member(data, "contact");
    if (!contact.is_object()) contact = json::object();
    if (StringMember(contact, "email").empty()) contact["email"] = StringMember(Member(data, "answers"), "email");
    add(contact);
  }
  const json leads = Member(data, "leads");
  for (const json& lead : leads.is_array() ? leads : json::array())
    if (lead.is_object()) add(Member(lead, "contact"));
  handoff.note = NoteText(handoff.subject, data, link);
  return handoff;
}

}  // namespace leadgate::collector
