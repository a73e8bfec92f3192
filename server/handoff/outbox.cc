// Outbox SQL.
#include "handoff/outbox.h"

#include <map>

#include "base/secrets.h"

namespace leadgate::collector {
namespace {

constexpr char kDeliveryColumns[] =
    "id, webhook_id, kind, url, subject, body, created_ms, state, next_attempt_ms, last_response";

// The log's eleventh column: the subject's name as it is now (subjects are
// written by the hand-off alone: "company:ID", "lead:DIGITS" or "test").
constexpr char kSubjectNameColumn[] =
    ", CASE WHEN subject LIKE 'company:%' THEN (SELECT coalesce(c.name, c.domain, '') FROM companies c "
    "WHERE c.id = substr(deliveries.subject, 9)) WHEN subject LIKE 'lead:%' THEN (SELECT coalesce(l.company_name, '') "
    "FROM leads l WHERE l.id = CAST(substr(deliveries.subject, 6) AS BIGINT)) END";

Delivery ReadDelivery(const Statement& row) {
  Delivery delivery;
  delivery.id = row.Int(0);
  delivery.webhook_id = row.Text(1);
  delivery.kind = row.Text(2);
  delivery.url = row.Text(3);
  delivery.subject = row.Text(4);
  delivery.body = row.Text(5);
  delivery.created_ms = row.Int(6);
  delivery.state = row.Text(7);
  delivery.next_attempt_ms = row.Int(8);
  delivery.last_response = row.Text(9);
  delivery.subject_name = row.Text(10);
  return delivery;
}

Result<std::vector<Delivery>> Select(Store& store, const std::string& where_and_order,
                                     const std::function<void(Statement&)>& bind, bool with_attempts,
                                     bool with_names = false) {
  std::vector<Delivery> deliveries;
  Status status = store.ReadWith([&](Db& db) -> Status {
    auto query = db.Prepare(std::string("SELECT ") + kDeliveryColumns + (with_names ? kSubjectNameColumn : ", ''") +
                            " FROM deliveries " + where_and_order);
    if (!query.ok()) return query.status();
    bind(*query.value());
    Status step;
    while (query.value()->Step(&step)) deliveries.push_back(ReadDelivery(*query.value()));
    if (!step.ok() || !with_attempts) return step;
    query.value().reset();
    for (Delivery& delivery : deliveries) {
      auto attempts =
          db.Prepare("SELECT at_ms, status, error FROM delivery_attempts WHERE delivery_id = ? ORDER BY rowid");
      if (!attempts.ok()) return attempts.status();
      Statement& row = *attempts.value();
      row.Bind(1, delivery.id);
      while (row.Step(&step))
        delivery.attempts.push_back(DeliveryAttempt{row.Int(0), static_cast<int>(row.Int(1)), row.Text(2)});
      if (!step.ok()) return step;
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return deliveries;
}

}  // namespace

std::string NewWebhookId() {
  auto bytes = RandomBytes(16);
  return "msg_" + Hex(bytes.ok() ? bytes.value() : std::string(16, '\0'));
}

Status Outbox::Enqueue(Db& db, const Delivery& delivery, int64_t now_ms) {
  auto insert = db.Prepare(
      "INSERT INTO deliveries (webhook_id, kind, url, subject, body, created_ms, state, next_attempt_ms) VALUES (?, ?, "
      "?, ?, ?, ?, 'pending', ?)");
  if (!insert.ok()) return insert.status();
  return insert.value()
      ->Bind(1, delivery.webhook_id)
      .Bind(2, delivery.kind)
      .Bind(3, delivery.url)
      .Bind(4, delivery.subject)
      .Bind(5, delivery.body)
      .Bind(6, now_ms)
      .Bind(7, now_ms)
      .Run();
}

Status Outbox::Enqueue(const Delivery& delivery, int64_t now_ms) {
  return store_->Write([&](Db& db) { return Enqueue(db, delivery, now_ms); });
}

Result<std::vector<Delivery>> Outbox::Due(const std::string& url, int64_t now_ms, int limit) {
  return Select(
      *store_, "WHERE state = 'pending' AND url = ? AND next_attempt_ms <= ? ORDER BY next_attempt_ms, id LIMIT ?",
      [&](Statement& query) { query.Bind(1, url).Bind(2, now_ms).Bind(3, static_cast<int64_t>(limit)); }, true);
}

Result<int64_t> Outbox::CountPending(const std::string& url) {
  int64_t count = 0;
  Status status = store_->ReadWith([&](Db& db) -> Status {
    auto query = db.Prepare("SELECT count(*) FROM deliveries WHERE state = 'pending' AND url = ?");
    if (!query.ok()) return query.status();
    query.value()->Bind(1, url);
    Status step;
    if (query.value()->Step(&step)) count = query.value()->Int(0);
    return step;
  });
  if (!status.ok()) return status;
  return count;
}

Result<std::optional<int64_t>> Outbox::NextDue(const std::string& url) {
  std::optional<int64_t> next;
  Status status = store_->ReadWith([&](Db& db) -> Status {
    auto query = db.Prepare("SELECT min(next_attempt_ms) FROM deliveries WHERE state = 'pending' AND url = ?");
    if (!query.ok()) return query.status();
    query.value()->Bind(1, url);
    Status step;
    if (query.value()->Step(&step) && !query.value()->IsNull(0)) next = query.value()->Int(0);
    return step;
  });
  if (!status.ok()) return status;
  return next;
}

Status Outbox::RecordAttempt(const Delivery& delivery, const DeliveryAttempt& attempt, const std::string& state,
                             int64_t next_attempt_ms, const std::string& last_response) {
  return store_->Write([&](Db& db) -> Status {
    auto insert = db.Prepare("INSERT INTO delivery_attempts (delivery_id, at_ms, status, error) VALUES (?, ?, ?, ?)");
    if (!insert.ok()) return insert.status();
    Status status = insert.value()
                        ->Bind(1, delivery.id)
                        .Bind(2, attempt.at_ms)
                        .Bind(3, static_cast<int64_t>(attempt.status))
                        .Bind(4, attempt.error)
                        .Run();
    if (!status.ok()) return status;
    auto update = db.Prepare("UPDATE deliveries SET state = ?, next_attempt_ms = ?, last_response = ? WHERE id = ?");
    if (!update.ok()) return update.status();
    return update.value()->Bind(1, state).Bind(2, next_attempt_ms).Bind(3, last_response).Bind(4, delivery.id).Run();
  });
}

Result<std::vector<Delivery>> Outbox::List(int limit, const std::string& state) {
  return Select(
      *store_, "WHERE state = ?1 OR ?1 = '' ORDER BY id DESC LIMIT ?2",
      [&](Statement& query) { query.Bind(1, state).Bind(2, static_cast<int64_t>(limit)); }, true, true);
}

Result<int64_t> Outbox::DropPending(Db& db, const std::string& url, const std::string& reason) {
  auto update =
      db.Prepare("UPDATE deliveries SET state = 'failed', last_response = ? WHERE url = ? AND state = 'pending'");
  if (!update.ok()) return update.status();
  Status run = update.value()->Bind(1, reason).Bind(2, url).Run();
  if (!run.ok()) return run;
  return static_cast<int64_t>(db.Changes());
}

Result<Delivery> Outbox::Get(int64_t id) {
  auto found = Select(
      *store_, "WHERE id = ?", [&](Statement& query) { query.Bind(1, id); }, false);
  if (!found.ok()) return found.status();
  if (found->empty()) return Status::NotFound("no delivery " + std::to_string(id));
  return std::move(found->front());
}

Status Outbox::Retry(int64_t id, int64_t now_ms) {
  bool found = false;
  Status status = store_->Write([&](Db& db) -> Status {
    auto update = db.Prepare("UPDATE deliveries SET state = 'pending', next_attempt_ms = ? WHERE id = ?");
    if (!update.ok()) return update.status();
    Status run = update.value()->Bind(1, now_ms).Bind(2, id).Run();
    found = db.Changes() > 0;
    return run;
  });
  if (!status.ok()) return status;
  if (!found) return Status::NotFound("no delivery " + std::to_string(id));
  return Status::Ok();
}

Status Outbox::DueNow(int64_t now_ms) {
  return store_->Write([&](Db& db) -> Status {
    auto update =
        db.Prepare("UPDATE deliveries SET next_attempt_ms = ? WHERE state = 'pending' AND next_attempt_ms > ?");
    if (!update.ok()) return update.status();
    return update.value()->Bind(1, now_ms).Bind(2, now_ms).Run();
  });
}

}  // namespace leadgate::collector
