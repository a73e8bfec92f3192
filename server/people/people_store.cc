// Users, sessions and the log of changes to people: SQL over the store's
// writer and read pool.
#include "people/people_store.h"

namespace leadgate::collector {
namespace {

constexpr char kUserColumns[] = "name, role, password_hash, created_ms, updated_ms, email, must_change_password";

UserRecord ReadUser(const Statement& row) {
  return UserRecord{row.Text(0), row.Text(1), row.Text(2), row.Int(3), row.Int(4), row.Text(5), row.Int(6) != 0};
}

Status NoSuchUser(const std::string& name) { return Status::NotFound("no user named \"" + name + "\""); }

Status LogChange(Db& db, const Actor& by, const std::string& action, const std::string& user_name,
                 const std::string& detail) {
  auto insert =
      db.Prepare("INSERT INTO people_changes (at_ms, by_name, action, user_name, detail) VALUES (?, ?, ?, ?, ?)");
  if (!insert.ok()) return insert.status();
  return insert.value()->Bind(1, by.at_ms).Bind(2, by.name).Bind(3, action).Bind(4, user_name).Bind(5, detail).Run();
}

// The role of `name` now; NotFound when there is no such user. Holds the
// "people" lock from here to the end of the transaction: other collectors
// on the same PostgreSQL cannot demote or remove the other admin meanwhile.
Result<std::string> LockedRoleOf(Db& db, const std::string& name) {
  Status locked = db.Lock("people");
  if (!locked.ok()) return locked;
  auto query = db.Prepare("SELECT role FROM users WHERE name = ?");
  if (!query.ok()) return query.status();
  Status step;
  if (query.value()->Bind(1, name).Step(&step)) return query.value()->Text(0);
  if (!step.ok()) return step;
  return NoSuchUser(name);
}

// Refuses to take the administrator role from `name` (whose role is `role`)
// when no other person has it: nobody could manage people in the app then.
Status KeepAnAdmin(Db& db, const std::string& name, const std::string& role) {
  if (role != "admin") return Status::Ok();
  auto others = db.Prepare("SELECT count(*) FROM users WHERE role = 'admin' AND name <> ?");
  if (!others.ok()) return others.status();
  Status step;
  if (!others.value()->Bind(1, name).Step(&step)) return step.ok() ? Status::Internal("no count of admins") : step;
  if (others.value()->Int(0) > 0) return Status::Ok();
  return Status::InvalidArgument(name + " is the last administrator: make someone else an admin first", "role");
}

Status EndSessions(Db& db, const std::string& name) {
  auto end_sessions = db.Prepare("DELETE FROM sessions WHERE user_name = ?");
  if (!end_sessions.ok()) return end_sessions.status();
  return end_sessions.value()->Bind(1, name).Run();
}

// Sets one column of `name`'s row (and updated_ms); NotFound when there
// is no such user.
Status UpdateUser(Db& db, const std::string& column, const std::string& value, const std::string& name,
                  int64_t now_ms) {
  auto update = db.Prepare("UPDATE users SET " + column + " = ?, updated_ms = ? WHERE name = ?");
  if (!update.ok()) return update.status();
  Status status = update.value()->Bind(1, value).Bind(2, now_ms).Bind(3, name).Run();
  if (status.ok() && db.Changes() == 0) return NoSuchUser(name);
  return status;
}

}  // namespace

Status PeopleStore::AddUser(const UserRecord& user, const Actor& by) {
  return store_->Write([&](Db& db) -> Status {
    auto exists = db.Prepare("SELECT 1 FROM users WHERE name = ?");
    if (!exists.ok()) return exists.status();
    Status status;
    if (exists.value()->Bind(1, user.name).Step(&status))
      return Status::InvalidArgument("a user named \"" + user.name + "\" exists already", "name");
    if (!status.ok()) return status;
    exists.value().reset();
    auto insert = db.Prepare(std::string("INSERT INTO users (") + kUserColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!insert.ok()) return insert.status();
    status = insert.value()
                 ->Bind(1, user.name)
                 .Bind(2, user.role)
                 .Bind(3, user.password_hash)
                 .Bind(4, user.created_ms)
                 .Bind(5, user.updated_ms)
                 .Bind(6, user.email)
                 .Bind(7, static_cast<int64_t>(user.must_change_password))
                 .Run();
    return status.ok() ? LogChange(db, by, "added", user.name, "as " + user.role) : status;
  });
}

Result<std::optional<UserRecord>> PeopleStore::GetUser(const std::string& name) {
  std::optional<UserRecord> user;
  Status status = store_->ReadWith([&](Db& db) -> Status {
    auto query = db.Prepare(std::string("SELECT ") + kUserColumns + " FROM users WHERE name = ?");
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
    auto query = db.Prepare(std::string("SELECT ") + kUserColumns + " FROM users ORDER BY name");
    if (!query.ok()) return query.status();
    Status step;
    while (query.value()->Step(&step)) users.push_back(ReadUser(*query.value()));
    return step;
  });
  if (!status.ok()) return status;
  return users;
}

Result<std::vector<PeopleChange>> PeopleStore::ListChanges(int limit) {
  std::vector<PeopleChange> changes;
  Status status = store_->ReadWith([&](Db& db) -> Status {
    auto query = db.Prepare(
        "SELECT at_ms, by_name, action, user_name, detail FROM people_changes ORDER BY at_ms DESC, id DESC LIMIT ?");
    if (!query.ok()) return query.status();
    Statement& row = *query.value();
    Status step;
    row.Bind(1, static_cast<int64_t>(limit));
    while (row.Step(&step)) changes.push_back({row.Int(0), row.Text(1), row.Text(2), row.Text(3), row.Text(4)});
    return step;
  });
  if (!status.ok()) return status;
  return changes;
}

Status PeopleStore::RemoveUser(const std::string& name, const Actor& by) {
  return store_->Write([&](Db& db) -> Status {
    auto role = LockedRoleOf(db, name);
    if (!role.ok()) return role.status();
    Status status = KeepAnAdmin(db, name, role.value());
    if (status.ok()) status = EndSessions(db, name);
    if (!status.ok()) return status;
    auto remove = db.Prepare("DELETE FROM users WHERE name = ?");
    if (!remove.ok()) return remove.status();
    status = remove.value()->Bind(1, name).Run();
    return status.ok() ? LogChange(db, by, "removed", name, "was " + role.value()) : status;
  });
}

Status PeopleStore::SetPassword(const std::string& name, const std::string& password_hash, bool temporary,
                                const Actor& by) {
  return store_->Write([&](Db& db) -> Status {
    Status status = UpdateUser(db, "password_hash", password_hash, name, by.at_ms);
    auto mark = db.Prepare("UPDATE users SET must_change_password = ? WHERE name = ?");
    if (status.ok()) status = mark.ok() ? mark.value()->Bind(1, int64_t{temporary}).Bind(2, name).Run() : mark.status();
    if (status.ok()) status = EndSessions(db, name);
    const char* detail = temporary ? "temporary, to be changed at sign-in; sessions ended" : "sessions ended";
    return status.ok() ? LogChange(db, by, "password", name, detail) : status;
  });
}

Status PeopleStore::SetRole(const std::string& name, const std::string& role, const Actor& by) {
  return store_->Write([&](Db& db) -> Status {
    auto was = LockedRoleOf(db, name);
    if (!was.ok()) return was.status();
    if (was.value() == role) return Status::Ok();
    Status status = role == "admin" ? Status::Ok() : KeepAnAdmin(db, name, was.value());
    if (status.ok()) status = UpdateUser(db, "role", role, name, by.at_ms);
    return status.ok() ? LogChange(db, by, "role", name, was.value() + " to " + role) : status;
  });
}

Status PeopleStore::SetEmail(const std::string& name, const std::string& email, const Actor& by) {
  return store_->Write([&](Db& db) -> Status {
    Status status = UpdateUser(db, "email", email, name, by.at_ms);
    return status.ok() ? LogChange(db, by, "email", name, email.empty() ? "removed" : "changed") : status;
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
        "SELECT s.token_digest, s.user_name, u.role, s.csrf_token, s.created_ms, s.expires_ms, s.last_used_ms, "
        "u.must_change_password "
        "FROM sessions s JOIN users u ON u.name = s.user_name "
        "WHERE s.token_digest = ? AND s.expires_ms > ? AND s.last_used_ms >= ?");
    if (!query.ok()) return query.status();
    Statement& row = *query.value();
    Status step;
    if (row.Bind(1, token_digest).Bind(2, now_ms).Bind(3, idle_cutoff_ms).Step(&step))
      session = SessionRecord{row.Text(0), row.Text(1), row.Text(2), row.Text(3),
                              row.Int(4),  row.Int(5),  row.Int(6),  row.Int(7) != 0};
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
