// People and sessions in the store: the users who sign in to the web app
// (name, role, Argon2id hash) and their sessions (a digest of the cookie's
// token, the CSRF token, expiry). Built on Store's group-commit writes and
// pooled reads. Thread-safe.
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
};

struct SessionRecord {
  std::string token_digest;
  std::string user_name;
  std::string role;  // the user's role now (a changed role applies at once)
  std::string csrf_token;
  int64_t created_ms = 0;
  int64_t expires_ms = 0;
  int64_t last_used_ms = 0;
};

class PeopleStore {
 public:
  explicit PeopleStore(Store* store) : store_(store) {}

  // InvalidArgument when a user of that name exists.
  Status AddUser(const UserRecord& user);
  Result<std::optional<UserRecord>> GetUser(const std::string& name);
  Result<std::vector<UserRecord>> ListUsers();  // by name
  // NotFound when there is no such user. Removing a user or changing the
  // password ends every session of that user.
  Status RemoveUser(const std::string& name);
  Status SetPassword(const std::string& name, const std::string& password_hash, int64_t now_ms);

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
