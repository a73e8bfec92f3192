// Ownership and exclusions: validation and JSON.
#include "api/ownership_api.h"

#include <cctype>
#include <nlohmann/json.hpp>
#include <optional>

#include "api/api_json.h"
#include "base/iso_time.h"
#include "base/json_member.h"
#include "base/subject_ref.h"
#include "http/json_body.h"
#include "people/people_admin.h"

namespace leadgate::collector {
namespace {

using nlohmann::json;

constexpr size_t kMaxExclusionNote = 500;
constexpr size_t kMaxRules = 500;

constexpr size_t kMaxSubject = 300;

// `text` as SubjectRef writes a subject ("company:ID", or "lead:N" with a
// lead's id: "lead:007" is "lead:7"); nullopt for another text or one
// longer than kMaxSubject.
std::optional<std::string> Subject(const std::string& text) {
  if (text.size() > kMaxSubject) return std::nullopt;
  return NormalSubject(text);
}

json ExclusionJson(const Exclusion& exclusion) {
  return {{"domain", exclusion.domain},
          {"label", exclusion.label},
          {"note", exclusion.note},
          {"by", exclusion.by},
          {"at", FormatIsoTime(exclusion.at_ms)}};
}

}  // namespace

std::string NormalizeDomain(const std::string& text) {
  std::string domain = Lower(text);
  while (!domain.empty() && (domain.back() == '.' || domain.back() == ' ')) domain.pop_back();
  while (!domain.empty() && domain.front() == ' ') domain.erase(domain.begin());
  if (domain.rfind("www.", 0) == 0) domain = domain.substr(4);
  if (domain.empty() || domain.size() > 253 || domain.find('.') == std::string::npos || domain.front() == '.')
    return "";
  for (char c : domain)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.') return "";
  return domain;
}

Result<bool> OwnershipApi::IsUser(const std::string& name) {
  auto users = people_->ListUsers();
  if (!users.ok()) return users.status();
  for (const UserRecord& user : users.value())
    if (user.name == name) return true;
  return false;
}

HttpAnswer OwnershipApi::Owners(const std::multimap<std::string, std::string>& params) {
  std::vector<std::string> asked, subjects;  // as asked, as stored
  for (const auto& [key, value] : params) {
    if (key != "subject") return BadQuery("unknown query parameter \"" + key.substr(0, 50) + "\"", key.substr(0, 50));
    const std::optional<std::string> subject = Subject(value);
    if (!subject) return BadQuery("subject must be company:ID or lead:ID", "subject");
    asked.push_back(value);
    subjects.push_back(*subject);
  }
  if (subjects.size() > 500) return BadQuery("at most 500 subjects", "subject");
  auto owners = assignments_->Owners(subjects);
  if (!owners.ok()) return Refuse(owners.status());
  json result = json::object();
  for (size_t i = 0; i < subjects.size(); ++i) {
    auto found = owners->find(subjects[i]);
    result[asked[i]] = found == owners->end() ? json(nullptr) : json(found->second);
  }
  return JsonAnswer({{"owners", result}});
}

Status OwnershipApi::CheckClaim(const std::string& subject, const std::string& owner, const Caller& caller) {
  if (caller.by_token || kAdmins.Has(caller.role)) return Status::Ok();
  if (owner != caller.name)
    return Status::PermissionDenied(
        "only an admin assigns to someone else or back to the rules; you may assign it to yourself", "owner");
  auto owners = assignments_->Owners({subject});
  if (!owners.ok()) return owners.status();
  auto found = owners->find(subject);
  if (found != owners->end() && found->second != caller.name)
    return Status::Conflict(found->second + " owns it already: only an admin assigns it to someone else", "owner");
  return Status::Ok();
}

HttpAnswer OwnershipApi::Assign(const std::string& text, const Caller& caller, int64_t now_ms) {
  auto body = JsonObjectBody(text);
  if (!body.ok()) return Refuse(body.status());
  std::string written, owner;
  Status read = OptionalTexts(*body, {{"subject", kMaxSubject, &written}, {"owner", kMaxPersonName, &owner}});
  if (!read.ok()) return Refuse(read);
  const std::optional<std::string> normal = Subject(written);
  if (!normal) return Malformed("subject must be company:ID or lead:ID", "subject");
  const std::string& subject = *normal;
  if (Status claim = CheckClaim(subject, owner, caller); !claim.ok())
    return Refuse(claim, claim.code() == Status::Code::kPermissionDenied ? "forbidden" : "");
  if (!owner.empty()) {
    auto known = IsUser(owner);
    if (!known.ok()) return Refuse(known.status());
    if (!known.value()) return Malformed("no person named \"" + owner + "\" (leadgate users add)", "owner");
  }
  Status assigned = assignments_->Assign(subject, owner, caller.by_token ? "api-token" : caller.name, now_ms);
  if (!assigned.ok()) return Refuse(assigned);
  auto owners = assignments_->Owners({subject});
  if (!owners.ok()) return Refuse(owners.status());
  auto found = owners->find(subject);
  return JsonAnswer({{"subject", subject}, {"owner", found == owners->end() ? json(nullptr) : json(found->second)}});
}

HttpAnswer OwnershipApi::Rules() {
  auto rules = assignments_->Rules();
  if (!rules.ok()) return Refuse(rules.status());
  json list = json::array();
  for (const AssignmentRule& rule : rules.value())
    list.push_back({{"country", rule.country}, {"industry", rule.industry}, {"owner", rule.owner}});
  return JsonAnswer({{"rules", list}});
}

HttpAnswer OwnershipApi::SetRules(const std::string& text) {
  auto body = JsonObjectBody(text);
  if (!body.ok()) return Refuse(body.status());
  if (!body->contains("rules") || !(*body)["rules"].is_array())
    return Malformed("rules must be a list of {country, industry, owner}", "rules");
  const json& list = (*body)["rules"];
  if (list.size() > kMaxRules) return Malformed("at most " + std::to_string(kMaxRules) + " rules", "rules");
  std::vector<AssignmentRule> rules;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string path = "rules[" + std::to_string(i) + "].";
    if (!list[i].is_object()) return Malformed("a rule must be an object", "rules[" + std::to_string(i) + "]");
    AssignmentRule rule;
    Status read = OptionalTexts(
        list[i],
        {{"country", 100, &rule.country}, {"industry", 200, &rule.industry}, {"owner", kMaxPersonName, &rule.owner}},
        path);
    if (!read.ok()) return Refuse(read);
    if (rule.owner.empty()) return Malformed("owner is required", path + "owner");
    auto known = IsUser(rule.owner);
    if (!known.ok()) return Refuse(known.status());
    if (!known.value()) return Malformed("no person named \"" + rule.owner + "\"", path + "owner");
    rules.push_back(std::move(rule));
  }
  if (Status saved = assignments_->SetRules(rules); !saved.ok()) return Refuse(saved);
  return Rules();
}

