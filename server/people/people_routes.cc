// People in the app (docs/app.md, "People"): admins list, add, change the
// role of, reset the password of and remove people (/api/users...); each
// person reads and changes their own email and password (/api/me...). The
// rules are PeopleAdmin's, the CLI's too; every change is logged with who
// made it, and a new or reset password is answered once and never kept
// (its person chooses their own at their next sign-in).
#include "people/people_routes.h"

#include <nlohmann/json.hpp>

#include "base/iso_time.h"
#include "http/json_answer.h"
#include "http/json_body.h"
#include "people/password_hash.h"
#include "people/people_admin.h"

namespace leadgate::collector {
namespace {

using nlohmann::json;

constexpr int kChangesListed = 50;

// The text members a people request may carry.
struct PeopleBody {
  std::string name, role, email, current, password;
};

Result<PeopleBody> ReadPeopleBody(const std::string& text) {
  auto body = JsonObjectBody(text);
  if (!body.ok()) return body.status();
  PeopleBody fields;
  Status read = OptionalTexts(*body, {{"name", kMaxPasswordLength, &fields.name},
                                      {"role", kMaxPasswordLength, &fields.role},
                                      {"email", kMaxPasswordLength, &fields.email},
                                      {"current", kMaxPasswordLength, &fields.current},
                                      {"password", kMaxPasswordLength, &fields.password}});
  if (!read.ok()) return read;
  return fields;
}

json UserJson(const UserRecord& user) {
  return {{"name", user.name},
          {"role", user.role},
          {"email", user.email},
          {"must_change_password", user.must_change_password},
          {"created", FormatIsoTime(user.created_ms)},
          {"updated", FormatIsoTime(user.updated_ms)}};
}

// Every role and what it may do beyond reading (kAbilities' names, as
// GET /api/session's "may"): the app offers these and knows no roles.
json RolesJson() {
  json roles = json::array();
  for (Role role : kRoles) {
    json may = json::array();
    for (const Ability& ability : kAbilities)
      if (ability.roles.Has(role)) may.push_back(ability.name);
    roles.push_back({{"name", RoleName(role)}, {"may", may}});
  }
  return roles;
}

HttpAnswer ListPeople(PeopleStore& people) {
  auto users = people.ListUsers();
  if (!users.ok()) return Refuse(users.status(), "store");
  auto changes = people.ListChanges(kChangesListed);
  if (!changes.ok()) return Refuse(changes.status(), "store");
  json user_list = json::array(), change_list = json::array();
  for (const UserRecord& user : users.value()) user_list.push_back(UserJson(user));
  for (const PeopleChange& change : changes.value())
    change_list.push_back({{"at", FormatIsoTime(change.at_ms)},
                           {"by", change.by},
                           {"action", change.action},
                           {"name", change.user_name},
                           {"detail", change.detail}});
  return JsonAnswer({{"users", user_list}, {"roles", RolesJson()}, {"changes", change_list}});
}

HttpAnswer AddPerson(PeopleAdmin& admin, const PeopleBody& body, const Caller&, const Actor& by) {
  auto password = NewTemporaryPassword();
  if (!password.ok()) return Refuse(password.status(), "store");
  Status added = admin.Add({body.name, body.role, body.email, password.value(), true}, by);
  if (!added.ok()) return Refuse(added, "people");
  return JsonAnswer(
      {{"name", body.name}, {"role", body.role}, {"email", body.email}, {"temporary_password", password.value()}}, 201);
}

HttpAnswer ResetPassword(PeopleAdmin& admin, const PeopleBody& body, const Caller&, const Actor& by) {
  auto password = admin.ResetPassword(body.name, by);
  if (!password.ok()) return Refuse(password.status(), "people");
  return JsonAnswer({{"name", body.name}, {"temporary_password", password.value()}});
}

HttpAnswer Done(const Status& status, json answer) {
  return status.ok() ? JsonAnswer(answer) : Refuse(status, "people");
}

// The API token is nobody: it has no email or password of its own.
Status NotAPerson(const Caller& caller) {
  if (!caller.by_token) return Status::Ok();
  return Status::PermissionDenied("the API token is not a person: sign in to change your own details", "Authorization");
}

HttpAnswer Me(PeopleStore& people, const Caller& caller) {
  if (Status person = NotAPerson(caller); !person.ok()) return Refuse(person);
  auto user = people.GetUser(caller.name);
  if (!user.ok()) return Refuse(user.status(), "store");
  if (!user.value()) return Refuse(Status::NotFound("you are no longer a user", "name"), "people");
  return JsonAnswer(UserJson(*user.value()));
}

// A change to people, made by `by` (the caller, at the clock's time).
using Change = std::function<HttpAnswer(PeopleAdmin&, const PeopleBody&, const Caller&, const Actor& by)>;

// Who may make a change: an admin, to anyone; or each person, to their own
// details (never the API token, which is nobody).
enum class Changer { kAdmin, kSelf };

// What a change route needs: the guard, the people and the clock.
struct PeopleRoutes {
  httplib::Server& server;
  const RouteGuard& guard;
  PeopleStore* people;
  RouteClock clock;
};

void PostChange(const PeopleRoutes& routes, const char* path, Changer changer, Change change) {
  const Roles roles = changer == Changer::kAdmin ? kAdmins : kEveryone;
  routes.server.Post(
      path, routes.guard.GuardedPost(roles, [guard = routes.guard, people = routes.people, clock = routes.clock,
                                             changer, change](const auto&, const std::string& text, auto& response,
                                                              const Caller& caller) {
        PeopleAdmin admin(people);
        const Status person = changer == Changer::kSelf ? NotAPerson(caller) : Status::Ok();
        Result<PeopleBody> body = person.ok() ? ReadPeopleBody(text) : Result<PeopleBody>(person);
        guard.Send(body.ok() ? change(admin, *body, caller, Actor{ActorName(caller), clock()}) : Refuse(body.status()),
                   response);
      }));
}

}  // namespace

void InstallPeopleRoutes(httplib::Server& server, const RouteGuard& guard, PeopleStore& people, RouteClock clock) {
  const PeopleRoutes routes{server, guard, &people, std::move(clock)};
  server.Get("/api/users", guard.Guarded(kAdmins, [guard, &people](const auto&, auto& response, const Caller&) {
    guard.Send(ListPeople(people), response);
  }));
  PostChange(routes, "/api/users", Changer::kAdmin, AddPerson);
  PostChange(routes, "/api/users/role", Changer::kAdmin,
             [](PeopleAdmin& admin, const PeopleBody& body, const Caller&, const Actor& by) {
               return Done(admin.SetRole(body.name, body.role, by), {{"name", body.name}, {"role", body.role}});
             });
  PostChange(routes, "/api/users/password", Changer::kAdmin, ResetPassword);
  PostChange(routes, "/api/users/remove", Changer::kAdmin,
             [](PeopleAdmin& admin, const PeopleBody& body, const Caller&, const Actor& by) {
               return Done(admin.Remove(body.name, by), {{"removed", body.name}});
             });

  server.Get("/api/me", guard.Guarded(kEveryone, [guard, &people](const auto&, auto& response, const Caller& caller) {
    guard.Send(Me(people, caller), response);
  }));
  PostChange(routes, "/api/me/email", Changer::kSelf,
             [](PeopleAdmin& admin, const PeopleBody& body, const Caller& caller, const Actor& by) {
               return Done(admin.SetEmail(caller.name, body.email, by), {{"email", body.email}});
             });
  // Every session of the person ends, this one too: they sign in again.
  PostChange(
      routes, "/api/me/password", Changer::kSelf,
      [](PeopleAdmin& admin, const PeopleBody& body, const Caller& caller, const Actor& by) {
        return Done(admin.ChangeOwnPassword(caller.name, body.current, body.password, by), {{"signed_out", true}});
      });
}

}  // namespace leadgate::collector
