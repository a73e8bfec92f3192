// Leads as the contract's LEAD objects, in JSON and CSV.
#include "api/leads_api.h"

#include "api/api.h"
#include "api/api_json.h"
#include "api/csv_table.h"
#include "base/decimal_id.h"
#include "base/iso_time.h"
#include "base/subject_ref.h"
#include "records/subject_json.h"

namespace leadgate::collector {
namespace {

using nlohmann::json;

constexpr int64_t kMaxLeadsLimit = 10000;

// The contact's name, title, email and phone, each followed by a comma.
std::string ContactCsv(const json& contact) {
  std::string fields;
  for (const char* key : {"name", "title", "email", "phone"})
    fields += CsvField(contact.contains(key) && contact[key].is_string() ? contact[key].get<std::string>() : "") + ",";
  return fields;
}

std::string LeadsCsv(const json& leads) {
  std::string csv =
      "id,received_at,policy,revision,company,name,title,email,phone,decision,points_min,points_max,reasons,ask,"
      "answers,"
      "verdict,reason\r\n";
  for (const json& lead : leads) {
    std::string ask;
    for (const json& fact : lead["ask"]) ask += (ask.empty() ? "" : "; ") + fact.get<std::string>();
    const json& feedback = lead["feedback"];
    auto text = [](const json& value) { return value.is_string() ? value.get<std::string>() : std::string(); };
    csv += CsvField(lead["id"].get<std::string>()) + "," + lead["received_at"].get<std::string>() + "," +
           CsvField(lead["policy"].get<std::string>()) + "," + lead["revision"].dump() + "," +
           CsvField(lead["company"].is_object() ? text(lead["company"]["name"]) : "") + "," +
           ContactCsv(lead["contact"]) + CsvField(text(lead["decision"])) + "," + lead["points"]["min"].dump() + "," +
           lead["points"]["max"].dump() + "," + CsvField(ReasonsText(lead["reasons"])) + "," + CsvField(ask) + "," +
           CsvField(DumpJson(lead["answers"])) + "," + CsvField(feedback.is_object() ? text(feedback["verdict"]) : "") +
           "," + CsvField(feedback.is_object() ? text(feedback["reason"]) : "") + "\r\n";
  }
  return csv;
}

}  // namespace

HttpAnswer LeadsApi::List(const std::multimap<std::string, std::string>& params, const std::string& caller_name) {
  LeadQuery query;
  bool csv = false;
  for (const auto& [key, value] : params) {
    OwnershipFilter ownership{query.owner, query.excluded};
    Result<bool> owned = ReadOwnershipParam(key, value, caller_name, &ownership);
    if (!owned.ok()) return RefuseQuery(owned.status());
    if (*owned) {
      query.owner = ownership.owner;
      query.excluded = ownership.excluded;
    } else if (key == "decision") {
      Result<Verdict> decision = ParseDecisionFilter(value);
      if (!decision.ok()) return RefuseQuery(decision.status());
      query.decision = *decision;
    } else if (key == "since") {
      Result<int64_t> since = ParseSince(value);
      if (!since.ok()) return RefuseQuery(since.status());
      query.since_ms = *since;
    } else if (key == "limit") {
      Result<int64_t> limit = ParseLimit(value, kMaxLeadsLimit);
      if (!limit.ok()) return RefuseQuery(limit.status());
      query.limit = *limit;
    } else if (key == "account") {
      if (value.empty()) return BadQuery("account must be a company id", "account");
      query.account = value;
    } else if (key == "q") {
      if (!value.empty()) query.search = value;
    } else if (key == "after") {
      query.after = ParseLeadCursor(value);
      if (!query.after) return BadQuery("after must be the `next` of an earlier page", "after");
    } else if (key == "format") {
      Result<bool> format = ParseFormat(value);
      if (!format.ok()) return RefuseQuery(format.status());
      csv = *format;
    } else {
      return BadQuery("unknown query parameter \"" + key.substr(0, 50) + "\"", key.substr(0, 50));
    }
  }
  auto records = leads_->List(query);
  if (!records.ok()) return Refuse(records.status());
  std::vector<std::string> subjects;
  for (const LeadRecord& record : records->leads) subjects.push_back(SubjectRef::Lead(record.id).ToString());
  auto latest = feedback_->Latest(subjects);
  if (!latest.ok()) return Refuse(latest.status());
  auto owners = assignments_->Owners(subjects);
  if (!owners.ok()) return Refuse(owners.status());
  json leads = json::array();
  for (const LeadRecord& record : records->leads) {
    const std::string subject = SubjectRef::Lead(record.id).ToString();
    auto found = latest->find(subject);
    json lead = LeadJson(record, found == latest->end() ? nullptr : &found->second);
    auto owner = owners->find(subject);
    lead["owner"] = owner == owners->end() ? json(nullptr) : json(owner->second);
    leads.push_back(std::move(lead));
  }
  if (!csv)
    return JsonAnswer({{"leads", leads}, {"next", records->next ? json(FormatLeadCursor(*records->next)) : json()}});
  HttpAnswer answer;
  answer.content_type = "text/csv; charset=utf-8";
  answer.body = LeadsCsv(leads);
  return answer;
}

HttpAnswer LeadsApi::Get(const std::string& id) {
  auto lead_id = ParseDecimalId(id);
  if (!lead_id) return Refuse(Status::NotFound("no lead with this id", "id"));
  auto record = leads_->Get(*lead_id);
  if (!record.ok()) return Refuse(record.status());
  if (!record.value()) return Refuse(Status::NotFound("no lead with this id", "id"));
  auto latest = feedback_->Latest({SubjectRef::Lead(*lead_id).ToString()});
  if (!latest.ok()) return Refuse(latest.status());
  auto found = latest->find(SubjectRef::Lead(*lead_id).ToString());
  return JsonAnswer(LeadJson(*record.value(), found == latest->end() ? nullptr : &found->second));
}

}  // namespace leadgate::collector
