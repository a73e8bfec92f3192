// People's changes checked, hashed and handed to PeopleStore.
#include "people/people_admin.h"

#include <cctype>

#include "base/secrets.h"
#include "people/access.h"
#include "people/password_hash.h"

namespace leadgate::collector {
namespace {

constexpr size_t kMaxEmailLength = 254;
// No 0/o, 1/l/i: read off a screen and typed without doubt.
constexpr char kPasswordAlphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";

bool NameCharacter(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' || c == '@';
}

bool EmailCharacter(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte > 0x20 && byte != 0x7f && c != '<' && c != '>' && c != '"' && c != ',' && c != ';';
}

}  // namespace

Status CheckUserName(std::string_view name) {
  bool valid = !name.empty() && name.size() <= kMaxPersonName;
  for (char c : name) valid = valid && NameCharacter(c);
  if (valid) return Status::Ok();
  return Status::InvalidArgument(
      "a name must be 1-64 letters, digits or . _ - @ (got \"" + std::string(name.substr(0, 80)) + "\")", "name");
}

Status CheckRole(std::string_view role) {
  if (ParseRole(role)) return Status::Ok();
  return Status::InvalidArgument(
      "the role must be one of " + RoleNames() + (role.empty() ? "" : " (got " + std::string(role.substr(0, 40)) + ")"),
      "role");
}

Status CheckEmail(std::string_view email) {
  if (email.empty()) return Status::Ok();
  const size_t at = email.find('@');
  const std::string_view domain = at == std::string_view::npos ? "" : email.substr(at + 1);
  const size_t dot = domain.find('.');
  bool valid = email.size() <= kMaxEmailLength && at > 0 && domain.find('@') == std::string_view::npos &&
               dot != std::string_view::npos && dot > 0 && domain.back() != '.';
  for (char c : email) valid = valid && EmailCharacter(c);
  if (valid) return Status::Ok();
  return Status::InvalidArgument("the email must be one address such as dana@example.com", "email");
}

Result<std::string> NewTemporaryPassword() {
  constexpr size_t kLetters = sizeof(kPasswordAlphabet) - 1;
  constexpr unsigned kUnbiased = 256 / kLetters * kLetters;  // bytes at or above would favour some letters
  std::string password;
  size_t letters = 0;
  while (letters < 20) {
    auto random = RandomBytes(32);
    if (!random.ok()) return random.status();
    for (unsigned char byte : random.value()) {
      if (byte >= kUnbiased || letters == 20) continue;
      if (letters > 0 && letters % 5 == 0) password.push_back('-');
      password.push_back(kPasswordAlphabet[byte % kLetters]);
      ++letters;
    }
  }
  return password;
}

Status PeopleAdmin::Add(const NewPerson& person, const Actor& by) {
  Status valid = CheckUserName(person.name);
  if (valid.ok()) valid = CheckRole(person.role);
  if (valid.ok()) valid = CheckEmail(person.email);
  if (!valid.ok()) return valid;
  auto hash = HashPassword(person.password);
  if (!hash.ok()) return hash.status();
  return people_->AddUser({person.name, person.role, hash.value(), by.at_ms, by.at_ms, person.email, person.temporary},
                          by);
}

Status PeopleAdmin::SetRole(const std::string& name, const std::string& role, const Actor& by) {
  Status valid = CheckRole(role);
  return valid.ok() ? people_->SetRole(name, role, by) : valid;
}

Status PeopleAdmin::SetEmail(const std::string& name, const std::string& email, const Actor& by) {
  Status valid = CheckEmail(email);
  return valid.ok() ? people_->SetEmail(name, email, by) : valid;
}

Status PeopleAdmin::SetPassword(const std::string& name, std::string_view password, bool temporary, const Actor& by) {
  auto hash = HashPassword(password);
  return hash.ok() ? people_->SetPassword(name, hash.value(), temporary, by) : hash.status();
}

Result<std::string> PeopleAdmin::ResetPassword(const std::string& name, const Actor& by) {
  auto password = NewTemporaryPassword();
  if (!password.ok()) return password.status();
  Status set = SetPassword(name, password.value(), true, by);
  if (!set.ok()) return set;
  return password;
}

Status PeopleAdmin::ChangeOwnPassword(const std::string& name, std::string_view current, std::string_view next,
                                      const Actor& by) {
  auto user = people_->GetUser(name);
  if (!user.ok()) return user.status();
  // VerifyPassword costs the same for a missing user (no hint either way).
  if (!VerifyPassword(current, user.value() ? user.value()->password_hash : ""))
    return Status::InvalidArgument("the current password is not right", "current");
  if (user.value()->must_change_password && next == current)
    return Status::InvalidArgument("choose a password of your own, not the one you were given", "password");
  return SetPassword(name, next, false, by);
}

Status PeopleAdmin::Remove(const std::string& name, const Actor& by) { return people_->RemoveUser(name, by); }

}  // namespace leadgate::collector
