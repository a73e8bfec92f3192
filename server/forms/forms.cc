// Server-side re-check of a form submission.
#include "forms/forms.h"

#include <cctype>
#include <nlohmann/json.hpp>

#include "base/html_text.h"
#include "forms/contact_fields.h"
#include "http/form_urlencoded.h"
#include "http/json_body.h"
#include "leadgate/codec.h"
#include "leadgate/facts.h"
#include "scoring/company_facts.h"
#include "scoring/subject_facts.h"

namespace leadgate::collector {
namespace {

// A plain HTML form (no JavaScript) posts urlencoded fields.
bool IsPlainForm(const ClientRequest& request) { return request.content_type == "application/x-www-form-urlencoded"; }

// The page a browser shows after a plain form post: the policy's outcome.
std::string OutcomePage(const Policy& policy, const Decision& decision) {
  const std::optional<Outcome>& outcome =
      decision.decision == Verdict::kQualified ? policy.qualified_outcome : policy.not_qualified_outcome;
  std::string message =
      outcome && !outcome->message.empty() ? outcome->message : "Thank you, we received your answers.";
  std::string page =
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Thank you</title>"
      "</head><body><main><p role=\"status\">" +
      EscapeHtml(message) + "</p>";
  if (outcome && !outcome->link.empty() &&
      (outcome->link.rfind("https://", 0) == 0 || outcome->link.rfind("http://", 0) == 0 || outcome->link[0] == '/'))
    page += "<p><a href=\"" + EscapeHtml(outcome->link) + "\">Continue</a></p>";
  return page + "</main></body></html>";
}

// The widget's honeypot, filled: in a plain form's fields, or in the
// `fields` the widget sends beside the answers.
bool HoneypotFilled(const FormFields& fields) {
  for (const auto& [name, value] : fields)
    if (name == kHoneypotField && !value.empty()) return true;
  return false;
}

// A submission's answers, decoded by the core either way it comes.
struct DecodedAnswers {
  Facts facts;
  std::string answers_json;
  std::string visitor_id;  // the tracker's anonymousId, when sent
};

Result<DecodedAnswers> DecodeAnswers(const Policy& policy, const ClientRequest& request, const FormFields& fields) {
  DecodedAnswers decoded;
  if (!IsPlainForm(request)) {
    Result<FormSubmission> submission = DecodeFormSubmission(policy, request.body);
    if (!submission.ok()) return submission.status();
    decoded.facts = std::move(submission->facts);
    decoded.answers_json = std::move(submission->answers_json);
    decoded.visitor_id = std::move(submission->anonymous_id);
    return decoded;
  }
  Result<Facts> facts = DecodeFormFields(policy, fields);
  if (!facts.ok()) return facts.status();
  decoded.facts = std::move(facts).value();
  nlohmann::json answers = nlohmann::json::object();
  for (const auto& [name, value] : fields) {
    if (policy.FindFact(name) >= 0) answers[name] = value;
    if (name == "anonymousId" && decoded.visitor_id.empty()) decoded.visitor_id = value.substr(0, 256);
  }
  decoded.answers_json = answers.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return decoded;
}

// What a bot that filled the honeypot is answered: the look of a
// submission, and nothing stored.
HttpAnswer BotAnswer(const ClientRequest& request) {
  HttpAnswer answer;
  answer.body = R"({"lead":"0","decision":"undecided"})";
  if (IsPlainForm(request)) {
    answer.body =
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Thank you</title></head>"
        "<body><main><p role=\"status\">Thank you, we received your answers.</p></main></body></html>";
    answer.content_type = "text/html; charset=utf-8";
  }
  return answer;
}

// The text answer `fact` of the answers' JSON, trimmed and in lower case
// ("" when absent): the key submissions are merged by.
std::string AnswerText(const std::string& answers_json, const char* fact) {
  const nlohmann::json answers = nlohmann::json::parse(answers_json, nullptr, false);
  if (!answers.is_object() || !answers.contains(fact) || !answers[fact].is_string()) return "";
  std::string text = answers[fact].get<std::string>();
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  size_t begin = 0;
  while (begin < text.size() && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
  text.erase(0, begin);
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

constexpr size_t kMaxRecentLeads = 10000;

// What the server knows about the visitor's network, added to `facts`: it
// wins over the form. All company facts, also those only `from` names (the
// qualifier answers such questions from them; the visitor's own answer wins).
void AddNetworkFacts(const Policy& policy, const identify::Identity& identity, Facts* facts) {
  if (identity.is_business()) {
    for (auto& [id, value] : CompanyFacts(CompanyInfoFromIdentity(identity))) (*facts)[id] = value;
  } else if (policy.FindFact("network.type") >= 0 && !identity.network_type.empty()) {
    (*facts)["network.type"] = FactValue::Text(identity.network_type);
  }
}

// The facts a submission is decided on: its answers, and what the server
// knows wins, as when the lead is decided again (LeadSubjectFacts): the
// network's facts and the behavior.* facts of the visitor's own events.
Result<Facts> SubmissionFacts(const Policy& policy, Store& store, Facts answers, const identify::Identity& identity,
                              const std::string& visitor, int64_t now_ms) {
  AddNetworkFacts(policy, identity, &answers);
  auto behavior = LeadBehaviorFacts(policy, store, visitor, now_ms);
  if (!behavior.ok()) return behavior.status();
  for (auto& [id, value] : behavior.value()) answers[id] = std::move(value);
  return answers;
}

// A submission read: its contact fields and its answers decoded.
struct Submission {
  Contact contact;
  DecodedAnswers answers;
};

Result<Submission> ReadSubmission(const Policy& policy, const ClientRequest& request, const FormFields& fields) {
  Result<Contact> contact = ContactFromFields(fields, IsPlainForm(request) ? "" : "fields");
  if (!contact.ok()) return contact.status();
  Result<DecodedAnswers> decoded = DecodeAnswers(policy, request, fields);
  if (!decoded.ok()) return decoded.status();
  return Submission{std::move(contact).value(), std::move(decoded).value()};
}

// A decided submission as a lead, before its touch and its id.
Lead NewLead(const Policy& policy, const identify::Identity& identity, const std::string& visitor,
             Submission submission, const Decision& decision, int64_t now_ms) {
  Lead lead;
  lead.received_ms = now_ms;
  lead.policy = policy.name;
  lead.revision = policy.revision;
  if (identity.is_business()) {
    lead.company_id = identity.company_id;
    lead.company_name = identity.name;
  }
  lead.visitor = visitor;
  lead.answers_json = std::move(submission.answers.answers_json);
  lead.contact = std::move(submission.contact);
  lead.decision = DecisionName(decision.decision);
  lead.decision_json = DecisionToJson(decision);
  return lead;
}

// The contract's answer, the decision and the stored lead's id; a plain
// form post gets the policy's outcome page.
HttpAnswer SubmittedAnswer(const Policy& policy, const ClientRequest& request, const Decision& decision,
                           const std::string& decision_json, int64_t lead_id) {
  HttpAnswer answer;
  if (IsPlainForm(request)) {
    answer.body = OutcomePage(policy, decision);
    answer.content_type = "text/html; charset=utf-8";
    return answer;
  }
  answer.body = "{\"lead\":\"" + std::to_string(lead_id) + "\"," + decision_json.substr(1);
  return answer;
}

// A refusal as the page a browser shows after a plain form post: the
// reason in words (escaped), never the JSON.
HttpAnswer RefusalPage(HttpAnswer refusal) {
  const nlohmann::json error = nlohmann::json::parse(refusal.body, nullptr, false);
  std::string reason = "the form could not be read";
  if (error.is_object() && error.contains("error") && error["error"].is_string()) {
    reason = error["error"].get<std::string>();
    // A bad value is named by its field; other paths mean nothing to a visitor.
    if (refusal.status == 400 && error.contains("path") && error["path"].is_string() &&
        !error["path"].get_ref<const std::string&>().empty())
      reason = error["path"].get<std::string>() + ": " + reason;
  }
  const std::string advice =
      refusal.status == 429 || refusal.status >= 500 ? "Please try again in a minute." : "Please contact us directly.";
  refusal.body =
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Not sent</title>"
      "</head><body><main><p role=\"alert\">Sorry, your answers were not sent: " +
      EscapeHtml(reason) + ".</p><p>" + advice + "</p></main></body></html>";
  refusal.content_type = "text/html; charset=utf-8";
  return refusal;
}

}  // namespace

Result<std::string> AdmitFormRequest(const std::string& policy_name, const Policy& policy, const ClientRequest& request,
                                     const std::vector<Cidr>& trusted_proxies) {
  if (policy_name != policy.name)
    return Status::NotFound("no policy named \"" + policy_name.substr(0, 100) + "\"", "policy");
  auto address = ResolveClientAddress(request.peer, request.forwarded_for, trusted_proxies);
  if (!address.ok()) return address.status();
  return address->ToString();
}

HttpAnswer RefuseAdmission(const Status& status) {
  return Refuse(status, status.code() == Status::Code::kInvalidArgument ? "bad_address" : "");
}

FormHandler::FormHandler(const ActivePolicy* policy, std::vector<Cidr> trusted_proxies, IngestServices services,
                         const FormLimits& limits)
    : policy_(policy),
      trusted_proxies_(std::move(trusted_proxies)),
      services_(services),
      per_address_(limits.enabled ? 1 / limits.seconds_per_address : 0, limits.burst_per_address, limits.clock_ms),
      per_form_(limits.enabled ? 1 / limits.seconds_per_form : 0, limits.burst_per_form, limits.clock_ms) {}

Status FormHandler::CheckFormRate(const std::string& policy_name, const std::string& client, int* retry_after_seconds) {
  // An attempt either limit refuses spends from neither.
  const bool address_ok = per_address_.Check(client, retry_after_seconds);
  if (address_ok && per_form_.Check(policy_name, retry_after_seconds)) {
    per_address_.Allow(client, retry_after_seconds);
    per_form_.Allow(policy_name, retry_after_seconds);
    return Status::Ok();
  }
  return Status::RateLimited(address_ok ? "too many submissions of this form; retry later"
                                        : "too many submissions from this address; retry later");
}

Result<int64_t> FormHandler::SaveOrMerge(const Lead& lead, const std::string& email) {
  if (email.empty()) return services_.store->SaveLead(lead);
  const std::string key = lead.policy + '\n' + email;
  std::lock_guard<std::mutex> lock(recent_mutex_);
  auto found = recent_.find(key);
  if (found != recent_.end() && lead.received_ms - found->second.received_ms < kMergeWindowMs &&
      lead.received_ms >= found->second.received_ms) {
    Status merged = services_.store->UpdateLead(found->second.id, lead);
    if (merged.ok()) {
      found->second.received_ms = lead.received_ms;
      return found->second.id;
    }
    if (merged.code() != Status::Code::kNotFound) return merged;
  }
  auto saved = services_.store->SaveLead(lead);
  if (!saved.ok()) return saved;
  if (recent_.size() >= kMaxRecentLeads) {
    for (auto it = recent_.begin(); it != recent_.end();)
      it = lead.received_ms - it->second.received_ms >= kMergeWindowMs ? recent_.erase(it) : std::next(it);
  }
  if (recent_.size() < kMaxRecentLeads) recent_[key] = RecentLead{saved.value(), lead.received_ms};
  return saved;
}

HttpAnswer FormHandler::Submit(const std::string& policy_name, const ClientRequest& request) {
  HttpAnswer answer = Handle(policy_name, request);
  if (IsPlainForm(request) && answer.status >= 400) return RefusalPage(std::move(answer));
  return answer;
}

HttpAnswer FormHandler::Handle(const std::string& policy_name, const ClientRequest& request) {
  const std::shared_ptr<const PolicySnapshot> active = policy_->Get();
  const Policy& policy = active->policy;
  Result<std::string> admitted = AdmitFormRequest(policy_name, policy, request, trusted_proxies_);
  if (!admitted.ok()) return RefuseAdmission(admitted.status());
  const std::string& client = *admitted;
  int retry_after = 0;
  if (!services_.rate_limiter->Allow(client, &retry_after))
    return RefuseRateLimited("too many requests from this address", retry_after);
  if (request.body.size() > kMaxFormBytes) return Refuse(BodyTooLarge(kMaxFormBytes));
  if (Status rate = CheckFormRate(policy_name, client, &retry_after); !rate.ok())
    return RefuseRateLimited(rate.message(), retry_after, "form_rate_limited");

  if (!IsPlainForm(request)) {
    if (Status depth = CheckJsonDepth(request.body); !depth.ok()) return Refuse(depth, "malformed");
  }
  const FormFields fields = IsPlainForm(request) ? ParseUrlEncoded(request.body) : JsonSubmissionFields(request.body);
  if (HoneypotFilled(fields)) {
    services_.metrics->Add("leadgate_forms_dropped_total", "reason", "honeypot");
    return BotAnswer(request);
  }
  Result<Submission> submission = ReadSubmission(policy, request, fields);
  if (!submission.ok()) return Refuse(submission.status(), "malformed");

  const identify::Identity identity = services_.identifier->Identify(client);
  const std::string& visitor_id = submission->answers.visitor_id;
  const std::string visitor = visitor_id.empty() ? "" : services_.hasher->Hash("a:" + visitor_id, request.now_ms);
  Result<Facts> all = SubmissionFacts(policy, *services_.store, std::move(submission->answers.facts), identity, visitor,
                                      request.now_ms);
  if (!all.ok()) return Refuse(all.status(), "store");
  Result<Decision> decision = Decide(active, all.value());
  if (!decision.ok()) return Refuse(decision.status(), "malformed");
  Lead lead = NewLead(policy, identity, visitor, std::move(submission).value(), decision.value(), request.now_ms);
  Result<int64_t> saved = SaveWithTouch(&lead);
  if (!saved.ok()) return Refuse(saved.status(), "store");
  services_.metrics->Add("leadgate_forms_submitted_total", "decision", lead.decision);
  return SubmittedAnswer(policy, request, decision.value(), lead.decision_json, saved.value());
}

Result<Decision> FormHandler::Decide(const std::shared_ptr<const PolicySnapshot>& active, const Facts& facts) {
  std::lock_guard<std::mutex> lock(qualifier_mutex_);
  if (decided_with_ != active) {
    qualifier_ = std::make_unique<Qualifier>(active->policy);
    decided_with_ = active;
  }
  return qualifier_->Decide(facts);
}

Result<int64_t> FormHandler::SaveWithTouch(Lead* lead) {
  // Where the visit that filled the form came from: its visitor's latest
  // touch (visitor ids are keyed by the day, so of that day).
  if (!lead->visitor.empty()) {
    auto touch = services_.store->LatestTouch(lead->visitor, lead->received_ms);
    if (!touch.ok()) return touch.status();
    lead->touch = std::move(touch).value();
  }
  return SaveOrMerge(*lead, AnswerText(lead->answers_json, "email"));
}

}  // namespace leadgate::collector
