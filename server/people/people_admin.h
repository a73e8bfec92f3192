// The rules for managing the people who sign in, in one place for the CLI
// (`leadgate users`) and the app (/app/users, /app/me): what a name, a
// role and an email may be, Argon2id passwords (every session ends when one
// changes), temporary passwords for new people and resets, and every change
// logged with who made it (people_store.h); a password someone else set is
// changed by its person before anything else. Thread-safe.
#ifndef LEADGATE_SERVER_PEOPLE_PEOPLE_ADMIN_H_
#define LEADGATE_SERVER_PEOPLE_PEOPLE_ADMIN_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "leadgate/status.h"
#include "people/people_store.h"

namespace leadgate::collector {

// The longest name of a person (also as a `by` or an owner in requests).
inline constexpr size_t kMaxPersonName = 64;

// InvalidArgument (path "name") unless 1-64 letters, digits or . _ - @.
Status CheckUserName(std::string_view name);
// InvalidArgument (path "role") unless rep, marketing, sales or admin.
Status CheckRole(std::string_view role);
// InvalidArgument (path "email") unless empty or one address
// (local@domain.tld, at most 254 characters, no spaces or controls).
Status CheckEmail(std::string_view email);

// A fresh password of 20 characters in groups ("k7qm-...") from the
// kernel's random (about 80 bits): shown once, for its person to change.
Result<std::string> NewTemporaryPassword();

struct NewPerson {
  std::string name;
  std::string role;
  std::string email;
  std::string password;
  bool temporary = false;  // set for them: they change it at their next sign-in
};

class PeopleAdmin {
 public:
  explicit PeopleAdmin(PeopleStore* people) : people_(people) {}

  Status Add(const NewPerson& person, const Actor& by);
  Status SetRole(const std::string& name, const std::string& role, const Actor& by);
  Status SetEmail(const std::string& name, const std::string& email, const Actor& by);
  // `temporary`: set for them, they change it at their next sign-in.
  Status SetPassword(const std::string& name, std::string_view password, bool temporary, const Actor& by);
  // A fresh temporary password set for `name` (its sessions end; they
  // change it at their next sign-in); the caller shows it once, it is
  // kept only as its hash.
  Result<std::string> ResetPassword(const std::string& name, const Actor& by);
  // A person's own change: `current` must be their password now
  // (InvalidArgument, path "current", when it is not), and a temporary
  // one is replaced by another (path "password").
  Status ChangeOwnPassword(const std::string& name, std::string_view current, std::string_view next, const Actor& by);
  Status Remove(const std::string& name, const Actor& by);

 private:
  PeopleStore* people_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_PEOPLE_PEOPLE_ADMIN_H_
