// The call's known facts, the server's re-check and the stored result.
#include "api/qualification_call.h"

#include <chrono>
#include <nlohmann/json.hpp>

#include "api/api_json.h"
#include "base/subject_ref.h"
#include "http/json_body.h"
#include "leadgate/codec.h"
#include "people/people_admin.h"
#include "records/subject_json.h"
#include "scoring/company_facts.h"
#include "scoring/subject_facts.h"

namespace leadgate::collector {
namespace {

using nlohmann::json;

HttpAnswer NoSqlPolicy() {
  return Refuse(Status::NotFound("no SQL policy is configured (leadgate serve --sql-policy FILE)", "sql-policy"));
}

// Cuts `text` to at most `max` bytes without splitting a UTF-8 sequence.
std::string Cut(std::string text, size_t max) {
  if (text.size() <= max) return text;
  size_t end = max - 3;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end) + "...";
}

// "budget: yes; timing: this quarter": the call's answers for the note.
std::string AnswersText(const json& answers) {
  std::string text;
  for (const auto& [id, value] : answers.items()) {
    if (!text.empty()) text += "; ";
    text += id + ": " + (value.is_string() ? value.get<std::string>() : value.dump());
  }
  return text;
}

}  // namespace

std::string CallOutcomeReason(const Policy& policy, const Decision& decision) {
  std::string reason;
  auto add = [&](const std::string& part) { reason += (reason.empty() ? "" : "; ") + part; };
  if (decision.decision == Verdict::kQualified) {
    for (const Reason& held : decision.reasons)
      if (held.effect == Effect::kPoints) add(held.rule + " (" + NumberToJson(held.points) + ")");
    return Cut("SQL: " + (reason.empty() ? std::string("qualified") : reason), kMaxFeedbackReason);
  }
  for (const Reason& held : decision.reasons)
    if (held.effect == Effect::kDisqualify) add("disqualified by " + held.rule);
  for (const Rule& rule : policy.rules) {
    if (rule.effect != Effect::kRequire) continue;
    bool holds = false;
    for (const Reason& held : decision.reasons) holds = holds || held.rule == rule.id;
    if (!holds) add("requires " + rule.id);
  }
  // Short of the bar only matters when no gate already says no.
  if (reason.empty() && decision.points_max < policy.mql_points)
    add(NumberToJson(decision.points_max) + " of " + NumberToJson(policy.mql_points) + " points");
  return Cut("not SQL: " + (reason.empty() ? std::string("not qualified") : reason), kMaxFeedbackReason);
}

Result<std::unique_ptr<QualificationCall>> QualificationCall::Create(Parts parts) {
  std::unique_ptr<Policy> policy;
  if (!parts.sql_policy_text.empty()) {
    auto decoded = DecodePolicy(parts.sql_policy_text);
    if (!decoded.ok()) return Status::InvalidArgument("--sql-policy: " + decoded.status().ToString());
    policy = std::make_unique<Policy>(std::move(decoded).value());
  }
  return std::unique_ptr<QualificationCall>(new QualificationCall(std::move(parts), std::move(policy)));
}

QualificationCall::QualificationCall(Parts parts, std::unique_ptr<Policy> policy)
    : parts_(std::move(parts)), policy_(std::move(policy)) {
  if (policy_) qualifier_ = std::make_unique<Qualifier>(*policy_);
}

HttpAnswer QualificationCall::SqlPolicy() const {
  if (!policy_) return NoSqlPolicy();
  HttpAnswer answer;
  answer.body = parts_.sql_policy_text;
  return answer;
}

// What the collector knows, as every other path decides the subject: a
// company's facts now (its behavior.* from its events, under the SQL
// policy's pages); a lead's as its form decided it (its answers, its
// company's facts, its visitor's behavior). Each is kept only where the SQL
// policy would take it; `from` answers the rest.
Result<std::optional<QualificationCall::Known>> QualificationCall::KnownOf(const std::string& subject, int64_t now_ms) {
  const auto ref = SubjectRef::Parse(subject);
  if (!ref) return std::optional<Known>();
  std::optional<LeadRecord> lead;
  if (ref->is_lead()) {
    auto read = parts_.leads->Get(ref->lead_id);
    if (!read.ok()) return read.status();
    if (!read.value()) return std::optional<Known>();
    lead = std::move(read).value();
  }
  const std::string company_id = lead ? lead->lead.company_id : ref->company_id;
  std::optional<CompanyRecord> company;
  if (!company_id.empty()) {
    parts_.scorer->Flush(std::chrono::seconds(5));
    auto read = parts_.store->GetCompany(company_id);
    if (!read.ok()) return read.status();
    company = std::move(read).value();
  }
  if (!lead && !company) return std::optional<Known>();
  auto facts = lead ? StoredLeadFacts(*policy_, *parts_.store, lead->lead, company)
                    : CompanySubjectFactsAt(*policy_, *parts_.store, company->info, now_ms);
  if (!facts.ok()) return facts.status();
  Known known;
  known.facts = FactsUsedBy(*policy_, facts.value());
  known.facts.merge(AnswersFrom(*policy_, known.facts));
  if (lead) {
    known.name = "lead " + std::to_string(ref->lead_id);
    if (!lead->company_name.empty()) known.name += ", " + lead->company_name;
    known.decision = lead->lead.decision;
  } else {
    known.name = company->info.name;
    if (company->score) known.decision = company->score->decision;
  }
  return std::optional<Known>(std::move(known));
}

