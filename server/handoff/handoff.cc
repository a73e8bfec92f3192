// Hand-off payloads and their outbox rows.
#include "handoff/handoff.h"

#include <cctype>
#include <optional>

#include "base/html_text.h"
#include "base/iso_time.h"
#include "base/subject_ref.h"
#include "handoff/outbox.h"
#include "records/feedback_store.h"
#include "records/lead_store.h"
#include "records/subject_json.h"

namespace leadgate::collector {
namespace {

using nlohmann::json;

std::string Dump(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string SubjectName(const json& data) {
  if (data.contains("name") && data["name"].is_string() && !data["name"].get<std::string>().empty())
    return data["name"];
  if (data.contains("answers") && data["answers"].contains("email") && data["answers"]["email"].is_string())
    return data["answers"]["email"];
  if (data.contains("company") && data["company"].is_object() && data["company"]["name"].is_string())
    return data["company"]["name"];
  return "a new MQL";
}

std::string ReasonsText(const json& data) {
  std::string text;
  for (const json& reason : data.value("reasons", json::array())) {
    text += "• " + EscapeSlackText(reason.value("rule", std::string("?")));
    if (reason.contains("points")) text += " (" + reason["points"].dump() + ")";
    text += "\n";
  }
  return text.empty() ? "no reasons recorded" : text;
}

std::string PercentEncode(const std::string& text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// A company as it is handed off: COMPANY with its people (collector-v1
// v1.2), so that a receiver files the account with the people it knows there.
Result<json> AccountJson(Db& db, const CompanyRecord& company) {
  auto people = ListLeads(db, AccountPeopleQuery(company.info.id));
  if (!people.ok()) return people.status();
  json data = CompanyJson(company);
  data["leads"] = PeopleJson(people->leads);
  return data;
}

}  // namespace

std::string QualifiedPayload(const std::string& webhook_id, int64_t at_ms, const std::string& subject,
                             const json& data) {
  return Dump(json{{"type", "mql.qualified"},
                   {"id", webhook_id},
                   {"at", FormatIsoTime(at_ms)},
                   {"subject", subject},
                   {"data", data}});
}

std::string SubjectLink(const std::string& app_url, const std::string& subject) {
  const auto ref = SubjectRef::Parse(subject);
  if (!ref) return app_url + "/app/";
  if (ref->is_lead()) return app_url + "/app/leads/" + std::to_string(ref->lead_id);
  return app_url + "/app/companies/" + PercentEncode(ref->company_id);
}

std::string SlackMessage(const std::string& subject, const json& data, const std::string& link) {
  const std::string name = EscapeSlackText(SubjectName(data));
  const json points = data.value("points", json::object());
  const auto ref = SubjectRef::Parse(subject);
  const std::string kind = ref && ref->is_lead() ? "Form lead" : "Company";
  const json blocks = json::array({
      {{"type", "header"}, {"text", {{"type", "plain_text"}, {"text", "New MQL: " + name}}}},
      {{"type", "section"},
       {"fields", json::array({{{"type", "mrkdwn"}, {"text", "*" + kind + "*\n" + name}},
                               {{"type", "mrkdwn"}, {"text", "*Points*\n" + points.value("min", json(0)).dump()}}})}},
      {{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", "*Why*\n" + ReasonsText(data)}}}},
      {{"type", "actions"},
       {"elements",
        json::array(
            {{{"type", "button"}, {"text", {{"type", "plain_text"}, {"text", "Open in leadgate"}}}, {"url", link}}})}},
  });
  return Dump(json{{"text", "New MQL: " + name + " " + link}, {"blocks", blocks}});
}

Status Handoff::Enqueue(Db& db, const std::string& subject, const std::function<Result<json>()>& make_data,
                        int64_t at_ms, int64_t revision) {
  // A rejection stands (collector-v1 v1.2): a subject sales rejected last is
  // not handed off again when a later revision qualifies it.
  auto verdict = LatestFeedback(db, subject);
  if (!verdict.ok()) return verdict.status();
  if (verdict.value() && verdict.value()->verdict == "rejected") return Status::Ok();
  auto record = db.Prepare("INSERT INTO mql_handoffs (subject, qualified_ms, revision) VALUES (?, ?, ?)");
  if (!record.ok()) return record.status();
  Status status = record.value()->Bind(1, subject).Bind(2, at_ms).Bind(3, revision).Run();
  if (!status.ok()) return status;
  std::optional<json> data;  // made for the first receiver (a re-score hands off thousands, often to none)
  for (const Receiver& receiver : receivers_()) {
    if (receiver.kind == "escalation") continue;  // overdue MQLs only (Escalate)
    if (receiver.kind == "mail") continue;        // people's mails are the mail room's (mail/mail_alerts.h)
    if (!data) {
      auto made = make_data();
      if (!made.ok()) return made.status();
      data = std::move(made).value();
    }
    Delivery delivery;
    delivery.webhook_id = NewWebhookId();
    delivery.kind = receiver.kind;
    delivery.url = receiver.url;
    delivery.subject = subject;
    // A CRM (crm/) reads the webhook's payload when it sends.
    delivery.body = receiver.kind == "slack" ? SlackMessage(subject, *data, SubjectLink(app_url_(), subject))
                                             : QualifiedPayload(delivery.webhook_id, at_ms, subject, *data);
    status = Outbox::Enqueue(db, delivery, at_ms);
    if (!status.ok()) return status;
  }
  if (wake_) wake_();
  return Status::Ok();
}

Status Handoff::CompaniesQualified(Db& db, const std::vector<std::string>& ids, int64_t at_ms) {
  for (const std::string& id : ids) {
    auto query = db.Prepare(std::string("SELECT ") + kCompanyColumns + " FROM companies WHERE id = ?");
    if (!query.ok()) return query.status();
    query.value()->Bind(1, id);
    Status status;
    if (!query.value()->Step(&status)) {
      if (!status.ok()) return status;
      continue;
    }
    const CompanyRecord company = ReadCompanyRow(*query.value());
    query.value().reset();
    const int64_t revision = company.score ? company.score->policy_revision : 0;
    status = Enqueue(
        db, SubjectRef::Company(id).ToString(), [&] { return AccountJson(db, company); }, at_ms, revision);
    if (!status.ok()) return status;
  }
  return Status::Ok();
}

Status Handoff::LeadQualified(Db& db, int64_t lead_id, const Lead& lead) {
  // data.account names the lead's account, so a receiver files the person
  // under one record per account (collector-v1 v1.2).
  LeadRecord record{lead_id, lead, lead.company_name, std::nullopt, ""};
  if (!lead.company_id.empty()) {
    auto domain = db.Prepare("SELECT domain FROM companies WHERE id = ?");
    if (!domain.ok()) return domain.status();
    Status found;
    if (domain.value()->Bind(1, lead.company_id).Step(&found)) record.company_domain = domain.value()->Text(0);
    if (!found.ok()) return found;
    domain.value().reset();
  }
  if (Status resolved = ResolveAccount(db, &record); !resolved.ok()) return resolved;
  return Enqueue(
      db, SubjectRef::Lead(lead_id).ToString(), [&]() -> Result<json> { return collector::LeadJson(record, nullptr); },
      lead.received_ms, lead.revision);
}

Result<json> SubjectNow(Db& db, const std::string& subject) {
  const auto ref = SubjectRef::Parse(subject);
  if (!ref) return json(nullptr);
  if (ref->is_company()) {
    auto query = db.Prepare(std::string("SELECT ") + kCompanyColumns + " FROM companies WHERE id = ?");
    if (!query.ok()) return query.status();
    query.value()->Bind(1, ref->company_id);
    Status status;
    if (!query.value()->Step(&status)) {
      if (!status.ok()) return status;
      return json(nullptr);
    }
    const CompanyRecord company = ReadCompanyRow(*query.value());
    query.value().reset();
    return AccountJson(db, company);
  }
  auto lead = ReadLead(db, ref->lead_id);
  if (!lead.ok()) return lead.status();
  if (!lead.value()) return json(nullptr);
  return collector::LeadJson(*lead.value(), nullptr);
}

Status Handoff::Escalate(Db& db, const std::string& subject, int64_t qualified_ms, int64_t deadline_ms,
                         double sla_hours) {
  auto data = SubjectNow(db, subject);
  if (!data.ok()) return data.status();
  for (const Receiver& receiver : receivers_()) {
    if (receiver.kind != "escalation") continue;
    Delivery delivery;
    delivery.webhook_id = NewWebhookId();
    delivery.kind = "escalation";
    delivery.url = receiver.url;
    delivery.subject = subject;
    delivery.body = Dump(json{{"type", "mql.overdue"},
                              {"id", delivery.webhook_id},
                              {"at", FormatIsoTime(deadline_ms)},
                              {"subject", subject},
                              {"qualified_at", FormatIsoTime(qualified_ms)},
                              {"sla_hours", sla_hours},
                              {"link", SubjectLink(app_url_(), subject)},
                              {"data", data.value()}});
    Status status = Outbox::Enqueue(db, delivery, deadline_ms);
    if (!status.ok()) return status;
  }
  if (wake_) wake_();
  return Status::Ok();
}

bool Handoff::Receives(const std::string& url) const {
  for (const Receiver& receiver : receivers_())
    if (receiver.url == url) return true;
  return false;
}

Result<std::vector<std::string>> Handoff::SendTest(Store& store, const std::string& url, int64_t now_ms) {
  std::vector<std::string> ids;
  Status status = store.Write([&](Db& db) -> Status {
    for (const Receiver& receiver : receivers_()) {
      if (receiver.kind != "webhook" && receiver.kind != "slack") continue;
      if (!url.empty() && receiver.url != url) continue;
      Delivery delivery;
      delivery.webhook_id = NewWebhookId();
      delivery.kind = "test";
      delivery.url = receiver.url;
      delivery.subject = "test";
      const json data = {{"name", "leadgate test delivery"},
                         {"reasons", json::array({{{"rule", "test"}, {"points", 0}}})},
                         {"points", {{"min", 0}, {"max", 0}}}};
      delivery.body = receiver.kind == "slack" ? SlackMessage("test", data, app_url_() + "/app/")
                                               : Dump(json{{"type", "webhook.test"},
                                                           {"id", delivery.webhook_id},
                                                           {"at", FormatIsoTime(now_ms)},
                                                           {"subject", "test"},
                                                           {"data", data}});
      Status enqueued = Outbox::Enqueue(db, delivery, now_ms);
      if (!enqueued.ok()) return enqueued;
      ids.push_back(delivery.webhook_id);
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  if (ids.empty()) return Status::NotFound(url.empty() ? "no webhook is configured" : "no webhook with this URL");
  if (wake_) wake_();
  return ids;
}

}  // namespace leadgate::collector
