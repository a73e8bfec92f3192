// CRM ids, cursors and deal outcomes in the store (crm_records,
// crm_cursors, crm_outcomes).
#include "crm/crm_records.h"

#include "base/subject_ref.h"

namespace leadgate::collector {

Result<CrmIds> CrmRecords::Known(const std::string& company_id, const std::vector<std::string>& emails) {
  CrmIds ids;
  Status status = store_->ReadWith([&](Db& db) -> Status {
    auto query = db.Prepare("SELECT crm_id FROM crm_records WHERE crm = ? AND object_type = ? AND leadgate_key = ?");
    if (!query.ok()) return query.status();
    Status step;
    if (!company_id.empty()) {
      query.value()->Bind(1, crm_).Bind(2, "company").Bind(3, company_id);
      if (query.value()->Step(&step)) ids.account_id = query.value()->Text(0);
      if (!step.ok()) return step;
    }
    for (const std::string& email : emails) {
      query.value()->Bind(1, crm_).Bind(2, "contact").Bind(3, email);
      if (query.value()->Step(&step)) ids.person_ids[email] = query.value()->Text(0);
      if (!step.ok()) return step;
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return ids;
}

Status CrmRecords::Keep(const CrmIds& ids, const std::string& company_id, const std::string& subject, int64_t now_ms) {
  return store_->Write([&](Db& db) -> Status {
    auto upsert = db.Prepare(
        "INSERT INTO crm_records (crm, object_type, leadgate_key, crm_id, subject, lead_status, updated_ms) "
        "VALUES (?1, ?2, ?3, ?4, ?5, '', ?6) ON CONFLICT (crm, object_type, leadgate_key) DO UPDATE SET "
        "crm_id = excluded.crm_id, updated_ms = excluded.updated_ms, subject = CASE WHEN "
        "crm_records.subject LIKE 'lead:%' AND excluded.subject NOT LIKE 'lead:%' THEN crm_records.subject "
        "ELSE excluded.subject END");
    if (!upsert.ok()) return upsert.status();
    if (!company_id.empty() && !ids.account_id.empty()) {
      Status status = upsert.value()
                          ->Bind(1, crm_)
                          .Bind(2, "company")
                          .Bind(3, company_id)
                          .Bind(4, ids.account_id)
                          .Bind(5, SubjectRef::Company(company_id).ToString())
                          .Bind(6, now_ms)
                          .Run();
      if (!status.ok()) return status;
    }
    for (const auto& [email, id] : ids.person_ids) {
      Status status = upsert.value()
                          ->Bind(1, crm_)
                          .Bind(2, "contact")
                          .Bind(3, email)
                          .Bind(4, id)
                          .Bind(5, subject)
                          .Bind(6, now_ms)
                          .Run();
      if (!status.ok()) return status;
    }
    return Status::Ok();
  });
}

Result<std::optional<CrmPersonRecord>> CrmRecords::PersonByCrmId(const std::string& crm_id) {
  std::optional<CrmPersonRecord> person;
  Status status = store_->ReadWith([&](Db& db) -> Status {
    auto query = db.Prepare(
        "SELECT leadgate_key, subject, lead_status FROM crm_records WHERE crm = ? AND object_type = 'contact' "
        "AND crm_id = ? ORDER BY updated_ms DESC LIMIT 1");
    if (!query.ok()) return query.status();
    query.value()->Bind(1, crm_).Bind(2, crm_id);
    Status step;
    if (query.value()->Step(&step))
      person = CrmPersonRecord{query.value()->Text(0), query.value()->Text(1), query.value()->Text(2)};
    return step;
  });
  if (!status.ok()) return status;
  return person;
}

Status CrmRecords::SetLeadStatus(const std::string& crm_id, const std::string& lead_status, int64_t now_ms) {
  return store_->Write([&](Db& db) -> Status {
    auto update = db.Prepare(
        "UPDATE crm_records SET lead_status = ?, updated_ms = ? WHERE crm = ? AND object_type = 'contact' AND "
        "crm_id = ?");
    if (!update.ok()) return update.status();
    return update.value()->Bind(1, lead_status).Bind(2, now_ms).Bind(3, crm_).Bind(4, crm_id).Run();
  });
}

Result<std::vector<std::string>> CrmRecords::CompaniesOf(const std::vector<std::string>& account_ids) {
  std::vector<std::string> companies;
  Status status = store_->ReadWith([&](Db& db) -> Status {
    auto query = db.Prepare(
        "SELECT leadgate_key FROM crm_records WHERE crm = ? AND object_type = 'company' AND crm_id = ? "
        "ORDER BY leadgate_key");
    if (!query.ok()) return query.status();
    for (const std::string& id : account_ids) {
      query.value()->Bind(1, crm_).Bind(2, id);
      Status step;
      while (query.value()->Step(&step)) companies.push_back(query.value()->Text(0));
      if (!step.ok()) return step;
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return companies;
}

Result<std::optional<int64_t>> CrmRecords::Cursor(const std::string& name) {
  std::optional<int64_t> cursor;
  Status status = store_->ReadWith([&](Db& db) -> Status {
    auto query = db.Prepare("SELECT cursor_ms FROM crm_cursors WHERE crm = ? AND name = ?");
    if (!query.ok()) return query.status();
    query.value()->Bind(1, crm_).Bind(2, name);
    Status step;
    if (query.value()->Step(&step)) cursor = query.value()->Int(0);
    return step;
  });
  if (!status.ok()) return status;
  return cursor;
}

Status CrmRecords::SetCursor(const std::string& name, int64_t cursor_ms) {
  return store_->Write([&](Db& db) -> Status {
    auto upsert = db.Prepare(
        "INSERT INTO crm_cursors (crm, name, cursor_ms) VALUES (?, ?, ?) ON CONFLICT (crm, name) DO UPDATE SET "
        "cursor_ms = excluded.cursor_ms");
    if (!upsert.ok()) return upsert.status();
    return upsert.value()->Bind(1, crm_).Bind(2, name).Bind(3, cursor_ms).Run();
  });
}

Status CrmRecords::SetDealOutcome(const std::string& deal_id, const std::vector<std::string>& company_ids,
                                  const std::string& outcome, int64_t closed_ms) {
  return store_->Write([&](Db& db) -> Status {
    auto remove = db.Prepare("DELETE FROM crm_outcomes WHERE crm = ? AND deal_id = ?");
    if (!remove.ok()) return remove.status();
    Status status = remove.value()->Bind(1, crm_).Bind(2, deal_id).Run();
    if (!status.ok() || outcome.empty()) return status;
    auto insert = db.Prepare(
        "INSERT INTO crm_outcomes (crm, deal_id, company_id, outcome, closed_ms) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (crm, deal_id, company_id) DO NOTHING");
    if (!insert.ok()) return insert.status();
    for (const std::string& company_id : company_ids) {
      status =
          insert.value()->Bind(1, crm_).Bind(2, deal_id).Bind(3, company_id).Bind(4, outcome).Bind(5, closed_ms).Run();
      if (!status.ok()) return status;
    }
    return Status::Ok();
  });
}

Result<std::map<std::string, DealOutcome>> LatestDealOutcomes(Store& store) {
  std::map<std::string, DealOutcome> latest;
  Status status = store.ReadWith([&](Db& db) -> Status {
    auto query =
        db.Prepare("SELECT company_id, deal_id, outcome, closed_ms FROM crm_outcomes ORDER BY closed_ms, deal_id");
    if (!query.ok()) return query.status();
    Status step;
    while (query.value()->Step(&step)) {
      DealOutcome outcome{query.value()->Text(0), query.value()->Text(1), query.value()->Text(2),
                          query.value()->Int(3)};
      latest[outcome.company_id] = std::move(outcome);  // the later closed wins
    }
    return step;
  });
  if (!status.ok()) return status;
  return latest;
}

}  // namespace leadgate::collector
