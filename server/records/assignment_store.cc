// Assignments, assignment rules and exclusions: SQL over the store.
#include "records/assignment_store.h"

#include <functional>

#include "base/subject_ref.h"

namespace leadgate::collector {

const char kLeadOwnerSql[] =
    "coalesce((SELECT a.owner FROM assignments a WHERE a.subject = 'lead:' || l.id), (SELECT o.owner FROM "
    "company_owners o WHERE o.company_id = l.company_id))";

namespace {

std::string Placeholders(size_t count) {
  std::string text;
  for (size_t i = 0; i < count; ++i) text += i ? ",?" : "?";
  return text;
}

Exclusion ReadExclusion(const Statement& row) {
  return Exclusion{row.Text(0), row.Text(1), row.Text(2), row.Text(3), row.Int(4)};
}

constexpr char kExclusionColumns[] = "domain, label, note, by_name, at_ms";

// Keeps company_list.excluded in step with the exclusions (the list's
// triggers set it for companies listed later).
Status MarkExcluded(Db& db, const std::string& domain, bool excluded) {
  auto update = db.Prepare("UPDATE company_list SET excluded = ? WHERE domain = ?");
  if (!update.ok()) return update.status();
  return update.value()->Bind(1, static_cast<int64_t>(excluded ? 1 : 0)).Bind(2, domain).Run();
}

}  // namespace

Status AssignmentStore::Assign(const std::string& subject, const std::string& owner, const std::string& by,
                               int64_t at_ms) {
  return store_->Write([&](Db& db) -> Status {
    Status status;
    if (owner.empty()) {
      auto remove = db.Prepare("DELETE FROM assignments WHERE subject = ?");
      if (!remove.ok()) return remove.status();
      status = remove.value()->Bind(1, subject).Run();
    } else {
      auto upsert = db.Prepare(
          "INSERT INTO assignments (subject, owner, by_name, at_ms) VALUES (?, ?, ?, ?) ON CONFLICT(subject) DO "
          "UPDATE SET owner = excluded.owner, by_name = excluded.by_name, at_ms = excluded.at_ms");
      if (!upsert.ok()) return upsert.status();
      status = upsert.value()->Bind(1, subject).Bind(2, owner).Bind(3, by).Bind(4, at_ms).Run();
    }
    // Every assignment is kept for the subject's timeline (an empty owner:
    // handed back to the rules).
    auto log = db.Prepare("INSERT INTO assignment_log (subject, owner, by_name, at_ms) VALUES (?, ?, ?, ?)");
    if (!log.ok()) return log.status();
    if (status.ok()) status = log.value()->Bind(1, subject).Bind(2, owner).Bind(3, by).Bind(4, at_ms).Run();
    const auto ref = SubjectRef::Parse(subject);
    if (!status.ok() || !ref || !ref->is_company()) return status;
    return RefreshCompanyOwners(db, ref->company_id);
  });
}

Result<std::map<std::string, std::string>> AssignmentStore::Owners(const std::vector<std::string>& subjects) {
  std::vector<std::string> companies, leads;
  for (const std::string& subject : subjects) {
    // A lead's id is a whole number: another names no lead (and PostgreSQL
    // would refuse to compare it with one).
    const auto ref = SubjectRef::Parse(subject);
    if (ref && ref->is_company()) companies.push_back(ref->company_id);
    if (ref && ref->is_lead()) leads.push_back(std::to_string(ref->lead_id));
  }
  std::map<std::string, std::string> owners;
  Status status = store_->ReadWith([&](Db& db) -> Status {
    // The owner (column 1) of each row's subject, as `subject` names it.
    auto read = [&](const std::string& sql, const std::vector<std::string>& ids,
                    const std::function<SubjectRef(const Statement&)>& subject) {
      if (ids.empty()) return Status::Ok();
      auto select = db.Prepare(sql + " (" + Placeholders(ids.size()) + ")");
      if (!select.ok()) return select.status();
      for (size_t i = 0; i < ids.size(); ++i) select.value()->Bind(static_cast<int>(i + 1), ids[i]);
      Status step;
      while (select.value()->Step(&step))
        if (!select.value()->Text(1).empty()) owners[subject(*select.value()).ToString()] = select.value()->Text(1);
      return step;
    };
    Status read_status = read("SELECT company_id, owner FROM company_owners WHERE company_id IN", companies,
                              [](const Statement& row) { return SubjectRef::Company(row.Text(0)); });
    if (!read_status.ok()) return read_status;
    return read(std::string("SELECT l.id, ") + kLeadOwnerSql + " FROM leads l WHERE l.id IN", leads,
                [](const Statement& row) { return SubjectRef::Lead(row.Int(0)); });
  });
  if (!status.ok()) return status;
  return owners;
}

Result<std::vector<AssignmentRule>> AssignmentStore::Rules() {
  std::vector<AssignmentRule> rules;
  Status status = store_->ReadWith([&](Db& db) -> Status {
    auto select = db.Prepare("SELECT country, industry, owner FROM assignment_rules ORDER BY position");
    if (!select.ok()) return select.status();
    Status step;
    while (select.value()->Step(&step))
      rules.push_back({select.value()->Text(0), select.value()->Text(1), select.value()->Text(2)});
    return step;
  });
  if (!status.ok()) return status;
  return rules;
}

Status AssignmentStore::SetRules(const std::vector<AssignmentRule>& rules) {
  return store_->Write([&](Db& db) -> Status {
    Status status = db.Exec("DELETE FROM assignment_rules");
    for (size_t i = 0; status.ok() && i < rules.size(); ++i) {
      auto insert = db.Prepare("INSERT INTO assignment_rules (position, country, industry, owner) VALUES (?, ?, ?, ?)");
      if (!insert.ok()) return insert.status();
      status = insert.value()
                   ->Bind(1, static_cast<int64_t>(i))
                   .Bind(2, rules[i].country)
                   .Bind(3, rules[i].industry)
                   .Bind(4, rules[i].owner)
                   .Run();
    }
    if (!status.ok()) return status;
    return RefreshCompanyOwners(db, "");
  });
}

Result<std::vector<Exclusion>> AssignmentStore::Exclusions() {
  std::vector<Exclusion> exclusions;
  Status status = store_->ReadWith([&](Db& db) -> Status {
    auto select = db.Prepare(std::string("SELECT ") + kExclusionColumns + " FROM exclusions ORDER BY label, domain");
    if (!select.ok()) return select.status();
    Status step;
    while (select.value()->Step(&step)) exclusions.push_back(ReadExclusion(*select.value()));
    return step;
  });
  if (!status.ok()) return status;
  return exclusions;
}

Status AssignmentStore::Exclude(const Exclusion& exclusion) {
  return store_->Write([&](Db& db) -> Status {
    auto upsert = db.Prepare(
        "INSERT INTO exclusions (domain, label, note, by_name, at_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT(domain) DO "
        "UPDATE SET label = excluded.label, note = excluded.note, by_name = excluded.by_name, at_ms = excluded.at_ms");
    if (!upsert.ok()) return upsert.status();
    Status status = upsert.value()
                        ->Bind(1, exclusion.domain)
                        .Bind(2, exclusion.label)
                        .Bind(3, exclusion.note)
                        .Bind(4, exclusion.by)
                        .Bind(5, exclusion.at_ms)
                        .Run();
    if (!status.ok()) return status;
    return MarkExcluded(db, exclusion.domain, true);
  });
}

Result<bool> AssignmentStore::Include(const std::string& domain) {
  int64_t removed = 0;
  Status status = store_->Write([&](Db& db) -> Status {
    auto remove = db.Prepare("DELETE FROM exclusions WHERE domain = ?");
    if (!remove.ok()) return remove.status();
    Status run = remove.value()->Bind(1, domain).Run();
    removed = db.Changes();
    if (!run.ok()) return run;
    return MarkExcluded(db, domain, false);
  });
  if (!status.ok()) return status;
  return removed > 0;
}

Result<std::map<std::string, Exclusion>> AssignmentStore::ExclusionsOf(const std::vector<std::string>& domains) {
  std::map<std::string, Exclusion> found;
  if (domains.empty()) return found;
  Status status = store_->ReadWith([&](Db& db) -> Status {
    auto select = db.Prepare(std::string("SELECT ") + kExclusionColumns + " FROM exclusions WHERE domain IN (" +
                             Placeholders(domains.size()) + ")");
    if (!select.ok()) return select.status();
    for (size_t i = 0; i < domains.size(); ++i) select.value()->Bind(static_cast<int>(i + 1), domains[i]);
    Status step;
    while (select.value()->Step(&step)) {
      Exclusion exclusion = ReadExclusion(*select.value());
      found.emplace(exclusion.domain, std::move(exclusion));
    }
    return step;
  });
  if (!status.ok()) return status;
  return found;
}

}  // namespace leadgate::collector
