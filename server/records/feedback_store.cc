// Feedback rows: SQL over the store's writer and read pool.
#include "records/feedback_store.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace leadgate::collector {
namespace {

constexpr char kColumns[] =
    "id, subject, verdict, reason, note, by_name, at_ms, policy, revision, subject_decision, rules_json, source, "
    "answers_json";

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
  record.source = row.Text(11);
  record.answers_json = row.Text(12);
  return record;
}

}  // namespace

Result<FeedbackRecord> FeedbackStore::Add(FeedbackRecord feedback) {
  Status status = store_->Write([&](Db& db) -> Status {
    auto insert = db.Prepare(
        "INSERT INTO feedback (subject, verdict, reason, note, by_name, at_ms, policy, revision, subject_decision, "
        "rules_json, source, answers_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
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
                         .Bind(10, nlohmann::json(feedback.rules).dump())
                         .Bind(11, feedback.source)
                         .BindOrNull(12, feedback.answers_json);
    Status run;
    if (row.Step(&run)) feedback.id = row.Int(0);
    return run;
  });
  if (!status.ok()) return status;
  return feedback;
}

Result<std::optional<FeedbackRecord>> LatestFeedback(Db& db, const std::string& subject) {
  auto query = db.Prepare(std::string("SELECT ") + kColumns +
                          " FROM feedback WHERE subject = ? ORDER BY id DESC LIMIT 1");  // cached per connection
  if (!query.ok()) return query.status();
  Status step;
  std::optional<FeedbackRecord> latest;
  if (query.value()->Bind(1, subject).Step(&step)) latest = ReadFeedback(*query.value());
  if (!step.ok()) return step;
  return latest;
}

namespace {

// The latest verdict of each of `subjects` (at most kLatestChunk) into
// `latest`, in one statement: a list's page asked a statement a subject (51
// for a page of 50 leads, each a round trip on PostgreSQL). The list is
// padded to a power of two with its last subject (a repeat changes nothing
// in IN) so that few statements are cached.
constexpr size_t kLatestChunk = 512;
Status ReadLatest(Db& db, const std::string* subjects, size_t count, std::map<std::string, FeedbackRecord>* latest) {
  size_t padded = 1;
  while (padded < count) padded *= 2;
  std::string list;
  for (size_t i = 0; i < padded; ++i) list += i ? ",?" : "?";
  auto query = db.Prepare(std::string("SELECT ") + kColumns +
                          " FROM feedback WHERE id IN (SELECT max(id) FROM feedback WHERE subject IN (" + list +
                          ") GROUP BY subject)");
  if (!query.ok()) return query.status();
  for (size_t i = 0; i < padded; ++i) query.value()->Bind(static_cast<int>(i + 1), subjects[std::min(i, count - 1)]);
  Status step;
  while (query.value()->Step(&step)) {
    FeedbackRecord record = ReadFeedback(*query.value());
    (*latest)[record.subject] = std::move(record);
  }
  return step;
}

}  // namespace

Result<std::map<std::string, FeedbackRecord>> FeedbackStore::Latest(const std::vector<std::string>& subjects) {
  std::map<std::string, FeedbackRecord> latest;
  Status status = store_->ReadWith([&](Db& db) -> Status {
    for (size_t first = 0; first < subjects.size(); first += kLatestChunk) {
      Status read = ReadLatest(db, subjects.data() + first, std::min(kLatestChunk, subjects.size() - first), &latest);
      if (!read.ok()) return read;
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return latest;
}

Result<std::vector<FeedbackRecord>> FeedbackStore::All() { return Select("", ""); }

Result<std::vector<FeedbackRecord>> FeedbackStore::OfSubject(const std::string& subject) {
  return Select(" WHERE subject = ?", subject);
}

Result<std::vector<FeedbackRecord>> FeedbackStore::Select(const std::string& where, const std::string& subject) {
  std::vector<FeedbackRecord> rows;
  Status status = store_->ReadWith([&](Db& db) -> Status {
    auto query = db.Prepare(std::string("SELECT ") + kColumns + " FROM feedback" + where + " ORDER BY id");
    if (!query.ok()) return query.status();
    if (!subject.empty()) query.value()->Bind(1, subject);
    Status step;
    while (query.value()->Step(&step)) rows.push_back(ReadFeedback(*query.value()));
    return step;
  });
  if (!status.ok()) return status;
  return rows;
}

}  // namespace leadgate::collector
