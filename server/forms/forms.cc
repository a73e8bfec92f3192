// Server-side re-check of a form submission.
#include "forms/forms.h"

#include <cctype>
#include <nlohmann/json.hpp>

#include "http/form_urlencoded.h"
#include "http/json_body.h"
#include "leadgate/codec.h"
#include "leadgate/facts.h"
#include "scoring/company_facts.h"

namespace leadgate::collector {
namespace {

// A plain HTML form (no JavaScript) posts urlencoded fields.
bool IsPlainForm(const ClientRequest& request) { return request.content_type == "application/x-www-form-urlencoded"; }

std::string EscapeHtml(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

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
bool HoneypotFilled(const ClientRequest& request, const std::vector<std::pair<std::string, std::string>>& fields) {
  for (const auto& [name, value] : fields)
    if (name == kHoneypotField && !value.empty()) return true;
  if (IsPlainForm(request)) return false;
  const nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
  if (!body.is_object() || !body.contains("fields") || !body["fields"].is_object()) return false;
  const nlohmann::json& filled = body["fields"];
  return filled.contains(kHoneypotField) && filled[kHoneypotField].is_string() &&
         !filled[kHoneypotField].get_ref<const std::string&>().empty();
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

}  // namespace

std::optional<HttpAnswer> AdmitFormRequest(const std::string& policy_name, const Policy& policy,
                                           const ClientRequest& request, const std::vector<Cidr>& trusted_proxies,
                                           RateLimiter& rate_limiter, std::string* client) {
  if (policy_name != policy.name)
    return Refuse(404, "no policy named \"" + policy_name.substr(0, 100) + "\"", "policy", "not_found");
  auto address = ResolveClientAddress(request.peer, request.forwarded_for, trusted_proxies);
  if (!address.ok()) return Refuse(400, address.status().message(), address.status().path(), "bad_address");
  *client = address->ToString();
  int retry_after = 0;
  if (!rate_limiter.Allow(*client, &retry_after)) {
    HttpAnswer answer = Refuse(429, "too many requests from this address", "", "rate_limited");
    answer.retry_after_seconds = retry_after;
    return answer;
  }
  return std::nullopt;
}

FormHandler::FormHandler(const ActivePolicy* policy, std::vector<Cidr> trusted_proxies, IngestServices services,
                         const FormLimits& limits)
    : policy_(policy),
      trusted_proxies_(std::move(trusted_proxies)),
      services_(services),
      per_address_(limits.enabled ? 1 / limits.seconds_per_address : 0, limits.burst_per_address, limits.clock_ms),
      per_form_(limits.enabled ? 1 / limits.seconds_per_form : 0, limits.burst_per_form, limits.clock_ms) {}

std::optional<HttpAnswer> FormHandler::CheckFormRate(const std::string& policy_name, const std::string& client) {
  // An attempt either limit refuses spends from neither.
  int retry_after = 0;
  const bool address_ok = per_address_.Check(client, &retry_after);
  if (address_ok && per_form_.Check(policy_name, &retry_after)) {
    per_address_.Allow(client, &retry_after);
    per_form_.Allow(policy_name, &retry_after);
    return std::nullopt;
  }
  HttpAnswer answer = Refuse(429,
                             address_ok ? "too many submissions of this form; retry later"
                                        : "too many submissions from this address; retry later",
                             "", "form_rate_limited");
  answer.retry_after_seconds = retry_after;
  return answer;
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
  const std::shared_ptr<const PolicySnapshot> active = policy_->Get();
  const Policy& policy = active->policy;
  std::string client;
  if (auto refusal = AdmitFormRequest(policy_name, policy, request, trusted_proxies_, *services_.rate_limiter, &client))
    return std::move(*refusal);
  if (request.body.size() > kMaxFormBytes) return Refuse(413, "body larger than 32 KB", "", "too_large");
  if (auto refusal = CheckFormRate(policy_name, client)) return std::move(*refusal);

  // One decoding of the body: the core's, for either kind of form.
  std::string visitor_id;
  std::string answers_json;
  Result<Facts> facts = Facts();
  const auto fields =
      IsPlainForm(request) ? ParseUrlEncoded(request.body) : std::vector<std::pair<std::string, std::string>>();
  if (HoneypotFilled(request, fields)) {
    services_.metrics->Add("leadgate_forms_dropped_total", "reason", "honeypot");
    return BotAnswer(request);
  }
  if (IsPlainForm(request)) {
    facts = DecodeFormFields(policy, fields);
    if (!facts.ok()) return Refuse(400, facts.status().message(), facts.status().path(), "malformed");
    nlohmann::json answers = nlohmann::json::object();
    for (const auto& [name, value] : fields) {
      if (policy.FindFact(name) >= 0) answers[name] = value;
      if (name == "anonymousId" && visitor_id.empty()) visitor_id = value.substr(0, 256);
    }
    answers_json = answers.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } else {
    HttpError depth_error;
    if (!CheckJsonDepth(request.body, &depth_error)) return ErrorAnswer(depth_error, "malformed");
    Result<FormSubmission> submission = DecodeFormSubmission(policy, request.body);
    if (!submission.ok()) return Refuse(submission.status(), "malformed");
    facts = std::move(submission->facts);
    answers_json = std::move(submission->answers_json);
    visitor_id = std::move(submission->anonymous_id);
  }

  // What the server knows about the visitor's network wins over the form.
  Facts all = facts.value();
  const identify::Identity identity = services_.identifier->Identify(client);
  std::string company_id, company_name;
  if (identity.is_business()) {
    company_id = identity.company_id;
    company_name = identity.name;
    // All company facts, also those only `from` names (the qualifier answers
    // such questions from them; the visitor's own answer wins).
    for (auto& [id, value] : CompanyFacts(CompanyInfoFromIdentity(identity))) all[id] = value;
  } else if (policy.FindFact("network.type") >= 0 && !identity.network_type.empty()) {
    all["network.type"] = FactValue::Text(identity.network_type);
  }

  Result<Decision> decision = Status::Internal("not decided");
  {
    std::lock_guard<std::mutex> lock(qualifier_mutex_);
    if (decided_with_ != active) {
      qualifier_ = std::make_unique<Qualifier>(policy);
      decided_with_ = active;
    }
    decision = qualifier_->Decide(all);
  }
  if (!decision.ok()) return Refuse(decision.status(), "malformed");
  const std::string decision_json = DecisionToJson(decision.value());

  Lead lead;
  lead.received_ms = request.now_ms;
  lead.policy = policy.name;
  lead.revision = policy.revision;
  lead.company_id = company_id;
  lead.company_name = company_name;
  lead.visitor = visitor_id.empty() ? "" : services_.hasher->Hash("a:" + visitor_id, request.now_ms);
  lead.answers_json = std::move(answers_json);
  lead.decision = DecisionName(decision->decision);
  lead.decision_json = decision_json;
  // Where the visit that filled the form came from: its visitor's latest
  // touch (visitor ids are keyed by the day, so of that day).
  if (!lead.visitor.empty()) {
    auto touch = services_.store->LatestTouch(lead.visitor, request.now_ms);
    if (!touch.ok()) return Refuse(503, "the submission could not be stored; retry later", "", "store");
    lead.touch = std::move(touch).value();
  }
  auto saved = SaveOrMerge(lead, AnswerText(lead.answers_json, "email"));
  if (!saved.ok()) return Refuse(503, "the submission could not be stored; retry later", "", "store");
  services_.metrics->Add("leadgate_forms_submitted_total", "decision", lead.decision);

  HttpAnswer answer;
  // The contract's answer: the decision and the stored lead's id.
  answer.body = "{\"lead\":\"" + std::to_string(saved.value()) + "\"," + decision_json.substr(1);
  if (IsPlainForm(request)) {
    answer.body = OutcomePage(policy, decision.value());
    answer.content_type = "text/html; charset=utf-8";
  }
  return answer;
}

}  // namespace leadgate::collector