HttpAnswer OwnershipApi::Exclusions() {
  auto exclusions = assignments_->Exclusions();
  if (!exclusions.ok()) return Refuse(exclusions.status());
  json list = json::array();
  for (const Exclusion& exclusion : exclusions.value()) list.push_back(ExclusionJson(exclusion));
  return JsonAnswer({{"exclusions", list}});
}

HttpAnswer OwnershipApi::Exclude(const std::string& text, const Caller& caller, int64_t now_ms) {
  auto body = JsonObjectBody(text);
  if (!body.ok()) return Refuse(body.status());
  Exclusion exclusion;
  std::string domain;
  Status read = OptionalTexts(
      *body, {{"domain", 300, &domain}, {"label", 20, &exclusion.label}, {"note", kMaxExclusionNote, &exclusion.note}});
  if (!read.ok()) return Refuse(read);
  exclusion.domain = NormalizeDomain(domain);
  if (exclusion.domain.empty()) return Malformed("domain must be a domain name such as example.com", "domain");
  if (exclusion.label != "customer" && exclusion.label != "competitor" && exclusion.label != "partner")
    return Malformed("label must be customer, competitor or partner", "label");
  exclusion.by = caller.by_token ? "api-token" : caller.name;
  exclusion.at_ms = now_ms;
  if (Status excluded = assignments_->Exclude(exclusion); !excluded.ok()) return Refuse(excluded);
  return JsonAnswer(ExclusionJson(exclusion), 201);
}

HttpAnswer OwnershipApi::Include(const std::string& text) {
  auto body = JsonObjectBody(text);
  if (!body.ok()) return Refuse(body.status());
  std::string domain;
  if (Status read = OptionalText(*body, "domain", 300, &domain); !read.ok()) return Refuse(read);
  auto removed = assignments_->Include(NormalizeDomain(domain));
  if (!removed.ok()) return Refuse(removed.status());
  if (!removed.value()) return Refuse(Status::NotFound("this domain is not excluded", "domain"));
  return JsonAnswer({{"domain", NormalizeDomain(domain)}, {"excluded", false}});
}

}  // namespace leadgate::collector
