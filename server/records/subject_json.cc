// COMPANY, LEAD and FEEDBACK objects of stored records.
#include "records/subject_json.h"

#include "base/iso_time.h"
#include "base/json_number.h"

namespace leadgate::collector {

using nlohmann::json;

json TouchJson(const Touch& touch) {
  if (touch.empty()) return nullptr;
  auto text = [](const std::string& value) { return value.empty() ? json(nullptr) : json(value); };
  return {{"referrer", text(touch.referrer)},
          {"utm_source", text(touch.utm_source)},
          {"utm_medium", text(touch.utm_medium)},
          {"utm_campaign", text(touch.utm_campaign)}};
}

json CompanyJson(const CompanyRecord& record, const FeedbackRecord* feedback) {
  json company = {{"id", record.info.id},
                  {"name", record.info.name},
                  {"domain", record.info.domain},
                  {"decision", nullptr},
                  {"points", {{"min", 0}, {"max", 0}}},
                  {"reasons", json::array()},
                  {"ask", json::array()},
                  {"facts", json::object()},
                  {"first_seen", FormatIsoTime(record.first_seen_ms)},
                  {"last_seen", FormatIsoTime(record.last_seen_ms)},
                  {"first_touch", TouchJson(record.first_touch)},
                  {"scored_at", nullptr}};
  if (record.score) {
    // Behind the events when older than last_seen (see the backlog metric).
    company["scored_at"] = FormatIsoTime(record.score->scored_ms);
    company["decision"] = record.score->decision;
    company["points"] = {{"min", JsonNumber(record.score->points_min)}, {"max", JsonNumber(record.score->points_max)}};
    json score = json::parse(record.score->score_json, nullptr, false);
    if (score.is_object()) {
      for (const char* key : {"reasons", "ask", "facts", "activity"})
        if (score.contains(key)) company[key] = score[key];
    }
  }
  company["feedback"] = feedback ? FeedbackJson(*feedback) : json(nullptr);
  return company;
}

namespace {

json TextOrNull(const std::string& text) { return text.empty() ? json(nullptr) : json(text); }

}  // namespace

json ContactJson(const Lead& lead) {
  const json answers = json::parse(lead.answers_json, nullptr, false);
  json email = nullptr;
  if (answers.is_object() && answers.contains("email") && answers["email"].is_string()) email = answers["email"];
  return {{"email", email},
          {"name", TextOrNull(lead.contact.name)},
          {"phone", TextOrNull(lead.contact.phone)},
          {"title", TextOrNull(lead.contact.title)}};
}

json PeopleJson(const std::vector<LeadRecord>& leads) {
  json people = json::array();
  for (const LeadRecord& record : leads)
    people.push_back({{"id", std::to_string(record.id)},
                      {"received_at", FormatIsoTime(record.lead.received_ms)},
                      {"decision", record.lead.decision},
                      {"contact", ContactJson(record.lead)}});
  return people;
}

json LeadJson(const LeadRecord& record, const FeedbackRecord* feedback) {
  const Lead& lead = record.lead;
  json answers = json::parse(lead.answers_json, nullptr, false);
  json decision = json::parse(lead.decision_json, nullptr, false);
  if (!decision.is_object()) decision = json::object();
  json company = nullptr;
  if (!lead.company_id.empty()) company = {{"id", lead.company_id}, {"name", record.company_name}};
  json account = nullptr;
  if (record.account)
    account = {{"id", record.account->id},
               {"name", record.account->name},
               {"domain", record.account->domain.empty() ? json(nullptr) : json(record.account->domain)}};
  return {{"id", std::to_string(record.id)},
          {"received_at", FormatIsoTime(lead.received_ms)},
          {"policy", lead.policy},
          {"revision", lead.revision},
          {"answers", answers.is_object() ? answers : json::object()},
          {"company", company},
          {"account", account},
          {"contact", ContactJson(lead)},
          {"decision", lead.decision},
          {"points", decision.contains("points") ? decision["points"] : json{{"min", 0}, {"max", 0}}},
          {"reasons", decision.contains("reasons") ? decision["reasons"] : json::array()},
          {"ask", AskList(decision.value("ask", json()))},
          {"first_touch", TouchJson(lead.touch)},
          {"feedback", feedback ? FeedbackJson(*feedback) : json(nullptr)}};
}

json FeedbackJson(const FeedbackRecord& feedback) {
  const json answers = json::parse(feedback.answers_json.empty() ? "null" : feedback.answers_json, nullptr, false);
  return {{"subject", feedback.subject},
          {"verdict", feedback.verdict},
          {"reason", feedback.reason.empty() ? json(nullptr) : json(feedback.reason)},
          {"note", feedback.note.empty() ? json(nullptr) : json(feedback.note)},
          {"by", feedback.by.empty() ? json(nullptr) : json(feedback.by)},
          {"at", FormatIsoTime(feedback.at_ms)},
          {"policy", feedback.policy},
          {"revision", feedback.revision},
          {"source", feedback.source.empty() ? json(nullptr) : json(feedback.source)},
          {"answers", answers.is_object() ? answers : json(nullptr)}};
}

json AskList(const json& ask) {
  if (ask.is_array()) return ask;
  if (ask.is_string()) return json::array({ask});
  return json::array();
}

}  // namespace leadgate::collector
