// `leadgate users add|list|remove|passwd|reset`: the people who sign in to
// the web app, kept in the data directory's store, by the rules the app's
// /app/users follows too (people/people_admin.h). Passwords are read from
// standard input (one line; not echoed on a terminal); reset prints a
// temporary one, which (as with --temporary) its person changes at their
// next sign-in. Works while `leadgate serve` runs on the same folder.
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>

#include "base/iso_time.h"
#include "cli/commands.h"
#include "people/people_admin.h"
#include "people/people_store.h"
#include "store/store.h"

namespace leadgate::cli {
namespace {

const char kUsersUsage[] =
    "usage:\n"
    "  leadgate users add NAME --role ROLE [--email ADDR] [--temporary] [--data DIR]\n"
    "                                                   password from stdin; ROLE: rep, marketing, sales, admin\n"
    "  leadgate users list [--data DIR]\n"
    "  leadgate users remove NAME [--data DIR]\n"
    "  leadgate users passwd NAME [--temporary] [--data DIR]  new password from stdin\n"
    "  leadgate users reset NAME [--data DIR]            prints a new temporary password\n"
    "  --temporary (and reset): the person changes it at their next sign-in, before anything else\n"
    "  DIR defaults to ./leadgate-data (as for serve); --store URL instead: the PostgreSQL store of serve --store\n";

int UsersError(const std::string& message) {
  std::fprintf(stderr, "leadgate users: %s\n", message.c_str());
  return 1;
}

int Usage(const std::string& message) {
  std::fprintf(stderr, "leadgate users: %s\n%s", message.c_str(), kUsersUsage);
  return 2;
}

// One line from stdin without its line end; echo is off on a terminal.
std::string ReadPassword() {
  const bool terminal = ::isatty(STDIN_FILENO);
  termios saved{};
  if (terminal) {
    std::fputs("password: ", stderr);
    ::tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (terminal) {
    ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::fputs("\n", stderr);
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct UsersArgs {
  std::string action, name, role, email, data_dir = "./leadgate-data", store_url;
  bool temporary = false;
};

std::optional<UsersArgs> ParseArgs(const Args& args, std::string* error) {
  UsersArgs parsed;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& word = args[i];
    std::string* value = word == "--role"    ? &parsed.role
                         : word == "--email" ? &parsed.email
                         : word == "--data"  ? &parsed.data_dir
                         : word == "--store" ? &parsed.store_url
                                             : nullptr;
    if (word == "--temporary") {
      parsed.temporary = true;
    } else if (value) {
      if (i + 1 >= args.size()) {
        *error = word + " needs a value";
        return std::nullopt;
      }
      *value = args[++i];
    } else if (word.rfind("--", 0) == 0) {
      *error = "unknown option " + word;
      return std::nullopt;
    } else if (parsed.action.empty()) {
      parsed.action = word;
    } else if (parsed.name.empty()) {
      parsed.name = word;
    } else {
      *error = "unexpected argument " + word;
      return std::nullopt;
    }
  }
  return parsed;
}

}  // namespace

int RunUsers(const Args& args) {
  if (!args.empty() && (args[0] == "-h" || args[0] == "--help")) {
    std::fputs(kUsersUsage, stdout);
    return 0;
  }
  std::string error;
  auto parsed = ParseArgs(args, &error);
  if (!parsed) return Usage(error);
  const UsersArgs& a = *parsed;
  if (a.action != "add" && a.action != "list" && a.action != "remove" && a.action != "passwd" && a.action != "reset")
    return Usage(a.action.empty() ? "add, list, remove, passwd or reset?" : "unknown action " + a.action);
  if (a.temporary && a.action != "add" && a.action != "passwd") return Usage("--temporary is only for add and passwd");
  if (a.action == "list" && !a.name.empty()) return Usage("list takes no name");
  if (a.action != "add" && (!a.role.empty() || !a.email.empty())) return Usage("--role and --email are only for add");
  for (Status valid : {a.action == "list" ? Status::Ok() : collector::CheckUserName(a.name),
                       a.action == "add" ? collector::CheckRole(a.role) : Status::Ok(), collector::CheckEmail(a.email)})
    if (!valid.ok()) return Usage(valid.message());

  auto store = collector::Store::Open(collector::Store::Options{a.data_dir, true, a.store_url});
  if (!store.ok()) return UsersError(store.status().ToString());
  collector::PeopleStore people(store.value().get());
  collector::PeopleAdmin admin(&people);
  const collector::Actor by{"command line", NowMs()};

  if (a.action == "list") {
    auto users = people.ListUsers();
    if (!users.ok()) return UsersError(users.status().ToString());
    for (const collector::UserRecord& user : users.value())
      std::printf("%s\t%s\t%s\t%s%s\n", user.name.c_str(), user.role.c_str(),
                  collector::FormatIsoTime(user.created_ms).c_str(), user.email.c_str(),
                  user.must_change_password ? "\ttemporary password" : "");
    return 0;
  }
  if (a.action == "remove") {
    Status removed = admin.Remove(a.name, by);
    if (!removed.ok()) return UsersError(removed.ToString());
    std::printf("removed %s\n", a.name.c_str());
    return 0;
  }
  if (a.action == "reset") {
    auto password = admin.ResetPassword(a.name, by);
    if (!password.ok()) return UsersError(password.status().ToString());
    std::printf("temporary password of %s: %s\n(shown only now; they choose their own at their next sign-in)\n",
                a.name.c_str(), password.value().c_str());
    return 0;
  }
  const std::string password = ReadPassword();
  Status saved = a.action == "add" ? admin.Add({a.name, a.role, a.email, password, a.temporary}, by)
                                   : admin.SetPassword(a.name, password, a.temporary, by);
  if (!saved.ok()) return UsersError(saved.ToString());
  std::printf("%s %s\n", a.action == "add" ? "added" : "changed the password of", a.name.c_str());
  return 0;
}

}  // namespace leadgate::cli
