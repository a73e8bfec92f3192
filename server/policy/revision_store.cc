// SQL of policy revisions and their history.
#include "policy/revision_store.h"

#include <map>
#include <nlohmann/json.hpp>

namespace leadgate::collector {
namespace {

Status ReadHistory(Db& db, std::map<int64_t, RevisionRecord*>& by_number) {
  auto query = db.Prepare("SELECT revision, action, by, role, at_ms FROM policy_history ORDER BY id");
  if (!query.ok()) return query.status();
  Statement& row = *query.value();
  Status status;
  while (row.Step(&status)) {
    auto it = by_number.find(row.Int(0));
    if (it == by_number.end()) continue;
    it->second->history.push_back(RevisionEvent{row.Text(1), row.Text(2), row.Text(3), row.Int(4)});
  }
  return status;
}

RevisionRecord ReadRevision(const Statement& row) {
  RevisionRecord record;
  record.revision = row.Int(0);
  record.name = row.Text(1);
  record.policy_json = row.Text(2);
  record.created_ms = row.Int(3);
  record.created_by = row.Text(4);
  record.note = row.Text(5);
  return record;
}

constexpr char kRevisionColumns[] = "revision, name, policy_json, created_ms, created_by, note";

}  // namespace

Result<std::string> WithRevisionNumber(const std::string& policy_json, int64_t revision) {
  nlohmann::ordered_json policy = nlohmann::ordered_json::parse(policy_json, nullptr, false);
  if (!policy.is_object()) return Status::InvalidArgument("the policy is not a JSON object");
  policy["revision"] = revision;
  return policy.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

Result<int64_t> RevisionStore::Add(const NewRevision& revision) {
  int64_t number = 0;
  Status status = store_->Write([&](Db& db) -> Status {
    // Collectors sharing a store number revisions one at a time.
    Status locked = db.Lock("revisions");
    if (!locked.ok()) return locked;
    auto last = QueryInt(db, "SELECT max(revision) FROM policy_revisions", -1);  // -1: none yet
    if (!last.ok()) return last.status();
    // A first revision another collector has just added (started at the same time) is not added again.
    if (revision.only_first && last.value() >= 0) {
      number = last.value();
      return Status::Ok();
    }
    number = last.value() >= 0 ? last.value() + 1 : revision.first_number;
    auto json = WithRevisionNumber(revision.policy_json, number);
    if (!json.ok()) return json.status();
    auto insert = db.Prepare(
        "INSERT INTO policy_revisions (revision, name, policy_json, created_ms, created_by, note) VALUES (?, ?, ?, ?, "
        "?, ?)");
    if (!insert.ok()) return insert.status();
    Status inserted = insert.value()
                          ->Bind(1, number)
                          .Bind(2, revision.name)
                          .Bind(3, json.value())
                          .Bind(4, revision.created_ms)
                          .Bind(5, revision.created_by)
                          .Bind(6, revision.note)
                          .Run();
    if (!inserted.ok() || !revision.activate) return inserted;
    auto activate =
        db.Prepare("INSERT INTO policy_history (revision, action, by, role, at_ms) VALUES (?, 'activate', ?, '', ?)");
    if (!activate.ok()) return activate.status();
    return activate.value()->Bind(1, number).Bind(2, revision.created_by).Bind(3, revision.created_ms).Run();
  });
  if (!status.ok()) return status;
  return number;
}

Status RevisionStore::Record(int64_t revision, const RevisionEvent& event) {
  return store_->Write([&](Db& db) -> Status {
    auto insert = db.Prepare("INSERT INTO policy_history (revision, action, by, role, at_ms) VALUES (?, ?, ?, ?, ?)");
    if (!insert.ok()) return insert.status();
    return insert.value()
        ->Bind(1, revision)
        .Bind(2, event.action)
        .Bind(3, event.by)
        .Bind(4, event.role)
        .Bind(5, event.at_ms)
        .Run();
  });
}

Result<std::vector<RevisionRecord>> RevisionStore::List() {
  std::vector<RevisionRecord> records;
  Status status = store_->ReadWith([&](Db& db) -> Status {
    auto query =
        db.Prepare(std::string("SELECT ") + kRevisionColumns + " FROM policy_revisions ORDER BY revision DESC");
    if (!query.ok()) return query.status();
    Status step;
    while (query.value()->Step(&step)) records.push_back(ReadRevision(*query.value()));
    if (!step.ok()) return step;
    query.value().reset();
    std::map<int64_t, RevisionRecord*> by_number;
    for (RevisionRecord& record : records) by_number[record.revision] = &record;
    return ReadHistory(db, by_number);
  });
  if (!status.ok()) return status;
  return records;
}

Result<std::optional<RevisionRecord>> RevisionStore::Get(int64_t revision) {
  std::optional<RevisionRecord> record;
  Status status = store_->ReadWith([&](Db& db) -> Status {
    auto query = db.Prepare(std::string("SELECT ") + kRevisionColumns + " FROM policy_revisions WHERE revision = ?");
    if (!query.ok()) return query.status();
    query.value()->Bind(1, revision);
    Status step;
    if (query.value()->Step(&step)) record = ReadRevision(*query.value());
    if (!step.ok() || !record) return step;
    query.value().reset();
    std::map<int64_t, RevisionRecord*> by_number{{revision, &*record}};
    return ReadHistory(db, by_number);
  });
  if (!status.ok()) return status;
  return record;
}

Result<std::optional<int64_t>> RevisionStore::Active() {
  std::optional<int64_t> active;
  Status status = store_->ReadWith([&](Db& db) -> Status {
    auto query = db.Prepare("SELECT revision FROM policy_history WHERE action = 'activate' ORDER BY id DESC LIMIT 1");
    if (!query.ok()) return query.status();
    Status step;
    if (query.value()->Step(&step)) active = query.value()->Int(0);
    return step;
  });
  if (!status.ok()) return status;
  return active;
}

}  // namespace leadgate::collector
