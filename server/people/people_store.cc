// Users and sessions: SQL over the store's writer and read pool.
#include "people/people_store.h"

namespace leadgate::collector {
namespace {

UserRecord ReadUser(const Statement& row) {
  return UserRecord{row.Text(0), row.Text(1), row.Text(2), row.Int(3), row.Int(4)};
}

}  // namespace

Status PeopleStore::AddUser(const UserRecord& user) {
  return store_->Write([&](Db& db) -> Status {
    auto exists = db.Prepare("SELECT 1 FROM users WHERE name = ?");
    if (!exists.ok()) return exists.status();
    Status status;
    if (exists.value()->Bind(1, user.name).Step(&status))
      return Status::InvalidArgument("a user named \"" + user.name + "\" exists already", "name");
    if (!status.ok()) return status;
    exists.value().reset();
    auto insert =
        db.Prepare("INSERT INTO users (name, role, password_hash, created_ms, updated_ms) VALUES (?, ?, ?, ?, ?)");
    if (!insert.ok()) return insert.status();
    return insert.value()
        ->Bind(1, user.name)
        .Bind(2, user.role)
        .Bind(3, user.password_hash)
        .Bind(4, user.created_ms)
        .Bind(5, user.updated_ms)
        .Run();
  });
}

Result<std::optional<UserRecord>> PeopleStore::GetUser(const std::string& name) {
  std::optional<UserRecord> user;
  Status status = store_->ReadWith([&](Db& db) -> Status {
    auto query = db.Prepare("SELECT name, role, password_hash, created_ms, updated_ms FROM users WHERE name = ?");
    if (!query.ok()) return query.status();
    Status step;
    if (query.value()->Bind(1, name).Step(&step)) user = ReadUser(*query.value());
    return step;
  });
  if (!status.ok()) return status;
  return user;
}

Result<std::vector<UserRecord>> PeopleStore::ListUsers() {
  std::vector<UserRecord> users;
  Status status = store_->ReadWith([&](Db& db) -> Status {
    auto query = db.Prepare("SELECT name, role, password_hash, created_ms, updated_ms FROM users ORDER BY name");
    if (!query.ok()) return query.status();
    Status step;
    while (query.value()->Step(&step)) users.push_back(ReadUser(*query.value()));
    return step;
  });
  if (!status.ok()) return status;
  return users;
}

Status PeopleStore::RemoveUser(const std::string& name) {
  return store_->Write([&](Db& db) -> Status {
    auto remove = db.Prepare("DELETE FROM users WHERE name = ?");
    if (!remove.ok()) return remove.status();
    Status status = remove.value()->Bind(1, name).Run();
    if (status.ok() && db.Changes() == 0) return Status::NotFound("no user named \"" + name + "\"");
    return status;
  });
}

Status PeopleStore::SetPassword(const std::string& name, const std::string& password_hash, int64_t now_ms) {
  return store_->Write([&](Db& db) -> Status {
    auto update = db.Prepare("UPDATE users SET password_hash = ?, updated_ms = ? WHERE name = ?");
    if (!update.ok()) return update.status();
    Status status = update.value()->Bind(1, password_hash).Bind(2, now_ms).Bind(3, name).Run();
    if (!status.ok()) return status;
    if (db.Changes() == 0) return Status::NotFound("no user named \"" + name + "\"");
    update.value().reset();
    auto end_sessions = db.Prepare("DELETE FROM sessions WHERE user_name = ?");
    if (!end_sessions.ok()) return end_sessions.status();
    return end_sessions.value()->Bind(1, name).Run();
  });
}

Status PeopleStore::CreateSession(const SessionRecord& session) {
  return store_->Write([&](Db& db) -> Status {
    auto insert = db.Prepare(
        "INSERT INTO sessions (token_digest, user_name, csrf_token, created_ms, expires_ms, last_used_ms) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    if (!insert.ok()) return insert.status();
    return insert.value()
        ->Bind(1, session.token_digest)
        .Bind(2, session.user_name)
        .Bind(3, session.csrf_token)
        .Bind(4, session.created_ms)
        .Bind(5, session.expires_ms)
        .Bind(6, session.last_used_ms)
        .Run();
  });
}

Result<std::optional<SessionRecord>> PeopleStore::FindSession(const std::string& token_digest, int64_t now_ms,
                                                              int64_t idle_cutoff_ms) {
  std::optional<SessionRecord> session;
  Status status = store_->ReadWith([&](Db& db) -> Status {
    auto query = db.Prepare(
        "SELECT s.token_digest, s.user_name, u.role, s.csrf_token, s.created_ms, s.expires_ms, s.last_used_ms "
        "FROM sessions s JOIN users u ON u.name = s.user_name "
        "WHERE s.token_digest = ? AND s.expires_ms > ? AND s.last_used_ms >= ?");
    if (!query.ok()) return query.status();
    Statement& row = *query.value();
    Status step;
    if (row.Bind(1, token_digest).Bind(2, now_ms).Bind(3, idle_cutoff_ms).Step(&step))
      session = SessionRecord{row.Text(0), row.Text(1), row.Text(2), row.Text(3), row.Int(4), row.Int(5), row.Int(6)};
    return step;
  });
  if (!status.ok()) return status;
  return session;
}

Status PeopleStore::TouchSession(const std::string& token_digest, int64_t now_ms) {
  return store_->Write([&](Db& db) -> Status {
    auto update = db.Prepare(
        "UPDATE sessions SET last_used_ms = CASE WHEN last_used_ms > ?1 THEN last_used_ms ELSE ?1 END WHERE "
        "token_digest = ?2");
    if (!update.ok()) return update.status();
    return update.value()->Bind(1, now_ms).Bind(2, token_digest).Run();
  });
}

Status PeopleStore::DeleteSession(const std::string& token_digest) {
  return store_->Write([&](Db& db) -> Status {
    auto remove = db.Prepare("DELETE FROM sessions WHERE token_digest = ?");
    if (!remove.ok()) return remove.status();
    return remove.value()->Bind(1, token_digest).Run();
  });
}

Result<int64_t> PeopleStore::DeleteStaleSessions(int64_t now_ms, int64_t idle_cutoff_ms) {
  int64_t deleted = 0;
  Status status = store_->Write([&](Db& db) -> Status {
    auto remove = db.Prepare("DELETE FROM sessions WHERE expires_ms <= ? OR last_used_ms < ?");
    if (!remove.ok()) return remove.status();
    Status run = remove.value()->Bind(1, now_ms).Bind(2, idle_cutoff_ms).Run();
    deleted = db.Changes();
    return run;
  });
  if (!status.ok()) return status;
  return deleted;
}

}  // namespace leadgate::collector
