// Feedback rows: SQL over the store's writer and read pool.
#include "records/feedback_store.h"

#include <nlohmann/json.hpp>

namespace leadgate::collector {
namespace {

constexpr char kColumns[] =
    "id, subject, verdict, reason, note, by_name, at_ms, policy, revision, subject_decision, rules_json";

FeedbackRecord ReadFeedback(const Statement& row) {
  FeedbackRecord record;
  record.id = row.Int(0);
  record.subject = row.Text(1);
  record.verdict = row.Text(2);
  record.reason = row.Text(3);
  record.note = row.Text(4);
  record.by = row.Text(5);
  record.at_ms = row.Int(6);
  record.policy = row.Text(7);
  record.revision = row.Int(8);
  record.subject_decision = row.Text(9);
  const nlohmann::json rules = nlohmann::json::parse(row.Text(10), nullptr, false);
  if (rules.is_array())
    for (const auto& rule : rules)
      if (rule.is_string()) record.rules.push_back(rule.get<std::string>());
  return record;
}

}  // namespace

Result<FeedbackRecord> FeedbackStore::Add(FeedbackRecord feedback) {
  Status status = store_->Write([&](Db& db) -> Status {
    auto insert = db.Prepare(
        "INSERT INTO feedback (subject, verdict, reason, note, by_name, at_ms, policy, revision, subject_decision, "
        "rules_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!insert.ok()) return insert.status();
    Statement& row = insert.value()
                         ->Bind(1, feedback.subject)
                         .Bind(2, feedback.verdict)
                         .BindOrNull(3, feedback.reason)
                         .BindOrNull(4, feedback.note)
                         .BindOrNull(5, feedback.by)
                         .Bind(6, feedback.at_ms)
                         .BindOrNull(7, feedback.policy)
                         .Bind(8, feedback.revision)
                         .Bind(9, feedback.subject_decision)
                         .Bind(10, nlohmann::json(feedback.rules).dump());
    Status run;
    if (row.Step(&run)) feedback.id = row.Int(0);
    return run;
  });
  if (!status.ok()) return status;
  return feedback;
}

Result<std::map<std::string, FeedbackRecord>> FeedbackStore::Latest(const std::vector<std::string>& subjects) {
  std::map<std::string, FeedbackRecord> latest;
  const std::string sql =
      std::string("SELECT ") + kColumns + " FROM feedback WHERE subject = ? ORDER BY id DESC LIMIT 1";
  Status status = store_->ReadWith([&](Db& db) -> Status {
    for (const std::string& subject : subjects) {
      auto query = db.Prepare(sql);  // cached: prepared once per connection
      if (!query.ok()) return query.status();
      Status step;
      if (query.value()->Bind(1, subject).Step(&step)) latest[subject] = ReadFeedback(*query.value());
      if (!step.ok()) return step;
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return latest;
}

Result<std::vector<FeedbackRecord>> FeedbackStore::All() {
  std::vector<FeedbackRecord> all;
  Status status = store_->ReadWith([&](Db& db) -> Status {
    auto query = db.Prepare(std::string("SELECT ") + kColumns + " FROM feedback ORDER BY id");
    if (!query.ok()) return query.status();
    Status step;
    while (query.value()->Step(&step)) all.push_back(ReadFeedback(*query.value()));
    return step;
  });
  if (!status.ok()) return status;
  return all;
}

}  // namespace leadgate::collector
