// People and sessions in the store: the users who sign in to the web app
// (name, role, email, Argon2id hash), their sessions (a digest of the
// cookie's token, the CSRF token, expiry) and the log of changes to people
// (each written in its change's transaction); a password someone else set
// is marked to be changed by its person. Built on Store's group-commit
// writes and pooled reads. Thread-safe.
#ifndef LEADGATE_SERVER_PEOPLE_PEOPLE_STORE_H_
#define LEADGATE_SERVER_PEOPLE_PEOPLE_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "leadgate/status.h"
#include "store/store.h"

namespace leadgate::collector {

struct UserRecord {
  std::string name;
  std::string role;  // rep, marketing, sales, admin
  std::string password_hash;
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
  std::string email;  // "" when not given
  // Set by someone else (a new person's or a reset password): its person
  // changes it at their next sign-in before anything else.
  bool must_change_password = false;
};

// Who makes a change to people, and when: every change is logged with it.
struct Actor {
  std::string name;  // a person's name, "api-token" or "command line"
  int64_t at_ms = 0;
};

// One line of the log of changes to people.
struct PeopleChange {
  int64_t at_ms = 0;
  std::string by;
  std::string action;  // added, removed, role, password, email
  std::string user_name;
  std::string detail;  // e.g. "rep to admin"; never a password
};

struct SessionRecord {
  std::string token_digest;
  std::string user_name;
  std::string role;  // the user's role now (a changed role applies at once)
  std::string csrf_token;
  int64_t created_ms = 0;
  int64_t expires_ms = 0;
  int64_t last_used_ms = 0;
  bool must_change_password = false;  // the user's, now
};

class PeopleStore {
 public:
  explicit PeopleStore(Store* store) : store_(store) {}

  // Changes, each logged with `by`. InvalidArgument when a user of that
  // name exists; NotFound when there is no such user. Removing a user or
  // changing the password ends every session of that user. Removing or
  // demoting the last administrator is refused (InvalidArgument, "role").
  Status AddUser(const UserRecord& user, const Actor& by);
  Status RemoveUser(const std::string& name, const Actor& by);
  // `temporary`: set by someone else, to be changed by its person.
  Status SetPassword(const std::string& name, const std::string& password_hash, bool temporary, const Actor& by);
  Status SetRole(const std::string& name, const std::string& role, const Actor& by);
  Status SetEmail(const std::string& name, const std::string& email, const Actor& by);

  Result<std::optional<UserRecord>> GetUser(const std::string& name);
  Result<std::vector<UserRecord>> ListUsers();               // by name
  Result<std::vector<PeopleChange>> ListChanges(int limit);  // newest first

  Status CreateSession(const SessionRecord& session);
  // The live session with this digest; nullopt when unknown, expired or
  // idle since before `idle_cutoff_ms`.
  Result<std::optional<SessionRecord>> FindSession(const std::string& token_digest, int64_t now_ms,
                                                   int64_t idle_cutoff_ms);
  Status TouchSession(const std::string& token_digest, int64_t now_ms);
  Status DeleteSession(const std::string& token_digest);
  // Drops sessions that expired or went idle; returns how many.
  Result<int64_t> DeleteStaleSessions(int64_t now_ms, int64_t idle_cutoff_ms);

 private:
  Store* store_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_PEOPLE_PEOPLE_STORE_H_
