// Server-side re-check of a form submission.
#include "collector/forms.h"

#include <nlohmann/json.hpp>

#include "collector/company_facts.h"
#include "leadgate/codec.h"
#include "leadgate/facts.h"

namespace leadgate::collector {
namespace {

HttpAnswer Refuse(int status, std::string message, std::string path, std::string reason) {
  return ErrorAnswer(HttpError{status, std::move(message), std::move(path)}, std::move(reason));
}

}  // namespace

HttpAnswer FormHandler::Submit(const std::string& policy_name, const ClientRequest& request) {
  if (policy_name != policy_.name)
    return Refuse(404, "no policy named \"" + policy_name.substr(0, 100) + "\"", "policy", "not_found");
  auto client = ResolveClientAddress(request.peer, request.forwarded_for, trusted_proxies_);
  if (!client.ok()) return Refuse(400, client.status().message(), client.status().path(), "bad_address");
  int retry_after = 0;
  if (!services_.rate_limiter->Allow(client->ToString(), &retry_after)) {
    HttpAnswer answer = Refuse(429, "too many requests from this address", "", "rate_limited");
    answer.retry_after_seconds = retry_after;
    return answer;
  }
  if (request.body.size() > kMaxFormBytes) return Refuse(413, "body larger than 32 KB", "", "too_large");

  HttpError depth_error;
  if (!CheckJsonDepth(request.body, &depth_error)) return ErrorAnswer(depth_error, "malformed");
  nlohmann::json body = nlohmann::json::parse(request.body.begin(), request.body.end(), nullptr, false);
  if (body.is_discarded()) return Refuse(400, "malformed JSON", "", "malformed");
  if (!body.is_object()) return Refuse(400, "the body must be a JSON object of answers", "", "malformed");
  std::string visitor_id;
  nlohmann::json answers = body;
  std::string prefix;
  if (body.contains("answers")) {
    if (!body["answers"].is_object()) return Refuse(400, "answers must be an object", "answers", "malformed");
    answers = body["answers"];
    prefix = "answers.";
    if (body.contains("anonymousId") && body["anonymousId"].is_string())
      visitor_id = body["anonymousId"].get<std::string>();
  }
  auto facts = DecodeFacts(policy_, answers.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  if (!facts.ok()) {
    const std::string path = facts.status().path().empty() ? prefix.substr(0, prefix.size() ? prefix.size() - 1 : 0)
                                                           : prefix + facts.status().path();
    return Refuse(400, facts.status().message(), path, "malformed");
  }

  // What the server knows about the visitor's network wins over the form.
  Facts all = facts.value();
  const identify::Identity identity = services_.identifier->Identify(client->ToString());
  std::string company_id;
  if (identity.is_business()) {
    company_id = identity.company_id;
    for (auto& [id, value] : FactsUsedBy(policy_, CompanyFacts(CompanyInfoFromIdentity(identity)))) all[id] = value;
  } else if (policy_.FindFact("network.type") >= 0 && !identity.network_type.empty()) {
    all["network.type"] = FactValue::Text(identity.network_type);
  }

  Result<Decision> decision = Status::Internal("not decided");
  {
    std::lock_guard<std::mutex> lock(qualifier_mutex_);
    decision = qualifier_.Decide(all);
  }
  if (!decision.ok()) {
    HttpError error = HttpErrorFromStatus(decision.status());
    return ErrorAnswer(error, "malformed");
  }
  const std::string decision_json = DecisionToJson(decision.value());

  Lead lead;
  lead.received_ms = request.now_ms;
  lead.policy = policy_.name;
  lead.revision = policy_.revision;
  lead.company_id = company_id;
  lead.visitor = visitor_id.empty() ? "" : services_.hasher->Hash("a:" + visitor_id, request.now_ms);
  lead.answers_json = answers.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  lead.decision = DecisionName(decision->decision);
  lead.decision_json = decision_json;
  Status saved = services_.store->SaveLead(lead);
  if (!saved.ok()) return Refuse(503, "the submission could not be stored; retry later", "", "store");
  services_.metrics->Add("leadgate_forms_submitted_total", "decision", lead.decision);

  HttpAnswer answer;
  answer.body = decision_json;
  return answer;
}

}  // namespace leadgate::collector
