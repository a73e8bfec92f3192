// JSON in and out for revisions.
#include "policy/policy_api.h"

#include <nlohmann/json.hpp>

#include "base/decimal_id.h"
#include "base/iso_time.h"
#include "http/json_answer.h"
#include "http/json_body.h"
#include "people/people_admin.h"

namespace leadgate::collector {
namespace {

// 422 with every problem of a policy, as `leadgate policy check` gives them.
HttpAnswer ProblemsAnswer(const std::vector<std::string>& problems) {
  const size_t count = problems.size();
  const std::string summary = "the policy has " + std::to_string(count) + " problem" + (count == 1 ? "" : "s");
  return RefuseWithDetails(Status::Unprocessable(summary), {{"problems", problems}});
}

using nlohmann::json;

// `subject`: what an unknown id names ("revision", "id").
HttpAnswer FromStatus(const Status& status, const std::string& subject = "") {
  if (status.code() == Status::Code::kNotFound) return Refuse(Status::NotFound(status.message(), subject));
  return Refuse(status, "store");
}

json RevisionJson(const RevisionRecord& record, int64_t active) {
  json signoffs = json::array(), activations = json::array();
  for (const RevisionEvent& event : record.history) {
    if (event.action == "signoff") {
      signoffs.push_back({{"by", event.by}, {"role", event.role}, {"at", FormatIsoTime(event.at_ms)}});
    } else {
      activations.push_back({{"by", event.by}, {"at", FormatIsoTime(event.at_ms)}});
    }
  }
  return {{"revision", record.revision}, {"policy", record.name},     {"created_at", FormatIsoTime(record.created_ms)},
          {"by", record.created_by},     {"note", record.note},       {"active", record.revision == active},
          {"signoffs", signoffs},        {"activations", activations}};
}

}  // namespace

HttpAnswer PolicyApi::ActivePolicy() {
  HttpAnswer answer;
  answer.body = revisions_->Active()->json;
  return answer;
}

HttpAnswer PolicyApi::ListRevisions() {
  auto records = revisions_->List();
  if (!records.ok()) return FromStatus(records.status());
  const int64_t active = revisions_->Active()->policy.revision;
  json list = json::array();
  for (const RevisionRecord& record : records.value()) list.push_back(RevisionJson(record, active));
  return JsonAnswer({{"revisions", list}, {"active", active}, {"signoff_roles", revisions_->signoff_roles()}});
}

HttpAnswer PolicyApi::GetRevision(const std::string& number) {
  auto revision = ParseDecimalId(number);
  if (!revision) return Refuse(Status::NotFound("no such revision", "revision"));
  auto records = revisions_->List();
  if (!records.ok()) return FromStatus(records.status());
  for (const RevisionRecord& record : records.value()) {
    if (record.revision != *revision) continue;
    json body = RevisionJson(record, revisions_->Active()->policy.revision);
    body["policy_json"] = json::parse(record.policy_json, nullptr, false);
    return JsonAnswer(body);
  }
  return Refuse(Status::NotFound("no policy revision " + number, "revision"));
}

HttpAnswer PolicyApi::CreateRevision(const std::string& body_text, const std::string& by) {
  // Ordered: the policy keeps its authors' key order in the revision.
  const auto parsed = JsonObjectBody<nlohmann::ordered_json>(body_text);
  if (!parsed.ok()) return Refuse(parsed.status());
  const nlohmann::ordered_json& body = *parsed;
  if (!body.contains("policy")) return Malformed("the body must be {\"policy\": POLICY, \"note\": \"...\"}", "policy");
  if (body.contains("note") && !body["note"].is_string()) return Malformed("note must be text", "note");
  const std::string note = body.value("note", std::string());
  if (note.size() > 2000) return Malformed("note longer than 2000 characters", "note");
  const std::string policy_json = body["policy"].dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  auto created = revisions_->Create(policy_json, note, by);
  if (!created.ok()) return FromStatus(created.status());
  if (!created->problems.empty()) return ProblemsAnswer(created->problems);
  return JsonAnswer({{"revision", created->revision}, {"impact", ImpactToJson(created->impact)}}, 201);
}

HttpAnswer PolicyApi::PreviewImpact(const std::string& body_text) {
  const auto parsed = JsonObjectBody<nlohmann::ordered_json>(body_text);
  if (!parsed.ok()) return Refuse(parsed.status());
  if (!parsed->contains("policy")) return Malformed("the body must be {\"policy\": POLICY}", "policy");
  const std::string policy_json =
      (*parsed)["policy"].dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  auto previewed = revisions_->Preview(policy_json);
  if (!previewed.ok()) return FromStatus(previewed.status());
  if (!previewed->problems.empty()) return ProblemsAnswer(previewed->problems);
  return JsonAnswer(ImpactToJson(previewed->impact));
}

HttpAnswer PolicyApi::Impact(const std::string& number) {
  auto revision = ParseDecimalId(number);
  if (!revision) return Refuse(Status::NotFound("no such revision", "revision"));
  auto impact = revisions_->Impact(*revision);
  if (!impact.ok()) return FromStatus(impact.status(), "revision");
  return JsonAnswer(ImpactToJson(impact.value()));
}

HttpAnswer PolicyApi::Signoff(const std::string& number, const std::string& by, const std::string& role) {
  auto revision = ParseDecimalId(number);
  if (!revision) return Refuse(Status::NotFound("no such revision", "revision"));
  auto signoff = revisions_->Signoff(*revision, by, role);
  if (!signoff.ok()) return FromStatus(signoff.status(), "revision");
  return JsonAnswer(
      {{"revision", *revision}, {"by", signoff->by}, {"role", signoff->role}, {"at", FormatIsoTime(signoff->at_ms)}},
      201);
}

HttpAnswer PolicyApi::SignoffFor(const std::string& number, const std::string& body_text) {
  std::string by;
  const auto body = JsonObjectBody(body_text);
  if (!body.ok()) return Refuse(body.status());
  if (Status read = OptionalText(*body, "by", kMaxPersonName, &by); !read.ok()) return Refuse(read);
  if (by.empty()) return Malformed("with the API token, name the person signing off: {\"by\": NAME}", "by");
  auto user = people_->GetUser(by);
  if (!user.ok()) return FromStatus(user.status(), "by");
  if (!user.value()) return Malformed("with the API token, name an existing user in \"by\"", "by");
  return Signoff(number, by, user.value()->role);
}

HttpAnswer PolicyApi::Activate(const std::string& number, const std::string& by) {
  auto revision = ParseDecimalId(number);
  if (!revision) return Refuse(Status::NotFound("no such revision", "revision"));
  auto activation = revisions_->Activate(*revision, by);
  if (!activation.ok()) return FromStatus(activation.status(), "revision");
  if (!activation->activated) {
    std::string roles;
    for (const std::string& role : activation->missing) roles += (roles.empty() ? "" : " and ") + role;
    return RefuseWithDetails(
        Status::Conflict("revision " + number + " loosens the criteria and needs a sign-off by " + roles),
        {{"missing", activation->missing}, {"impact", ImpactToJson(activation->impact)}}, "signoff");
  }
  return JsonAnswer({{"revision", *revision},
                     {"active", true},
                     {"rescored", activation->rescored},
                     {"impact", ImpactToJson(activation->impact)}});
}

}  // namespace leadgate::collector