HttpAnswer QualificationCall::Start(const std::string& subject, int64_t now_ms) {
  if (!policy_) return NoSqlPolicy();
  auto known = KnownOf(subject, now_ms);
  if (!known.ok()) return Refuse(known.status());
  if (!known.value()) return Refuse(Status::NotFound("no such subject", "subject"));
  return JsonAnswer({{"subject", subject},
                     {"name", known.value()->name},
                     {"decision", known.value()->decision},
                     {"facts", collector::FactsToJson(known.value()->facts)}});
}

HttpAnswer QualificationCall::Finish(const std::string& body_text, const Caller& caller, int64_t now_ms) {
  if (!policy_) return NoSqlPolicy();
  const auto parsed = JsonObjectBody(body_text);
  if (!parsed.ok()) return Refuse(parsed.status());
  const json& body = *parsed;
  if (!body.contains("subject") || !body["subject"].is_string())
    return Malformed("subject is required (\"company:ID\" or \"lead:ID\")", "subject");
  const std::string subject = body["subject"].get<std::string>().substr(0, 300);
  const json answers = body.value("answers", json::object());
  if (!answers.is_object()) return Malformed("answers must be an object of fact: value", "answers");
  // Only the SQL policy's questions are answered on a call.
  for (const auto& [id, value] : answers.items()) {
    const int index = policy_->FindFact(id);
    if (index < 0 || !policy_->facts[index].askable())
      return Malformed("not a question of the SQL policy", "answers." + id.substr(0, 100));
  }
  std::string note;
  if (Status read = OptionalText(body, "note", kMaxFeedbackNote, &note); !read.ok()) return Refuse(read);
  auto given = DecodeFacts(*policy_, DumpJson(answers));
  if (!given.ok()) {
    const Status& status = given.status();
    return Malformed(status.message(), status.path().empty() ? "answers" : "answers." + status.path());
  }
  auto known = KnownOf(subject, now_ms);
  if (!known.ok()) return Refuse(known.status());
  if (!known.value()) return Refuse(Status::NotFound("no such subject", "subject"));
  Facts facts = std::move(known.value()->facts);
  for (auto& [id, value] : given.value()) facts[id] = value;

  Result<Decision> decision = Status::Internal("not decided");
  {
    std::lock_guard<std::mutex> lock(qualifier_mutex_);
    decision = qualifier_->Decide(facts);
  }
  if (!decision.ok()) return Refuse(decision.status(), "malformed");
  const json decision_json = json::parse(DecisionToJson(decision.value()), nullptr, false);
  if (decision->decision == Verdict::kUndecided)
    return RefuseWithDetails(
        Status::Unprocessable("the call is not finished: questions of the SQL policy are still open", "answers"),
        {{"ask", AskList(decision.value())}, {"decision", decision_json}});

  const bool sql = decision->decision == Verdict::kQualified;
  FeedbackRecord feedback;
  feedback.subject = subject;
  feedback.verdict = sql ? "accepted" : "rejected";
  feedback.reason = CallOutcomeReason(*policy_, decision.value());
  std::string call_note = "qualification call";
  if (!answers.empty()) call_note += " (" + AnswersText(answers) + ")";
  if (!note.empty()) call_note += ": " + note;
  feedback.note = Cut(call_note, kMaxFeedbackNote);
  feedback.source = "call";
  feedback.answers_json = DumpJson(answers);
  if (caller.by_token && body.contains("by") && body["by"].is_string())
    feedback.by = body["by"].get<std::string>().substr(0, kMaxPersonName);
  auto stored = parts_.feedback->Record(std::move(feedback), caller, now_ms);
  if (!stored.ok()) return Refuse(stored.status());
  return JsonAnswer({{"sql", sql}, {"decision", decision_json}, {"feedback", FeedbackJson(stored.value())}}, 201);
}

}  // namespace leadgate::collector
